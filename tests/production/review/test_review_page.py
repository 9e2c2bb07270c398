"""The review page of a version: the player with a marker per comment, the comments in timecode
order, a form that comments at a frame, replies and resolve — for the team and the client alike,
with internal comments the team's alone and bad input explained without a change."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse

from production.edit.models import Version
from production.review import mentions, selectors, services
from production.review.addresses import at_comment
from production.review.models import Comment
from tests.production.review.versions import make_version

pytestmark = pytest.mark.django_db


def ready_version(cut, *, frames=250) -> Version:
    return make_version(cut, frames=frames, start="01:00:00:00", playable=True)


def review(version) -> str:
    return reverse("version-review", kwargs={"version_id": version.pk})


def player_config(response) -> dict:
    html = response.content.decode()
    start = html.index('<script id="player-config" type="application/json">') + len(
        '<script id="player-config" type="application/json">'
    )
    return json.loads(html[start : html.index("</script>", start)])


def markers_of(browser, page) -> list[dict]:
    """The seek bar's markers of a review page: what its player fetches (``commentsUrl``)."""
    response = browser.get(player_config(page)["commentsUrl"])
    assert response.status_code == 200 and response["Content-Type"] == "application/json"
    return response.json()["comments"]


@pytest.fixture
def version(shared_cut):
    return ready_version(shared_cut)


def test_the_client_comments_at_the_frame_on_screen_and_sees_it_pinned_there(studio, as_user, version):
    browser = as_user(studio.acme_user)
    page = browser.get(review(version))
    assert page.status_code == 200 and "Comment at" in page.content.decode()
    posted = browser.post(
        reverse("comment-create", kwargs={"version_id": version.pk}),
        {"text": "The logo should be bigger", "frame": "48", "internal": "on"},  # a client cannot make it internal
    )
    comment = Comment.objects.get()
    assert posted.status_code == 302 and posted["Location"] == at_comment(review(version), comment.pk)
    assert (comment.frame, comment.internal, comment.author) == (48, False, studio.acme_user)
    page = browser.get(review(version))
    html = page.content.decode()
    assert 'data-seek-frame="48"' in html and "01:00:01:23" in html and "The logo should be bigger" in html
    assert markers_of(browser, page) == [
        {
            "id": str(comment.pk),
            "frame": 48,
            "end_frame": None,
            "label": "01:00:01:23 " + studio.acme_user.display_name + ": The logo should be bigger",
            "drawing": [],
        }
    ]


def test_internal_comments_are_the_teams_and_the_team_comments_internally_by_default(studio, as_user, version):
    staff = as_user(studio.editor)
    form = staff.get(review(version)).content.decode()
    assert 'name="internal" checked' in form  # the team's default: team only
    staff.post(
        reverse("comment-create", kwargs={"version_id": version.pk}),
        {"text": "Grade drifts here", "frame": "10", "internal": "on"},
    )
    services.comment_post(version=version, by=studio.producer, text="Music swap agreed", frame=20, internal=False)
    client = as_user(studio.acme_user)
    client_page = client.get(review(version))
    html = client_page.content.decode()
    assert "Grade drifts here" not in html and "Music swap agreed" in html
    assert [c["frame"] for c in markers_of(client, client_page)] == [20]
    assert "Team only" not in html  # no filter, no badge: the client never learns there are internal notes
    assert "Grade drifts here" in as_user(studio.producer).get(review(version) + "?show=internal").content.decode()


def test_a_range_and_a_drawing_from_the_form_reach_the_player_of_whoever_may_see_them(studio, as_user, version):
    arrow = {"tool": "arrow", "color": "#ef4444", "points": [[0.25, 0.3], [0.6, 0.7]]}
    text = {"tool": "text", "color": "#ffffff", "points": [[0.1, 0.1]], "text": "Logo"}
    client = as_user(studio.acme_user)
    posted = client.post(
        reverse("comment-create", kwargs={"version_id": version.pk}),
        {
            "text": "Hold the logo over this stretch",
            "frame": "10",
            "end_frame": "30",
            "drawing": json.dumps([arrow, text]),
        },
    )
    assert posted.status_code == 302
    comment = Comment.objects.get()
    assert (comment.frame, comment.end_frame, comment.drawing) == (10, 30, [arrow, text])
    services.comment_post(
        version=version, by=studio.editor, text="Mask the reflection", frame=12, internal=True,
        drawing=[{"tool": "ellipse", "color": "#22c55e", "points": [[0.4, 0.4], [0.5, 0.5]]}],
    )  # fmt: skip

    client_page = client.get(review(version))
    html = client_page.content.decode()
    assert [(c["frame"], c["end_frame"], c["drawing"]) for c in markers_of(client, client_page)] == [
        (10, 30, [arrow, text])
    ]
    assert "Mask the reflection" not in html  # the team's note and its drawing stay theirs
    assert 'data-seek-frame="10"' in html and "01:00:00:10\u201301:00:01:05" in html
    assert "data-drawbar" in html and 'data-color="#a855f7"' in html and 'aria-label="Purple"' in html
    producer = as_user(studio.producer)
    team = markers_of(producer, producer.get(review(version)))
    assert [c["drawing"][0]["tool"] for c in team] == ["arrow", "ellipse"]


