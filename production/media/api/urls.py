"""Media's part of /api/ (registered on the shared router in config/api.py)."""

from . import transcripts, views


def register(router) -> None:
    router.register("assets", views.AssetViewSet, basename="asset")
    router.register("renders", views.RenderViewSet, basename="render")
    transcripts.register(router)
