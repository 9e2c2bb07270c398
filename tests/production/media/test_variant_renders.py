"""A platform variant (``specs.variant``) through ``render_request``: its parameters checked and
made canonical (every problem named by field), rendered once per spec by the render task, stored
and served as one MP4 and a poster — and never the asset's own playback."""

import pytest
from django.core.files import File
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.urls import reverse

from production.media import selectors, services, specs
from production.media.models import MediaAsset, Render, asset_upload_to
from production.media.variants import VariantParamsError
from projects.models import TimelineEvent
from tests.production.media import checks, clips

pytestmark = pytest.mark.django_db

VERTICAL = {
    "width": 180,
    "height": 320,
    "offsets": [[0, 0.2], [1.5, 0.8]],
    "trim": {"in": 0.4, "out": 1.6},
    "captions": [[0.5, 1.2, 'Grüße \u2013 ça va ? "Yes": 100%']],
    "end_card": {"seconds": 0.5, "color": "#112233", "text": "Follow us"},
    "loudness": {"i": -16, "tp": -1.5, "lra": 11},
}


@pytest.fixture(scope="module")
def master_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("variant-master") / "master.mp4"
    clips.h264_small(path)  # 640x360, 25 fps, 2 s with a tone
    return path


@pytest.fixture
def version(studio, master_file):
    """A ready asset of the project (its file in storage; its own ladder is not needed here)."""
    asset = MediaAsset.objects.create(
        project=studio.acme_project, original_name="master.mp4", status=MediaAsset.Status.READY, size=1
    )
    with master_file.open("rb") as fh:
        asset.file.save(asset_upload_to(asset, "master.mp4"), File(fh), save=True)
    return asset


@pytest.fixture
def make(django_capture_on_commit_callbacks):
    """What marketing will do: ask for the asset as a variant spec (the render runs inline: the
    test settings run tasks eagerly)."""

    def request(asset, params):
        with django_capture_on_commit_callbacks(execute=True):
            render = services.render_request(asset=asset, spec=specs.variant(params), by=None)
        render.refresh_from_db()
        return render

    return request


@pytest.fixture
def logo_in_storage(tmp_path):
    path = tmp_path / "logo.png"
    clips.ffmpeg("-f", "lavfi", "-i", "color=c=white:s=64x32", "-frames:v", "1", str(path))
    name = default_storage.save("marketing/logos/acme.png", ContentFile(path.read_bytes()))
    yield name
    default_storage.delete(name)


# --- the spec -------------------------------------------------------------------------------


def test_a_variant_spec_is_canonical_so_one_variant_hashes_one_way():
    spec = specs.variant({"width": 1080, "height": 1920})
    assert spec.preset == specs.VARIANT and specs.VARIANT in specs.PRESETS
    assert spec.params == {
        "v": specs.VARIANT_VERSION, "width": 1080, "height": 1920, "fit": "crop", "offsets": [[0.0, 0.5]],
        "trim": None, "captions": [], "caption_margin": None, "logo": None, "end_card": None,
        "loudness": {"i": -14.0, "tp": -1.0, "lra": 11.0}, "max_fps": 60.0, "keyframe_seconds": 2.0,
        "max_video_kbps": None,
    }  # fmt: skip
    same = specs.variant(
        {
            "height": 1920.0,
            "width": 1080,
            "offsets": [[0, 0.5]],
            "loudness": {"lra": 11, "i": -14},
            "trim": {"in": None},
            "max_fps": 60,
        }
    )
    assert same.digest == spec.digest
    assert specs.RenderSpec.from_data(spec.as_data()) == spec
    # what changes nothing drawn changes nothing in the hash
    for alike in (
        {"width": 1080, "height": 1920, "offsets": [[4.2, 0.5]]},  # one offset, held throughout
        {"width": 1080, "height": 1920, "trim": {"in": 0, "unit": "seconds"}},
    ):
        assert specs.variant(alike).digest == spec.digest, alike
    padded = specs.variant({"width": 1080, "height": 1920, "fit": "pad_blur", "offsets": [[0, 0.1], [2, 0.9]]})
    assert padded.digest == specs.variant({"width": 1080, "height": 1920, "fit": "pad_blur"}).digest
    two = [[3, 4, "second"], [1, 2, "first"]]
    assert specs.variant({**VERTICAL, "captions": two}).digest == (
        specs.variant({**VERTICAL, "captions": two[::-1]}).digest
    )
    assert specs.variant({**VERTICAL, "captions": [[0.5, 1.2, 'Grüße \u2013 ça va ? "Yes": 100%  ']]}).digest == (
        specs.variant(VERTICAL).digest
    )
    assert specs.variant({"width": 1080, "height": 1350}).digest != spec.digest  # 4:5
    assert specs.variant({"width": 1080, "height": 1920, "loudness": None}).digest != spec.digest
    # the engine's plan is the spec's
    plan = specs.variant_plan(specs.variant(VERTICAL))
    assert (plan.width, plan.height, plan.trim_in, plan.trim_out, plan.loudness.integrated) == (180, 320, 0.4, 1.6, -16)
    assert plan.captions[0].text == 'Grüße \u2013 ça va ? "Yes": 100%'


