"""Notifications: the inbox and the emails, as each person chose per kind; at once or in a digest
(one email per person per digest); never to the actor; an email task that never ran is sent by the
next digest run; opening one marks it read and never leaves the site."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from projects import notifications
from projects.models import Notification

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def kinds():
    notifications.register_kind("tests.ping", label="Pings", description="A ping.")
    notifications.register_kind("tests.chatter", label="Chatter", description="Talk.", digest=True)
    yield
    notifications._kinds.pop("tests.ping", None)
    notifications._kinds.pop("tests.chatter", None)


def test_an_at_once_notification_reaches_the_inbox_and_one_email(studio, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        made = notifications.notify(
            users=[studio.producer, studio.editor, studio.producer], kind="tests.ping", title="Ping",
            body="Body text", url="/inbox/", actor=studio.editor,
        )  # fmt: skip
    assert [n.user for n in made] == [studio.producer]  # once each, never the actor
    assert [m.to for m in mail.outbox] == [[studio.producer.email]]
    assert "Body text" in mail.outbox[0].body and "/inbox/" in mail.outbox[0].body
    assert Notification.objects.get().emailed_at is not None
    assert notifications.email_send(notification_id=made[0].pk) is False  # a second delivery sends nothing
    assert len(mail.outbox) == 1


def test_chatter_waits_for_the_digest_one_email_per_person(studio, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        for n in range(3):
            notifications.notify(users=[studio.producer, studio.acme_user], kind="tests.chatter", title=f"Comment {n}")
    assert mail.outbox == []
    assert notifications.digests_send() == 2
    assert sorted(m.to[0] for m in mail.outbox) == sorted([studio.producer.email, studio.acme_user.email])
    assert all("Comment 0" in m.body and "Comment 2" in m.body for m in mail.outbox)
    assert notifications.digests_send() == 0  # nothing twice


def test_each_person_chooses_inbox_and_email_per_kind(studio, django_capture_on_commit_callbacks):
    notifications.preferences_set(user=studio.producer, chosen={"tests.ping": (True, False)})
    notifications.preferences_set(user=studio.editor, chosen={"tests.ping": (False, False)})
    with django_capture_on_commit_callbacks(execute=True):
        made = notifications.notify(users=[studio.producer, studio.editor], kind="tests.ping", title="Ping")
    assert [(n.user, n.inbox, n.email) for n in made] == [(studio.producer, True, False)]
    assert mail.outbox == []
    with pytest.raises(ValueError):
        notifications.preferences_set(user=studio.producer, chosen={"nope": (True, True)})


def test_an_email_whose_task_never_ran_goes_with_the_next_digest_run(studio, settings):
    notifications.notify(users=[studio.producer], kind="tests.ping", title="Lost")  # on-commit never ran
    assert mail.outbox == []
    later = timezone.now() + dt.timedelta(seconds=settings.NOTIFY_REQUEUE_AFTER + 1)
    notifications.digests_send(now=later)  # eager tasks: the requeued email goes now
    assert [m.subject for m in mail.outbox] == ["Lost"]


def test_the_inbox_lists_counts_and_marks_read(studio, as_user):
    notifications.notify(users=[studio.producer], kind="tests.ping", title="First", url="/projects/archived/")
    notifications.notify(users=[studio.producer], kind="tests.ping", title="Evil", url="https://evil.test/")
    notifications.notify(users=[studio.editor], kind="tests.ping", title="Not yours")
    browser = as_user(studio.producer)
    page = browser.get(reverse("inbox")).content.decode()
    assert "First" in page and "Evil" in page and "Not yours" not in page
    assert "data-unread>2<" in page
    first = Notification.objects.get(title="First")
    assert browser.get(reverse("notification-open", args=[first.pk]))["Location"] == "/projects/archived/"
    evil = Notification.objects.get(title="Evil")
    assert browser.get(reverse("notification-open", args=[evil.pk]))["Location"] == reverse("inbox")
    other = Notification.objects.get(title="Not yours")
    assert browser.get(reverse("notification-open", args=[other.pk])).status_code == 404
    other.refresh_from_db()
    assert other.read_at is None
    assert notifications.unread_count(studio.producer) == 0
    notifications.notify(users=[studio.producer], kind="tests.ping", title="Third")
    browser.post(reverse("inbox-mark-read"))
    assert notifications.unread_count(studio.producer) == 0 and notifications.unread_count(studio.editor) == 1


def test_the_settings_page_saves_choices(studio, as_user):
    browser = as_user(studio.acme_user)
    page = browser.get(reverse("notification-settings")).content.decode()
    assert "Pings" in page and "Chatter" in page
    browser.post(reverse("notification-settings"), {"tests.ping:inbox": "on", "tests.chatter:email": "on"})
    prefs = notifications.preferences(studio.acme_user)
    assert prefs["tests.ping"] == (True, False) and prefs["tests.chatter"] == (False, True)
