"""DRF adapters over ``projects.permissions``: the yes/no answers come from there.

Reads are scoped by selectors, so these classes only decide whether an acting user may
*attempt* an action; anything outside their scope is already a 404.
"""

from __future__ import annotations

from rest_framework.permissions import BasePermission

from projects.permissions import (
    IsOrganizationMember,
    can_change_stage,
    can_edit_project,
    can_upload,
    producer_organizations,
)

__all__ = ["IsOrganizationMember", "IsProducer", "ProjectActionAllowed", "UploaderActionAllowed"]


class IsProducer(BasePermission):
    """Producers (in at least one organization) manage clients, members and invitations and
    create projects. Checked before the input is read, so others get a 403, not a 400."""

    message = "Only producers can do this."

    def has_permission(self, request, view) -> bool:
        return bool(producer_organizations(request.user))


class ProjectActionAllowed(BasePermission):
    """Per-action checks on a project the user can already see (so a 403 reveals nothing)."""

    checks = {"partial_update": can_edit_project, "change_stage": can_change_stage}
    messages = {
        "partial_update": "Only producers can edit a project.",
        "change_stage": "Only producers can move a project between stages.",
    }

    def has_object_permission(self, request, view, obj) -> bool:
        check = self.checks.get(view.action)
        if check is None or check(request.user, obj):
            return True
        self.message = self.messages[view.action]
        return False


class UploaderActionAllowed(BasePermission):
    """Changing a thing of a project the user can already see (a cut, a media asset) is for
    producers and editors; checked before the input is read, so a client gets a 403, never a
    400 that hints at the rules."""

    message = "Only producers and editors can change cuts and media."

    def has_object_permission(self, request, view, obj) -> bool:
        if view.action not in ("partial_update", "update", "destroy"):
            return True
        return can_upload(request.user, obj.project)
