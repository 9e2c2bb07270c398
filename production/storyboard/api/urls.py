"""The storyboard stage's part of /api/ (registered on the shared router in config/api.py)."""

from . import views


def register(router) -> None:
    router.register("scripts", views.ScriptViewSet, basename="script")
    router.register("script-versions", views.ScriptVersionViewSet, basename="script-version")
    router.register("scenes", views.SceneViewSet, basename="scene")
    router.register("storyboard-frames", views.FrameViewSet, basename="storyboard-frame")
    router.register("shots", views.ShotViewSet, basename="shot")
