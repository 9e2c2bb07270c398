"""The brief beside the player (issue 9 item 10): the brief's mandatory messages as a checklist on
the review page; a reviewer (the team, the client, a guest whose link lets them comment) marks the
frame where each is said or shown; an approval warns — and waits for "approve anyway" — while one
is not marked. Marks follow the message's key, so a new version of the brief keeps them."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client as HttpClient
from django.urls import reverse
from rest_framework.test import APIClient

from production.ideation import services as ideation
from production.ideation.models import Metric, Objective
from production.review import selectors, services
from production.review.models import Approval, MessageMark
from tests.production.review.versions import make_version

pytestmark = pytest.mark.django_db

LOGO = "The new logo is on screen"
RETURNS = "Free returns for 90 days"


def brief(studio, messages=((LOGO, "show"), (RETURNS, "say")), **kept):
    return ideation.brief_save(
        project=studio.acme_project, by=studio.producer, objective=Objective.CONVERSION, audience="Runners",
        kpis=[{"metric": Metric.VIEWS, "target": 1000}],
        messages=[{"text": text, "kind": kind, **kept.get(text, {})} for text, kind in messages],
    )  # fmt: skip


def keys(version_of_brief) -> dict:
    return {m.text: m.key for m in version_of_brief.messages.all()}


@pytest.fixture
def version(shared_cut):
    return make_version(shared_cut, start="01:00:00:00", playable=True)


def partial(browser, version, **htmx):
    return browser.get(reverse("version-brief", kwargs={"version_id": version.pk}), **htmx)


def mark(browser, version, key, frame, action="mark"):
    url = reverse("version-brief-mark", kwargs={"version_id": version.pk})
    return browser.post(url, {"message": str(key), "frame": str(frame), "action": action}, HTTP_HX_REQUEST="true")


def test_the_checklist_lists_the_briefs_messages_and_a_reviewer_marks_them(studio, as_user, version):
    written = keys(brief(studio))
    client = as_user(studio.acme_user)
    page = client.get(reverse("version-review", kwargs={"version_id": version.pk})).content.decode()
    assert reverse("version-brief", kwargs={"version_id": version.pk}) in page  # loaded beside the player
    empty = partial(client, version).content.decode()
    assert LOGO in empty and RETURNS in empty and "0 of 2 marked on v1" in empty and "Not marked yet" in empty

    marked = mark(client, version, written[LOGO], 48)
    html = marked.content.decode()
    assert marked.status_code == 200 and "1 of 2 marked" in html
    assert 'data-seek-frame="48"' in html and "01:00:01:23" in html and studio.acme_user.display_name in html
    moved = mark(as_user(studio.editor), version, written[LOGO], 60).content.decode()
    assert 'data-seek-frame="60"' in moved and MessageMark.objects.get().by == studio.editor  # one mark, moved
    cleared = mark(client, version, written[LOGO], 0, action="clear").content.decode()
    assert "0 of 2 marked" in cleared and not MessageMark.objects.exists()


def test_bad_marks_are_refused_and_change_nothing(studio, as_user, version, shared_cut):
    written = keys(brief(studio))
    client = as_user(studio.acme_user)
    beyond = mark(client, version, written[LOGO], version.asset.frame_count)
    assert beyond.status_code == 400 and "Say which frame it is at: 0 to 249." in beyond.content.decode()
    stranger = mark(client, version, "6c4a3a8e-0000-4000-8000-000000000000", 10)
    assert stranger.status_code == 400 and "is not one of the brief" in stranger.content.decode()
    nonsense = mark(client, version, "not-a-key", 10)
    assert nonsense.status_code == 400
    globex = as_user(studio.globex_user)
    assert partial(globex, version).status_code == 404 and mark(globex, version, written[LOGO], 5).status_code == 404
    assert not MessageMark.objects.exists()
    without_js = client.post(
        reverse("version-brief-mark", kwargs={"version_id": version.pk}), {"message": str(written[LOGO]), "frame": "7"}
    )
    assert without_js.status_code == 302 and without_js["Location"].endswith("#brief-check")
    assert MessageMark.objects.get().frame == 7


def test_approval_warns_while_a_message_is_unmarked_and_approve_anyway_goes_through(studio, as_user, version):
    written = keys(brief(studio))
    services.message_mark(version=version, key=written[LOGO], frame=12, by=studio.producer)
    with pytest.raises(ValidationError) as warned:
        services.approval_decide(version=version, by=studio.acme_user, decision="approved")
    assert warned.value.message_dict["unmarked_ok"][0].startswith(f"Not marked on this version yet: “{RETURNS}”.")
    assert not Approval.objects.exists()
    services.approval_decide(version=version, by=studio.acme_user, decision="changes_requested")  # no warning

    client = as_user(studio.acme_user)
    decide = reverse("version-decide", kwargs={"version_id": version.pk})
    page = client.post(decide, {"decision": "approved"})
    assert page.status_code == 400 and "Approve although they are not marked" in page.content.decode()
    assert client.post(decide, {"decision": "approved", "unmarked_ok": "on"}).status_code == 302
    assert Approval.objects.latest("created_at").decision == "approved"


def test_a_fully_marked_version_approves_without_a_warning_and_a_new_brief_version_keeps_the_marks(studio, version):
    first = keys(brief(studio))
    for text, frame in ((LOGO, 10), (RETURNS, 90)):
        services.message_mark(version=version, key=first[text], frame=frame, by=studio.acme_user)
    # v2 of the brief rewords the logo line (same key) and adds a message
    brief(studio, messages=((LOGO + " for 3 s", "show"), (RETURNS, "say"), ("Made in Portugal", "say")),
          **{LOGO + " for 3 s": {"key": first[LOGO]}, RETURNS: {"key": first[RETURNS]}})  # fmt: skip
    checks = selectors.brief_checklist(version)
    assert [(c.message.text, c.mark.frame if c.mark else None) for c in checks] == [
        (LOGO + " for 3 s", 10), (RETURNS, 90), ("Made in Portugal", None),
    ]  # fmt: skip
    with pytest.raises(ValidationError, match="Made in Portugal"):
        services.approval_decide(version=version, by=studio.acme_user, decision="approved_with_changes")


def test_a_guest_marks_when_the_link_lets_them_comment(studio, version, shared_cut):
    written = keys(brief(studio))
    for can_comment in (False, True):
        link = services.share_link_create(cut=shared_cut, by=studio.producer, can_comment=can_comment)
        browser = HttpClient()
        browser.post(reverse("share-open", kwargs={"token": link.token}), {"name": "Zoë", "email": "zoe@agency.test"})
        url = reverse("share-brief", kwargs={"token": link.token, "version_id": version.pk})
        html = browser.get(url).content.decode()
        assert LOGO in html and ("Mark here" in html) is can_comment
        mark_url = reverse("share-brief-mark", kwargs={"token": link.token, "version_id": version.pk})
        answer = browser.post(mark_url, {"message": str(written[LOGO]), "frame": "30"}, HTTP_HX_REQUEST="true")
        assert answer.status_code == (200 if can_comment else 400)
        assert MessageMark.objects.filter(frame=30).exists() is can_comment
    assert MessageMark.objects.get().by_name == "Zoë" and MessageMark.objects.get().guest is not None
    assert HttpClient().get(url).status_code == 404  # not without the guest's session
    with pytest.raises(PermissionDenied):
        services.message_mark(version=version, key=written[LOGO], frame=1, by=studio.globex_user)


def test_without_a_brief_nothing_shows_and_nothing_warns(studio, as_user, version):
    assert partial(as_user(studio.acme_user), version).content.decode().strip() == ""
    services.approval_decide(version=version, by=studio.acme_user, decision="approved")


def test_the_api_names_unmarked_messages_and_takes_approve_anyway(studio, version):
    brief(studio)
    client = APIClient()
    client.force_authenticate(studio.acme_user)
    refused = client.post("/api/approvals/", {"version": str(version.pk), "decision": "approved"}, format="json")
    assert refused.status_code == 400 and RETURNS in str(refused.json())
    made = client.post(
        "/api/approvals/", {"version": str(version.pk), "decision": "approved", "unmarked_ok": True}, format="json"
    )
    assert made.status_code == 201
