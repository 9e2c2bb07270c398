"""One typed accessor reads what a render made (``Render.files``): only listed files are outputs,
anything malformed reads as nothing, and pages, the API and the file view all go through it."""

import pytest
from django.urls import reverse

from production.media.models import Render

LISTED = {
    "files": {"master.m3u8": "hls_master", "proxy.mp4": "proxy", "poster.jpg": "poster"},
    "main": {"hls_master": "master.m3u8", "proxy": "proxy.mp4", "poster": "poster.jpg", "waveform": "secret.json"},
    "renditions": [{"name": "720p", "playlist": "720p.m3u8", "width": 1280, "height": 720, "bitrate": 3_000_000}],
}


def render_with(outputs, output_dir="renders/x") -> Render:
    return Render(outputs=outputs, output_dir=output_dir)


def test_a_main_output_the_render_did_not_list_is_not_an_output():
    files = render_with(LISTED).files
    assert set(files.main) == {"hls_master", "proxy", "poster"}  # "waveform" names an unlisted file
    assert files.url("waveform") == ""
    assert files.url("proxy") == reverse("render-file", kwargs={"render_id": files.render_id, "name": "proxy.mp4"})
    assert files.storage_name("proxy.mp4") == "renders/x/proxy.mp4"
    for name in ("secret.json", "../../etc/passwd", ""):
        assert not files.serves(name)
        with pytest.raises(LookupError):
            files.storage_name(name)


@pytest.mark.parametrize(
    "outputs",
    [None, [], "x", {"files": ["a"], "main": "b"}, {"files": {"a": 1}, "main": {"k": None}, "renditions": ["x", 3]}],
)
def test_malformed_outputs_read_as_nothing(outputs):
    files = render_with(outputs).files
    assert (dict(files.files), dict(files.main), files.renditions, files.urls()) == ({}, {}, (), {})
    assert files.frame_ratio == ""


def test_a_render_without_its_folder_serves_nothing():
    assert not render_with(LISTED, output_dir="").files.serves("proxy.mp4")


def test_renditions_are_typed_and_the_frame_takes_an_upright_pictures_shape():
    files = render_with(LISTED).files
    assert [r.label for r in files.renditions] == ["720p 1280x720, 3.0 Mbit/s"]
    assert files.frame_ratio == ""  # landscape keeps the 16:9 frame
    upright = {**LISTED, "renditions": [{"name": "720p", "playlist": "p", "width": 720, "height": 1280}]}
    assert render_with(upright).files.frame_ratio == "720 / 1280"
