"""Who hears about what in review: an @mention at once (only if they may read the comment), new
comments in the digest, decisions to the producers, a playing new version to its reviewers — and
never a client about anything team only."""

from __future__ import annotations

import pytest
from django.core import mail

from production.edit.models import Cut
from production.review import services
from production.review.models import Approval
from projects import notifications
from projects.models import Notification, TimelineEvent
from tests.production.review.versions import make_version

pytestmark = pytest.mark.django_db


def told(user, kind=None):
    qs = Notification.objects.filter(user=user)
    return list((qs.filter(kind=kind) if kind else qs).values_list("kind", flat=True))


def test_a_mention_tells_that_person_at_once_and_the_team_hears_in_the_digest(
    studio, shared_cut, django_capture_on_commit_callbacks
):
    version = make_version(shared_cut)
    name = studio.producer.get_full_name()
    with django_capture_on_commit_callbacks(execute=True):
        services.comment_post(version=version, by=studio.acme_user, text=f"@{name} the logo?", frame=5)
    assert told(studio.producer) == ["review.mention"]  # not also in the digest
    assert told(studio.editor) == ["review.comment"]
    assert told(studio.acme_user) == []  # never the author
    assert [m.to for m in mail.outbox] == [[studio.producer.email]]
    assert notifications.digests_send() == 1 and mail.outbox[-1].to == [studio.editor.email]


def test_a_team_only_comment_never_reaches_a_client_even_when_mentioned(
    studio, shared_cut, django_capture_on_commit_callbacks
):
    version = make_version(shared_cut)
    with django_capture_on_commit_callbacks(execute=True):
        services.comment_post(version=version, by=studio.producer, internal=True, frame=5,
                              text=f"@{studio.acme_user.get_full_name()} margin is thin")  # fmt: skip
    assert told(studio.acme_user) == []
    assert all(studio.acme_user.email not in m.to for m in mail.outbox)


def test_a_reply_tells_the_people_in_the_thread(studio, shared_cut):
    version = make_version(shared_cut)
    thread = services.comment_post(version=version, by=studio.acme_user, text="Too dark", frame=5)
    Notification.objects.all().delete()
    services.comment_post(version=version, by=studio.editor, text="Lifted it", parent=thread)
    assert told(studio.acme_user) == ["review.comment"]
    assert told(studio.producer) == []  # not in the thread


def test_decisions_reach_the_producers_and_two_rounds_hand_over_to_the_client(studio, shared_cut):
    version = make_version(shared_cut)
    services.review_policy_update(project=studio.acme_project, by=studio.producer, two_rounds=True)
    services.approval_decide(version=version, by=studio.producer, decision=Approval.Decision.APPROVED)
    assert told(studio.acme_user, "review.decision") == ["review.decision"]  # "ready for your approval"
    assert Notification.objects.get(user=studio.acme_user).title.endswith("is ready for your approval")
    services.approval_decide(version=version, by=studio.acme_user, decision=Approval.Decision.CHANGES_REQUESTED)
    assert told(studio.producer, "review.decision") == ["review.decision"]


def test_a_new_version_that_plays_is_up_for_review(studio, shared_cut, internal_cut):
    version = make_version(shared_cut)
    services.version_up_for_review(version)
    event = TimelineEvent.objects.get(kind="review.version_ready")
    assert event.client_visible and "up for review" in event.summary
    assert told(studio.acme_user) == ["review.version"] and told(studio.producer) == ["review.version"]
    hidden = make_version(internal_cut)
    Notification.objects.all().delete()
    services.version_up_for_review(hidden)
    assert told(studio.acme_user) == [] and told(studio.producer) == ["review.version"]
    assert (
        not TimelineEvent.objects.filter(kind="review.version_ready", client_visible=True).exclude(pk=event.pk).exists()
    )


def test_the_media_render_success_announces_a_version_once(studio, import_file, tmp_path, cut):
    from tests.production.media import clips

    source = tmp_path / "v1.mp4"
    clips.ffmpeg("-f", "lavfi", "-i", "testsrc2=s=320x240:r=25:d=1", "-c:v", "libx264", "-preset", "ultrafast",
                 "-pix_fmt", "yuv420p", str(source))  # fmt: skip
    assert Cut.objects.get(pk=cut.pk).client_visible
    asset = import_file(source)
    assert asset.status == "ready"
    assert TimelineEvent.objects.filter(kind="review.version_ready").count() == 1
    assert told(studio.acme_user) == ["review.version"]


def test_an_edit_or_a_delete_changes_what_the_inbox_quotes(studio, shared_cut):
    version = make_version(shared_cut)
    comment = services.comment_post(version=version, by=studio.acme_user, text="Typo in the tilte", frame=5)
    services.comment_edit(comment=comment, by=studio.acme_user, text="Typo in the title")
    assert set(Notification.objects.values_list("body", flat=True)) == {"Typo in the title"}
    services.comment_delete(comment=comment, by=studio.acme_user)
    assert set(Notification.objects.values_list("body", flat=True)) == {"Comment deleted"}
