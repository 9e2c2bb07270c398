"""Notes carried forward: the open threads of a cut's earlier versions appear on a new version
at the same timecode (each version in its own rate and start timecode), marked with the version
they came from and a link to it; they are the same comments, so resolving one on v2 resolves it
on v1; resolved, deleted and internal ones (for a client) stay behind."""

from __future__ import annotations

import pytest
from django.urls import reverse

from production.edit.selectors import versions_of_cut
from production.review import selectors, services
from production.review.addresses import at_comment
from tests.production.review.versions import make_version

pytestmark = pytest.mark.django_db


def review(version) -> str:
    return reverse("version-review", kwargs={"version_id": version.pk})


def carried_threads_of(*, version, user=None, link=None) -> list:
    """The carried threads a review page lists (its first page) for ``user`` or ``link``'s guest."""
    if link is not None:
        scope = selectors.guest_scope(link=link, guest=None, version=version)
    else:
        versions = list(versions_of_cut(user=user, cut=version.cut))
        scope = selectors.thread_scope(user=user, version=version, versions=versions)
    return [t for t in selectors.thread_page(scope).threads if t.carried_from]


def test_open_notes_of_v1_appear_on_v2_at_the_same_timecode(studio, shared_cut):
    v1 = make_version(shared_cut, start="01:00:00:00", playable=True)
    logo = services.comment_post(version=v1, by=studio.acme_user, text="Logo too small", frame=50)  # 01:00:02:00
    done = services.comment_post(version=v1, by=studio.acme_user, text="Typo in title", frame=10)
    services.comment_resolve(comment=done, by=studio.producer)
    gone = services.comment_post(version=v1, by=studio.acme_user, text="Never mind", frame=20)
    services.comment_delete(comment=gone, by=studio.acme_user)
    services.comment_post(version=v1, by=studio.producer, text="Grade later", frame=30, internal=True)
    v2 = make_version(shared_cut, start="00:59:59:00", playable=True)  # starts a second (25 frames) earlier

    client_view = carried_threads_of(user=studio.acme_user, version=v2)
    assert [(t.pk, t.at, t.carried_from) for t in client_view] == [(logo.pk, 75, v1)]
    team_view = carried_threads_of(user=studio.producer, version=v2)
    assert sorted(t.text for t in team_view) == ["Grade later", "Logo too small"]
    assert carried_threads_of(user=studio.producer, version=v1) == []  # nothing before v1


def test_the_page_marks_a_carried_note_and_resolving_it_on_v2_resolves_it(studio, as_user, shared_cut):
    v1 = make_version(shared_cut, start="01:00:00:00", playable=True)
    note = services.comment_post(version=v1, by=studio.acme_user, text="Logo too small", frame=50)
    v2 = make_version(shared_cut, start="01:00:00:00", playable=True)
    browser = as_user(studio.producer)
    page = browser.get(review(v2)).content.decode()
    assert "From v1" in page and at_comment(review(v1), note.pk) in page
    assert 'data-seek-frame="50"' in page and "01:00:02:00" in page
    resolved = browser.post(reverse("comment-resolve", kwargs={"comment_id": note.pk}),
                            {"resolved": "true", "next": f"{review(v2)}#comment-{note.pk}"})  # fmt: skip
    assert resolved["Location"] == f"{review(v2)}#comment-{note.pk}"  # back where they were
    note.refresh_from_db()
    assert note.is_resolved
    assert "From v1" not in browser.get(review(v2)).content.decode()


def test_a_carried_note_is_mapped_by_timecode_across_rates_and_kept_within_the_new_version(studio, shared_cut):
    v1 = make_version(shared_cut, rate=(25, 1), start="10:00:00:00", frames=500)
    late = services.comment_post(version=v1, by=studio.producer, text="End card", frame=450, internal=False)
    early = services.comment_post(version=v1, by=studio.producer, text="Fade in", frame=0, internal=False)
    v2 = make_version(shared_cut, rate=(50, 1), start="10:00:01:00", frames=300)  # starts a second later
    carried = {t.pk: (t.at, t.beyond) for t in carried_threads_of(user=studio.producer, version=v2)}
    # 10:00:18:00 is past v2's end; 10:00:00:00 before its start: each at the nearest frame, and said so
    assert carried == {late.pk: (299, True), early.pk: (0, True)}
    inside = services.comment_post(version=v1, by=studio.producer, text="Cut here", frame=100, internal=False)
    found = {t.pk: (t.at, t.beyond) for t in carried_threads_of(user=studio.producer, version=v2)}
    assert found[inside.pk] == (150, False)  # 10:00:04:00 is v2 frame (4 - 1) s x 50


def test_a_guest_sees_carried_notes_only_from_versions_of_their_link(studio, shared_cut):
    v1 = make_version(shared_cut, playable=True)
    services.comment_post(version=v1, by=studio.acme_user, text="Logo too small", frame=50)
    v2 = make_version(shared_cut, playable=True)
    whole = services.share_link_create(cut=shared_cut, by=studio.producer)
    assert [t.text for t in carried_threads_of(version=v2, link=whole)] == ["Logo too small"]
    only_v2 = services.share_link_create(cut=shared_cut, by=studio.producer, versions=[v2])
    assert carried_threads_of(version=v2, link=only_v2) == []
