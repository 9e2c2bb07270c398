"""Who may do what in marketing planning, by role (reads are scoped in ``selectors``)."""

from __future__ import annotations

from projects.models import Project, Role
from projects.permissions import is_staff_of, role_in


def can_plan(user, project: Project) -> bool:
    """Marketers plan the campaign; producers too (they run the project)."""
    return role_in(user, project.organization) in (Role.PRODUCER, Role.MARKETER)


def sees_everything(user, project: Project) -> bool:
    """The team reads the whole campaign; a client reads what each version marks for them."""
    return is_staff_of(user, project.organization)
