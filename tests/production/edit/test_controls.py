"""The controls on cuts and media that users asked for: share a cut with the client (or hide it),
rename a cut or a file, delete a file nothing needs; and clients see versions by number.

Assets here are made directly (no ffmpeg): these controls are about rows, files and pages.
"""

from __future__ import annotations

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.urls import reverse
from rest_framework.test import APIClient

from production.edit.models import Cut, Version
from production.media.models import MediaAsset, Render, asset_upload_to
from projects.models import TimelineEvent

pytestmark = pytest.mark.django_db


def text(response) -> str:
    return response.content.decode()


def api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def section_url(project) -> str:
    return reverse("project-media-section", kwargs={"project_id": project.pk})


def asset_url(asset) -> str:
    return reverse("asset-detail", kwargs={"asset_id": asset.pk})


def make_asset(project, *, cut: Cut | None = None, name: str = "A001_C002.mov", status=MediaAsset.Status.READY):
    """An asset with a stored file and a finished render with one output, as an upload leaves it."""
    asset = MediaAsset.objects.create(
        project=project,
        purpose=MediaAsset.Purpose.VERSION if cut else MediaAsset.Purpose.DAILY,
        status=status,
        original_name=name,
        size=5,
        duration=3.0,
    )
    asset.file.save(asset_upload_to(asset, name), ContentFile(b"bytes"), save=True)
    render = Render.objects.create(
        asset=asset, status=Render.Status.SUCCEEDED, progress=100, output_dir="",
        outputs={"files": {"poster.jpg": "poster"}, "main": {"poster": "poster.jpg"}, "renditions": []},
    )  # fmt: skip
    render.output_dir = f"renders/{render.pk}"
    render.save(update_fields=["output_dir"])
    default_storage.save(f"renders/{render.pk}/poster.jpg", ContentFile(b"jpeg"))
    if cut is not None:
        number = cut.versions.count() + 1
        Version.objects.create(cut=cut, number=number, asset=asset)
    return asset


# --- Sharing a cut with the client -----------------------------------------------------------------


def visibility_url(cut) -> str:
    return reverse("cut-visibility", kwargs={"cut_id": cut.pk})


def test_producer_shares_a_cut_and_hides_it_again(studio, as_user, internal_cut):
    version = make_asset(studio.acme_project, cut=internal_cut, name="assembly_v1.mov")
    staff_page = text(as_user(studio.producer).get(section_url(studio.acme_project)))
    assert visibility_url(internal_cut) in staff_page and "Share with client" in staff_page
    client = as_user(studio.acme_user)
    assert "Rough assembly" not in text(client.get(section_url(studio.acme_project)))
    assert client.get(asset_url(version)).status_code == 404

    shared = as_user(studio.producer).post(visibility_url(internal_cut), {"client_visible": "true"})
    assert shared.status_code == 302
    assert shared["Location"] == reverse("project-detail", kwargs={"project_id": studio.acme_project.pk}) + "#media"
    internal_cut.refresh_from_db()
    assert internal_cut.client_visible
    client_page = text(client.get(section_url(studio.acme_project)))
    assert "Rough assembly" in client_page and "Version 1" in client_page
    assert client.get(asset_url(version)).status_code == 200
    event = TimelineEvent.objects.get(kind="cut.shared")
    assert event.client_visible and event.actor == studio.producer and "Acme" in event.summary
    assert "Hide from client" in text(as_user(studio.producer).get(section_url(studio.acme_project)))

    hidden = as_user(studio.editor).post(visibility_url(internal_cut), {"client_visible": "false"})
    assert hidden.status_code == 302
    internal_cut.refresh_from_db()
    assert not internal_cut.client_visible
    assert client.get(asset_url(version)).status_code == 404
    hide_event = TimelineEvent.objects.get(kind="cut.hidden")
    assert not hide_event.client_visible  # the client is not told what was taken away
    timeline = text(as_user(studio.producer).get(reverse("project-timeline", args=[studio.acme_project.pk])))
    assert "Cut shared with the client" in timeline and "Cut made team only" in timeline


