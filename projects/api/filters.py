"""Query-string filters for the list endpoints (django-filter). They narrow a queryset
that a selector has already scoped to the acting user; they never widen it."""

from __future__ import annotations

import django_filters
from rest_framework.filters import OrderingFilter

from projects.models import Client, Invitation, Membership, Project, Role, Stage, TimelineEvent


class StableOrderingFilter(OrderingFilter):
    """``?ordering=`` plus ``id`` as the last key, so pages never repeat or skip rows."""

    def get_ordering(self, request, queryset, view):
        ordering = super().get_ordering(request, queryset, view)
        if ordering and not any(field.lstrip("-") in ("id", "pk") for field in ordering):
            ordering = [*ordering, "id"]
        return ordering


class ProjectFilter(django_filters.FilterSet):
    search = django_filters.CharFilter(field_name="title", lookup_expr="icontains", help_text="Part of the title.")
    stage = django_filters.MultipleChoiceFilter(choices=Stage.choices, help_text="One or more stages.")
    status = django_filters.MultipleChoiceFilter(choices=Project.Status.choices, help_text="One or more statuses.")
    client = django_filters.UUIDFilter(field_name="client_id", help_text="A client company's id.")
    organization = django_filters.UUIDFilter(field_name="organization_id")
    due_date = django_filters.DateFromToRangeFilter(
        help_text="due_date_after / due_date_before (inclusive, YYYY-MM-DD)."
    )

    class Meta:
        model = Project
        fields = ["search", "stage", "status", "client", "organization", "due_date"]


class ClientFilter(django_filters.FilterSet):
    search = django_filters.CharFilter(field_name="name", lookup_expr="icontains", help_text="Part of the name.")
    organization = django_filters.UUIDFilter(field_name="organization_id")

    class Meta:
        model = Client
        fields = ["search", "organization"]


class TimelineFilter(django_filters.FilterSet):
    stage = django_filters.ChoiceFilter(choices=Stage.choices, help_text="The stage the project was in.")
    kind = django_filters.CharFilter(help_text="An event kind, e.g. project.stage_changed.")

    class Meta:
        model = TimelineEvent
        fields = ["stage", "kind"]


class MembershipFilter(django_filters.FilterSet):
    organization = django_filters.UUIDFilter(field_name="organization_id")
    role = django_filters.ChoiceFilter(choices=Role.choices)

    class Meta:
        model = Membership
        fields = ["organization", "role"]


class InvitationFilter(django_filters.FilterSet):
    organization = django_filters.UUIDFilter(field_name="organization_id")
    status = django_filters.ChoiceFilter(choices=Invitation.Status.choices)
    role = django_filters.ChoiceFilter(choices=Role.choices)

    class Meta:
        model = Invitation
        fields = ["organization", "status", "role"]
