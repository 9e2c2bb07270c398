"""The one way to write a project's timeline.

Every app records its own events here, inside the transaction of the change the event
describes, so an event exists exactly when its change does.
"""

from __future__ import annotations

from typing import Any

from django.db import models, transaction

from .models import Project, TimelineEvent, User


class TimelineOutsideTransaction(RuntimeError):
    """Raised when an event is recorded outside the transaction of its change."""


def record(
    *,
    project: Project,
    kind: str,
    summary: str,
    actor: User | None = None,
    subject: models.Model | None = None,
    data: dict[str, Any] | None = None,
    stage: str | None = None,
    client_visible: bool = False,
) -> TimelineEvent:
    if not transaction.get_connection().in_atomic_block:
        raise TimelineOutsideTransaction(f"timeline.record({kind!r}) must run inside the change's transaction.")
    if stage is None:  # the stage now, from the row: a caller's project object may be stale
        stage = Project.objects.filter(pk=project.pk).values_list("stage", flat=True).first() or project.stage
    subject_type = subject_id = ""
    if subject is not None:
        subject_type = subject._meta.label_lower
        subject_id = str(subject.pk)
    return TimelineEvent.objects.create(
        project=project,
        kind=kind,
        summary=summary[:500],
        actor=actor if actor is not None and actor.is_authenticated else None,
        subject_type=subject_type,
        subject_id=subject_id,
        data=data or {},
        stage=stage,
        client_visible=client_visible,
    )
