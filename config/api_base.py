"""What every endpoint of the API shares, whichever app it belongs to: the base viewset mixin
(members only, paginated, uuid lookups, the one error shape in the schema), and the
``?project=`` filter that lists of a project's things take."""

from __future__ import annotations

import uuid

from drf_spectacular.utils import OpenApiParameter
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import PageNumberPagination

from config.api_errors import ApiAutoSchema
from projects.permissions import IsOrganizationMember

PROJECT_FILTER = OpenApiParameter("project", str, description="Only this project's (uuid)")


class ApiPagination(PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200


class ApiViewMixin:
    """What every endpoint of the API shares."""

    permission_classes = [IsOrganizationMember]
    pagination_class = ApiPagination
    schema = ApiAutoSchema()
    lookup_value_converter = "uuid"

    @property
    def user(self):
        return self.request.user

    def _validated(self, serializer_class, *, partial: bool = False) -> dict:
        """Parse the request body with an input serializer (types only; rules are the services')."""
        serializer = serializer_class(data=self.request.data, partial=partial, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        return serializer.validated_data


def project_filter(request, queryset):
    """``queryset`` narrowed to ``?project=<uuid>`` when the request asks; a bad uuid is a 400."""
    project = request.query_params.get("project")
    if not project:
        return queryset
    try:
        return queryset.filter(project_id=uuid.UUID(project))
    except ValueError as exc:
        raise ValidationError({"project": ["Enter a valid project id (a UUID)."]}) from exc