def test_only_producers_and_editors_share_and_a_client_never_changes_it(studio, as_user, shared_cut, internal_cut):
    assert as_user(studio.marketer).post(visibility_url(internal_cut), {"client_visible": "true"}).status_code == 403
    # the client of the project sees the shared cut, but cannot hide it (nor see the internal one)
    assert as_user(studio.acme_user).post(visibility_url(shared_cut), {"client_visible": "false"}).status_code == 403
    assert as_user(studio.acme_user).post(visibility_url(internal_cut), {"client_visible": "true"}).status_code == 404
    # another company's client: neither cut exists
    assert as_user(studio.globex_user).post(visibility_url(shared_cut), {"client_visible": "false"}).status_code == 404
    shared_cut.refresh_from_db()
    internal_cut.refresh_from_db()
    assert shared_cut.client_visible and not internal_cut.client_visible
    assert not TimelineEvent.objects.filter(kind__in=["cut.shared", "cut.hidden"]).exists()


def test_bad_share_input_is_explained_and_changes_nothing(studio, as_user, internal_cut):
    response = as_user(studio.producer).post(visibility_url(internal_cut), {"client_visible": "maybe"})
    assert response.status_code == 400
    assert "true or false, not “maybe”" in text(response)
    internal_cut.refresh_from_db()
    assert not internal_cut.client_visible


def test_api_shares_a_cut_for_staff_and_refuses_clients(studio, shared_cut, internal_cut):
    url = f"/api/cuts/{internal_cut.pk}/"
    response = api(studio.editor).patch(url, {"client_visible": True}, format="json")
    assert response.status_code == 200, response.content
    assert response.json()["client_visible"] is True
    assert TimelineEvent.objects.filter(kind="cut.shared", subject_id=str(internal_cut.pk)).exists()
    refused = api(studio.acme_user).patch(f"/api/cuts/{shared_cut.pk}/", {"client_visible": False}, format="json")
    assert refused.status_code == 403 and refused.json()["error"]["code"] == "permission_denied"
    foreign = api(studio.globex_user).patch(url, {"client_visible": False}, format="json")
    assert foreign.status_code == 404
    bad = api(studio.producer).patch(url, {"client_visible": "perhaps"}, format="json")
    assert bad.status_code == 400 and "client_visible" in bad.json()["error"]["fields"]
    shared_cut.refresh_from_db()
    internal_cut.refresh_from_db()
    assert shared_cut.client_visible and internal_cut.client_visible


# --- Renaming a cut --------------------------------------------------------------------------------


def rename_url(cut) -> str:
    return reverse("cut-rename", kwargs={"cut_id": cut.pk})


def test_editor_renames_a_cut(studio, as_user, shared_cut):
    page = text(as_user(studio.editor).get(section_url(studio.acme_project)))
    assert rename_url(shared_cut) in page
    response = as_user(studio.editor).post(rename_url(shared_cut), {"title": "  Final cut "})
    assert response.status_code == 302
    shared_cut.refresh_from_db()
    assert shared_cut.title == "Final cut"
    event = TimelineEvent.objects.get(kind="cut.renamed")
    assert event.data == {"from": "Director's cut", "to": "Final cut"} and event.client_visible
    assert "Final cut" in text(as_user(studio.acme_user).get(section_url(studio.acme_project)))


