from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from . import health

urlpatterns = [
    path("healthz", health.healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
    path("api/", include("production.media.urls_tus")),
    path("api/", include("config.api")),
    path("", include("production.media.urls")),
    path("", include("production.ideation.urls")),
    path("", include("production.storyboard.urls")),
    path("", include("production.shoot.urls")),
    path("", include("production.edit.urls")),
    path("", include("production.review.urls")),
    path("", include("marketing.planning.urls")),
    path("", include("projects.urls")),
]

# Under /api/ Django's own error answers use the API's one format; elsewhere the branded pages.
handler400 = "config.api_errors.bad_request"
handler403 = "config.api_errors.permission_denied"
handler404 = "config.api_errors.page_not_found"
handler500 = "config.api_errors.server_error"
