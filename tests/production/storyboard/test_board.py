"""The storyboard: frames with a picture (uploaded, or a still of a reference video), in an order
that dragging or the up/down buttons change (a reorder takes the whole order or nothing),
comments, the PDF, and who sees what."""

import io
import json
import shutil
import subprocess
from decimal import Decimal

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from production.media.models import MediaAsset
from production.storyboard import services
from production.storyboard.models import Frame, FrameComment
from projects.models import Stage, TimelineEvent
from tests.conftest import login

from .conftest import png

pytestmark = pytest.mark.django_db


def make_frames(studio, n, project=None):
    return [
        services.frame_create(project=project or studio.acme_project, by=studio.producer, notes=f"Frame note {i}")
        for i in range(n)
    ]


def board_order(project):
    return list(Frame.objects.filter(project=project).order_by("position").values_list("notes", flat=True))


def reorder(client, project, order):
    return client.post(
        reverse("storyboard-reorder", kwargs={"project_id": project.pk}),
        json.dumps({"order": [str(i) for i in order]}),
        content_type="application/json",
    )


# --- Frames --------------------------------------------------------------------------------------


def test_add_a_frame_with_an_uploaded_picture(studio, sample_text, image_png):
    version = services.script_save(project=studio.acme_project, text=sample_text, by=studio.producer)
    roof = version.scenes.get(position=2)
    response = login(studio.editor).post(
        reverse("storyboard-frame-create", kwargs={"project_id": studio.acme_project.pk}),
        {
            "image": SimpleUploadedFile("sketch.png", image_png, content_type="image/png"),
            "scene": str(roof.pk),
            "shot_size": "EWS",
            "angle": "high",
            "movement": "drone",
            "duration": "4.5",
            "dialogue": "MAYA (V.O.): the hour before dawn",
            "notes": "City lights below",
        },
    )
    assert response.status_code == 302
    frame = Frame.objects.get()
    assert (frame.scene, frame.shot_size, frame.angle, frame.movement, frame.duration) == (
        roof, "EWS", "high", "drone", Decimal("4.5"),
    )  # fmt: skip
    assert frame.image_source == "upload" and (frame.image_width, frame.image_height) == (320, 180)
    with default_storage.open(frame.image.name, "rb") as fh:
        stored = Image.open(io.BytesIO(fh.read()))
        assert (stored.format, stored.size) == ("JPEG", (320, 180))  # re-encoded: no metadata, no tricks
    event = TimelineEvent.objects.get(kind="storyboard.frame_added")
    assert event.stage == Stage.STORYBOARD and not event.client_visible
    board = login(studio.acme_user).get(reverse("storyboard", kwargs={"project_id": studio.acme_project.pk}))
    html = board.content.decode()
    image_url = reverse("storyboard-frame-image", kwargs={"frame_id": frame.pk})
    assert f"{image_url}?size=thumb&amp;v={frame.picture_key}" in html  # the grid shows thumbnails
    assert "City lights below" in html and "2. EXT. HOSPITAL ROOF - NIGHT" in html
    picture = login(studio.acme_user).get(reverse("storyboard-frame-image", kwargs={"frame_id": frame.pk}))
    assert picture.status_code == 200 and picture["Content-Type"] == "image/jpeg"


def test_a_big_picture_is_made_smaller_and_the_board_gets_a_thumbnail(studio):
    frame = services.frame_create(project=studio.acme_project, by=studio.producer, image=("big.png", png(4000, 2000)))
    assert (frame.image_width, frame.image_height) == (1600, 800)
    url = reverse("storyboard-frame-image", kwargs={"frame_id": frame.pk})
    client = login(studio.acme_user)
    full = Image.open(io.BytesIO(b"".join(client.get(url).streaming_content)))
    thumb = Image.open(io.BytesIO(b"".join(client.get(url, {"size": "thumb"}).streaming_content)))
    assert (full.size, thumb.size) == ((1600, 800), (480, 240))


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"shot_size": "XXL"}, "shot_size", "is not a shot size"),
        ({"duration": "soon"}, "duration", "in seconds"),
        ({"duration": "-2"}, "duration", "more than 0"),
        ({"notes": "bad\x00text"}, "notes", "control characters"),
        ({"scene": "00000000-0000-0000-0000-000000000000"}, "scene", "not in this project's script"),
    ],
)
def test_bad_fields_are_refused_and_change_nothing(studio, fields, field, message):
    make_frames(studio, 1)
    events = TimelineEvent.objects.count()
    with pytest.raises(services.ValidationError) as refused:
        services.frame_create(project=studio.acme_project, by=studio.producer, **fields)
    assert message in " ".join(refused.value.message_dict[field])
    assert Frame.objects.count() == 1 and TimelineEvent.objects.count() == events