def test_cut_rename_follows_the_new_cut_rules_and_bad_input_changes_nothing(studio, as_user, shared_cut, internal_cut):
    browser = as_user(studio.producer)
    taken = browser.post(rename_url(internal_cut), {"title": "DIRECTOR'S CUT"})
    assert taken.status_code == 400
    assert "There is already a cut called “DIRECTOR&#x27;S CUT”." in text(taken)
    assert 'value="DIRECTOR&#x27;S CUT"' in text(taken)  # what was typed stays in the field
    blank = browser.post(rename_url(internal_cut), {"title": "   "})
    assert blank.status_code == 400 and "Give the cut a title." in text(blank)
    invisible = browser.post(rename_url(internal_cut), {"title": "Cut\u202e"})
    assert invisible.status_code == 400 and "invisible characters" in text(invisible)
    assert browser.post(rename_url(internal_cut), {"title": "x" * 201}).status_code == 400
    # the same title in other letters is the cut's own: allowed
    assert browser.post(rename_url(shared_cut), {"title": "Director's Cut"}).status_code == 302
    assert as_user(studio.acme_user).post(rename_url(shared_cut), {"title": "Mine"}).status_code == 403
    assert as_user(studio.marketer).post(rename_url(shared_cut), {"title": "Mine"}).status_code == 403
    assert as_user(studio.globex_user).post(rename_url(shared_cut), {"title": "Mine"}).status_code == 404
    internal_cut.refresh_from_db()
    shared_cut.refresh_from_db()
    assert internal_cut.title == "Rough assembly" and shared_cut.title == "Director's Cut"


def test_api_renames_a_cut_with_the_same_rules(studio, shared_cut, internal_cut):
    ok = api(studio.producer).patch(f"/api/cuts/{internal_cut.pk}/", {"title": "Assembly B"}, format="json")
    assert ok.status_code == 200 and ok.json()["title"] == "Assembly B"
    clash = api(studio.producer).patch(
        f"/api/cuts/{internal_cut.pk}/", {"title": "director's cut", "client_visible": True}, format="json"
    )
    assert clash.status_code == 400 and "title" in clash.json()["error"]["fields"]
    internal_cut.refresh_from_db()
    assert internal_cut.title == "Assembly B" and not internal_cut.client_visible  # all or nothing
    assert api(studio.acme_user).patch(f"/api/cuts/{shared_cut.pk}/", {"title": "X"}, format="json").status_code == 403


# --- Renaming a file -------------------------------------------------------------------------------


def asset_rename_url(asset) -> str:
    return reverse("asset-rename", kwargs={"asset_id": asset.pk})


def test_staff_give_a_file_a_title_and_the_file_name_stays_for_the_download(studio, as_user, shared_cut):
    daily = make_asset(studio.acme_project, name="A001_C002.mov")
    page = text(as_user(studio.producer).get(asset_url(daily)))
    assert asset_rename_url(daily) in page
    response = as_user(studio.producer).post(asset_rename_url(daily), {"title": "Wide shot, take 2"})
    assert response.status_code == 302
    daily.refresh_from_db()
    assert daily.title == "Wide shot, take 2" and daily.original_name == "A001_C002.mov"
    section = text(as_user(studio.editor).get(section_url(studio.acme_project)))
    assert "Wide shot, take 2" in section and "A001_C002.mov" in section  # the file name is still shown
    download = as_user(studio.producer).get(reverse("asset-download", kwargs={"asset_id": daily.pk}))
    assert 'filename="A001_C002.mov"' in download["Content-Disposition"]
    event = TimelineEvent.objects.get(kind="asset.renamed")
    assert event.data["from"] == "A001_C002.mov" and event.data["to"] == "Wide shot, take 2"
    # a blank title shows the file name again
    assert as_user(studio.producer).post(asset_rename_url(daily), {"title": ""}).status_code == 302
    daily.refresh_from_db()
    assert daily.display_name == "A001_C002.mov"


def test_file_rename_refuses_bad_titles_and_clients(studio, as_user, shared_cut):
    version = make_asset(studio.acme_project, cut=shared_cut, name="dc_v1.mov")
    bad = as_user(studio.editor).post(asset_rename_url(version), {"title": "Take\u200f 2"})
    assert bad.status_code == 400 and "invisible characters" in text(bad)
    assert as_user(studio.acme_user).post(asset_rename_url(version), {"title": "Mine"}).status_code == 403
    assert as_user(studio.globex_user).post(asset_rename_url(version), {"title": "Mine"}).status_code == 404
    assert as_user(studio.marketer).post(asset_rename_url(version), {"title": "Mine"}).status_code == 403
    version.refresh_from_db()
    assert version.title == ""
    client_page = text(as_user(studio.acme_user).get(asset_url(version)))
    assert asset_rename_url(version) not in client_page and "Save title" not in client_page


