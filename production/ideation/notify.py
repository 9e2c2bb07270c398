"""Who hears about the brief (projects.notifications does the telling): the project's producers
and marketers, when the client signs a version off. Registered in IdeationConfig.ready."""

from __future__ import annotations

from django.urls import reverse

from projects import notifications
from projects.models import Role, User

SIGNED_OFF = "ideation.brief_signed_off"


def register() -> None:
    notifications.register_kind(
        SIGNED_OFF, label="Brief signed off", description="The client signed off a version of a project's brief."
    )


def brief_signed_off(*, signoff, project) -> None:
    """Inside the sign-off's transaction (the email is queued on commit)."""
    team = User.objects.filter(
        memberships__organization_id=project.organization_id,
        memberships__role__in=(Role.PRODUCER, Role.MARKETER),
        is_active=True,
    ).distinct()
    notifications.notify(
        users=team,
        kind=SIGNED_OFF,
        title=f"{signoff.by_name} signed off version {signoff.version.number} of the brief for “{project.title}”",
        body=signoff.note,
        url=reverse("brief", kwargs={"project_id": project.pk}),
        project=project,
        actor=signoff.by,
    )
