"""Who may do what, by role. The one module every view, viewset and service asks.

Reads are scoped in ``selectors``; this module answers yes/no for actions on an
object the user can already see.
"""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from rest_framework.permissions import BasePermission

from .models import STAFF_ROLES, Membership, Organization, Project, Role, User

_CACHE_ATTR = "_reelflow_memberships"


def memberships_by_org(user: User | AnonymousUser) -> dict:
    """The user's memberships keyed by organization id, by organization name (``Membership``'s
    order), with their organizations and client companies; loaded once per user object."""
    if not getattr(user, "is_authenticated", False):
        return {}
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is None:
        memberships = Membership.objects.filter(user=user).select_related("organization", "client")
        cached = {m.organization_id: m for m in memberships}
        setattr(user, _CACHE_ATTR, cached)
    return cached


def forget_memberships(user: User) -> None:
    if hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)


def membership_in(user, organization: Organization | None) -> Membership | None:
    if organization is None:
        return None
    return memberships_by_org(user).get(organization.pk)


def role_in(user, organization: Organization) -> str | None:
    membership = membership_in(user, organization)
    return membership.role if membership else None


def is_staff_of(user, organization: Organization) -> bool:
    return role_in(user, organization) in STAFF_ROLES


def is_client_user(user) -> bool:
    """True when every membership the user has is a client one (the client portal)."""
    memberships = memberships_by_org(user).values()
    return bool(memberships) and all(m.role == Role.CLIENT for m in memberships)


def producer_organizations(user) -> list[Organization]:
    return [m.organization for m in memberships_by_org(user).values() if m.role == Role.PRODUCER]


def can_create_project(user, organization: Organization) -> bool:
    return role_in(user, organization) == Role.PRODUCER


def can_edit_project(user, project: Project) -> bool:
    return role_in(user, project.organization) == Role.PRODUCER


def can_change_stage(user, project: Project) -> bool:
    return role_in(user, project.organization) == Role.PRODUCER


def can_override_gate(user, project: Project) -> bool:
    return role_in(user, project.organization) == Role.PRODUCER


def can_upload(user, project: Project) -> bool:
    """Producers and editors bring media into a project."""
    return role_in(user, project.organization) in (Role.PRODUCER, Role.EDITOR)


def can_manage_members(user, organization: Organization) -> bool:
    return role_in(user, organization) == Role.PRODUCER


def can_see_internal(user, project: Project) -> bool:
    """Staff see everything on a project; clients only what is marked client-visible."""
    return is_staff_of(user, project.organization)


class IsOrganizationMember(BasePermission):
    """API access needs a membership somewhere; objects are then scoped by selectors."""

    message = "You are not a member of any organization."

    def has_permission(self, request, view) -> bool:
        return bool(request.user and request.user.is_authenticated and memberships_by_org(request.user))