def test_api_gives_a_file_a_title_for_staff_only(studio, shared_cut):
    version = make_asset(studio.acme_project, cut=shared_cut, name="dc_v1.mov")
    ok = api(studio.editor).patch(f"/api/assets/{version.pk}/", {"title": "Director's cut, grade 1"}, format="json")
    assert ok.status_code == 200, ok.content
    body = ok.json()
    assert body["title"] == "Director's cut, grade 1" and body["original_name"] == "dc_v1.mov"
    assert body["display_name"] == "Director's cut, grade 1"
    refused = api(studio.acme_user).patch(f"/api/assets/{version.pk}/", {"title": "Mine"}, format="json")
    assert refused.status_code == 403
    assert api(studio.globex_user).patch(f"/api/assets/{version.pk}/", {"title": "X"}, format="json").status_code == 404
    version.refresh_from_db()
    assert version.title == "Director's cut, grade 1"


# --- Deleting a file -------------------------------------------------------------------------------


def delete_url(asset) -> str:
    return reverse("asset-delete", kwargs={"asset_id": asset.pk})


def stored(asset) -> list[str]:
    return [asset.file.name, *(f"{r.output_dir}/poster.jpg" for r in asset.renders.all())]


def test_an_unusable_upload_can_be_deleted_and_the_timeline_keeps_a_record(
    studio, as_user, shared_cut, django_capture_on_commit_callbacks
):
    good = make_asset(studio.acme_project, cut=shared_cut, name="dc_v1.mov")
    broken = make_asset(studio.acme_project, cut=shared_cut, name="notes.mp4", status=MediaAsset.Status.UNUSABLE)
    files = stored(broken)
    assert all(default_storage.exists(name) for name in files)
    page = text(as_user(studio.editor).get(asset_url(broken)))
    assert delete_url(broken) in page and "Delete this version" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = as_user(studio.editor).post(delete_url(broken))
    assert response.status_code == 302
    assert response["Location"] == reverse("project-detail", kwargs={"project_id": studio.acme_project.pk}) + "#media"
    assert not MediaAsset.objects.filter(pk=broken.pk).exists()
    assert list(shared_cut.versions.values_list("number", flat=True)) == [1]
    assert not any(default_storage.exists(name) for name in files)  # the stored files are gone too
    assert all(default_storage.exists(name) for name in stored(good))  # and nothing else
    event = TimelineEvent.objects.get(kind="asset.deleted")
    assert event.data["original_name"] == "notes.mp4" and event.data["version"] == 2
    assert "deleted version 2 of “Director's cut”" in event.summary and event.actor == studio.editor
    assert "Media deleted" in text(
        as_user(studio.producer).get(reverse("project-timeline", args=[studio.acme_project.pk]))
    )


def test_dailies_can_be_deleted(studio, as_user, django_capture_on_commit_callbacks):
    daily = make_asset(studio.acme_project, name="A001_C003.mov")
    files = stored(daily)
    with django_capture_on_commit_callbacks(execute=True):
        assert as_user(studio.producer).post(delete_url(daily)).status_code == 302
    assert not MediaAsset.objects.filter(pk=daily.pk).exists()
    assert not any(default_storage.exists(name) for name in files)
    assert "A001_C003.mov" not in text(as_user(studio.producer).get(section_url(studio.acme_project)))


def test_what_a_cut_needs_or_a_render_uses_is_never_deleted(studio, as_user, shared_cut):
    version = make_asset(studio.acme_project, cut=shared_cut, name="dc_v1.mov")
    page = text(as_user(studio.producer).get(asset_url(version)))
    assert delete_url(version) not in page
    refused = as_user(studio.producer).post(delete_url(version))
    assert refused.status_code == 400
    assert "is version 1 of “Director&#x27;s cut” and stays with the cut" in text(refused)
    busy = make_asset(studio.acme_project, name="A001_C004.mov", status=MediaAsset.Status.PROCESSING)
    Render.objects.create(asset=busy, status=Render.Status.RUNNING, progress=30)
    refused_busy = as_user(studio.producer).post(delete_url(busy))
    assert refused_busy.status_code == 400 and "still being processed" in text(refused_busy)
    assert MediaAsset.objects.filter(pk__in=[version.pk, busy.pk]).count() == 2
    assert all(default_storage.exists(name) for name in stored(version))
    assert not TimelineEvent.objects.filter(kind="asset.deleted").exists()


