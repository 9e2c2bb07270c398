"""Who may do what in ideation, by role (reads are scoped in ``selectors``)."""

from __future__ import annotations

from projects.models import STAFF_ROLES, Organization, Project, ProjectAccess, Role
from projects.permissions import membership_in, role_in


def can_use_board(user, organization: Organization) -> bool:
    """The ideas board is the team's: producers, editors and marketers pitch, vote and comment."""
    return role_in(user, organization) in STAFF_ROLES


def can_edit_idea(user, idea) -> bool:
    """Its author, or a producer of its organization."""
    role = role_in(user, idea.organization)
    return role == Role.PRODUCER or (role in STAFF_ROLES and idea.author_id == user.pk)


def can_decide_idea(user, idea) -> bool:
    """Shortlisting, dropping and promoting an idea are a producer's calls."""
    return role_in(user, idea.organization) == Role.PRODUCER


def can_write_brief(user, project: Project) -> bool:
    """Producers write the brief; marketers too (its objective and KPIs are theirs as well)."""
    return role_in(user, project.organization) in (Role.PRODUCER, Role.MARKETER)


def can_sign_off_brief(user, project: Project) -> bool:
    """A reviewer of the client's company invited to the project."""
    membership = membership_in(user, project.organization)
    if membership is None or membership.role != Role.CLIENT or membership.client_id != project.client_id:
        return False
    return ProjectAccess.objects.filter(project=project, user=user).exists()
