"""The API router: each app contributes its viewsets under /api/.

- Routes use path converters (``<uuid:pk>``), so a malformed id matches no endpoint.
- URL names live in the ``api`` namespace (``reverse("api:project-detail", …)``).
- No ``.json`` format-suffix routes: one URL per resource.
- Anything under /api/ that matches no endpoint is a 404 in the one error format
  (``config.api_errors``), never Django's HTML page: whatever the method (no CSRF page
  for a POST) and whatever the path holds (line breaks, NUL). That catch-all is the last pattern
  here, so an app that includes its own API URLs in ``config/urls.py`` must do it *before*
  ``config.api`` (or register viewsets on this router); the access walk fails loudly if a
  route is shadowed.
"""

from django.urls import include, path, re_path
from rest_framework.routers import APIRootView, DefaultRouter

from config.api_errors import not_found
from marketing.planning.api import urls as planning_api
from production.edit.api import urls as edit_api
from production.ideation.api import urls as ideation_api
from production.media.api import urls as media_api
from production.review.api import urls as review_api
from production.shoot.api import urls as shoot_api
from production.storyboard.api import urls as storyboard_api
from projects.api import urls as projects_api
from projects.permissions import IsOrganizationMember


class ReelflowAPIRootView(APIRootView):
    """Links to the API's collections (members only, like everything else here)."""

    permission_classes = [IsOrganizationMember]


class ReelflowRouter(DefaultRouter):
    include_format_suffixes = False
    APIRootView = ReelflowAPIRootView

    def __init__(self):
        super().__init__(use_regex_path=False)


app_name = "api"  # URL names are namespaced ("api:project-detail"), so they never clash with pages

router = ReelflowRouter()
projects_api.register(router)
media_api.register(router)
ideation_api.register(router)
storyboard_api.register(router)
shoot_api.register(router)
edit_api.register(router)
review_api.register(router)
planning_api.register(router)

urlpatterns = [
    *projects_api.urlpatterns,
    path("", include(router.urls)),
    re_path(r"^[\s\S]*$", not_found, name="api-not-found"),  # not ".*": a %0A in the path is caught too
]