def test_a_form_sent_back_keeps_the_drawing_and_the_range(studio, as_user, version):
    drawing = json.dumps([{"tool": "rect", "color": "#3b82f6", "points": [[0.1, 0.1], [0.2, 0.2]]}])
    response = as_user(studio.acme_user).post(
        reverse("comment-create", kwargs={"version_id": version.pk}),
        {"text": "", "frame": "10", "end_frame": "30", "drawing": drawing},
    )
    html = response.content.decode()
    assert response.status_code == 400 and "Write a comment." in html
    assert 'name="end_frame" value="30"' in html and 'name="frame" value="10"' in html
    assert "#3b82f6" in html  # review.js puts it back on the frame
    assert not Comment.objects.exists()


def test_bad_input_is_explained_and_changes_nothing(studio, as_user, version):
    url = reverse("comment-create", kwargs={"version_id": version.pk})
    for data, says in (
        ({"text": "", "frame": "5"}, "Write a comment."),
        ({"text": "ok", "frame": "9999"}, "Say which frame"),
        ({"text": "ok", "frame": "5", "drawing": '[{"tool": "laser"}]'}, "Shape 1 of the drawing"),
    ):
        response = as_user(studio.acme_user).post(url, data)
        assert response.status_code == 400 and says in response.content.decode(), data
    assert not Comment.objects.exists()


def test_text_is_shown_as_text_with_links(studio, as_user, version):
    services.comment_post(version=version, by=studio.acme_user, frame=1,
                          text='<img src=x onerror=alert(1)> see https://example.com/ref')  # fmt: skip
    html = as_user(studio.producer).get(review(version)).content.decode()
    assert "<img src=x" not in html and "&lt;img src=x onerror=alert(1)&gt;" in html
    assert 'href="https://example.com/ref"' in html


def test_replies_and_resolve_from_the_page(studio, as_user, version):
    thread = services.comment_post(version=version, by=studio.acme_user, text="Too loud", frame=5)
    staff = as_user(studio.editor)
    staff.post(reverse("comment-reply", kwargs={"comment_id": thread.pk}), {"text": "Fixed in v2"})
    staff.post(reverse("comment-resolve", kwargs={"comment_id": thread.pk}), {"resolved": "true"})
    thread.refresh_from_db()
    assert thread.is_resolved and [r.text for r in thread.replies.all()] == ["Fixed in v2"]
    assert not thread.replies.get().internal  # a reply takes its thread's visibility
    html = as_user(studio.acme_user).get(review(version) + "?show=resolved").content.decode()
    assert "Fixed in v2" in html and "Reopen" in html


def test_outsiders_get_nothing(studio, as_user, version, internal_cut):
    hidden = ready_version(internal_cut)
    services.comment_post(version=version, by=studio.acme_user, text="x", frame=1)
    assert as_user(studio.globex_user).get(review(version)).status_code == 404
    assert as_user(studio.acme_user).get(review(hidden)).status_code == 404
    post = reverse("comment-create", kwargs={"version_id": hidden.pk})
    assert as_user(studio.acme_user).post(post, {"text": "x", "frame": "1"}).status_code == 404
    thread = Comment.objects.get()
    assert (
        as_user(studio.globex_user)
        .post(reverse("comment-reply", kwargs={"comment_id": thread.pk}), {"text": "x"})
        .status_code
        == 404
    )
    assert Comment.objects.count() == 1


