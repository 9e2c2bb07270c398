"""Pages of review."""

from django.urls import path

from . import views

urlpatterns = [
    path("versions/<uuid:version_id>/review/", views.version_review, name="version-review"),
    path("versions/<uuid:version_id>/comments/", views.comment_create, name="comment-create"),
    path("comments/<uuid:comment_id>/reply/", views.comment_reply, name="comment-reply"),
    path("comments/<uuid:comment_id>/resolve/", views.comment_resolve, name="comment-resolve"),
    path("versions/<uuid:version_id>/decision/", views.version_decide, name="version-decide"),
    path("projects/<uuid:project_id>/review-settings/", views.review_settings, name="review-settings"),
]
