"""Who may do what in the shoot stage. The shoot is the team's: its producers, editors and
marketers read it (a client, and anyone of another studio, gets a 404 from the selectors); only
producers change it, and only producers read what is private — people's contact details, day
rates and notes, and the money (the budget, equipment costs)."""

from __future__ import annotations

from projects.models import STAFF_ROLES, Project, Role
from projects.permissions import role_in


def can_read(user, project: Project) -> bool:
    return role_in(user, project.organization) in STAFF_ROLES


def can_write(user, project: Project) -> bool:
    return role_in(user, project.organization) == Role.PRODUCER


def sees_private(user, project: Project) -> bool:
    """Contact details, rates, notes and money: producers only."""
    return role_in(user, project.organization) == Role.PRODUCER


def can_work_on_set(user, project: Project) -> bool:
    """The on-set tracker (marking shots done, logging takes) and the daily report's figures: the
    studio's team — producers, editors, marketers — never a client."""
    return role_in(user, project.organization) in STAFF_ROLES


def can_sign_report(user, project: Project) -> bool:
    """Signing the daily production report off, and reopening a signed one: producers only."""
    return role_in(user, project.organization) == Role.PRODUCER