def test_the_page_queries_do_not_grow_with_the_comments(studio, as_user, version, django_assert_max_num_queries):
    browser = as_user(studio.producer)
    markers = reverse("version-markers", kwargs={"version_id": version.pk})
    for n in range(3):
        thread = services.comment_post(version=version, by=studio.acme_user, text=f"note {n}", frame=n)
        services.comment_post(version=version, by=studio.producer, text="ok", parent=thread)
    browser.get(review(version))
    with django_assert_max_num_queries(40) as few:
        browser.get(review(version))
    with django_assert_max_num_queries(40) as few_markers:
        browser.get(markers)
    for n in range(3, 60):
        thread = services.comment_post(version=version, by=studio.acme_user, text=f"note {n:02d}", frame=n)
        services.comment_post(version=version, by=studio.producer, text="ok", parent=thread)
    with django_assert_max_num_queries(len(few)):
        assert "note 59" in browser.get(review(version) + "?page=3").content.decode()
    with django_assert_max_num_queries(len(few_markers)):
        assert len(browser.get(markers).json()["comments"]) == 60


def test_the_list_is_paged_in_timecode_order_and_a_link_to_a_comment_opens_its_page(studio, as_user, version):
    size = selectors.PAGE_SIZE
    notes = [
        services.comment_post(version=version, by=studio.acme_user, text=f"note {n:03d}", frame=n * 2)
        for n in range(size * 2 + 3)
    ]
    services.comment_resolve(comment=notes[-1], by=studio.producer)
    reply = services.comment_post(version=version, by=studio.producer, text="on it", parent=notes[size + 4])
    browser = as_user(studio.acme_user)

    first = browser.get(review(version)).content.decode()
    assert "note 000" in first and f"note {size - 1:03d}" in first and f"note {size:03d}" not in first
    assert f"1\u2013{size} of {size * 2 + 3}" in first and 'rel="next"' in first and 'rel="prev"' not in first
    last = browser.get(review(version) + "?page=3").content.decode()
    assert f"note {size * 2:03d}" in last and f"{size * 2 + 1}\u2013{size * 2 + 3} of" in last
    assert 'rel="next"' not in last
    assert f"note {size * 2 + 2:03d}" in browser.get(review(version) + "?page=99").content.decode()  # the last page

    # a reply's address lands on its thread's page; under a filter that hides the thread, on "all"
    landed = browser.get(review(version) + f"?comment={reply.pk}").content.decode()
    assert f'id="comment-{reply.pk}"' in landed and f"note {size + 4:03d}" in landed and "note 000" not in landed
    hidden = browser.get(review(version) + f"?show=resolved&comment={notes[3].pk}").content.decode()
    assert f'id="comment-{notes[3].pk}"' in hidden and 'aria-current="true">All<' in hidden
    resolved = browser.get(review(version) + "?show=resolved").content.decode()
    assert f"note {size * 2 + 2:03d}" in resolved and "note 000" not in resolved and 'rel="next"' not in resolved
    assert browser.get(review(version) + "?page=x&comment=nonsense").status_code == 200  # the first page


def test_the_list_as_it_opens_reads_its_page_and_counts_in_one_query(studio, version, django_assert_num_queries):
    notes = [
        services.comment_post(version=version, by=studio.acme_user, text=f"note {n:02d}", frame=n)
        for n in range(selectors.PAGE_SIZE + 5)
    ]
    services.comment_resolve(comment=notes[0], by=studio.producer)
    services.comment_post(version=version, by=studio.producer, text="on it", parent=notes[1])
    versions = [version]
    scope = selectors.thread_scope(user=studio.producer, version=version, versions=versions)
    expected = {"total": len(notes), "open": len(notes) - 1}

    with django_assert_num_queries(2):  # the page with its counts, the page's replies
        opened = selectors.thread_page(scope)
    with django_assert_num_queries(3):  # a filter: the counts, the page, the replies
        filtered = selectors.thread_page(scope, show="open")
    with django_assert_num_queries(4):  # past the end: the counts, then the last page and its replies
        beyond = selectors.thread_page(scope, page=9)

    assert {"total": opened.total, "open": opened.open} == expected == {"total": filtered.total, "open": filtered.open}
    assert (opened.shown, opened.pages, opened.number) == (len(notes), 2, 1)
    assert [t.text for t in opened.threads] == [f"note {n:02d}" for n in range(selectors.PAGE_SIZE)]
    assert [r.text for r in opened.threads[1].reply_list] == ["on it"]
    assert filtered.shown == len(notes) - 1 and filtered.threads[0].text == "note 01"
    assert (beyond.number, [t.text for t in beyond.threads]) == (2, [f"note {n:02d}" for n in range(25, 30)])


