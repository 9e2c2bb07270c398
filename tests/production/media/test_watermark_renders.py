"""A viewer's watermarked copy (``specs.watermark``) through ``render_request``: keyed by its
text, rendered once and reused, played like any render — and never the asset's own playback:
the team's pages, the API, QC and the asset's status stay its ladder's."""

import pytest
from django.core.files.storage import default_storage
from django.urls import reverse
from rest_framework.test import APIClient

from production.media import selectors, services, specs
from production.media.models import MediaAsset, QCFinding, Render
from projects.models import TimelineEvent
from tests.production.media import clips

pytestmark = pytest.mark.django_db

VIEWER = "Zoë O'Brien: 100%"


@pytest.fixture
def version(import_file, tmp_path):
    """A cut's version, rendered (its ladder succeeded)."""
    path = tmp_path / "v1.mp4"
    clips.h264_small(path)
    asset = import_file(path)
    assert asset.status == MediaAsset.Status.READY
    return asset


@pytest.fixture
def copy_for(django_capture_on_commit_callbacks):
    """What the review app does for a guest: ask for the asset as that viewer's watermark (the
    render runs inline here: the test settings run tasks eagerly)."""

    def request(asset, text):
        with django_capture_on_commit_callbacks(execute=True):
            render = services.render_request(asset=asset, spec=specs.watermark(text=text), by=None)
        render.refresh_from_db()
        return render

    return request


def test_the_spec_is_keyed_by_the_viewers_text():
    spec = specs.watermark(text=VIEWER)
    assert spec.as_data() == {"preset": "watermark", "v": specs.WATERMARK_VERSION, "text": VIEWER}
    assert specs.WATERMARK in specs.PRESETS
    # the same viewer, however the text arrives: spaces, line breaks, a decomposed "ë", controls
    for same in (
        "  Zoë   O'Brien:\n100% ",
        "Zoe\u0308 O'Brien: 100%",
        "Zoë O'Brien:\t100%\x00",
        "\u202eZoë O'Brien: 100%",
    ):
        assert specs.watermark(text=same).digest == spec.digest, same
    assert specs.watermark(text="Zoë O'Brien: 99%").digest != spec.digest
    assert specs.watermark(text="zoë o'brien: 100%").digest != spec.digest  # case is what is drawn
    assert specs.RenderSpec.from_data(spec.as_data()) == spec
    assert specs.watermark(text="x" * 500).params["text"] == "x" * specs.WATERMARK_MAX_CHARS
    for empty in ("", "   ", "\n\t", "\x00\u202e"):
        with pytest.raises(ValueError, match="needs some text"):
            specs.watermark(text=empty)


def test_a_viewers_copy_is_rendered_once_and_then_reused(version, copy_for, django_capture_on_commit_callbacks):
    copy = copy_for(version, VIEWER)
    assert copy.status == Render.Status.SUCCEEDED, copy.error
    assert (copy.preset, copy.spec["text"], copy.progress, copy.requested_by) == ("watermark", VIEWER, 100, None)
    finished_at = copy.finished_at

    with django_capture_on_commit_callbacks(execute=True) as queued:
        again = services.render_request(asset=version, spec=specs.watermark(text=f" {VIEWER}\n"), by=None)
    assert again.pk == copy.pk
    assert not queued  # no task, no ffmpeg: the cache was hit
    again.refresh_from_db()
    assert (again.attempts, again.finished_at) == (1, finished_at)
    assert Render.objects.filter(asset=version, preset="watermark").count() == 1

    other = copy_for(version, "someone.else@example.com")
    assert other.pk != copy.pk and other.status == Render.Status.SUCCEEDED
    assert Render.objects.filter(asset=version, preset="watermark").count() == 2


def test_a_viewers_copy_plays_like_any_render(version, copy_for, studio):
    copy = copy_for(version, VIEWER)
    files = copy.files
    urls = files.urls()
    assert set(urls) == {"hls_master", "proxy", "poster"}
    assert urls["hls_master"] == reverse("render-file", kwargs={"render_id": copy.pk, "name": "master.m3u8"})
    assert urls["proxy"].endswith("/proxy.mp4") and urls["poster"].endswith("/poster.jpg")
    assert [(r.name, r.width, r.height) for r in files.renditions] == [("360p", 640, 360)]
    for name in files.files:
        assert default_storage.exists(files.storage_name(name))
    api = APIClient()
    api.force_authenticate(studio.producer)
    body = api.get(f"/api/renders/{copy.pk}/").json()
    assert (body["status"], body["progress"]) == ("succeeded", 100)
    assert set(body["files"]) == {"hls_master", "proxy", "poster"}
    browser = APIClient()
    browser.force_login(studio.producer)
    playlist = browser.get(urls["hls_master"])
    assert playlist.status_code == 200 and b"360p.m3u8" in b"".join(playlist.streaming_content)


