"""Pages of media (upload, an asset, its renders), and the only URLs media leaves the server through."""

from django.urls import path

from . import views

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
    path("media/renders/<uuid:render_id>/<path:name>", views.render_file, name="render-file"),
]
