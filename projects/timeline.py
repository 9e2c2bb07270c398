"""The one way to write a project's timeline, and the words its events are shown with.

Every app records its own events here, inside the transaction of the change the event
describes, so an event exists exactly when its change does.

Each app also registers a label for every kind it records (``register_kinds``, called from
its ``AppConfig.ready``, as with gates), so pages show "Stage changed", never
``project.stage_changed``, and ``projects`` never imports the apps that record them.
"""

from __future__ import annotations

from typing import Any

from django.db import models, transaction

from .models import Project, TimelineEvent, User

_kind_labels: dict[str, str] = {}

PROJECT_KINDS = {
    "project.created": "Project created",
    "project.updated": "Project edited",
    "project.stage_changed": "Stage changed",
    "member.invited": "Member invited",
    "member.joined": "Member joined",
    "member.role_changed": "Member's role changed",
}


def register_kinds(labels: dict[str, str]) -> None:
    """Give event kinds the label people read (replacing an earlier label of the same kind)."""
    _kind_labels.update(labels)


def kind_label(kind: str) -> str:
    """The label of an event kind; an unregistered kind still reads as words
    (``note.added`` → "Note added")."""
    label = _kind_labels.get(kind)
    if label:
        return label
    words = " ".join(kind.replace(".", " ").replace("_", " ").split())
    return words[:1].upper() + words[1:]


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


def withdraw_from_clients(*, subject: models.Model) -> int:
    """Events about ``subject`` stop being shown to clients (e.g. a version that turned out to be
    an unusable file): kept for the team, in the same transaction as the change that says so."""
    if not transaction.get_connection().in_atomic_block:
        raise TimelineOutsideTransaction("timeline.withdraw_from_clients must run inside the change's transaction.")
    return TimelineEvent.objects.filter(
        subject_type=subject._meta.label_lower, subject_id=str(subject.pk), client_visible=True
    ).update(client_visible=False)
