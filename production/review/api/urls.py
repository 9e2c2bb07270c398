"""Review's part of /api/ (registered on the shared router in config/api.py)."""

from . import views


def register(router) -> None:
    router.register("comments", views.CommentViewSet, basename="comment")
    router.register("approvals", views.ApprovalViewSet, basename="approval")
    router.register("share-links", views.ShareLinkViewSet, basename="share-link")
