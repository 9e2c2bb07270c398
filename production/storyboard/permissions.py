"""Who may change a project's script and storyboard: its producers and editors. Everyone who
may see the project reads both (a client reads those of their own projects, and may comment on
frames); marketers read them."""

from __future__ import annotations

from projects.models import Project, Role
from projects.permissions import role_in


def can_write(user, project: Project) -> bool:
    return role_in(user, project.organization) in (Role.PRODUCER, Role.EDITOR)


def can_comment(user, project: Project) -> bool:
    """Whoever may see the project (the selectors have already said so) and has a role in it."""
    return role_in(user, project.organization) is not None