def test_only_producers_and_editors_delete(studio, as_user, shared_cut):
    good = make_asset(studio.acme_project, cut=shared_cut, name="dc_v1.mov")
    broken = make_asset(studio.acme_project, cut=shared_cut, name="notes.mp4", status=MediaAsset.Status.UNUSABLE)
    daily = make_asset(studio.acme_project, name="A001_C005.mov")
    assert as_user(studio.marketer).post(delete_url(daily)).status_code == 403
    assert as_user(studio.acme_user).post(delete_url(good)).status_code == 403  # sees it, cannot delete it
    assert as_user(studio.acme_user).post(delete_url(broken)).status_code == 404  # never sees an unusable file
    assert as_user(studio.acme_user).post(delete_url(daily)).status_code == 404  # never sees dailies
    assert as_user(studio.globex_user).post(delete_url(broken)).status_code == 404
    assert "Delete" not in text(as_user(studio.acme_user).get(asset_url(good)))
    assert MediaAsset.objects.filter(pk__in=[good.pk, broken.pk, daily.pk]).count() == 3


def test_api_deletes_what_nothing_needs(studio, shared_cut, django_capture_on_commit_callbacks):
    version = make_asset(studio.acme_project, cut=shared_cut, name="dc_v1.mov")
    daily = make_asset(studio.acme_project, name="A001_C006.mov")
    refused = api(studio.producer).delete(f"/api/assets/{version.pk}/")
    assert refused.status_code == 400 and "stays with the cut" in refused.json()["error"]["message"]
    assert api(studio.acme_user).delete(f"/api/assets/{version.pk}/").status_code == 403
    assert api(studio.globex_user).delete(f"/api/assets/{version.pk}/").status_code == 404
    with django_capture_on_commit_callbacks(execute=True):
        assert api(studio.editor).delete(f"/api/assets/{daily.pk}/").status_code == 204
    assert list(MediaAsset.objects.values_list("pk", flat=True)) == [version.pk]


# --- What a client calls a version -----------------------------------------------------------------


def test_clients_see_version_numbers_not_file_names(studio, as_user, shared_cut):
    v1 = make_asset(studio.acme_project, cut=shared_cut, name="DC_export_final_FINAL.mov")
    v2 = make_asset(studio.acme_project, cut=shared_cut, name="DC_export_v2_grade.mov")
    client = as_user(studio.acme_user)
    for page in (text(client.get(section_url(studio.acme_project))), text(client.get(asset_url(v2)))):
        assert "Version 1" in page and "Version 2" in page
        assert "DC_export" not in page
    assert "0:03" in text(client.get(section_url(studio.acme_project)))  # the duration is still there
    body = api(studio.acme_user).get(f"/api/assets/{v1.pk}/").json()
    assert body["display_name"] == "Version 1" and "original_name" not in body and "title" not in body
    staff = text(as_user(studio.producer).get(asset_url(v2)))
    assert "DC_export_final_FINAL.mov" in staff and "DC_export_v2_grade.mov" in staff
    assert api(studio.producer).get(f"/api/assets/{v1.pk}/").json()["original_name"] == "DC_export_final_FINAL.mov"


def test_asset_list_api_queries_stay_constant_for_clients(studio, shared_cut, django_assert_max_num_queries):
    make_asset(studio.acme_project, cut=shared_cut)
    client = api(studio.acme_user)
    with django_assert_max_num_queries(10) as small:
        assert client.get("/api/assets/").status_code == 200
    for _ in range(5):
        make_asset(studio.acme_project, cut=shared_cut)
    with django_assert_max_num_queries(len(small.captured_queries)):
        body = client.get("/api/assets/").json()
    assert [a["display_name"] for a in body["results"]] == [f"Version {n}" for n in range(6, 0, -1)]


