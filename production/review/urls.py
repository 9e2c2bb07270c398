"""Pages of review."""

from django.urls import path, re_path

from . import share_views, views
from .export import FORMATS

UUID = r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"

urlpatterns = [
    path("versions/<uuid:version_id>/review/", views.version_review, name="version-review"),
    path("versions/<uuid:version_id>/review/markers/", views.version_markers, name="version-markers"),
    path("versions/<uuid:version_id>/review/mentionable/", views.version_mentionable, name="version-mentionable"),
    path("versions/<uuid:version_id>/review/brief/", views.version_brief, name="version-brief"),
    path("versions/<uuid:version_id>/review/brief/mark/", views.version_brief_mark, name="version-brief-mark"),
    path("versions/<uuid:version_id>/comments/", views.comment_create, name="comment-create"),
    re_path(
        rf"^versions/(?P<version_id>{UUID})/export/(?P<fmt>{'|'.join(FORMATS)})/$",
        views.version_export,
        name="version-export",
    ),
    path("comments/<uuid:comment_id>/reply/", views.comment_reply, name="comment-reply"),
    path("comments/<uuid:comment_id>/resolve/", views.comment_resolve, name="comment-resolve"),
    path("comments/<uuid:comment_id>/edit/", views.comment_edit, name="comment-edit"),
    path("comments/<uuid:comment_id>/delete/", views.comment_remove, name="comment-delete"),
    path("versions/<uuid:version_id>/decision/", views.version_decide, name="version-decide"),
    path("versions/<uuid:version_id>/compare/<uuid:other_id>/", views.version_compare, name="version-compare"),
    path("projects/<uuid:project_id>/review-settings/", views.review_settings, name="review-settings"),
    path("cuts/<uuid:cut_id>/links/", share_views.share_links, name="share-links"),
    path("links/<uuid:link_id>/", share_views.share_link_detail, name="share-link"),
    path("links/<uuid:link_id>/revoke/", share_views.share_link_revoke, name="share-link-revoke"),
    # A share link's guest (no account): the token is the credential.
    path("s/<str:token>/", share_views.share_open, name="share-open"),
    path("s/<str:token>/v/<uuid:version_id>/", share_views.share_version, name="share-version"),
    path("s/<str:token>/compare/<uuid:version_id>/<uuid:other_id>/", share_views.share_compare, name="share-compare"),
    path("s/<str:token>/v/<uuid:version_id>/markers/", share_views.share_markers, name="share-markers"),
    path("s/<str:token>/v/<uuid:version_id>/brief/", share_views.share_brief, name="share-brief"),
    path("s/<str:token>/v/<uuid:version_id>/brief/mark/", share_views.share_brief_mark, name="share-brief-mark"),
    path("s/<str:token>/v/<uuid:version_id>/comments/", share_views.share_comment, name="share-comment"),
    path("s/<str:token>/v/<uuid:version_id>/decision/", share_views.share_decide, name="share-decide"),
    path("s/<str:token>/v/<uuid:version_id>/download/", share_views.share_download, name="share-download"),
    path("s/<str:token>/v/<uuid:version_id>/copy/", share_views.share_copy_status, name="share-copy-status"),
    path("s/<str:token>/comments/<uuid:comment_id>/reply/", share_views.share_reply, name="share-reply"),
    path("s/<str:token>/files/<uuid:render_id>/<path:name>", share_views.share_file, name="share-file"),
]
