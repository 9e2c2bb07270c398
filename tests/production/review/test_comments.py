"""Comments on a version: at a frame or over a range, threaded, with a drawing; the team's are
team only unless they say otherwise; internal comments never reach a client, in the API or
anywhere; bad input is explained and changes nothing; an edit keeps what was said before."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from rest_framework.test import APIClient

from production.review import services
from production.review.models import Comment, CommentRevision
from projects.models import TimelineEvent
from tests.production.review.versions import make_version

pytestmark = pytest.mark.django_db

ARROW = {"tool": "arrow", "color": "#ef4444", "points": [[0.1, 0.2], [0.5, 0.5]]}


def api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.fixture
def version(shared_cut):
    return make_version(shared_cut, start="10:00:00:00")


def test_a_client_comments_at_a_frame_with_a_drawing_and_the_team_sees_it_there(studio, version):
    comment = services.comment_post(version=version, by=studio.acme_user, text="Logo too small", frame=48,
                                    drawing=[ARROW])  # fmt: skip
    assert (comment.frame, comment.internal, comment.drawing) == (48, False, [ARROW])
    body = api(studio.producer).get(f"/api/comments/?version={version.pk}").json()["results"]
    assert [(c["frame"], c["timecode"], c["text"], c["drawing"]) for c in body] == [
        (48, "10:00:01:23", "Logo too small", [ARROW])
    ]
    event = TimelineEvent.objects.get(kind="comment.posted")
    assert event.client_visible and event.subject_id == str(comment.pk)


def test_the_teams_comments_are_internal_by_default_and_never_reach_the_client(studio, version):
    internal = services.comment_post(
        version=version, by=studio.editor, text="Grade is off; fix before they see", frame=10
    )
    shared = services.comment_post(
        version=version, by=studio.producer, text="New logo coming", frame=20, internal=False
    )
    reply = services.comment_post(version=version, by=studio.producer, text="(agreed)", parent=internal)
    assert internal.internal and reply.internal and not shared.internal
    client_ids = {c["id"] for c in api(studio.acme_user).get("/api/comments/").json()["results"]}
    assert client_ids == {str(shared.pk)}
    assert api(studio.acme_user).get(f"/api/comments/{internal.pk}/").status_code == 404
    assert (
        api(studio.acme_user)
        .post("/api/comments/", {"parent": str(internal.pk), "text": "hi"}, format="json")
        .status_code
        == 404
    )
    assert not TimelineEvent.objects.filter(
        kind__startswith="comment.", subject_id=str(internal.pk), client_visible=True
    ).exists()
    with pytest.raises(ValidationError):
        services.comment_post(version=version, by=studio.acme_user, text="secret?", frame=1, internal=True)


def test_nobody_outside_sees_or_comments(studio, version, internal_cut):
    hidden = make_version(internal_cut)
    services.comment_post(version=version, by=studio.acme_user, text="Looks good", frame=1)
    assert api(studio.globex_user).get("/api/comments/").json()["results"] == []
    refused = api(studio.globex_user).post(
        "/api/comments/", {"version": str(version.pk), "text": "x", "frame": 1}, format="json"
    )
    assert refused.status_code == 404
    assert (
        api(studio.acme_user)
        .post("/api/comments/", {"version": str(hidden.pk), "text": "x", "frame": 1}, format="json")
        .status_code
        == 404
    )
    with pytest.raises(PermissionDenied):
        services.comment_post(version=hidden, by=studio.acme_user, text="x", frame=1)
    assert Comment.objects.count() == 1


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"text": "", "frame": 1}, "text"),
        ({"text": "   \n ", "frame": 1}, "text"),
        ({"text": "x" * 5001, "frame": 1}, "text"),
        ({"text": "ok"}, "frame"),
        ({"text": "ok", "frame": 250}, "frame"),  # frames 0 to 249
        ({"text": "ok", "frame": -1}, "frame"),
        ({"text": "ok", "frame": 10, "end_frame": 10}, "end_frame"),
        ({"text": "ok", "frame": 10, "end_frame": 999}, "end_frame"),
        (
            {"text": "ok", "frame": 1, "drawing": [{"tool": "arrow", "color": "#ef4444", "points": [[0, 0], [2, 0]]}]},
            "drawing",
        ),
        (
            {"text": "ok", "frame": 1, "drawing": [{"tool": "laser", "color": "#ef4444", "points": [[0, 0], [1, 1]]}]},
            "drawing",
        ),
        (
            {
                "text": "ok",
                "frame": 1,
                "drawing": [{"tool": "rect", "color": "javascript:x", "points": [[0, 0], [1, 1]]}],
            },
            "drawing",
        ),
        ({"text": "ok", "frame": 1, "drawing": "arrow"}, "drawing"),
    ],
)
def test_bad_comments_are_explained_and_change_nothing(studio, version, payload, field):
    response = api(studio.acme_user).post("/api/comments/", {"version": str(version.pk), **payload}, format="json")
    assert response.status_code == 400, response.json()
    assert field in response.json()["error"]["fields"]
    assert not Comment.objects.exists() and not TimelineEvent.objects.filter(kind="comment.posted").exists()


def test_a_range_comment_and_text_stay_plain_text(studio, version):
    body = (
        api(studio.acme_user)
        .post(
            "/api/comments/",
            {
                "version": str(version.pk),
                "text": "<script>alert(1)</script>\x07 cut here\r\nplease",
                "frame": 25,
                "end_frame": 75,
            },
            format="json",
        )
        .json()
    )
    assert (body["frame"], body["end_frame"], body["timecode"], body["end_timecode"]) == (
        25,
        75,
        "10:00:01:00",
        "10:00:03:00",
    )
    assert (
        body["text"] == "<script>alert(1)</script> cut here\nplease"
    )  # stored as written (less the control character); shown as text


def test_drop_frame_versions_show_drop_frame_timecode(studio, shared_cut):
    ntsc = make_version(shared_cut, frames=20000, rate=(30000, 1001), start="01:00:00;00")
    comment = services.comment_post(version=ntsc, by=studio.acme_user, text="here", frame=1800)
    body = api(studio.acme_user).get(f"/api/comments/{comment.pk}/").json()
    assert body["timecode"] == "01:01:00;02"  # frame 1800 after 01:00:00;00: the minute drops ;00 and ;01


def test_editing_keeps_the_history_and_only_the_author_edits_or_deletes(studio, version):
    comment = services.comment_post(version=version, by=studio.acme_user, text="Too loud", frame=5, drawing=[ARROW])
    assert api(studio.producer).patch(f"/api/comments/{comment.pk}/", {"text": "no"}, format="json").status_code == 403
    edited = api(studio.acme_user).patch(
        f"/api/comments/{comment.pk}/", {"text": "Too loud at the drop"}, format="json"
    )
    assert edited.status_code == 200 and edited.json()["edited_at"]
    assert list(CommentRevision.objects.values_list("text", flat=True)) == ["Too loud"]
    services.comment_post(version=version, by=studio.producer, text="Will fix", parent=comment, internal=False)
    assert api(studio.acme_user).delete(f"/api/comments/{comment.pk}/").status_code == 204
    comment.refresh_from_db()
    assert comment.deleted_at and comment.text == "" and comment.replies.count() == 1
    assert list(CommentRevision.objects.values_list("text", flat=True)) == ["Too loud", "Too loud at the drop"]


def test_resolve_and_reopen(studio, version):
    comment = services.comment_post(version=version, by=studio.acme_user, text="Swap the music", frame=5)
    done = api(studio.editor).post(f"/api/comments/{comment.pk}/resolve/", {}, format="json")
    assert done.status_code == 200 and done.json()["resolved"]
    assert (
        api(studio.acme_user)
        .post(f"/api/comments/{comment.pk}/resolve/", {"resolved": False}, format="json")
        .json()["resolved"]
        is False
    )
    assert list(
        TimelineEvent.objects.filter(kind__in=["comment.resolved", "comment.reopened"])
        .values_list("kind", flat=True)
        .order_by("occurred_at")
    ) == ["comment.resolved", "comment.reopened"]
    other = services.comment_post(version=version, by=studio.producer, text="Mine", frame=6, internal=False)
    assert api(studio.acme_user).post(f"/api/comments/{other.pk}/resolve/", {}, format="json").status_code == 403
