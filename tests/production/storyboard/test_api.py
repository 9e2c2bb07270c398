"""The storyboard stage's API: scripts and their versions (with scenes and the Fountain text),
frames (create, change, remove, reorder, comments), scoped like the pages."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from production.storyboard import services
from production.storyboard.models import Frame, ScriptVersion

pytestmark = pytest.mark.django_db


def api(user) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.get_or_create(user=user)[0].key}")
    return client


def test_save_a_script_version_and_read_it_back(studio, sample_text):
    editor = api(studio.editor)
    response = editor.post(
        "/api/scripts/", {"project": str(studio.acme_project.pk), "text": sample_text, "note": "v1"}, format="json"
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["number"] == 1 and body["origin"] == "saved" and body["runtime_seconds"] == 76
    assert [s["heading"] for s in body["scenes"]][:2] == [
        "INT. HOSPITAL CORRIDOR - NIGHT",
        "EXT. HOSPITAL ROOF - NIGHT",
    ]
    assert body["scenes"][0]["characters"] == ["MAYA", "DR. REYES"] and body["scenes"][0]["eighths"] == 3
    scripts = api(studio.acme_user).get("/api/scripts/", {"project": str(studio.acme_project.pk)}).json()["results"]
    assert scripts[0]["title"] == "Night Shift" and scripts[0]["current_version"]["number"] == 1
    versions = api(studio.acme_user).get("/api/script-versions/", {"script": scripts[0]["id"]}).json()["results"]
    assert [v["number"] for v in versions] == [1]
    fountain = api(studio.acme_user).get(f"/api/script-versions/{body['id']}/fountain/")
    assert fountain.status_code == 200 and fountain.content.decode() == sample_text


def test_bad_script_text_is_refused(studio, sample_text):
    producer = api(studio.producer)
    url, project = "/api/scripts/", str(studio.acme_project.pk)
    empty = producer.post(url, {"project": project, "text": "  "}, format="json")
    assert empty.status_code == 400 and "The script is empty." in str(empty.json())
    binary = producer.post(url, {"project": project, "text": "a\x00b"}, format="json")
    assert binary.status_code == 400
    assert producer.post(url, {"project": project, "text": sample_text}, format="json").status_code == 201
    same = producer.post(url, {"project": project, "text": sample_text}, format="json")
    assert same.status_code == 400 and "Nothing changed" in str(same.json())
    assert ScriptVersion.objects.count() == 1


def test_clients_read_scripts_but_do_not_write_them(studio, sample_text):
    version = services.script_save(project=studio.acme_project, text=sample_text, by=studio.producer)
    client = api(studio.acme_user)
    assert client.get(f"/api/script-versions/{version.pk}/").json()["scenes"][1]["location"] == "HOSPITAL ROOF"
    response = client.post("/api/scripts/", {"project": str(studio.acme_project.pk), "text": "INT. A - DAY"})
    assert response.status_code == 403
    globex = api(studio.globex_user)
    assert globex.get(f"/api/script-versions/{version.pk}/").status_code == 404
    assert globex.get(f"/api/script-versions/{version.pk}/fountain/").status_code == 404
    assert globex.get("/api/scripts/").json()["results"] == []
    assert globex.post("/api/scripts/", {"project": str(studio.acme_project.pk), "text": "INT. A"}).status_code == 404
    assert ScriptVersion.objects.count() == 1


def test_frames_are_made_changed_reordered_and_removed(studio, sample_text, image_png):
    version = services.script_save(project=studio.acme_project, text=sample_text, by=studio.producer)
    editor = api(studio.editor)
    project = str(studio.acme_project.pk)
    first = editor.post(
        "/api/storyboard-frames/",
        {"project": project, "shot_size": "CU", "duration": "2.5", "image": SimpleUploadedFile("a.png", image_png)},
        format="multipart",
    )
    assert first.status_code == 201, first.json()
    assert f"/frames/{first.json()['id']}/image/?v=" in first.json()["image_url"]
    second = editor.post(
        "/api/storyboard-frames/",
        {"project": project, "scene": str(version.scenes.first().pk), "notes": "Wide"},
        format="json",
    )
    assert second.status_code == 201 and second.json()["number"] == 2
    changed = editor.patch(f"/api/storyboard-frames/{second.json()['id']}/", {"angle": "low"}, format="json")
    assert changed.status_code == 200 and changed.json()["angle"] == "low" and changed.json()["notes"] == "Wide"
    bad = editor.patch(f"/api/storyboard-frames/{second.json()['id']}/", {"duration": "-1"}, format="json")
    assert bad.status_code == 400
    order = [second.json()["id"], first.json()["id"]]
    moved = editor.post("/api/storyboard-frames/reorder/", {"project": project, "order": order}, format="json")
    assert moved.status_code == 200 and [f["id"] for f in moved.json()] == order
    listed = editor.get("/api/storyboard-frames/", {"project": project}).json()["results"]
    assert [(f["id"], f["number"]) for f in listed] == [(order[0], 1), (order[1], 2)]
    partial = editor.post("/api/storyboard-frames/reorder/", {"project": project, "order": order[:1]}, format="json")
    assert partial.status_code == 400 and "must name every frame" in str(partial.json())
    assert editor.delete(f"/api/storyboard-frames/{first.json()['id']}/").status_code == 204
    assert list(Frame.objects.values_list("notes", flat=True)) == ["Wide"]


def test_frame_comments_and_another_clients_view(studio):
    frame = services.frame_create(project=studio.acme_project, by=studio.producer, notes="Mine")
    client = api(studio.acme_user)
    url = f"/api/storyboard-frames/{frame.pk}/comments/"
    assert client.post(url, {"text": "Love it"}, format="json").status_code == 201
    assert client.post(url, {"text": ""}, format="json").status_code == 400
    assert [c["text"] for c in client.get(url).json()] == ["Love it"]
    assert client.patch(f"/api/storyboard-frames/{frame.pk}/", {"notes": "x"}, format="json").status_code == 403
    globex = api(studio.globex_user)
    assert globex.get(f"/api/storyboard-frames/{frame.pk}/").status_code == 404
    assert globex.get(url).status_code == 404
    assert globex.post(url, {"text": "hi"}, format="json").status_code == 404
    assert globex.get("/api/storyboard-frames/").json()["results"] == []
    reorder = globex.post(
        "/api/storyboard-frames/reorder/", {"project": str(studio.acme_project.pk), "order": [str(frame.pk)]}
    )
    assert reorder.status_code == 404
    frame.refresh_from_db()
    assert frame.notes == "Mine" and frame.comments.count() == 1


def test_scenes_of_a_version_or_of_a_projects_current_script(studio, sample_text):
    v1 = services.script_save(project=studio.acme_project, text=sample_text, by=studio.producer)
    v2 = services.script_save(project=studio.acme_project, text=sample_text.split(".FLASHBACK")[0], by=studio.producer)
    client = api(studio.acme_user)
    of_v1 = client.get("/api/scenes/", {"version": str(v1.pk)}).json()["results"]
    assert [s["position"] for s in of_v1] == [1, 2, 3, 4]
    current = client.get("/api/scenes/", {"project": str(studio.acme_project.pk)}).json()["results"]
    assert {s["version"] for s in current} == {str(v2.pk)} and len(current) == 3
    assert client.get(f"/api/scenes/{current[0]['id']}/").json()["heading"] == "INT. HOSPITAL CORRIDOR - NIGHT"
    globex = api(studio.globex_user)
    assert globex.get(f"/api/scenes/{current[0]['id']}/").status_code == 404
    assert globex.get("/api/scenes/", {"project": str(studio.acme_project.pk)}).json()["results"] == []
