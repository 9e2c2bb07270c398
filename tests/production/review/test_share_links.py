"""Share links: a guest without an account opens a link (its password first, wrong ones rate
limited), says who they are, and reviews what the link was made for — the files the player needs
through the link's own door, comments and decisions under their name, a download only when the
link allows it. A revoked or expired link shows nothing, a link shows only its versions, the
team's internal comments never reach a guest, and the team sees who opened it."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client as HttpClient
from django.urls import reverse
from django.utils import timezone

from production.review import services
from production.review.models import Approval, Comment, ShareGuest, ShareLink, ShareVisit
from projects import services as project_services
from projects.models import Stage, TimelineEvent
from tests.production.review.versions import make_version

pytestmark = pytest.mark.django_db

PLAYLIST = "#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=800000\n720p/index.m3u8\n"


@pytest.fixture
def version(shared_cut):
    version = make_version(shared_cut, playable=True)
    render_dir = Path(settings.MEDIA_ROOT) / "renders" / "x"
    render_dir.mkdir(parents=True, exist_ok=True)
    (render_dir / "master.m3u8").write_text(PLAYLIST)
    (render_dir / "proxy.mp4").write_bytes(b"\x00\x00\x00\x18ftypmp42" + b"\x00" * 64)
    original = Path(settings.MEDIA_ROOT) / "originals" / "dc_v1.mov"
    original.parent.mkdir(parents=True, exist_ok=True)
    original.write_bytes(b"original-bytes" * 10)
    version.asset.file.name = "originals/dc_v1.mov"
    version.asset.save(update_fields=["file"])
    return version


def make_link(cut, by, **options) -> ShareLink:
    return services.share_link_create(cut=cut, by=by, **options)


def door(link) -> str:
    return reverse("share-open", kwargs={"token": link.token})


def enter(link, *, password=None, name="Zoë O'Brien", email="zoe@agency.test") -> HttpClient:
    """A fresh browser that opens the link, gives the password if asked, and says who it is."""
    browser = HttpClient()
    if password is not None:
        assert browser.post(door(link), {"password": password}).status_code == 302
    answer = browser.post(door(link), {"name": name, "email": email})
    assert answer.status_code == 302, answer.content.decode()[:500]
    return browser


def page_of(link, version) -> str:
    return reverse("share-version", kwargs={"token": link.token, "version_id": version.pk})


def file_of(link, version, name) -> str:
    render = version.asset.renders.get(preset="ladder")
    return reverse("share-file", kwargs={"token": link.token, "render_id": render.pk, "name": name})


def test_a_guest_enters_with_the_password_and_a_name_and_reviews_the_newest_version(studio, version, shared_cut):
    link = make_link(shared_cut, studio.producer, password="north-light", name="Agency")
    assert len(link.token) >= 40 and "north-light" not in link.password_hash
    browser = HttpClient()
    assert "protected" in browser.get(door(link)).content.decode()
    wrong = browser.post(door(link), {"password": "guess"})
    assert wrong.status_code == 400 and "not the password" in wrong.content.decode()
    assert browser.get(page_of(link, version))["Location"] == door(link)  # still locked: back to the door
    assert browser.post(door(link), {"password": "north-light"}).status_code == 302
    asked = browser.get(door(link)).content.decode()
    assert "Your name" in asked and "Your email" in asked
    refused = browser.post(door(link), {"name": " ", "email": "not-an-email"})
    assert refused.status_code == 400 and not ShareGuest.objects.exists()
    assert browser.post(door(link), {"name": "Zoë O'Brien", "email": "Zoe@Agency.test"}).status_code == 302
    opened = browser.get(door(link))
    assert opened["Location"] == page_of(link, version)
    page = browser.get(opened["Location"]).content.decode()
    assert "Reviewing as <strong>Zoë O&#x27;Brien</strong>" in page
    assert f"/s/{link.token}/files/" in page and "/media/renders/" not in page  # the link's own door
    assert ShareVisit.objects.get().guest.email == "zoe@agency.test"


def test_a_guests_comment_carries_their_name_and_the_team_sees_it_at_the_frame(studio, as_user, version, shared_cut):
    link = make_link(shared_cut, studio.producer)
    browser = enter(link)
    posted = browser.post(
        reverse("share-comment", kwargs={"token": link.token, "version_id": version.pk}),
        {"text": "<b>Logo</b> too small", "frame": "48"},
    )
    assert posted.status_code == 302
    comment = Comment.objects.get()
    assert (comment.frame, comment.author, comment.author_name, comment.internal) == (48, None, "Zoë O'Brien", False)
    assert comment.guest.email == "zoe@agency.test"
    team_page = as_user(studio.producer).get(reverse("version-review", kwargs={"version_id": version.pk}))
    html = team_page.content.decode()
    assert "Zoë O&#x27;Brien" in html and "&lt;b&gt;Logo&lt;/b&gt; too small" in html
    reply = services.comment_post(version=version, by=studio.producer, text="Will fix", parent=comment)
    guest_page = browser.get(page_of(link, version)).content.decode()
    assert "Will fix" in guest_page and f'id="comment-{reply.pk}"' in guest_page


def test_internal_comments_never_reach_a_guest(studio, version, shared_cut):
    services.comment_post(version=version, by=studio.producer, text="Margin is thin here", frame=10, internal=True)
    said = services.comment_post(version=version, by=studio.acme_user, text="Logo small", frame=4)
    link = make_link(shared_cut, studio.producer)
    browser = enter(link)
    assert "Margin is thin" not in browser.get(page_of(link, version)).content.decode()
    markers = reverse("share-markers", kwargs={"token": link.token, "version_id": version.pk})
    assert [m["id"] for m in browser.get(markers).json()["comments"]] == [str(said.pk)]  # the seek bar's too
    assert HttpClient().get(markers).status_code == 404  # not without the guest's session
    internal = Comment.objects.get(internal=True)
    answer = browser.post(reverse("share-reply", kwargs={"token": link.token, "comment_id": internal.pk}),
                          {"text": "what?"})  # fmt: skip
    assert answer.status_code == 404 and Comment.objects.count() == 2


def test_wrong_passwords_are_rate_limited_even_for_the_right_one_afterwards(studio, shared_cut, version, settings):
    link = make_link(shared_cut, studio.producer, password="north-light")
    browser = HttpClient()
    for _ in range(settings.SHARE_PASSWORD_ATTEMPTS):
        assert browser.post(door(link), {"password": "guess"}).status_code == 400
    blocked = browser.post(door(link), {"password": "north-light"})
    assert blocked.status_code == 429 and "Too many wrong passwords" in blocked.content.decode()
    assert int(blocked["Retry-After"]) == settings.SHARE_PASSWORD_WINDOW
    assert browser.get(page_of(link, version)).status_code == 302  # still locked
    other_place = HttpClient(REMOTE_ADDR="10.9.8.7")  # the per-address count is the address's
    assert other_place.post(door(link), {"password": "north-light"}).status_code == 302


def test_a_revoked_or_expired_link_shows_nothing(studio, version, shared_cut):
    link = make_link(shared_cut, studio.producer)
    browser = enter(link)
    assert browser.get(page_of(link, version)).status_code == 200
    services.share_link_revoke(link=link, by=studio.editor)
    markers = reverse("share-markers", kwargs={"token": link.token, "version_id": version.pk})
    for url in (door(link), page_of(link, version), file_of(link, version, "master.m3u8"), markers):
        answer = browser.get(url)
        assert answer.status_code == 404 and version.cut.title not in answer.content.decode()
    assert "does not work" in browser.get(door(link)).content.decode()
    post = browser.post(reverse("share-comment", kwargs={"token": link.token, "version_id": version.pk}),
                        {"text": "late", "frame": "1"})  # fmt: skip
    assert post.status_code == 404 and not Comment.objects.exists()

    later = make_link(shared_cut, studio.producer, expires_at=timezone.now() + dt.timedelta(hours=1))
    browser = enter(later)
    ShareLink.objects.filter(pk=later.pk).update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    assert browser.get(page_of(later, version)).status_code == 404
    assert browser.get(door(later)).status_code == 404


def test_a_link_shows_only_its_versions_and_a_whole_cut_link_shows_new_ones(studio, version, shared_cut):
    v2 = make_version(shared_cut, playable=True)
    only_v1 = make_link(shared_cut, studio.producer, versions=[version])
    browser = enter(only_v1)
    assert browser.get(door(only_v1))["Location"] == page_of(only_v1, version)
    assert browser.get(page_of(only_v1, v2)).status_code == 404
    assert browser.get(file_of(only_v1, v2, "master.m3u8")).status_code == 404
    whole = make_link(shared_cut, studio.producer)
    browser = enter(whole)
    assert browser.get(door(whole))["Location"] == page_of(whole, v2)  # opens on the newest
    v3 = make_version(shared_cut, playable=True)
    assert browser.get(page_of(whole, v3)).status_code == 200
    other_cut_version = make_version(
        type(shared_cut).objects.create(project=studio.acme_project, title="Other cut"), playable=True
    )
    assert browser.get(page_of(whole, other_cut_version)).status_code == 404


def test_files_need_the_guests_session_and_downloads_need_the_links_permission(studio, version, shared_cut):
    link = make_link(shared_cut, studio.producer)
    assert HttpClient().get(file_of(link, version, "master.m3u8")).status_code == 404  # the token alone: nothing
    browser = enter(link)
    playlist = browser.get(file_of(link, version, "master.m3u8"))
    assert playlist.status_code == 200 and b"".join(playlist.streaming_content).decode() == PLAYLIST
    assert browser.get(file_of(link, version, "proxy.mp4")).status_code == 404  # the whole picture in one file
    download = reverse("share-download", kwargs={"token": link.token, "version_id": version.pk})
    assert browser.get(download).status_code == 404
    assert "Download" not in re.sub(r"<script.*?</script>", "", browser.get(page_of(link, version)).content.decode())

    open_link = make_link(shared_cut, studio.producer, can_download=True)
    browser = enter(open_link)
    got = browser.get(reverse("share-download", kwargs={"token": open_link.token, "version_id": version.pk}))
    assert got.status_code == 200 and b"".join(got.streaming_content) == b"original-bytes" * 10
    assert "attachment" in got["Content-Disposition"]
    assert browser.get(file_of(open_link, version, "proxy.mp4")).status_code == 200


def test_a_guest_approves_when_the_link_allows_it_and_planning_opens(studio, version, shared_cut):
    project = studio.acme_project
    project.stage = Stage.EDIT
    project.save()
    watch_only = make_link(shared_cut, studio.producer, can_comment=False)
    browser = enter(watch_only)
    page = browser.get(page_of(watch_only, version)).content.decode()
    assert 'name="decision"' not in page and "data-comment-form" not in page
    refused = browser.post(reverse("share-decide", kwargs={"token": watch_only.token, "version_id": version.pk}),
                           {"decision": "approved"})  # fmt: skip
    assert refused.status_code == 400 and not Approval.objects.exists()
    assert browser.post(reverse("share-comment", kwargs={"token": watch_only.token, "version_id": version.pk}),
                        {"text": "hi", "frame": "1"}).status_code == 400  # fmt: skip
    assert not Comment.objects.exists()

    approving = make_link(shared_cut, studio.producer, can_approve=True)
    browser = enter(approving, name="Ann Client", email="ann@acme.test")
    assert 'value="approved"' in browser.get(page_of(approving, version)).content.decode()
    decided = browser.post(reverse("share-decide", kwargs={"token": approving.token, "version_id": version.pk}),
                           {"decision": "approved", "note": "Lovely"})  # fmt: skip
    assert decided.status_code == 302
    approval = Approval.objects.get()
    assert (approval.by, approval.by_name, approval.by_email, approval.round, approval.sha256) == (
        None, "Ann Client", "ann@acme.test", "client", version.asset.sha256,
    )  # fmt: skip
    project_services.project_change_stage(project=project, to_stage=Stage.PLANNING, by=studio.producer)


def test_links_are_made_by_producers_and_editors_and_only_producers_let_them_approve(studio, as_user, shared_cut):
    url = reverse("share-links", kwargs={"cut_id": shared_cut.pk})
    for outsider in (studio.acme_user, studio.marketer):
        assert as_user(outsider).get(url).status_code in (403, 404)
        with pytest.raises(PermissionDenied):
            make_link(shared_cut, outsider)
    with pytest.raises(ValidationError) as exc:
        make_link(shared_cut, studio.editor, can_approve=True, password="abc",
                  expires_at=timezone.now() - dt.timedelta(days=1))  # fmt: skip
    assert set(exc.value.message_dict) == {"can_approve", "password", "expires_at"}
    assert not ShareLink.objects.exists()
    editor_form = as_user(studio.editor).get(url).content.decode()
    assert 'name="can_approve"' not in editor_form
    made = as_user(studio.editor).post(url, {"name": "Agency", "can_comment": "on", "expires_on": "2099-01-31"})
    assert made.status_code == 302
    link = ShareLink.objects.get()
    assert (link.name, link.can_comment, link.can_approve, link.created_by) == ("Agency", True, False, studio.editor)
    assert timezone.localtime(link.expires_at).date() == dt.date(2099, 1, 31)
    listing = as_user(studio.editor).get(made["Location"]).content.decode()
    assert f"/s/{link.token}/" in listing
    event = TimelineEvent.objects.get(kind="share.created")
    assert not event.client_visible


def test_the_team_sees_who_opened_a_link_and_revokes_it(studio, as_user, version, shared_cut):
    link = make_link(shared_cut, studio.producer, name="Agency")
    browser = enter(link, name="Zoë", email="zoe@agency.test")
    browser.get(page_of(link, version))
    detail = as_user(studio.producer).get(reverse("share-link", kwargs={"link_id": link.pk})).content.decode()
    assert "zoe@agency.test" in detail and "v1" in detail
    browser.get(page_of(link, version))  # the same guest again: one person, two views
    listing = as_user(studio.producer).get(reverse("share-links", kwargs={"cut_id": shared_cut.pk})).content.decode()
    assert "Opened by 1 person (2 views)" in listing
    assert as_user(studio.globex_user).get(reverse("share-link", kwargs={"link_id": link.pk})).status_code == 404
    assert as_user(studio.acme_user).get(reverse("share-link", kwargs={"link_id": link.pk})).status_code == 404
    revoked = as_user(studio.producer).post(reverse("share-link-revoke", kwargs={"link_id": link.pk}))
    assert revoked.status_code == 302
    link.refresh_from_db()
    assert link.status == "revoked" and link.revoked_by == studio.producer
    assert browser.get(page_of(link, version)).status_code == 404
    assert TimelineEvent.objects.filter(kind="share.revoked", client_visible=False).count() == 1


def test_the_api_makes_lists_and_revokes_links_for_the_team_only(studio, version, shared_cut):
    from rest_framework.test import APIClient

    def api(user):
        client = APIClient()
        client.force_authenticate(user)
        return client

    made = api(studio.producer).post(
        "/api/share-links/",
        {"cut": str(shared_cut.pk), "name": "Agency", "versions": [str(version.pk)], "password": "north-light",
         "can_approve": True},
        format="json",
    )  # fmt: skip
    assert made.status_code == 201, made.json()
    body = made.json()
    assert body["url"].startswith("http://testserver/s/") and body["has_password"] and "password" not in body
    assert body["versions"] == [str(version.pk)] and body["status"] == "active"
    link = ShareLink.objects.get()
    assert [row["id"] for row in api(studio.editor).get("/api/share-links/").json()["results"]] == [str(link.pk)]
    for outsider in (studio.acme_user, studio.marketer, studio.globex_user):
        assert api(outsider).get("/api/share-links/").json()["results"] == []
        assert api(outsider).post(f"/api/share-links/{link.pk}/revoke/").status_code == 404
    refused = api(studio.editor).post("/api/share-links/", {"cut": str(shared_cut.pk), "can_approve": True},
                                      format="json")  # fmt: skip
    assert refused.status_code == 400 and "can_approve" in refused.json()["error"]["fields"]
    new = {"cut": str(shared_cut.pk)}
    assert api(studio.acme_user).post("/api/share-links/", new, format="json").status_code == 403  # sees the cut
    assert api(studio.globex_user).post("/api/share-links/", new, format="json").status_code == 404
    revoked = api(studio.editor).post(f"/api/share-links/{link.pk}/revoke/")
    assert revoked.json()["status"] == "revoked"
    assert ShareLink.objects.count() == 1


def test_a_watermarking_link_plays_only_the_guests_own_copy(studio, version, shared_cut, settings):
    from production.media.models import Render

    link = make_link(shared_cut, studio.producer, watermark=True, can_download=True)
    zoe = enter(link, name="Zoë", email="zoe@agency.test")
    page = zoe.get(page_of(link, version)).content.decode()
    assert "Preparing your copy" in page and f"/s/{link.token}/files/" not in page
    copy = Render.objects.get(preset="watermark")
    assert copy.spec["text"] == "Zoë · zoe@agency.test" and copy.asset == version.asset
    assert zoe.get(file_of(link, version, "master.m3u8")).status_code == 404  # the clean ladder: never
    download = reverse("share-download", kwargs={"token": link.token, "version_id": version.pk})
    assert zoe.get(download).status_code == 404  # no copy yet, and never the original
    status_url = reverse("share-copy-status", kwargs={"token": link.token, "version_id": version.pk})
    waiting = zoe.get(status_url)
    assert "Preparing your copy" in waiting.content.decode() and "HX-Refresh" not in waiting

    copy_dir = Path(settings.MEDIA_ROOT) / "renders" / "copy"
    copy_dir.mkdir(parents=True)
    (copy_dir / "master.m3u8").write_text(PLAYLIST)
    (copy_dir / "proxy.mp4").write_bytes(b"watermarked-mp4")
    Render.objects.filter(pk=copy.pk).update(
        status=Render.Status.SUCCEEDED, progress=100, output_dir="renders/copy",
        outputs={"files": {"master.m3u8": "hls_master", "proxy.mp4": "proxy"},
                 "main": {"hls_master": "master.m3u8", "proxy": "proxy.mp4"}, "renditions": []},
    )  # fmt: skip
    assert zoe.get(status_url)["HX-Refresh"] == "true"
    page = zoe.get(page_of(link, version)).content.decode()
    copy_file = reverse("share-file", kwargs={"token": link.token, "render_id": copy.pk, "name": "master.m3u8"})
    assert copy_file in page
    assert zoe.get(copy_file).status_code == 200
    got = zoe.get(download)
    assert b"".join(got.streaming_content) == b"watermarked-mp4" and "Zo" in got["Content-Disposition"]

    ann = enter(link, name="Ann", email="ann@acme.test")
    assert ann.get(copy_file).status_code == 404  # Zoë's copy is Zoë's
    ann.get(page_of(link, version))
    assert Render.objects.filter(preset="watermark").count() == 2


def test_when_the_project_names_its_approvers_a_link_cannot_approve(studio, version, shared_cut):
    link = make_link(shared_cut, studio.producer, can_approve=True)
    services.review_policy_update(project=studio.acme_project, by=studio.producer, approvers=[studio.acme_user])
    browser = enter(link)
    assert 'name="decision"' not in browser.get(page_of(link, version)).content.decode()
    refused = browser.post(reverse("share-decide", kwargs={"token": link.token, "version_id": version.pk}),
                           {"decision": "approved"})  # fmt: skip
    assert refused.status_code == 400 and not Approval.objects.exists()
