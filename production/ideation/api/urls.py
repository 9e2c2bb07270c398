"""Ideation's part of /api/ (registered on the shared router in config/api.py)."""

from . import views


def register(router) -> None:
    router.register("ideas", views.IdeaViewSet, basename="idea")
    router.register("briefs", views.BriefViewSet, basename="brief")
    router.register("brief-versions", views.BriefVersionViewSet, basename="brief-version")
