"""Pages of review."""

from django.urls import path, re_path

from . import views
from .export import FORMATS

UUID = r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"

urlpatterns = [
    path("versions/<uuid:version_id>/review/", views.version_review, name="version-review"),
    path("versions/<uuid:version_id>/comments/", views.comment_create, name="comment-create"),
    re_path(
        rf"^versions/(?P<version_id>{UUID})/export/(?P<fmt>{'|'.join(FORMATS)})/$",
        views.version_export,
        name="version-export",
    ),
    path("comments/<uuid:comment_id>/reply/", views.comment_reply, name="comment-reply"),
    path("comments/<uuid:comment_id>/resolve/", views.comment_resolve, name="comment-resolve"),
]