def test_the_names_to_mention_are_fetched_apart_from_the_page(studio, as_user, version, internal_cut):
    page = as_user(studio.producer).get(review(version)).content.decode()
    names_url = reverse("version-mentionable", kwargs={"version_id": version.pk})
    assert f'id="mention-names" data-url="{names_url}"' in page and studio.acme_user.email not in page

    names = as_user(studio.producer).get(names_url).json()["names"]
    handle = {u: mentions.handles(u)[0] for u in (studio.producer, studio.editor, studio.acme_user)}
    assert names == [mentions.handles(u)[0] for u in selectors.mentionable(version) if u != studio.producer]
    assert handle[studio.producer] not in names and names[-1] == handle[studio.acme_user]  # the team first
    assert handle[studio.editor] in names and mentions.handles(studio.globex_user)[0] not in names
    client_names = as_user(studio.acme_user).get(names_url).json()["names"]
    assert handle[studio.producer] in client_names and handle[studio.acme_user] not in client_names
    assert as_user(studio.globex_user).get(names_url).status_code == 404  # another client's cut
    hidden = ready_version(internal_cut)
    hidden_url = reverse("version-mentionable", kwargs={"version_id": hidden.pk})
    assert as_user(studio.acme_user).get(hidden_url).status_code == 404  # a cut kept from the client
    team_only = as_user(studio.producer).get(hidden_url).json()["names"]
    assert handle[studio.acme_user] not in team_only and handle[studio.editor] in team_only


def test_the_markers_say_when_nothing_changed_and_change_with_the_threads(studio, as_user, version):
    browser = as_user(studio.acme_user)
    url = reverse("version-markers", kwargs={"version_id": version.pk})
    note = services.comment_post(version=version, by=studio.acme_user, text="Logo small", frame=5)
    first = browser.get(url)
    assert [m["id"] for m in first.json()["comments"]] == [str(note.pk)] and first[
        "Cache-Control"
    ] == "private, no-cache"
    assert browser.get(url, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    services.comment_post(version=version, by=studio.producer, text="Grade", frame=9, internal=True)
    assert browser.get(url, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304  # the client's view is the same
    team = as_user(studio.producer).get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert team.status_code == 200 and len(team.json()["comments"]) == 2  # the team's is not
    services.comment_resolve(comment=note, by=studio.producer)
    again = browser.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 200 and again["ETag"] != first["ETag"]
    assert as_user(studio.globex_user).get(url).status_code == 404


def test_versions_link_to_their_review(studio, as_user, version):
    section = as_user(studio.acme_user).get(
        reverse("project-media-section", kwargs={"project_id": version.cut.project_id})
    )
    assert f'href="{review(version)}"' in section.content.decode()
    asset_page = as_user(studio.producer).get(reverse("asset-detail", kwargs={"asset_id": version.asset_id}))
    assert f'href="{review(version)}"' in asset_page.content.decode()


def test_people_edit_and_delete_their_own_comments_on_the_page(studio, as_user, version):
    comment = services.comment_post(version=version, by=studio.acme_user, text="Logo small", frame=5)
    browser = as_user(studio.acme_user)
    page = browser.get(review(version)).content.decode()
    assert reverse("comment-edit", kwargs={"comment_id": comment.pk}) in page
    edited = browser.post(reverse("comment-edit", kwargs={"comment_id": comment.pk}), {"text": "Logo much bigger"})
    assert edited.status_code == 302
    comment.refresh_from_db()
    assert comment.text == "Logo much bigger" and comment.revisions.get().text == "Logo small"
    other = as_user(studio.producer)
    assert reverse("comment-edit", kwargs={"comment_id": comment.pk}) not in other.get(review(version)).content.decode()
    other.post(reverse("comment-delete", kwargs={"comment_id": comment.pk}))  # not theirs: refused
    comment.refresh_from_db()
    assert comment.deleted_at is None and comment.text == "Logo much bigger"
    browser.post(reverse("comment-delete", kwargs={"comment_id": comment.pk}))
    comment.refresh_from_db()
    assert comment.deleted_at is not None and "Logo much bigger" not in browser.get(review(version)).content.decode()


def test_a_deleted_comment_without_replies_leaves_the_page_and_its_counts(studio, as_user, version):
    gone = services.comment_post(version=version, by=studio.acme_user, text="Never mind", frame=5)
    kept = services.comment_post(version=version, by=studio.acme_user, text="Too dark", frame=9)
    services.comment_post(version=version, by=studio.producer, text="Lifted it", parent=kept)
    services.comment_delete(comment=gone, by=studio.acme_user)
    services.comment_delete(comment=kept, by=studio.acme_user)
    page = as_user(studio.producer).get(review(version)).content.decode()
    assert f'id="comment-{gone.pk}"' not in page and f'id="comment-{kept.pk}"' in page  # its reply stays
    assert "1 comment<" in page and "Lifted it" in page
