"""Pages of media (upload, an asset, its renders), and the only URLs media leaves the server through."""

from django.urls import path, re_path

from . import transcript_views, views

urlpatterns = [
    path("projects/<uuid:project_id>/upload/", views.upload, name="project-upload"),
    path("uploads/<uuid:upload_id>/done/", views.upload_done, name="upload-done"),
    path("assets/<uuid:asset_id>/", views.asset_detail, name="asset-detail"),
    path("assets/<uuid:asset_id>/status/", views.asset_status, name="asset-status"),
    path("assets/<uuid:asset_id>/rename/", views.asset_rename, name="asset-rename"),
    path("assets/<uuid:asset_id>/delete/", views.asset_delete, name="asset-delete"),
    path("assets/<uuid:asset_id>/download/", views.asset_download, name="asset-download"),
    path("renders/<uuid:render_id>/cancel/", views.render_cancel, name="render-cancel"),
    path("renders/<uuid:render_id>/retry/", views.render_retry, name="render-retry"),
    path("assets/<uuid:asset_id>/transcript/", transcript_views.transcript_panel, name="asset-transcript"),
    path("assets/<uuid:asset_id>/transcript/run/", transcript_views.transcript_run, name="transcript-run"),
    path("assets/<uuid:asset_id>/transcript/cancel/", transcript_views.transcript_cancel, name="transcript-cancel"),
    path("assets/<uuid:asset_id>/transcript/captions/", transcript_views.captions_upload, name="transcript-captions"),
    re_path(
        r"^assets/(?P<asset_id>[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})/transcript\.(?P<fmt>srt|vtt)$",
        transcript_views.transcript_export,
        name="transcript-export",
    ),
    path("cues/<uuid:cue_id>/edit/", transcript_views.cue_edit, name="cue-edit"),
    path("media/renders/<uuid:render_id>/<path:name>", views.render_file, name="render-file"),
]