def test_a_viewers_copy_never_becomes_the_assets_playback(version, copy_for, studio, as_user):
    ladder = version.renders.get(preset="ladder")
    findings = list(QCFinding.objects.filter(asset=version).values_list("pk", flat=True))
    events = TimelineEvent.objects.count()
    before = MediaAsset.objects.filter(pk=version.pk).values("status", "loudness_lufs", "true_peak_dbtp").get()

    copy = copy_for(version, VIEWER)
    assert copy.status == Render.Status.SUCCEEDED and copy.created_at > ladder.created_at  # the newest render

    assert MediaAsset.objects.filter(pk=version.pk).values("status", "loudness_lufs", "true_peak_dbtp").get() == before
    assert list(QCFinding.objects.filter(asset=version).values_list("pk", flat=True)) == findings  # no QC ran
    assert not QCFinding.objects.filter(render=copy).exists()
    assert TimelineEvent.objects.count() == events  # a guest's copy is no event of the project
    # the pages' choice of "the" render, the API's, and the asset page's player
    page_asset = selectors.asset_with_renders(user=studio.producer, asset_id=version.pk)
    assert page_asset.playable_render.pk == ladder.pk and page_asset.latest_render.pk == ladder.pk
    assert selectors.latest_render(version).pk == ladder.pk
    assert selectors.playable_render_of(version).pk == ladder.pk  # a share link's door
    assert selectors.asset_status(user=studio.producer, asset_id=version.pk).latest_render.pk == ladder.pk
    api = APIClient()
    api.force_authenticate(studio.producer)
    assert api.get(f"/api/assets/{version.pk}/").json()["latest_render"]["id"] == str(ladder.pk)
    page = as_user(studio.producer).get(reverse("asset-detail", kwargs={"asset_id": version.pk})).content.decode()
    assert str(ladder.pk) in page and str(copy.pk) not in page


def test_a_file_whose_copy_is_being_made_is_not_deleted_from_under_its_viewer(studio):
    daily = MediaAsset.objects.create(project=studio.acme_project, original_name="b-roll.mov", status="ready")
    Render.objects.create(asset=daily, status=Render.Status.SUCCEEDED)
    spec = specs.watermark(text=VIEWER)
    copy = Render.objects.create(
        asset=daily, preset=spec.preset, spec=spec.as_data(), spec_hash=spec.digest, status=Render.Status.RUNNING
    )
    assert "still being processed" in services.asset_delete_problem(daily)
    on_page = selectors.asset_with_renders(user=studio.producer, asset_id=daily.pk)  # playback renders prefetched
    assert [r.preset for r in on_page.render_list] == ["ladder"]
    assert "still being processed" in services.asset_delete_problem(on_page)
    Render.objects.filter(pk=copy.pk).update(status=Render.Status.SUCCEEDED)
    assert services.asset_delete_problem(selectors.asset_with_renders(user=studio.producer, asset_id=daily.pk)) is None


def test_a_failed_copy_leaves_the_asset_alone(version, copy_for, settings):
    settings.WATERMARK_FONT = "/nonexistent/font.ttf"
    copy = copy_for(version, VIEWER)
    assert copy.status == Render.Status.FAILED
    assert "fonts-dejavu-core" in copy.error
    version.refresh_from_db()
    assert version.status == MediaAsset.Status.READY

    # While the asset's own render runs again (processing), a viewer's copy ending in failure
    # or success does not settle the asset: only its ladder does.
    MediaAsset.objects.filter(pk=version.pk).update(status=MediaAsset.Status.PROCESSING)
    failed = copy_for(version, "another viewer")
    assert failed.status == Render.Status.FAILED
    version.refresh_from_db()
    assert version.status == MediaAsset.Status.PROCESSING
    settings.WATERMARK_FONT = ""
    events = TimelineEvent.objects.count()
    made = copy_for(version, "a third viewer")
    assert made.status == Render.Status.SUCCEEDED
    version.refresh_from_db()
    assert version.status == MediaAsset.Status.PROCESSING
    assert TimelineEvent.objects.count() == events  # nor does it tell anyone the version is ready


def test_retrying_a_failed_copy_renders_that_copy_again(
    version, copy_for, settings, studio, django_capture_on_commit_callbacks
):
    settings.WATERMARK_FONT = "/nonexistent/font.ttf"
    failed = copy_for(version, VIEWER)
    settings.WATERMARK_FONT = ""
    with django_capture_on_commit_callbacks(execute=True):
        again = services.render_retry(render=failed, by=studio.editor)
    again.refresh_from_db()
    assert again.pk != failed.pk and again.spec == failed.spec and again.status == Render.Status.SUCCEEDED
    version.refresh_from_db()
    assert version.status == MediaAsset.Status.READY  # never put back to "processing"


def test_a_sound_file_gets_no_copy_and_stays_usable(import_file, tmp_path, copy_for):
    path = tmp_path / "music.wav"
    clips.tone_wav(path)
    asset = import_file(path)
    assert asset.status == MediaAsset.Status.READY
    copy = copy_for(asset, VIEWER)
    assert copy.status == Render.Status.FAILED and "no picture" in copy.error
    asset.refresh_from_db()
    assert asset.status == MediaAsset.Status.READY and not asset.unusable_reason
