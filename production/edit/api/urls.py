"""The edit stage's part of /api/ (registered on the shared router in config/api.py)."""

from . import views


def register(router) -> None:
    router.register("cuts", views.CutViewSet, basename="cut")
    router.register("post-tasks", views.PostTaskViewSet, basename="post-task")
