"""Notifications: the one way to tell people something, in their inbox and by email.

Apps register the kinds they send (``register_kind``, from ``AppConfig.ready``, as with gates and
timeline labels), so the settings page lists every kind without ``projects`` importing the apps.
A kind is sent at once by email, or collected into a digest that beat sends every
``NOTIFY_DIGEST_INTERVAL`` seconds, one email per person per digest. Each person may turn the
inbox and the email of each kind off (``NotificationSetting``; no row: both on).

The caller chooses who is told and must only name people who may see what the notification
says: a team-only comment never notifies a client. The actor is never told of their own act.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from config.queueing import publish, publish_after_commit

from .models import Notification, NotificationSetting, Project, User


@dataclass(frozen=True)
class Kind:
    key: str
    label: str
    description: str
    digest: bool = False  # collected into the next digest instead of an email at once


_kinds: dict[str, Kind] = {}


def register_kind(key: str, *, label: str, description: str, digest: bool = False) -> Kind:
    kind = Kind(key=key, label=label, description=description, digest=digest)
    _kinds[key] = kind
    return kind


def kinds() -> list[Kind]:
    return sorted(_kinds.values(), key=lambda k: k.label)


def kind_of(key: str) -> Kind:
    try:
        return _kinds[key]
    except KeyError:
        raise ValueError(f"Unknown notification kind {key!r}: register it first.") from None


def preferences(user: User) -> dict[str, tuple[bool, bool]]:
    """{kind: (inbox, email)} for every registered kind."""
    chosen = {s.kind: (s.inbox, s.email) for s in NotificationSetting.objects.filter(user=user)}
    return {k.key: chosen.get(k.key, (True, True)) for k in kinds()}


def notify(
    *,
    users: Iterable[User],
    kind: str,
    title: str,
    body: str = "",
    url: str = "",
    project: Project | None = None,
    actor: User | None = None,
) -> list[Notification]:
    """Tell ``users`` (each once; never ``actor``; never someone inactive) what happened, as each
    of them chose for ``kind``. Emails of a kind that is not a digest are queued once the
    transaction commits."""
    spec = kind_of(kind)
    people = {u.pk: u for u in users if u is not None and u.is_active and (actor is None or u.pk != actor.pk)}
    if not people:
        return []
    chosen = {s.user_id: (s.inbox, s.email) for s in NotificationSetting.objects.filter(user_id__in=people, kind=kind)}
    made = []
    for pk, _user in people.items():
        inbox, email = chosen.get(pk, (True, True))
        if not (inbox or email):
            continue
        made.append(
            Notification(
                user_id=pk,
                project=project,
                kind=kind,
                title=title[:300],
                body=body,
                url=url[:500],
                inbox=inbox,
                email=email,
                digest=spec.digest,
            )
        )
    Notification.objects.bulk_create(made)
    from . import tasks

    for notification in made:
        if notification.email and not notification.digest:
            publish_after_commit(tasks.send_notification_email, str(notification.pk))
    return made


def _absolute(url: str) -> str:
    return settings.SITE_URL.rstrip("/") + url if url.startswith("/") else url


def email_send(*, notification_id) -> bool:
    """Email one notification (in a worker). False when there is nothing to send: gone, already
    emailed (the task was delivered twice), or not wanted. SMTP errors propagate (the task retries)."""
    with transaction.atomic():
        notification = (
            Notification.objects.select_for_update(of=("self",))  # project is a nullable join
            .select_related("user", "project")
            .filter(pk=notification_id, email=True, emailed_at__isnull=True)
            .first()
        )
        if notification is None:
            return False
        context = {"notification": notification, "url": _absolute(notification.url), "settings_url": _settings_url()}
        send_mail(
            subject=notification.title,
            message=render_to_string("projects/email/notification.txt", context),
            from_email=settings.DEFAULT_FROM_EMAIL,
            recipient_list=[notification.user.email],
        )
        notification.emailed_at = timezone.now()
        notification.save(update_fields=["emailed_at", "updated_at"])
    return True


def _settings_url() -> str:
    from django.urls import reverse

    return _absolute(reverse("notification-settings"))


def digests_send(*, now: dt.datetime | None = None) -> int:
    """Send each person one email with everything collected for their digest, and queue again the
    at-once emails whose task never reached a worker. Returns how many digests went out."""
    now = now or timezone.now()
    from . import tasks

    lost = Notification.objects.filter(
        email=True, digest=False, emailed_at__isnull=True,
        created_at__lte=now - dt.timedelta(seconds=settings.NOTIFY_REQUEUE_AFTER),
    ).values_list("pk", flat=True)  # fmt: skip
    for pk in lost:
        publish(tasks.send_notification_email, str(pk))
    waiting = defaultdict(list)
    for pk, user_id in Notification.objects.filter(email=True, digest=True, emailed_at__isnull=True).values_list(
        "pk", "user_id"
    ):
        waiting[user_id].append(pk)
    sent = 0
    for user_id, ids in waiting.items():
        if digest_send(user_id=user_id, ids=ids):
            sent += 1
    return sent


def digest_send(*, user_id, ids: list) -> bool:
    """One digest email to one person, of the notifications ``ids`` still unsent (locked, so two
    beats never send the same one twice)."""
    with transaction.atomic():
        items = list(
            Notification.objects.select_for_update(skip_locked=True, of=("self",))  # project: a nullable join
            .select_related("project", "user")
            .filter(pk__in=ids, user_id=user_id, email=True, emailed_at__isnull=True)
            .order_by("created_at")
        )
        if not items:
            return False
        user = items[0].user
        for item in items:
            item.absolute_url = _absolute(item.url)
        count = len(items)
        subject = items[0].title if count == 1 else f"{count} new comments and updates on Reelflow"
        send_mail(
            subject=subject,
            message=render_to_string(
                "projects/email/digest.txt", {"user": user, "items": items, "settings_url": _settings_url()}
            ),
            from_email=settings.DEFAULT_FROM_EMAIL,
            recipient_list=[user.email],
        )
        Notification.objects.filter(pk__in=[i.pk for i in items]).update(emailed_at=timezone.now())
    return True


def unread_count(user: User) -> int:
    if not getattr(user, "is_authenticated", False):
        return 0
    return Notification.objects.filter(user=user, inbox=True, read_at__isnull=True).count()


def mark_read(*, user: User, ids: Iterable | None = None) -> int:
    """Mark the user's notifications read (these ``ids``, or all). Someone else's are untouched."""
    qs = Notification.objects.filter(user=user, read_at__isnull=True)
    if ids is not None:
        qs = qs.filter(pk__in=list(ids))
    return qs.update(read_at=timezone.now())


@transaction.atomic
def preferences_set(*, user: User, chosen: dict[str, tuple[bool, bool]]) -> None:
    """Save a person's choices: {kind: (inbox, email)} for registered kinds."""
    for key, (inbox, email) in chosen.items():
        kind_of(key)
        NotificationSetting.objects.update_or_create(
            user=user, kind=key, defaults={"inbox": bool(inbox), "email": bool(email)}
        )


def rewrite(*, url: str, body: str) -> int:
    """Change what the notifications pointing at ``url`` quote (its author edited or deleted what
    they said): an inbox never keeps words that are gone. Emails already sent cannot be taken back."""
    return Notification.objects.filter(url=url).update(body=body)