def test_a_scene_of_another_projects_script_is_refused(studio, sample_text):
    other = services.script_save(project=studio.globex_project, text=sample_text, by=studio.producer)
    with pytest.raises(services.ValidationError, match="not in this project's script"):
        services.frame_create(project=studio.acme_project, by=studio.producer, scene=other.scenes.first().pk)


def test_a_file_that_is_no_image_is_refused_with_the_other_problems(studio):
    response = login(studio.producer).post(
        reverse("storyboard-frame-create", kwargs={"project_id": studio.acme_project.pk}),
        {"image": SimpleUploadedFile("x.png", b"%PDF-1.4 not a picture"), "duration": "abc"},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "This file is not an image we can read." in html and "Give the duration in seconds" in html
    assert not Frame.objects.exists()
    assert not default_storage.exists(f"storyboard/{studio.acme_project.pk}")


def test_edit_a_frame_and_replace_its_picture(studio, image_png, django_capture_on_commit_callbacks):
    (frame,) = make_frames(studio, 1)
    frame = services.frame_update(frame=frame, by=studio.producer, image=("a.png", image_png))
    first = frame.image.name
    producer = login(studio.producer)
    with django_capture_on_commit_callbacks(execute=True):
        response = producer.post(
            reverse("storyboard-frame", kwargs={"frame_id": frame.pk}),
            {"shot_size": "CU", "notes": "Closer", "image": SimpleUploadedFile("b.png", png(colour=(0, 0, 255)))},
        )
    assert response.status_code == 302
    frame.refresh_from_db()
    assert (frame.shot_size, frame.notes) == ("CU", "Closer")
    assert frame.image.name != first and not default_storage.exists(first)  # the old file went on commit
    assert not default_storage.exists(first.replace(".jpg", "-thumb.jpg"))  # and its thumbnail
    assert default_storage.exists(frame.thumbnail.name)
    board = producer.get(reverse("storyboard", kwargs={"project_id": studio.acme_project.pk})).content.decode()
    assert f"v={frame.picture_key}" in board and frame.picture_key not in first  # a new address: no stale cache
    changed = TimelineEvent.objects.filter(kind="storyboard.frame_changed").latest("occurred_at")
    assert changed.data["changed"] == ["image", "notes", "shot_size"]


def test_a_still_of_a_reference_video_becomes_the_picture(studio, tmp_path):
    if not shutil.which("ffmpeg"):
        pytest.skip("ffmpeg is not installed")
    clip = tmp_path / "ref.mp4"
    subprocess.run(
        ["ffmpeg", "-v", "error", "-y", "-f", "lavfi", "-i", "testsrc2=s=320x180:r=25:d=2", "-c:v", "libx264",
         "-preset", "ultrafast", "-pix_fmt", "yuv420p", str(clip)],
        check=True, timeout=60,
    )  # fmt: skip
    asset = MediaAsset.objects.create(
        project=studio.acme_project, original_name="reference.mp4", uploaded_by=studio.producer,
        media_type=MediaAsset.MediaType.VIDEO, status=MediaAsset.Status.READY,
        frame_rate_num=25, frame_rate_den=1, frame_count=50, duration=2, width=320, height=180,
    )  # fmt: skip
    asset.file.save("reference.mp4", ContentFile(clip.read_bytes()))
    producer = login(studio.producer)
    board = producer.get(reverse("storyboard", kwargs={"project_id": studio.acme_project.pk}))
    assert "reference.mp4" in board.content.decode()  # offered as a reference video
    response = producer.post(
        reverse("storyboard-frame-create", kwargs={"project_id": studio.acme_project.pk}),
        {"still_of": str(asset.pk), "still_timecode": "00:00:01:05", "shot_size": "WS"},
    )
    assert response.status_code == 302
    frame = Frame.objects.get()
    assert (frame.image_source, frame.source_asset, frame.source_frame) == ("video", asset, 30)
    assert (frame.image_width, frame.image_height) == (320, 180)
    # Past the end: a clear refusal, nothing made.
    response = producer.post(
        reverse("storyboard-frame-create", kwargs={"project_id": studio.acme_project.pk}),
        {"still_of": str(asset.pk), "still_timecode": "00:00:09:00"},
    )
    assert response.status_code == 400
    assert "That timecode is outside the video (it has 50 frames)." in response.content.decode()
    assert Frame.objects.count() == 1


# --- Order ---------------------------------------------------------------------------------------


def test_reorder_takes_the_whole_new_order(studio):
    a, b, c = make_frames(studio, 3)
    response = reorder(login(studio.editor), studio.acme_project, [c.pk, a.pk, b.pk])
    assert response.status_code == 200
    assert response.json() == {"order": [str(c.pk), str(a.pk), str(b.pk)]}
    assert board_order(studio.acme_project) == ["Frame note 2", "Frame note 0", "Frame note 1"]
    assert TimelineEvent.objects.filter(kind="storyboard.reordered").count() == 1


@pytest.mark.parametrize(
    ("make_order", "message"),
    [
        (lambda a, b, c, foreign: [a, b], "must name every frame of the storyboard (3); it names 2"),
        (lambda a, b, c, foreign: [a, b, c, foreign], "not on this storyboard"),
        (lambda a, b, c, foreign: [a, b, foreign], "not on this storyboard"),
        (lambda a, b, c, foreign: [a, a, b, c], "more than once"),
        (lambda a, b, c, foreign: [a, b, "not-an-id"], "not on this storyboard"),
        (lambda a, b, c, foreign: [], "must name every frame"),
    ],
)
def test_reorder_refuses_a_partial_or_foreign_list_and_changes_nothing(studio, make_order, message):
    a, b, c = (f.pk for f in make_frames(studio, 3))
    (foreign,) = make_frames(studio, 1, project=studio.globex_project)
    before = board_order(studio.acme_project)
    response = reorder(login(studio.producer), studio.acme_project, make_order(a, b, c, foreign.pk))
    assert response.status_code == 400
    assert message in " ".join(response.json()["errors"]["order"])
    assert board_order(studio.acme_project) == before
    assert not TimelineEvent.objects.filter(kind="storyboard.reordered").exists()


def test_reorder_refuses_a_body_that_is_no_order(studio):
    make_frames(studio, 2)
    url = reverse("storyboard-reorder", kwargs={"project_id": studio.acme_project.pk})
    for body in ("not json", json.dumps({"order": "abc"}), json.dumps([1, 2])):
        response = login(studio.producer).post(url, body, content_type="application/json")
        assert response.status_code == 400
        assert "Send the order as a list of frame ids." in response.json()["errors"]["order"]


def test_clients_and_marketers_cannot_reorder(studio):
    a, b = make_frames(studio, 2)
    assert reorder(login(studio.acme_user), studio.acme_project, [b.pk, a.pk]).status_code == 403
    assert reorder(login(studio.marketer), studio.acme_project, [b.pk, a.pk]).status_code == 403
    assert reorder(login(studio.globex_user), studio.acme_project, [b.pk, a.pk]).status_code == 404
    assert board_order(studio.acme_project) == ["Frame note 0", "Frame note 1"]


def test_up_and_down_buttons_move_a_frame_without_script(studio):
    a, _b, c = make_frames(studio, 3)
    producer = login(studio.producer)
    producer.post(reverse("storyboard-frame-move", kwargs={"frame_id": c.pk}), {"direction": "up"})
    assert board_order(studio.acme_project) == ["Frame note 0", "Frame note 2", "Frame note 1"]
    producer.post(reverse("storyboard-frame-move", kwargs={"frame_id": a.pk}), {"direction": "down"})
    assert board_order(studio.acme_project) == ["Frame note 2", "Frame note 0", "Frame note 1"]
    producer.post(reverse("storyboard-frame-move", kwargs={"frame_id": c.pk}), {"direction": "up"})  # first already
    assert board_order(studio.acme_project) == ["Frame note 2", "Frame note 0", "Frame note 1"]
    page = producer.get(reverse("storyboard", kwargs={"project_id": studio.acme_project.pk})).content.decode()
    assert page.index("Frame note 2") < page.index("Frame note 0") < page.index("Frame note 1")


def test_removing_a_frame_keeps_the_others_numbered_in_order(studio, image_png, django_capture_on_commit_callbacks):
    _a, b, c = make_frames(studio, 3)
    b = services.frame_update(frame=b, by=studio.producer, image=("b.png", image_png))
    name = b.image.name
    with django_capture_on_commit_callbacks(execute=True):
        response = login(studio.producer).post(reverse("storyboard-frame-delete", kwargs={"frame_id": b.pk}))
    assert response.status_code == 302
    assert board_order(studio.acme_project) == ["Frame note 0", "Frame note 2"]
    assert not default_storage.exists(name) and not default_storage.exists(name.replace(".jpg", "-thumb.jpg"))
    c_page = login(studio.producer).get(reverse("storyboard-frame", kwargs={"frame_id": c.pk}))
    assert '<h1 class="pagehead__title">Frame 2</h1>' in c_page.content.decode()


# --- Comments ------------------------------------------------------------------------------------


def test_team_and_client_comment_on_a_frame(studio):
    (frame,) = make_frames(studio, 1)
    url = reverse("storyboard-frame-comment", kwargs={"frame_id": frame.pk})
    assert login(studio.acme_user).post(url, {"text": "Can the logo be bigger?"}).status_code == 302
    assert login(studio.editor).post(url, {"text": "<b>Yes</b>"}).status_code == 302
    page = login(studio.acme_user).get(reverse("storyboard-frame", kwargs={"frame_id": frame.pk})).content.decode()
    assert "Can the logo be bigger?" in page and "&lt;b&gt;Yes&lt;/b&gt;" in page  # plain text, escaped
    assert login(studio.producer).post(url, {"text": "   "}).status_code == 400
    assert FrameComment.objects.count() == 2


# --- The PDF -------------------------------------------------------------------------------------


def pdf_text(content: bytes, tmp_path) -> str:
    if not shutil.which("pdftotext"):
        pytest.skip("pdftotext (poppler-utils) is not installed: scripts/system-deps.sh installs it")
    path = tmp_path / "board.pdf"
    path.write_bytes(content)
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout


def test_the_pdf_is_a_sheet_of_frames_with_their_notes(studio, sample_text, image_png, tmp_path):
    version = services.script_save(project=studio.acme_project, text=sample_text, by=studio.producer)
    services.frame_create(
        project=studio.acme_project, by=studio.producer, image=("a.png", image_png), shot_size="EWS",
        angle="high", duration="4", notes="Dawn over the ridge", scene=version.scenes.first().pk,
    )  # fmt: skip
    services.frame_create(
        project=studio.acme_project, by=studio.producer, shot_size="ECU", dialogue="Pace!", notes="Shoe in puddle"
    )
    response = login(studio.acme_user).get(reverse("storyboard-pdf", kwargs={"project_id": studio.acme_project.pk}))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="acme-spring-launch-storyboard.pdf"'
    text = pdf_text(response.content, tmp_path)
    for expected in ("Acme spring launch", "2 frames", "Extreme wide shot (EWS)", "High angle", "4.0 s",
                     "Dawn over the ridge", "Scene 1: INT. HOSPITAL CORRIDOR - NIGHT", "Extreme close-up (ECU)",
                     "“Pace!”", "Shoe in puddle", "No picture yet"):  # fmt: skip
        assert expected in text, expected
    assert text.index("Dawn over the ridge") < text.index("Shoe in puddle")


# --- Who sees what -------------------------------------------------------------------------------


def test_another_client_sees_nothing_of_the_board(studio, image_png):
    frame = services.frame_create(
        project=studio.acme_project, by=studio.producer, image=("a.png", image_png), notes="SECRET board note"
    )
    globex = login(studio.globex_user)
    project = studio.acme_project.pk
    for url in (
        reverse("storyboard", kwargs={"project_id": project}),
        reverse("storyboard-section", kwargs={"project_id": project}),
        reverse("storyboard-pdf", kwargs={"project_id": project}),
        reverse("storyboard-frame", kwargs={"frame_id": frame.pk}),
        reverse("storyboard-frame-image", kwargs={"frame_id": frame.pk}),
    ):
        response = globex.get(url)
        assert response.status_code == 404, url
        assert b"SECRET" not in response.content
    for url, data in (
        (reverse("storyboard-frame", kwargs={"frame_id": frame.pk}), {"notes": "mine"}),
        (reverse("storyboard-frame-comment", kwargs={"frame_id": frame.pk}), {"text": "hi"}),
        (reverse("storyboard-frame-move", kwargs={"frame_id": frame.pk}), {"direction": "up"}),
        (reverse("storyboard-frame-delete", kwargs={"frame_id": frame.pk}), {}),
        (reverse("storyboard-frame-create", kwargs={"project_id": project}), {"notes": "x"}),
    ):
        assert globex.post(url, data).status_code == 404, url
    frame.refresh_from_db()
    assert frame.notes == "SECRET board note" and Frame.objects.count() == 1 and not FrameComment.objects.exists()


def test_a_client_reads_the_board_but_cannot_change_it(studio):
    (frame,) = make_frames(studio, 1)
    client = login(studio.acme_user)
    page = client.get(reverse("storyboard", kwargs={"project_id": studio.acme_project.pk})).content.decode()
    assert "Frame note 0" in page and "Add a frame" not in page and "data-reorder-url" not in page
    assert client.post(reverse("storyboard-frame", kwargs={"frame_id": frame.pk}), {"notes": "x"}).status_code == 403
    assert client.post(reverse("storyboard-frame-delete", kwargs={"frame_id": frame.pk})).status_code == 403
    assert (
        client.post(
            reverse("storyboard-frame-create", kwargs={"project_id": studio.acme_project.pk}), {"notes": "x"}
        ).status_code
        == 403
    )
    assert board_order(studio.acme_project) == ["Frame note 0"]


def test_the_board_page_stays_at_a_fixed_number_of_queries(studio, image_png, django_assert_max_num_queries):
    url = reverse("storyboard", kwargs={"project_id": studio.acme_project.pk})
    producer = login(studio.producer)
    make_frames(studio, 2)
    producer.get(url)  # warm the session
    with django_assert_max_num_queries(20) as few:
        producer.get(url)
    for frame in make_frames(studio, 10):
        services.frame_comment_post(frame=frame, by=studio.producer, text="note")
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert producer.get(url).status_code == 200


def test_the_project_page_loads_the_section(studio, sample_text):
    services.script_save(project=studio.acme_project, text=sample_text, by=studio.producer)
    make_frames(studio, 2)
    page = login(studio.acme_user).get(reverse("project-detail", kwargs={"project_id": studio.acme_project.pk}))
    assert reverse("storyboard-section", kwargs={"project_id": studio.acme_project.pk}) in page.content.decode()
    section = (
        login(studio.acme_user)
        .get(reverse("storyboard-section", kwargs={"project_id": studio.acme_project.pk}))
        .content.decode()
    )
    assert 'Script <span class="vnum">v1</span>' in section and "2 storyboard frames" in section


def test_saving_a_frame_keeps_a_scene_that_was_cut_from_the_script(studio, sample_text):
    v1 = services.script_save(project=studio.acme_project, text=sample_text, by=studio.producer)
    flashback = v1.scenes.get(position=4)
    frame = services.frame_create(project=studio.acme_project, by=studio.producer, scene=flashback.pk)
    services.script_save(project=studio.acme_project, text=sample_text.split(".FLASHBACK")[0], by=studio.producer)
    producer = login(studio.producer)
    url = reverse("storyboard-frame", kwargs={"frame_id": frame.pk})
    page = producer.get(url).content.decode()
    assert "FLASHBACK - MAYA&#x27;S FIRST SHIFT (script v1; not in the current version)" in page
    response = producer.post(url, {"scene": str(flashback.pk), "notes": "Still the flashback"})
    assert response.status_code == 302
    frame.refresh_from_db()
    assert (frame.scene, frame.notes) == (flashback, "Still the flashback")