def test_clients_never_see_a_version_that_cannot_be_played(
    studio, as_user, shared_cut, tmp_path, django_capture_on_commit_callbacks
):
    """A text file uploaded as v2 of a shared cut: the team sees it marked unusable; the client
    sees only v1 — not in the cut's list, the version switcher, the API, nor the timeline."""
    from production.media import services

    good = make_asset(studio.acme_project, cut=shared_cut, name="dc_v1.mov")
    notes = tmp_path / "notes.mp4"
    notes.write_text("not a video")
    with django_capture_on_commit_callbacks(execute=True):  # the ingest runs inline and finds text
        broken = services.asset_import(
            project=studio.acme_project, path=notes, by=studio.editor, target="cut", target_ref=shared_cut.pk
        )
    broken.refresh_from_db()
    assert broken.status == MediaAsset.Status.UNUSABLE and broken.version.number == 2

    team = text(as_user(studio.editor).get(section_url(studio.acme_project)))
    assert "notes.mp4" in team and "Unusable" in team
    client = as_user(studio.acme_user)
    section = text(client.get(section_url(studio.acme_project)))
    assert "Version 1" in section and "Version 2" not in section and "Unusable" not in section
    assert "Version 2" not in text(client.get(asset_url(good)))  # the version switcher
    assert client.get(asset_url(broken)).status_code == 404
    listed = api(studio.acme_user).get("/api/assets/").json()
    assert [a["id"] for a in listed["results"]] == [str(good.pk)]
    timeline = text(client.get(reverse("project-timeline", args=[studio.acme_project.pk])))
    assert "version 2" not in timeline and "cannot be used" not in timeline
    staff_timeline = text(as_user(studio.producer).get(reverse("project-timeline", args=[studio.acme_project.pk])))
    assert "uploaded version 2" in staff_timeline  # kept for the team


INTERNAL_ASSET_FIELDS = {
    "original_name", "title", "sha256", "size", "unusable_reason", "format_name", "pix_fmt", "bit_depth",
    "video_codec", "audio_codec", "audio_channels", "sample_rate", "interlaced", "variable_frame_rate",
    "loudness_lufs", "true_peak_dbtp", "qc_findings",
}  # fmt: skip
INTERNAL_RENDER_FIELDS = {"attempts", "cancel_requested", "error", "started_at"}


def test_a_clients_api_body_holds_no_internal_field(studio, shared_cut):
    """One rule (production.selectors.asset_fields_for) says which fields a client reads: the
    list, the detail and the render endpoint leave out file names, hashes, codecs, loudness and
    QC; the studio's staff get them all."""
    asset = make_asset(studio.acme_project, cut=shared_cut, name="DC_export_final.mov")
    MediaAsset.objects.filter(pk=asset.pk).update(sha256="ab" * 32, loudness_lufs=-23.1, video_codec="h264")
    render = asset.renders.get()
    client = api(studio.acme_user)
    bodies = [client.get(f"/api/assets/{asset.pk}/").json(), *client.get("/api/assets/").json()["results"]]
    for body in bodies:
        assert body["id"] == str(asset.pk) and body["display_name"] == "Version 1" and body["duration"] == 3.0
        assert not INTERNAL_ASSET_FIELDS & body.keys(), body.keys()
        assert not INTERNAL_RENDER_FIELDS & body["latest_render"].keys(), body["latest_render"].keys()
        assert "ab" * 32 not in str(body) and "DC_export" not in str(body)
    render_body = client.get(f"/api/renders/{render.pk}/").json()
    assert render_body["status"] == "succeeded" and not INTERNAL_RENDER_FIELDS & render_body.keys()

    staff = api(studio.editor).get(f"/api/assets/{asset.pk}/").json()
    assert staff.keys() >= INTERNAL_ASSET_FIELDS and staff["sha256"] == "ab" * 32
    assert staff["loudness_lufs"] == -23.1 and staff["latest_render"].keys() >= INTERNAL_RENDER_FIELDS
