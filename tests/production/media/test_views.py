"""The production pages and media views, on assets made by a real (small) ingest.

Every clip is generated with lavfi once per session; each test stores it as a MediaAsset and
runs the real probe and render (Celery runs inline in the tests), so the pages show what
ffmpeg really made: playlists, segments, poster, sprite, thumbnails track, waveform, QC.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest
from django.core.files import File
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.test import Client as HttpClient
from django.urls import reverse

from production.edit.models import Cut, Version
from production.media import services
from production.media.engine import timecode
from production.media.models import MediaAsset, QCFinding, Render, Upload, asset_upload_to
from production.media.views import loudness_verdict
from production.shoot import services as shoot_services
from projects.models import TimelineEvent
from tests.production.media import clips

pytestmark = pytest.mark.django_db


# --- Clips (once per session) and real ingests -----------------------------------------------------


@pytest.fixture(scope="session")
def clip_dir(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("view-clips")


@pytest.fixture(scope="session")
def small_clip(clip_dir) -> Path:
    path = clip_dir / "take 1.mp4"
    clips.h264_small(path)  # 2 s, 640x360, 25 fps, tone
    return path


@pytest.fixture(scope="session")
def qc_clip(clip_dir) -> Path:
    path = clip_dir / "qc.mp4"
    clips.qc_clip(path)  # 5 s with black, frozen and silent stretches
    return path


@pytest.fixture(scope="session")
def text_clip(clip_dir) -> Path:
    path = clip_dir / "notes.mp4"
    clips.text_as_mp4(path)
    return path


def store(project, path: Path, *, cut: Cut | None = None, by=None, name: str | None = None) -> MediaAsset:
    """What an upload leaves behind: the asset with its file in storage (and the cut's next version)."""
    asset = MediaAsset.objects.create(
        project=project,
        purpose=MediaAsset.Purpose.VERSION if cut else MediaAsset.Purpose.DAILY,
        status=MediaAsset.Status.PROCESSING,
        original_name=name or path.name,
        size=path.stat().st_size,
        sha256=hashlib.sha256(path.read_bytes()).hexdigest(),
        uploaded_by=by,
    )
    with path.open("rb") as fh:
        asset.file.save(asset_upload_to(asset, path.name), File(fh), save=True)
    if cut is not None:
        number = (cut.versions.count() or 0) + 1
        Version.objects.create(cut=cut, number=number, asset=asset, created_by=by)
    return asset


@pytest.fixture
def ingest(django_capture_on_commit_callbacks):
    """Probe and render an asset for real (the render task runs inline on commit)."""

    def run(asset: MediaAsset) -> MediaAsset:
        with django_capture_on_commit_callbacks(execute=True):
            services.asset_probe(asset=asset)
        asset.refresh_from_db()
        return asset

    return run


@pytest.fixture
def shared_version(studio, shared_cut, small_clip, ingest) -> MediaAsset:
    asset = ingest(store(studio.acme_project, small_clip, cut=shared_cut, by=studio.editor))
    assert asset.status == MediaAsset.Status.READY, asset.unusable_reason
    return asset


@pytest.fixture
def internal_version(studio, internal_cut, small_clip, ingest) -> MediaAsset:
    return ingest(store(studio.acme_project, small_clip, cut=internal_cut, by=studio.editor, name="assembly.mp4"))


def text(response) -> str:
    return response.content.decode()


def done_render(asset: MediaAsset) -> Render:
    return asset.renders.get(status=Render.Status.SUCCEEDED)


def file_url(render: Render, name: str) -> str:
    return reverse("render-file", kwargs={"render_id": render.pk, "name": name})


def section_url(project) -> str:
    return reverse("project-media-section", kwargs={"project_id": project.pk})


def asset_url(asset) -> str:
    return reverse("asset-detail", kwargs={"asset_id": asset.pk})


def streamed(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


# --- The project's cuts and media -------------------------------------------------------------------


def test_staff_see_every_cut_version_and_dailies_with_controls(
    studio, as_user, shared_version, internal_version, small_clip, ingest
):
    daily = ingest(store(studio.acme_project, small_clip, by=studio.producer, name="A001_C002.mp4"))
    page = text(as_user(studio.producer).get(section_url(studio.acme_project)))
    assert "Director&#x27;s cut" in page and "Rough assembly" in page
    assert "take 1.mp4" in page and "assembly.mp4" in page and "A001_C002.mp4" in page
    assert "Dailies and other material" in page
    assert "Client can watch" in page and "Team only" in page
    # the poster of each version comes through the checked media URL
    assert file_url(done_render(shared_version), "poster.jpg") in page
    assert file_url(done_render(daily), "poster.jpg") in page
    assert "0:02" in page  # duration
    assert reverse("project-upload", kwargs={"project_id": studio.acme_project.pk}) in page
    assert "New cut" in page and "Upload v2" in page


def test_clients_see_only_client_visible_versions_and_no_controls(
    studio, as_user, shared_version, internal_version, small_clip, ingest
):
    ingest(store(studio.acme_project, small_clip, by=studio.producer, name="A001_C002.mp4"))
    response = as_user(studio.acme_user).get(section_url(studio.acme_project))
    assert response.status_code == 200
    page = text(response)
    assert "Director&#x27;s cut" in page and "Version 1" in page
    assert "take 1.mp4" not in page  # clients see "Version 1", never the uploaded file's name
    assert "Rough assembly" not in page and "assembly.mp4" not in page
    assert "A001_C002.mp4" not in page and "Dailies" not in page
    assert "Upload" not in page and "New cut" not in page and "Cancel" not in page
    assert "Team only" not in page
    assert "Share with client" not in page and "Hide from client" not in page and "Rename" not in page


def test_empty_section_says_what_to_do_next(studio, as_user):
    staff_page = text(as_user(studio.producer).get(section_url(studio.acme_project)))
    assert "No cuts or footage yet" in staff_page and "Start a cut below" in staff_page
    client_page = text(as_user(studio.acme_user).get(section_url(studio.acme_project)))
    assert "Nothing to watch yet" in client_page


def test_project_page_loads_the_media_section(studio, as_user):
    page = text(as_user(studio.producer).get(reverse("project-detail", kwargs={"project_id": studio.acme_project.pk})))
    assert f'hx-get="{section_url(studio.acme_project)}"' in page
    assert reverse("project-media", kwargs={"project_id": studio.acme_project.pk}) in page  # works without JS


def test_other_company_cannot_open_the_section(studio, as_user, shared_version):
    assert as_user(studio.globex_user).get(section_url(studio.acme_project)).status_code == 404
    page = as_user(studio.acme_user).get(reverse("project-media", kwargs={"project_id": studio.acme_project.pk}))
    assert page.status_code == 200 and "Version 1" in text(page)


def _fake_version(cut: Cut, number: int) -> None:
    asset = MediaAsset.objects.create(
        project=cut.project, purpose=MediaAsset.Purpose.VERSION, status=MediaAsset.Status.READY,
        original_name=f"v{number}.mp4", duration=3.0,
    )  # fmt: skip
    Version.objects.create(cut=cut, number=number, asset=asset)
    Render.objects.create(
        asset=asset, status=Render.Status.SUCCEEDED, output_dir=f"renders/x{number}", progress=100,
        outputs={"files": {"poster.jpg": "poster"}, "main": {"poster": "poster.jpg"}, "renditions": []},
    )  # fmt: skip
    Render.objects.create(asset=asset, status=Render.Status.RUNNING, progress=40, eta_seconds=30)


def _fake_daily(project, n: int) -> None:
    asset = MediaAsset.objects.create(project=project, purpose=MediaAsset.Purpose.DAILY, original_name=f"d{n}.mov")
    Render.objects.create(asset=asset, status=Render.Status.QUEUED)


def test_section_query_count_is_constant(studio, as_user, django_assert_max_num_queries):
    browser = as_user(studio.producer)
    project = studio.acme_project

    def grow(n: int) -> None:
        for i in range(n):
            cut = Cut.objects.create(project=project, title=f"Cut {Cut.objects.count()}-{i}", client_visible=True)
            for number in (1, 2):
                _fake_version(cut, number)
            _fake_daily(project, MediaAsset.objects.count())

    grow(1)
    with django_assert_max_num_queries(12) as small:
        assert browser.get(section_url(project)).status_code == 200
    grow(6)
    with django_assert_max_num_queries(len(small.captured_queries)):
        page = browser.get(section_url(project))
    assert text(page).count('class="mrow"') == 21  # 14 versions + 7 dailies
    client = as_user(studio.acme_user)
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get(section_url(project)).status_code == 200


# --- The asset page ----------------------------------------------------------------------------------


def test_asset_page_has_player_qc_probe_and_ffmpeg(studio, as_user, shared_cut, qc_clip, ingest):
    asset = ingest(store(studio.acme_project, qc_clip, cut=shared_cut, by=studio.editor))
    render = done_render(asset)
    page = text(as_user(studio.producer).get(asset_url(asset)))
    for name in ("master.m3u8", "proxy.mp4", "poster.jpg", "thumbs.vtt", "waveform.json"):
        assert file_url(render, name) in page, name
    assert "Quality check" in page and "Integrated loudness" in page and "True peak" in page
    assert f"{asset.loudness_lufs:.1f}" in page
    kinds = set(QCFinding.objects.filter(render=render).values_list("kind", flat=True))
    assert {"black", "silence"} <= kinds
    black = QCFinding.objects.filter(render=render, kind="black").first()
    assert f'data-seek-to="{black.start:.3f}"' in page
    assert timecode.timecode_at(black.start, 25, 1) in page  # frame-accurate, 00:00:01:00
    assert "Black" in page and "Silence" in page
    assert "320\u00d7180" in page and "H264" in page and "25 fps" in page and "yuv420p" in page
    assert asset.sha256 and asset.sha256 in page
    assert re.search(r"Processed with ffmpeg \S+ \(", page)
    assert "Download original" in page


def test_client_watches_a_shared_version_without_internal_details(studio, as_user, shared_version):
    response = as_user(studio.acme_user).get(asset_url(shared_version))
    assert response.status_code == 200
    page = text(response)
    assert file_url(done_render(shared_version), "master.m3u8") in page
    assert "Quality check" not in page and "Processed with ffmpeg" not in page
    assert "Download original" not in page and "Upload a new version" not in page
    assert shared_version.sha256 not in page


def test_clients_get_404_on_internal_and_foreign_assets_and_their_files(
    studio, as_user, shared_version, internal_version, small_clip, ingest
):
    daily = ingest(store(studio.acme_project, small_clip, by=studio.producer, name="daily.mp4"))
    acme, globex = as_user(studio.acme_user), as_user(studio.globex_user)
    for asset in (internal_version, daily):
        assert acme.get(asset_url(asset)).status_code == 404
        assert acme.get(file_url(done_render(asset), "master.m3u8")).status_code == 404
        assert acme.get(file_url(done_render(asset), "poster.jpg")).status_code == 404
    for asset in (shared_version, internal_version, daily):
        assert globex.get(asset_url(asset)).status_code == 404
        assert globex.get(file_url(done_render(asset), "proxy.mp4")).status_code == 404
        assert globex.get(reverse("asset-status", kwargs={"asset_id": asset.pk})).status_code == 404
    assert acme.get(file_url(done_render(shared_version), "poster.jpg")).status_code == 200
    assert HttpClient().get(file_url(done_render(shared_version), "poster.jpg")).status_code == 302  # sign in


def test_unusable_asset_page_shows_the_reason_and_what_to_do(studio, as_user, shared_cut, text_clip, ingest):
    asset = ingest(store(studio.acme_project, text_clip, cut=shared_cut, by=studio.editor))
    assert asset.status == MediaAsset.Status.UNUSABLE and asset.unusable_reason
    page = text(as_user(studio.editor).get(asset_url(asset)))
    assert "This file cannot be used" in page
    assert asset.unusable_reason.replace("'", "&#x27;").replace('"', "&quot;") in page
    assert "Export it again" in page and "Upload a replacement" in page
    assert "data-player" not in page


def test_asset_page_query_count_is_constant(studio, as_user, shared_cut, django_assert_max_num_queries):
    browser = as_user(studio.producer)
    _fake_version(shared_cut, 1)
    asset = Version.objects.get(cut=shared_cut, number=1).asset
    render = asset.renders.get(status=Render.Status.SUCCEEDED)
    with django_assert_max_num_queries(12) as small:
        assert browser.get(asset_url(asset)).status_code == 200
    for number in range(2, 12):
        _fake_version(shared_cut, number)
    for n in range(20):
        QCFinding.objects.create(asset=asset, render=render, kind="black", start=n, end=n + 0.5, message=f"black {n}")
        Render.objects.create(asset=asset, status=Render.Status.FAILED, error="x")
    with django_assert_max_num_queries(len(small.captured_queries)):
        page = browser.get(asset_url(asset))
    assert text(page).count('class="finding"') == 20
    assert text(page).count("versions__item") == 11


def test_loudness_verdict_in_plain_words():
    assert loudness_verdict(-23.2, -3.0)["ok"] is True
    loud = loudness_verdict(-14.0, -0.2)
    assert loud["ok"] is False and "9.0 LU louder" in loud["loudness"] and "above the" in loud["peak"]
    quiet = loudness_verdict(-30.0, -12.0)
    assert "7.0 LU quieter" in quiet["loudness"] and "below the" in quiet["peak"]
    assert loudness_verdict(None, None)["ok"] is None


# --- Media files: only what the render listed, with ranges and fixed types -----------------------------


def test_render_files_not_listed_are_404(studio, as_user, shared_version, settings):
    render = done_render(shared_version)
    browser = as_user(studio.producer)
    # A real file next to the outputs, which the render did not list.
    default_storage.save(f"{render.output_dir}/ffmpeg.log", ContentFile(b"ffmpeg version 5.1 ... /srv/secret/path"))
    source = shared_version.file.name
    base = f"/media/renders/{render.pk}/"
    for name in (
        "ffmpeg.log",
        "../../" + source,
        "..%2F..%2F" + source.replace("/", "%2F"),
        f"../{render.pk}/master.m3u8",
        "./master.m3u8",
        "master.m3u8/",
        "MASTER.M3U8",
        "",
    ):
        assert browser.get(base + name).status_code == 404, name
    assert browser.get(base + "master.m3u8").status_code == 200
    other = Render.objects.create(asset=shared_version, status=Render.Status.FAILED)
    assert browser.get(file_url(other, "master.m3u8")).status_code == 404  # a render with no outputs


def test_range_requests_return_the_right_bytes(studio, as_user, shared_version):
    render = done_render(shared_version)
    browser = as_user(studio.acme_user)
    whole = default_storage.open(f"{render.output_dir}/proxy.mp4").read()
    url = file_url(render, "proxy.mp4")
    response = browser.get(url, HTTP_RANGE="bytes=100-1123")
    assert response.status_code == 206
    assert response["Content-Range"] == f"bytes 100-1123/{len(whole)}"
    assert streamed(response) == whole[100:1124]
    tail = browser.get(url, HTTP_RANGE="bytes=-500")
    assert tail.status_code == 206 and streamed(tail) == whole[-500:]
    full = browser.get(url)
    assert full.status_code == 200 and full["Accept-Ranges"] == "bytes" and streamed(full) == whole
    head = browser.head(url)
    assert head.status_code == 200 and head["Content-Length"] == str(len(whole))
    assert browser.get(url, HTTP_RANGE=f"bytes={len(whole) + 10}-").status_code == 416


def test_content_types_are_fixed_and_playlists_are_relative(studio, as_user, shared_version):
    render = done_render(shared_version)
    browser = as_user(studio.producer)
    files = render.outputs["files"]
    segment = next(name for name, kind in files.items() if kind == "hls_segment")
    playlist = next(name for name, kind in files.items() if kind == "hls_playlist")
    expected = {
        "master.m3u8": "application/vnd.apple.mpegurl",
        playlist: "application/vnd.apple.mpegurl",
        segment: "video/mp2t",
        "proxy.mp4": "video/mp4",
        "poster.jpg": "image/jpeg",
        "sprite.jpg": "image/jpeg",
        "thumbs.vtt": "text/vtt; charset=utf-8",
        "waveform.json": "application/json",
    }
    for name, content_type in expected.items():
        response = browser.get(file_url(render, name))
        assert response.status_code == 200, name
        assert response["Content-Type"] == content_type, name
        assert response["X-Content-Type-Options"] == "nosniff"
    master = streamed(browser.get(file_url(render, "master.m3u8"))).decode()
    assert playlist in master and "/" not in master.split(playlist)[0].splitlines()[-1]
    rendition = streamed(browser.get(file_url(render, playlist))).decode()
    assert segment in rendition and "/" not in segment  # same /media/renders/<id>/ prefix
    vtt = streamed(browser.get(file_url(render, "thumbs.vtt"))).decode()
    assert "sprite.jpg#xywh=" in vtt


def test_download_original_is_for_staff_only(studio, as_user, shared_version, small_clip):
    url = reverse("asset-download", kwargs={"asset_id": shared_version.pk})
    for user in (studio.producer, studio.editor, studio.marketer):
        response = as_user(user).get(url)
        assert response.status_code == 200
        assert response["Content-Disposition"] == 'attachment; filename="take 1.mp4"'
        assert streamed(response) == small_clip.read_bytes()
    assert as_user(studio.acme_user).get(url).status_code == 404  # the client may watch it, not download it
    assert as_user(studio.globex_user).get(url).status_code == 404


def test_download_name_is_encoded_safely(studio, as_user, shared_version):
    shared_version.original_name = 'Schnitt "final"\u00fc.mov'
    shared_version.save()
    response = as_user(studio.producer).get(reverse("asset-download", kwargs={"asset_id": shared_version.pk}))
    assert response["Content-Disposition"].startswith("attachment; filename*=utf-8''Schnitt%20%22final%22%C3%BC.mov")


# --- Render status, cancel and retry -----------------------------------------------------------------------


@pytest.fixture
def queued(studio, shared_cut) -> Render:
    asset = MediaAsset.objects.create(
        project=studio.acme_project, purpose="version", status=MediaAsset.Status.PROCESSING, original_name="q.mp4"
    )
    Version.objects.create(cut=shared_cut, number=9, asset=asset)
    return Render.objects.create(asset=asset, status=Render.Status.QUEUED)


def test_status_polls_while_running_and_refreshes_when_done(studio, as_user, queued):
    browser = as_user(studio.producer)
    url = reverse("asset-status", kwargs={"asset_id": queued.asset_id})
    page = text(browser.get(url))
    assert 'hx-trigger="every 2s"' in page and "Waiting for a render worker" in page and "Cancel" in page
    client_page = text(as_user(studio.acme_user).get(url))
    assert "Waiting for a render worker" in client_page and "Cancel" not in client_page
    Render.objects.filter(pk=queued.pk).update(status=Render.Status.RUNNING, progress=42.5, eta_seconds=95)
    page = text(browser.get(url + "?compact=1"))
    assert "42 %" in page and "about 2 min left" in page and 'aria-valuenow="42"' in page
    Render.objects.filter(pk=queued.pk).update(status=Render.Status.SUCCEEDED, progress=100)
    MediaAsset.objects.filter(pk=queued.asset_id).update(status=MediaAsset.Status.READY)
    done = browser.get(url + "?poll=1", HTTP_HX_REQUEST="true")
    assert done["HX-Refresh"] == "true"
    settled = text(browser.get(url))
    assert "hx-trigger" not in settled and "Rendered" in settled


def test_cancel_and_retry_need_a_producer_or_editor(studio, as_user, queued):
    cancel = reverse("render-cancel", kwargs={"render_id": queued.pk})
    assert as_user(studio.acme_user).post(cancel).status_code == 403
    assert as_user(studio.marketer).post(cancel).status_code == 403
    assert as_user(studio.globex_user).post(cancel).status_code == 404
    assert as_user(studio.producer).get(cancel).status_code == 405
    queued.refresh_from_db()
    assert queued.status == Render.Status.QUEUED

    response = as_user(studio.editor).post(cancel)
    assert response.status_code == 302 and response["Location"] == asset_url(queued.asset)
    queued.refresh_from_db()
    assert queued.status == Render.Status.CANCELLED
    assert TimelineEvent.objects.filter(kind="render.cancelled").count() == 1

    retry = reverse("render-retry", kwargs={"render_id": queued.pk})
    assert as_user(studio.acme_user).post(retry).status_code == 403
    assert queued.asset.renders.count() == 1
    assert as_user(studio.editor).post(cancel, HTTP_HX_REQUEST="true")["HX-Refresh"] == "true"  # already over
    response = as_user(studio.producer).post(retry, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert "Waiting for a render worker" in text(response) and 'hx-trigger="every 2s"' in text(response)
    newest = queued.asset.renders.order_by("-created_at").first()
    assert newest.pk != queued.pk and newest.status == Render.Status.QUEUED
    assert MediaAsset.objects.get(pk=queued.asset_id).status == MediaAsset.Status.PROCESSING


def test_running_render_is_asked_to_stop_and_cannot_be_retried(studio, as_user, queued):
    Render.objects.filter(pk=queued.pk).update(status=Render.Status.RUNNING)
    browser = as_user(studio.producer)
    page = browser.post(reverse("render-cancel", kwargs={"render_id": queued.pk}), HTTP_HX_REQUEST="true")
    assert "Stopping the render" in text(page)
    queued.refresh_from_db()
    assert queued.cancel_requested and queued.status == Render.Status.RUNNING
    refused = browser.post(reverse("render-retry", kwargs={"render_id": queued.pk}), HTTP_HX_REQUEST="true")
    assert "still running" in text(refused)
    assert queued.asset.renders.count() == 1


def test_asset_page_shows_live_status_for_staff_and_clients_without_controls(studio, as_user, queued):
    Render.objects.filter(pk=queued.pk).update(status=Render.Status.RUNNING, progress=12)
    staff = text(as_user(studio.producer).get(asset_url(queued.asset)))
    assert "12 %" in staff and "Cancel" in staff and "hx-trigger" in staff
    client = text(as_user(studio.acme_user).get(asset_url(queued.asset)))
    assert "12 %" in client and "hx-trigger" in client
    assert "Cancel" not in client and "Retry" not in client


# --- Cuts and the upload page ---------------------------------------------------------------------------


def test_new_cut_goes_to_its_upload(studio, as_user):
    url = reverse("cut-create", kwargs={"project_id": studio.acme_project.pk})
    response = as_user(studio.editor).post(url, {"title": "  30s social ", "client_visible": "on"})
    cut = Cut.objects.get(project=studio.acme_project)
    assert cut.title == "30s social" and cut.client_visible
    assert response["Location"] == reverse("project-upload", kwargs={"project_id": studio.acme_project.pk}) + (
        f"?cut={cut.pk}"
    )
    upload_page = text(as_user(studio.editor).get(response["Location"]))
    assert f'value="cut:{cut.pk}" selected' in upload_page and "next version v1" in upload_page


def test_bad_cut_changes_nothing_and_says_why(studio, as_user, shared_cut):
    url = reverse("cut-create", kwargs={"project_id": studio.acme_project.pk})
    response = as_user(studio.producer).post(url, {"title": "director's CUT"})
    assert response.status_code == 400
    assert "There is already a cut called" in text(response)
    blank = as_user(studio.producer).post(url, {"title": "   "})
    assert blank.status_code == 400 and "This field is required" in text(blank)
    assert as_user(studio.acme_user).post(url, {"title": "Client cut"}).status_code == 403
    assert as_user(studio.globex_user).post(url, {"title": "Other cut"}).status_code == 404
    assert Cut.objects.filter(project=studio.acme_project).count() == 1


def test_upload_page_for_people_who_may_upload(studio, as_user, shared_cut):
    url = reverse("project-upload", kwargs={"project_id": studio.acme_project.pk})
    page = text(as_user(studio.producer).get(url))
    assert "tus.min.js" in page and "uploader.js" in page
    assert f'"endpoint": "{reverse("tus-uploads")}"' in page and f'"project": "{studio.acme_project.pk}"' in page
    assert f'"chunkSize": {8 * 1024 * 1024}' in page
    assert "Director&#x27;s cut — next version v1" in page
    # dailies go to a shoot day (the shoot's upload target): none yet, so the page says where they go
    assert 'value="daily"' not in page and "Dailies belong to a shoot day" in page and "No shoot day yet" in page
    day = shoot_services.day_create(project=studio.acme_project, by=studio.producer, date="2031-05-12",
                                    call_time="08:00", wrap_time="18:00")  # fmt: skip
    dailies = text(as_user(studio.editor).get(url + "?purpose=daily"))
    assert f'value="daily:{day.pk}" selected' in dailies and "Day 1 · Mon 12 May — no particular shot" in dailies
    assert as_user(studio.marketer).get(url).status_code == 403
    assert as_user(studio.acme_user).get(url).status_code == 404
    assert as_user(studio.globex_user).get(url).status_code == 404


def test_finished_upload_leads_to_its_asset(studio, as_user, shared_version):
    upload = Upload.objects.create(
        project=studio.acme_project, user=studio.editor, filename="take 1.mp4", length=10, offset=10,
        status=Upload.Status.COMPLETE, asset=shared_version, expires_at="2100-01-01T00:00Z",
    )  # fmt: skip
    url = reverse("upload-done", kwargs={"upload_id": upload.pk})
    assert as_user(studio.editor).get(url)["Location"] == asset_url(shared_version)
    assert as_user(studio.producer).get(url).status_code == 404  # only the uploader's own


def test_audio_only_asset_gets_waveform_and_audio_player(studio, as_user, clip_dir, ingest):
    path = clip_dir / "voice-over.wav"
    if not path.exists():
        clips.tone_wav(path)
    asset = ingest(store(studio.acme_project, path, by=studio.producer))
    assert asset.media_type == MediaAsset.MediaType.AUDIO and asset.status == MediaAsset.Status.READY
    render = done_render(asset)
    page = text(as_user(studio.producer).get(asset_url(asset)))
    assert "<audio" in page and "<video" not in page
    assert file_url(render, "waveform.json") in page and file_url(render, "master.m3u8") in page
    assert "poster.jpg" not in page and "thumbs.vtt" not in page
    assert f"{asset.loudness_lufs:.1f}" in page and "On target" in page  # the tone is mixed at -23 LUFS
    assert "No audio" not in page
