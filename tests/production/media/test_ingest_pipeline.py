"""Bad files through the whole pipeline (store → probe → render): kept, marked unusable with a
plain-words reason, never rendered, and never a way to read another file."""

import pytest
from django.core.files.storage import default_storage

from production.media.models import MediaAsset, Render
from projects.models import TimelineEvent
from tests.production.media import clips

pytestmark = pytest.mark.django_db


@pytest.fixture
def other_asset(import_file, tmp_path):
    """Another asset's stored file: what a disguised playlist would try to read."""
    path = tmp_path / "secret.mp4"
    clips.h264_small(path)
    asset = import_file(path)
    assert asset.status == MediaAsset.Status.READY
    return asset


def test_a_real_clip_becomes_ready_with_outputs_and_qc(import_file, tmp_path, studio):
    path = tmp_path / "good.mp4"
    clips.h264_small(path)
    asset = import_file(path)
    assert asset.status == MediaAsset.Status.READY
    render = asset.renders.get()
    assert render.status == Render.Status.SUCCEEDED
    for name in render.outputs["files"]:
        assert default_storage.exists(f"{render.output_dir}/{name}")
    kinds = {e.kind for e in TimelineEvent.objects.filter(project=studio.acme_project)}
    assert {"version.uploaded", "render.succeeded"} <= kinds


@pytest.mark.parametrize(
    ("maker", "name", "says"),
    [
        (clips.text_as_mp4, "notes.mp4", "not an audio or video file"),
        (clips.zero_bytes, "empty.mp4", "empty"),
        (clips.png_image, "still.mov", "still image"),
        (clips.truncated_mp4, "cut-short.mp4", "incomplete"),
    ],
)
def test_bad_files_are_kept_and_explained(import_file, tmp_path, maker, name, says):
    path = tmp_path / name
    maker(path)
    asset = import_file(path)
    assert asset.status == MediaAsset.Status.UNUSABLE
    assert says in asset.unusable_reason.lower()
    assert asset.file and default_storage.exists(asset.file.name)  # nothing the user made is lost
    assert not asset.renders.exists()
    assert TimelineEvent.objects.filter(kind="asset.unusable", subject_id=str(asset.pk)).exists()


@pytest.mark.parametrize("maker", [clips.hls_playlist, clips.ffconcat_list, clips.concat_list])
@pytest.mark.parametrize("target", ["other_asset", "/etc/passwd"])
def test_playlists_in_disguise_never_read_their_targets(import_file, tmp_path, request, maker, target):
    if target == "other_asset":
        other = request.getfixturevalue("other_asset")
        target = default_storage.path(other.file.name)
    path = tmp_path / "innocent.mp4"
    maker(target)(path)
    asset = import_file(path)
    assert asset.status == MediaAsset.Status.UNUSABLE
    assert "playlist" in asset.unusable_reason.lower() or "list of other files" in asset.unusable_reason.lower()
    assert asset.duration is None and asset.width is None  # nothing was read from the target
    assert not asset.renders.exists()
