"""The projects app's part of /api/: viewsets for the shared router, plus plain views."""

from __future__ import annotations

from django.urls import path

from . import views


def register(router) -> None:
    router.register("organizations", views.OrganizationViewSet, basename="organization")
    router.register("clients", views.ClientViewSet, basename="client")
    router.register("projects", views.ProjectViewSet, basename="project")
    router.register("projects/<uuid:project_id>/timeline", views.TimelineViewSet, basename="project-timeline")
    router.register("memberships", views.MembershipViewSet, basename="membership")
    router.register("invitations", views.InvitationViewSet, basename="invitation")


urlpatterns = [
    path("me/", views.MeView.as_view(), name="api-me"),
    path("auth/token/", views.TokenView.as_view(), name="api-token"),
]