@pytest.mark.parametrize(
    ("params", "problems"),
    [
        ({}, {"width": "required", "height": "required"}),
        ({"width": 1081, "height": 1920}, {"width": "must be even"}),
        ({"width": 1080, "height": 1920, "fit": "stretch"}, {"fit": "crop, pad_blur"}),
        ({"width": 1080, "height": 1920, "captoins": []}, {"captoins": "Unknown parameter"}),
        ({"width": 1080, "height": 1920, "offsets": [[2, 0.1], [1, 0.9]]}, {"offsets.1": "in order of time"}),
        ({"width": 1080, "height": 1920, "offsets": [[0, 1.5]]}, {"offsets.0": "from 0"}),
        ({"width": 1080, "height": 1920, "trim": {"in": 5, "out": 2}}, {"trim.out": "after the in point"}),
        ({"width": 1080, "height": 1920, "trim": {"in": 2.5, "unit": "frames"}}, {"trim.in": "whole number"}),
        ({"width": 1080, "height": 1920, "captions": [[1, 0.5, "x"], [0, 1, " "]]},
         {"captions.0": "end after it starts", "captions.1": "needs some text"}),
        ({"width": 1080, "height": 1920, "logo": {"file": "../../etc/passwd.png"}}, {"logo.file": "no '..'"}),
        ({"width": 1080, "height": 1920, "logo": {"file": "a/logo.svg", "corner": "middle"}},
         {"logo.file": "must be an image"}),
        ({"width": 1080, "height": 1920, "logo": {"file": "a/logo.png", "corner": "middle"}},
         {"logo.corner": "top-left"}),
        ({"width": 1080, "height": 1920, "end_card": {"seconds": 40, "color": "blue"}},
         {"end_card.seconds": "0.5 to 15", "end_card.color": "#RRGGBB"}),
        ({"width": 1080, "height": 1920, "loudness": {"i": "loud"}}, {"loudness.i": "must be a number"}),
        ({"width": 1080, "height": 1920, "loudness": {"i": 0}}, {"loudness.i": "-70 to -5 LUFS"}),
        ({"width": True, "height": 1920}, {"width": "must be a number"}),
    ],
)  # fmt: skip
def test_bad_parameters_are_refused_with_every_problem_named(params, problems):
    with pytest.raises(VariantParamsError) as refused:
        specs.variant(params)
    assert set(refused.value.problems) == set(problems)
    for field, words in problems.items():
        assert words in refused.value.problems[field], (field, refused.value.problems[field])
    assert isinstance(refused.value, ValueError)


# --- the render -----------------------------------------------------------------------------


def test_a_variant_render_makes_one_mp4_and_a_poster_and_serves_them(version, make, studio, as_user):
    before = MediaAsset.objects.filter(pk=version.pk).values("status", "loudness_lufs").get()
    events = TimelineEvent.objects.count()

    render = make(version, VERTICAL)
    assert render.status == Render.Status.SUCCEEDED, render.error
    assert (render.preset, render.progress, render.spec["width"]) == ("variant", 100, 180)
    files = render.files
    assert dict(files.files) == {"variant.mp4": "video", "poster.jpg": "poster"}
    assert set(files.urls()) == {"video", "poster"}
    assert files.frame_ratio == "180 / 320"
    facts = render.outputs["facts"]
    assert facts["duration"] == pytest.approx(1.72) and facts["loudness"]["normalization"] == "linear"
    assert facts["loudness"]["output_i"] == pytest.approx(-16, abs=1)
    stored = default_storage.path(files.storage_name("variant.mp4"))
    video = checks.streams(stored, "video")[0]
    assert (video["width"], video["height"], video["profile"]) == (180, 320, "High")
    assert checks.frame_count(stored) == 30 + 13  # 1.2 s at 25 fps, then 0.5 s of card

    page = as_user(studio.producer).get(files.url("video"))
    assert page.status_code == 200 and page["Content-Type"] == "video/mp4"
    assert b"".join(page.streaming_content)[4:8] == b"ftyp"
    # the asset is as it was, and the variant is never its playback
    assert MediaAsset.objects.filter(pk=version.pk).values("status", "loudness_lufs").get() == before
    assert TimelineEvent.objects.count() == events
    assert selectors.latest_render(version) is None
    # asked again, the same variant is served from that render
    assert services.render_request(asset=version, spec=specs.variant(VERTICAL), by=None).pk == render.pk


