"""The script: versions imported from a .fountain file or saved from the editor, their scenes as
rows, the export that gives the text back, the diff, and the refusals that change nothing."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from production.storyboard import services
from production.storyboard.models import Frame, Scene, Script, ScriptVersion
from projects.models import Stage, TimelineEvent
from tests.conftest import login

pytestmark = pytest.mark.django_db

SCENE_FIELDS = ("position", "number", "heading", "setting", "location", "time_of_day", "action", "dialogue",
                "characters", "elements", "lines", "key")  # fmt: skip


def scene_rows(version):
    return [tuple(getattr(s, f) for f in SCENE_FIELDS) for s in version.scenes.order_by("position")]


def upload(client, project, name, data, note=""):
    return client.post(
        reverse("script-import", kwargs={"project_id": project.pk}),
        {"file": SimpleUploadedFile(name, data, content_type="application/octet-stream"), "note": note},
    )


def test_import_makes_version_1_with_its_scenes_as_rows(studio, sample_bytes):
    response = upload(login(studio.producer), studio.acme_project, "night-shift.fountain", sample_bytes, "First draft")
    assert response.status_code == 302
    version = ScriptVersion.objects.get()
    assert (version.number, version.origin, version.file_name, version.note) == (
        1, "imported", "night-shift.fountain", "First draft",
    )  # fmt: skip
    assert version.script.project == studio.acme_project and version.script.title == "Night Shift"
    scenes = list(version.scenes.order_by("position"))
    assert [s.heading for s in scenes] == [
        "INT. HOSPITAL CORRIDOR - NIGHT",
        "EXT. HOSPITAL ROOF - NIGHT",
        "INT./EXT. MAYA'S CAR - MOVING - DAWN",
        "FLASHBACK - MAYA'S FIRST SHIFT",
    ]
    assert scenes[0].setting == Scene.Setting.INT and scenes[0].characters == ["MAYA", "DR. REYES"]
    event = TimelineEvent.objects.get(kind="script.imported")
    assert event.stage == Stage.STORYBOARD and event.client_visible
    assert "version 1" in event.summary


def test_import_export_import_round_trips(studio, sample_bytes):
    producer = login(studio.producer)
    upload(producer, studio.acme_project, "night-shift.fountain", sample_bytes)
    first = ScriptVersion.objects.get()
    exported = producer.get(reverse("script-fountain", kwargs={"scriptversion_id": first.pk}))
    assert exported.status_code == 200
    assert exported["Content-Disposition"] == 'attachment; filename="night-shift-v1.fountain"'
    text = exported.content.decode()
    # Everything a writer wrote is still there: notes, boneyard, dual dialogue, centered text,
    # page breaks, forced headings, transitions, parentheticals, the title page.
    for construct in ("[[Maya's coffee cup", "/* An older beat we cut:", "MAYA ^", "> THE SUN STARTS TO RISE <",
                      "\n===\n", ".FLASHBACK - MAYA'S FIRST SHIFT", "CUT TO:", "(to herself)", "Title: Night Shift",
                      "INT./EXT. MAYA'S CAR - MOVING - DAWN #3#"):  # fmt: skip
        assert construct in text
    assert text == sample_bytes.decode()
    # Into another project, the exported file reads as the same script.
    other = services.script_import(
        project=studio.globex_project, name="again.fountain", data=exported.content, by=studio.producer
    )
    assert other.source == first.source
    assert scene_rows(other) == scene_rows(first)
    assert (other.lines, other.title_page, other.lead) == (first.lines, first.title_page, first.lead)


def test_windows_line_endings_and_a_byte_order_mark_read_the_same(studio, sample_text):
    data = ("\ufeff" + sample_text.replace("\n", "\r\n")).encode()
    version = services.script_import(project=studio.acme_project, name="w.fountain", data=data, by=studio.producer)
    assert version.source == sample_text
    assert version.scenes.count() == 4


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("empty.fountain", b"", "The file is empty."),
        ("blank.fountain", b"\n\n   \n", "The file is empty."),
        ("still.fountain", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "not a text file"),
        ("latin.fountain", "INT. CAFÉ - DAY\n\nHello.".encode("latin-1"), "not UTF-8"),
        ("script.pdf", b"INT. A - DAY\n", "a .fountain (or .spmd, .txt) file"),
        ("notes.fountain", b"[[Only a note.]]\n", "Nothing in this text is part of a screenplay"),
    ],
)
def test_a_bad_file_is_refused_clearly_and_changes_nothing(studio, sample_bytes, name, data, message):
    producer = login(studio.producer)
    upload(producer, studio.acme_project, "night-shift.fountain", sample_bytes)
    events = TimelineEvent.objects.count()
    response = upload(producer, studio.acme_project, name, data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert ScriptVersion.objects.count() == 1 and Scene.objects.count() == 4
    assert TimelineEvent.objects.count() == events


def test_no_file_at_all_is_refused(studio):
    response = login(studio.producer).post(reverse("script-import", kwargs={"project_id": studio.acme_project.pk}))
    assert response.status_code == 400
    assert "Choose a .fountain file to import." in response.content.decode()
    assert not Script.objects.exists()


def test_saving_the_same_text_makes_no_version(studio, sample_text):
    services.script_save(project=studio.acme_project, text=sample_text, by=studio.producer)
    response = login(studio.editor).post(
        reverse("script-edit", kwargs={"project_id": studio.acme_project.pk}), {"text": sample_text}
    )
    assert response.status_code == 400
    assert "Nothing changed: this is the text of version 1" in response.content.decode()
    assert ScriptVersion.objects.count() == 1


def test_pasted_text_becomes_the_next_version_and_the_page_shows_it(studio, sample_text):
    services.script_save(project=studio.acme_project, text=sample_text, by=studio.producer)
    editor = login(studio.editor)
    edit_url = reverse("script-edit", kwargs={"project_id": studio.acme_project.pk})
    assert "Twelve hours" in editor.get(edit_url).content.decode()  # the editor opens on the current text
    changed = sample_text.replace("Twelve hours. I can do twelve hours.", "Twelve hours. Easy.")
    response = editor.post(edit_url, {"text": changed, "note": "Tighter line"})
    assert response.status_code == 302
    version = ScriptVersion.objects.get(number=2)
    assert version.origin == "saved" and version.created_by == studio.editor
    page = editor.get(reverse("script", kwargs={"project_id": studio.acme_project.pk})).content.decode()
    assert "Twelve hours. Easy." in page and "I can do twelve hours" not in page
    assert "Tighter line" in page
    assert TimelineEvent.objects.filter(kind="script.saved", client_visible=True).count() == 2


def test_an_empty_save_is_refused(studio):
    response = login(studio.producer).post(
        reverse("script-edit", kwargs={"project_id": studio.acme_project.pk}), {"text": "  \n"}
    )
    assert response.status_code == 400
    assert "The script is empty." in response.content.decode()
    assert not ScriptVersion.objects.exists()


def test_the_diff_page_shows_what_changed_between_two_versions(studio, sample_text):
    services.script_save(project=studio.acme_project, text=sample_text, by=studio.producer)
    changed = sample_text.replace("Twelve hours. I can do twelve hours.", "Twelve hours. Easy.") + (
        "\nEXT. PARKING LOT - DAY #5#\n\nMaya finds her car.\n"
    )
    v2 = services.script_save(project=studio.acme_project, text=changed, by=studio.producer)
    page = login(studio.acme_user).get(reverse("script-diff", kwargs={"scriptversion_id": v2.pk}))
    assert page.status_code == 200
    html = page.content.decode()
    assert '<tr class="diff--removed">' in html and "Twelve hours. I can do twelve hours." in html
    assert '<tr class="diff--added">' in html and "Twelve hours. Easy." in html
    assert "new scenes: EXT. PARKING LOT - DAY" in html
    assert ">+5</span>" in html and ">\u22121</span>" in html  # one line changed, four added (a minus sign)


def test_the_diff_compares_with_any_version_of_the_same_script_only(studio, sample_text):
    v1 = services.script_save(project=studio.acme_project, text=sample_text, by=studio.producer)
    v2 = services.script_save(project=studio.acme_project, text=sample_text + "\nMore.\n", by=studio.producer)
    elsewhere = services.script_save(project=studio.globex_project, text=sample_text, by=studio.producer)
    producer = login(studio.producer)
    url = reverse("script-diff", kwargs={"scriptversion_id": v2.pk})
    assert producer.get(url, {"against": str(v1.pk)}).status_code == 200
    assert producer.get(url, {"against": str(elsewhere.pk)}).status_code == 404
    first = producer.get(reverse("script-diff", kwargs={"scriptversion_id": v1.pk}))
    assert "This is the first version" in first.content.decode()


def test_the_script_page_shows_page_count_runtime_and_scenes(studio, sample_text):
    version = services.script_save(project=studio.acme_project, text=sample_text, by=studio.producer)
    page = login(studio.acme_user).get(reverse("script", kwargs={"project_id": studio.acme_project.pk}))
    html = page.content.decode()
    assert f"{version.page_label} pages · about {version.runtime_label} on screen" in html
    assert version.page_label == "1 2/8" and version.runtime_label == "1:16"
    assert "INT. HOSPITAL CORRIDOR - NIGHT" in html and "You&#x27;re late." in html
    assert "brand&#x27;s; check with the client" not in html  # notes are the writer's, not on the page
    # A client reads the script but cannot change it.
    assert "Import a Fountain file" not in html and "Edit script" not in html


def test_clients_read_but_never_write(studio, sample_text, sample_bytes):
    version = services.script_save(project=studio.acme_project, text=sample_text, by=studio.producer)
    client = login(studio.acme_user)
    assert client.get(reverse("script-fountain", kwargs={"scriptversion_id": version.pk})).content == sample_bytes
    assert upload(client, studio.acme_project, "x.fountain", b"INT. X - DAY\n").status_code == 403
    edit = reverse("script-edit", kwargs={"project_id": studio.acme_project.pk})
    assert client.get(edit).status_code == 403
    assert client.post(edit, {"text": "INT. X - DAY\n"}).status_code == 403
    assert login(studio.marketer).post(edit, {"text": "INT. X - DAY\n"}).status_code == 403
    assert ScriptVersion.objects.count() == 1


def test_another_client_sees_nothing(studio, sample_text):
    version = services.script_save(project=studio.acme_project, text=sample_text, by=studio.producer)
    globex = login(studio.globex_user)
    for url in (
        reverse("script", kwargs={"project_id": studio.acme_project.pk}),
        reverse("script-version", kwargs={"scriptversion_id": version.pk}),
        reverse("script-fountain", kwargs={"scriptversion_id": version.pk}),
        reverse("script-diff", kwargs={"scriptversion_id": version.pk}),
    ):
        response = globex.get(url)
        assert response.status_code == 404, url
        assert "HOSPITAL" not in response.content.decode()
    assert upload(globex, studio.acme_project, "x.fountain", b"INT. X - DAY\n").status_code == 404
    assert ScriptVersion.objects.count() == 1


def test_a_new_version_moves_frames_to_the_same_scene(studio, sample_text):
    v1 = services.script_save(project=studio.acme_project, text=sample_text, by=studio.producer)
    roof = v1.scenes.get(position=2)
    frame = services.frame_create(project=studio.acme_project, by=studio.producer, scene=roof.pk)
    flashback = services.frame_create(
        project=studio.acme_project, by=studio.producer, scene=v1.scenes.get(position=4).pk
    )
    # v2 adds a scene before the roof and drops the flashback.
    text = sample_text.replace("EXT. HOSPITAL ROOF", "INT. LIFT - NIGHT\n\nShe waits.\n\nEXT. HOSPITAL ROOF")
    text = text.split(".FLASHBACK")[0]
    v2 = services.script_save(project=studio.acme_project, text=text, by=studio.producer)
    frame.refresh_from_db()
    flashback.refresh_from_db()
    assert frame.scene.version == v2 and frame.scene.heading == "EXT. HOSPITAL ROOF - NIGHT"
    assert frame.scene.position == 3
    assert flashback.scene.version == v1  # its scene is gone from v2: it keeps the one it had
    assert Frame.objects.count() == 2


def test_the_script_page_stays_at_a_fixed_number_of_queries(studio, sample_text, django_assert_max_num_queries):
    url = reverse("script", kwargs={"project_id": studio.acme_project.pk})
    producer = login(studio.producer)
    services.script_save(project=studio.acme_project, text=sample_text, by=studio.producer)
    producer.get(url)
    with django_assert_max_num_queries(20) as few:
        producer.get(url)
    for n in range(5):  # more versions, more scenes
        extra = "".join(f"\nINT. ROOM {n}-{i} - DAY\n\nAction {i}.\n" for i in range(5))
        services.script_save(project=studio.acme_project, text=sample_text + extra, by=studio.producer)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert "INT. ROOM 4-4 - DAY" in producer.get(url).content.decode()
