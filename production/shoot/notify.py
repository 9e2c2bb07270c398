"""Who hears about the shoot (projects.notifications does the telling): the project's owner and
whoever sent a call sheet, when someone called confirms from their link. A confirmation is a
digest kind: a crew of forty confirming in an evening is one email, not forty. Registered in
ShootConfig.ready."""

from __future__ import annotations

from django.urls import reverse

from projects import notifications

CALL_CONFIRMED = "shoot.call_confirmed"


def register() -> None:
    notifications.register_kind(
        CALL_CONFIRMED,
        label="Calls confirmed",
        description="Someone called on a shoot day confirmed from their call sheet's link.",
        digest=True,
    )


def call_confirmed(*, copy, day, label: str) -> None:
    """Inside the confirmation's transaction (emails go with the next digest)."""
    project = day.project
    notifications.notify(
        users=[project.owner, copy.sheet.sent_by],
        kind=CALL_CONFIRMED,
        title=f"{copy.person.name} confirmed the call for {label} of “{project.title}”",
        url=reverse("shoot-call-sheet", kwargs={"shootday_id": day.pk}),
        project=project,
    )