def test_a_variant_with_a_logo_from_storage(version, make, logo_in_storage):
    render = make(
        version,
        {
            "width": 320,
            "height": 180,
            "loudness": None,
            "logo": {"file": logo_in_storage, "corner": "top-left", "opacity": 1},
        },
    )
    assert render.status == Render.Status.SUCCEEDED, render.error
    stored = default_storage.path(render.files.storage_name("variant.mp4"))
    frame = checks.gray_frame(stored, 10)
    corner = checks.region(frame, 10, 10, 50, 25)  # 48x24 at (7, 7): white
    assert min(corner) > 200


def test_a_variant_that_cannot_be_made_fails_saying_why(version, make, django_capture_on_commit_callbacks):
    missing = make(version, {"width": 320, "height": 180, "logo": {"file": "marketing/logos/gone.png"}})
    assert missing.status == Render.Status.FAILED and missing.attempts == 1
    assert missing.error == "The logo image is missing."
    too_long = make(version, {"width": 320, "height": 180, "trim": {"out": 30}})
    assert too_long.status == Render.Status.FAILED and too_long.attempts == 1
    assert "out point is past the end of the source (2.00 s, 50 frames)" in too_long.error
    assert not default_storage.exists(f"renders/{too_long.pk}/variant.mp4")
    # a spec stored under other rules (an older engine's) fails as plainly
    old = specs.RenderSpec(specs.VARIANT, {**specs.variant({"width": 320, "height": 180}).params, "width": 321})
    with django_capture_on_commit_callbacks(execute=True):
        stale = services.render_request(asset=version, spec=old, by=None)
    stale.refresh_from_db()
    assert stale.status == Render.Status.FAILED and stale.attempts == 1 and "must be even" in stale.error
    version.refresh_from_db()
    assert version.status == MediaAsset.Status.READY


def test_the_variants_file_is_for_who_may_see_the_asset(version, make, studio, as_user):
    render = make(version, {"width": 320, "height": 180, "loudness": None})
    url = reverse("render-file", kwargs={"render_id": render.pk, "name": "variant.mp4"})
    assert as_user(studio.globex_user).get(url).status_code == 404
    assert (
        as_user(studio.producer)
        .get(reverse("render-file", kwargs={"render_id": render.pk, "name": "captions.ass"}))
        .status_code
        == 404
    )


def test_a_stage_that_asked_for_variants_hears_how_each_ended(version, make):
    """What marketing will register in its AppConfig.ready: each variant's outcome, inside the
    transaction that records it (so its own timeline event goes with it)."""
    from django.db import connection

    from production.media import render_listeners

    heard = []

    def listener(render):
        heard.append(
            (render.spec["width"], render.status, render.error, dict(render.files.files), connection.in_atomic_block)
        )

    render_listeners.listen(specs.VARIANT, listener)
    try:
        make(version, {"width": 320, "height": 180, "loudness": None})
        make(version, {"width": 320, "height": 180, "trim": {"out": 30}})
        make(version, {"width": 180, "height": 320, "loudness": None})
    finally:
        render_listeners.forget(specs.VARIANT, listener)
    assert heard[0] == (320, "succeeded", "", {"variant.mp4": "video", "poster.jpg": "poster"}, True)
    assert heard[1][:2] == (320, "failed") and "past the end" in heard[1][2] and heard[1][3] == {}
    assert heard[2][:2] == (180, "succeeded")
    make(version, {"width": 240, "height": 240, "loudness": None})
    assert len(heard) == 3  # forgotten
