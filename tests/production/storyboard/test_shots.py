"""The shot list: shots added (numbered from their scene), refused when wrong (nothing changes),
relinked to the same scene by a new script version, reordered (the whole order or nothing) by
dragging or with up/down buttons within a scene, their status stepped, their brief links and the
coverage of the brief's mandatory messages and required assets, who sees what, the API, and the
page's fixed number of queries."""

import json
import uuid

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from production.ideation import services as ideation_services
from production.storyboard import brief, services
from production.storyboard.models import Shot
from production.storyboard.services import shots as shot_services
from projects.models import Stage, TimelineEvent
from tests.conftest import login

pytestmark = pytest.mark.django_db

SCRIPT = """Title: Trail

EXT. RIDGE - DAWN

The runner, a dot on the trail.

EXT. FOREST PATH - DAWN

Feet in the mud.

INT. CAR - DAY

She drinks.
"""


@pytest.fixture
def version(studio):
    return services.script_save(project=studio.acme_project, text=SCRIPT, by=studio.producer)


@pytest.fixture
def scenes(version):
    return list(version.scenes.order_by("position"))


def save_brief(studio, *, messages, assets, project=None):
    project = project or studio.acme_project
    ideation_services.brief_save(project=project, by=studio.producer, summary="Trail shoe launch",
                                 messages=messages, assets=assets)  # fmt: skip
    return brief.brief_rows(project)


@pytest.fixture
def acme_brief(studio):
    """The Acme project's brief (a real one, through the ideation app) as the shot list reads it:
    two mandatory messages and two required assets (a 9:16 cutdown, a 16:9 bumper)."""
    return save_brief(
        studio,
        messages=[{"text": "Waterproof to 10 m", "kind": "show"},
                  {"text": "Made from recycled bottles", "kind": "say"}],
        assets=[{"kind": "cutdown", "count": 3, "aspect_ratio": "9:16", "duration": 15},
                {"kind": "bumper", "count": 1, "aspect_ratio": "16:9", "duration": 6}],
    )  # fmt: skip


def test_the_shot_list_reads_the_current_brief_version(studio, acme_brief):
    messages, assets = acme_brief
    assert [(m.text, m.kind) for m in messages] == [
        ("Waterproof to 10 m", "Shown"),
        ("Made from recycled bottles", "Said"),
    ]
    assert [(a.label, a.aspect_ratio) for a in assets] == [
        ("3 x Cutdown, 9:16, 15 s", "9:16"),
        ("1 x Bumper, 16:9, 6 s", "16:9"),
    ]
    content = ideation_services.content_of(ideation_services.current_version_of(studio.acme_project))
    content["messages"] = [{**content["messages"][1], "text": "Made from 12 recycled bottles"}]
    messages_v2, assets_v2 = save_brief(studio, messages=content["messages"], assets=content["assets"][:1])
    assert [(m.key, m.text) for m in messages_v2] == [(messages[1].key, "Made from 12 recycled bottles")]  # same key
    assert [a.key for a in assets_v2] == [assets[0].key]
    assert brief.brief_rows(studio.globex_project) == ([], [])  # no brief


def add(studio, project=None, **fields) -> Shot:
    return shot_services.shot_create(project=project or studio.acme_project, by=studio.producer, **fields)


def list_numbers(project) -> list[str]:
    return list(Shot.objects.filter(project=project).order_by("position").values_list("number", flat=True))


def shots_url(project) -> str:
    return reverse("shots", kwargs={"project_id": project.pk})


# --- Adding and changing -------------------------------------------------------------------------


def test_add_a_shot_on_the_page(studio, scenes):
    response = login(studio.editor).post(
        reverse("shot-create", kwargs={"project_id": studio.acme_project.pk}),
        {
            "scene": str(scenes[1].pk),
            "description": "Shoe hits the puddle, slow motion",
            "shot_size": "ECU",
            "angle": "low",
            "movement": "static",
            "lens": "100mm macro",
            "framing": "9:16",
            "location": "Forest trail, km 3",
            "cast": "Maya",
            "setup_minutes": "25",
            "shoot_minutes": "40",
        },
    )
    assert response.status_code == 302
    shot = Shot.objects.get()
    assert (shot.number, shot.scene, shot.framing, shot.lens, shot.setup_minutes, shot.shoot_minutes) == (
        "2A", scenes[1], "9:16", "100mm macro", 25, 40,
    )  # fmt: skip
    assert shot.status == Shot.Status.PLANNED and shot.message_keys == [] and shot.asset_keys == []
    event = TimelineEvent.objects.get(kind="shotlist.shot_added")
    assert event.stage == Stage.STORYBOARD and not event.client_visible and "shot 2A" in event.summary
    page = login(studio.acme_user).get(shots_url(studio.acme_project)).content.decode()
    assert "Shoe hits the puddle, slow motion" in page and "FOREST PATH - DAWN" in page
    assert "framing--916" in page and "0:25" in page and "0:40" in page and "1:05" in page  # h:mm, totals


def test_numbers_default_from_the_scene_and_the_order(studio, scenes):
    a = add(studio, scene=scenes[0].pk)
    b = add(studio, scene=scenes[0].pk)
    c = add(studio, scene=scenes[2].pk)
    d, e = add(studio), add(studio)
    assert [s.number for s in (a, b, c, d, e)] == ["1A", "1B", "3A", "1", "2"]
    f = add(studio, scene=scenes[0].pk, number="1c")
    assert f.number == "1C"
    assert add(studio, scene=scenes[0].pk).number == "1D"  # the next free one
    letters = [add(studio, scene=scenes[1].pk).number for _ in range(9)]
    assert letters == ["2A", "2B", "2C", "2D", "2E", "2F", "2G", "2H", "2J"]  # no I: it reads as 1


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"setup_minutes": "-5"}, "setup_minutes", "from 0 to 720"),
        ({"shoot_minutes": 721}, "shoot_minutes", "from 0 to 720"),
        ({"shoot_minutes": "soon"}, "shoot_minutes", "whole minutes"),
        ({"framing": "4:3"}, "framing", "16:9 protecting 9:16"),
        ({"shot_size": "XXL"}, "shot_size", "is not a shot size"),
        ({"number": "1 A!"}, "number", "letters and digits"),
        ({"lens": "35mm\nor 50mm"}, "lens", "one line"),
        ({"description": "bad\x00text"}, "description", "control characters"),
        ({"scene": "00000000-0000-0000-0000-000000000000"}, "scene", "not in this project's script"),
        ({"frame": "not-an-id"}, "frame", "not on this project's storyboard"),
        ({"message_keys": [str(uuid.uuid4())]}, "message_keys", "has no mandatory messages"),
        ({"asset_keys": "abc"}, "asset_keys", "as a list"),
    ],
)
def test_bad_fields_are_refused_and_change_nothing(studio, fields, field, message):
    add(studio)
    events = TimelineEvent.objects.count()
    with pytest.raises(ValidationError) as refused:
        add(studio, **fields)
    assert message in " ".join(refused.value.message_dict[field])
    assert Shot.objects.count() == 1 and TimelineEvent.objects.count() == events


def test_minutes_at_the_bounds_are_kept(studio):
    shot = add(studio, setup_minutes=0, shoot_minutes="720")
    assert (shot.setup_minutes, shot.shoot_minutes, shot.shoot_label) == (0, 720, "12:00")


def test_a_scene_or_frame_of_another_project_is_refused(studio):
    other = services.script_save(project=studio.globex_project, text=SCRIPT, by=studio.producer)
    foreign_frame = services.frame_create(project=studio.globex_project, by=studio.producer)
    with pytest.raises(ValidationError) as refused:
        add(studio, scene=other.scenes.first().pk, frame=foreign_frame.pk)
    assert refused.value.message_dict == {
        "scene": ["That scene is not in this project's script."],
        "frame": ["That frame is not on this project's storyboard."],
    }
    assert not Shot.objects.exists()


def test_a_number_already_on_the_list_is_refused(studio):
    add(studio, number="5")
    with pytest.raises(ValidationError, match="Shot 5 is already on the list"):
        add(studio, number="5")
    other = add(studio, number="6")
    with pytest.raises(ValidationError, match="Shot 5 is already on the list"):
        shot_services.shot_update(shot=other, by=studio.producer, number="5")
    assert list_numbers(studio.acme_project) == ["5", "6"]


def test_edit_a_shot_on_its_page(studio, scenes):
    frame = services.frame_create(project=studio.acme_project, by=studio.producer, shot_size="WS")
    shot = add(studio, scene=scenes[0].pk, description="Wide of the ridge")
    producer = login(studio.producer)
    url = reverse("shot", kwargs={"shot_id": shot.pk})
    assert "Wide of the ridge" in producer.get(url).content.decode()
    response = producer.post(
        url, {"number": "1A", "scene": str(scenes[0].pk), "frame": str(frame.pk), "description": "Wider",
              "framing": "16:9+9:16", "lens": "24mm"},
    )  # fmt: skip
    assert response.status_code == 302
    shot.refresh_from_db()
    assert (shot.frame, shot.description, shot.framing, shot.lens) == (frame, "Wider", "16:9+9:16", "24mm")
    event = TimelineEvent.objects.get(kind="shotlist.shot_changed")
    assert event.data["changed"] == ["description", "frame", "framing", "lens"]
    response = producer.post(url, {"framing": "16:9", "setup_minutes": "999"})
    assert response.status_code == 400 and "from 0 to 720" in response.content.decode()
    shot.refresh_from_db()
    assert shot.framing == "16:9+9:16"


# --- The script's new version -------------------------------------------------------------------


def test_a_new_script_version_moves_shots_to_the_same_scene(studio, scenes):
    ridge = add(studio, scene=scenes[0].pk)
    car = add(studio, scene=scenes[2].pk)
    loose = add(studio)
    frame = services.frame_create(project=studio.acme_project, by=studio.producer, scene=scenes[0].pk)
    v2 = services.script_save(
        project=studio.acme_project, text=SCRIPT.replace("INT. CAR - DAY\n\nShe drinks.\n", "") + "\nMore.\n",
        by=studio.producer,
    )  # fmt: skip
    ridge.refresh_from_db(), car.refresh_from_db(), loose.refresh_from_db(), frame.refresh_from_db()
    assert ridge.scene == v2.scenes.get(heading="EXT. RIDGE - DAWN") and frame.scene == ridge.scene
    assert car.scene == scenes[2]  # the car scene was cut: the shot keeps it
    assert loose.scene is None
    saved = TimelineEvent.objects.filter(kind="script.saved").latest("occurred_at")
    assert (saved.data["frames_relinked"], saved.data["shots_relinked"]) == (1, 1)
    page = login(studio.producer).get(shots_url(studio.acme_project)).content.decode()
    assert "script v1; not in the current version" in page
    assert page.index("RIDGE - DAWN") < page.index("CAR - DAY") < page.index("No scene")


def test_relinking_reads_once_whatever_the_number_of_shots(studio, scenes, django_assert_max_num_queries):
    for n in range(3):
        add(studio, scene=scenes[n % 3].pk)
    with django_assert_max_num_queries(40) as few:
        services.script_save(project=studio.acme_project, text=SCRIPT + "\nA.\n", by=studio.producer)
    for n in range(30):
        add(studio, scene=scenes[n % 3].pk)
    with django_assert_max_num_queries(len(few.captured_queries)):
        services.script_save(project=studio.acme_project, text=SCRIPT + "\nB.\n", by=studio.producer)
    assert Shot.objects.filter(scene__version__number=3).count() == 33


# --- Order and status ----------------------------------------------------------------------------


def reorder(client, project, order):
    return client.post(
        reverse("shots-reorder", kwargs={"project_id": project.pk}),
        json.dumps({"order": [str(i) for i in order]}),
        content_type="application/json",
    )


def test_reorder_takes_the_whole_new_order(studio):
    a, b, c = (add(studio, number=n) for n in ("1", "2", "3"))
    response = reorder(login(studio.editor), studio.acme_project, [c.pk, a.pk, b.pk])
    assert response.status_code == 200 and response.json() == {"order": [str(c.pk), str(a.pk), str(b.pk)]}
    assert list_numbers(studio.acme_project) == ["3", "1", "2"]
    assert TimelineEvent.objects.filter(kind="shotlist.reordered").count() == 1


@pytest.mark.parametrize(
    ("make_order", "message"),
    [
        (lambda a, b, c, foreign: [a, b], "must name every shot of the list (3); it names 2"),
        (lambda a, b, c, foreign: [a, b, c, foreign], "not on this shot list"),
        (lambda a, b, c, foreign: [a, b, foreign], "not on this shot list"),
        (lambda a, b, c, foreign: [a, a, b, c], "more than once"),
        (lambda a, b, c, foreign: [a, b, "nope"], "not on this shot list"),
        (lambda a, b, c, foreign: [], "must name every shot"),
    ],
)
def test_reorder_refuses_a_partial_or_foreign_list_and_changes_nothing(studio, make_order, message):
    a, b, c = (add(studio, number=n).pk for n in ("1", "2", "3"))
    foreign = add(studio, project=studio.globex_project).pk
    response = reorder(login(studio.producer), studio.acme_project, make_order(a, b, c, foreign))
    assert response.status_code == 400
    assert message in " ".join(response.json()["errors"]["order"])
    assert list_numbers(studio.acme_project) == ["1", "2", "3"]
    assert not TimelineEvent.objects.filter(kind="shotlist.reordered").exists()


def test_up_and_down_move_a_shot_within_its_scene(studio, scenes):
    a1 = add(studio, scene=scenes[0].pk)  # 1A
    b = add(studio, scene=scenes[1].pk)  # 2A
    a2 = add(studio, scene=scenes[0].pk)  # 1B
    producer = login(studio.producer)
    page = producer.get(shots_url(studio.acme_project)).content.decode()
    assert page.index(f"shot-{a1.pk}") < page.index(f"shot-{a2.pk}") < page.index(f"shot-{b.pk}")  # by scene
    assert page.count("csrfmiddlewaretoken") == 3  # signing out, the form all rows' buttons share, adding a shot
    assert f'form="shot-actions" formaction="{reverse("shot-move", kwargs={"shot_id": a2.pk})}"' in page
    producer.post(reverse("shot-move", kwargs={"shot_id": a2.pk}), {"direction": "up"})
    assert list_numbers(studio.acme_project) == ["1B", "1A", "2A"]
    producer.post(reverse("shot-move", kwargs={"shot_id": a1.pk}), {"direction": "down"})  # last of its scene
    assert list_numbers(studio.acme_project) == ["1B", "1A", "2A"]
    producer.post(reverse("shot-move", kwargs={"shot_id": b.pk}), {"direction": "up"})  # first of its scene
    assert list_numbers(studio.acme_project) == ["1B", "1A", "2A"]


def test_status_steps_from_planned_to_circled(studio):
    shot = add(studio)
    producer = login(studio.producer)
    url = reverse("shot-status", kwargs={"shot_id": shot.pk})
    for status in ("scheduled", "shot", "circled"):
        assert producer.post(url, {"status": status}).status_code == 302
        shot.refresh_from_db()
        assert shot.status == status
    page = producer.get(shots_url(studio.acme_project)).content.decode()
    assert "Circled (take picked)" in page
    producer.post(url, {"status": "wrapped"})
    shot.refresh_from_db()
    assert shot.status == "circled"
    events = list(TimelineEvent.objects.filter(kind="shotlist.status_changed").order_by("occurred_at"))
    assert [e.data["status"] for e in events] == ["scheduled", "shot", "circled"]
    assert "marked shot 1 circled (take picked) (was shot)" in events[-1].summary


def test_remove_a_shot(studio):
    a, b = add(studio), add(studio)
    assert login(studio.producer).post(reverse("shot-delete", kwargs={"shot_id": a.pk})).status_code == 302
    assert list(Shot.objects.all()) == [b]
    assert TimelineEvent.objects.filter(kind="shotlist.shot_removed").exists()


# --- The brief -----------------------------------------------------------------------------------


def test_brief_links_are_checkboxes_and_unknown_keys_are_refused(studio, acme_brief):
    (waterproof, recycled), (cutdown, _) = acme_brief
    page = login(studio.producer).get(shots_url(studio.acme_project)).content.decode()
    assert "Waterproof to 10 m" in page and "3 x Cutdown, 9:16, 15 s" in page
    assert f'value="{waterproof.key}"' in page and 'type="checkbox"' in page
    response = login(studio.producer).post(
        reverse("shot-create", kwargs={"project_id": studio.acme_project.pk}),
        {"framing": "9:16", "message_keys": [waterproof.key], "asset_keys": [cutdown.key]},
    )
    assert response.status_code == 302
    shot = Shot.objects.get()
    assert (shot.message_keys, shot.asset_keys) == ([waterproof.key], [cutdown.key])
    stranger = str(uuid.uuid4())
    with pytest.raises(ValidationError) as refused:
        add(studio, message_keys=[recycled.key, stranger], asset_keys=[waterproof.key])
    assert refused.value.message_dict == {
        "message_keys": [f"1 of the mandatory messages named is not in the project's current brief: {stranger}."],
        "asset_keys": [f"1 of the assets named is not in the project's current brief: {waterproof.key}."],
    }
    with pytest.raises(ValidationError, match="has no assets"):  # another project has no brief
        add(studio, project=studio.globex_project, asset_keys=[cutdown.key])
    assert Shot.objects.count() == 1


def test_a_key_the_brief_dropped_stays_on_the_shot(studio, acme_brief):
    messages, _ = acme_brief
    shot = add(studio, message_keys=[messages[0].key, messages[1].key])
    content = ideation_services.content_of(ideation_services.current_version_of(studio.acme_project))
    save_brief(studio, messages=content["messages"][1:], assets=content["assets"])  # version 2 drops the first
    shot = shot_services.shot_update(shot=shot, by=studio.producer, lens="50mm", message_keys=shot.message_keys)
    assert shot.message_keys == [messages[0].key, messages[1].key] and shot.lens == "50mm"
    producer = login(studio.producer)
    page = producer.get(shots_url(studio.acme_project)).content.decode()
    assert "1 link no longer in the brief" in page
    edit = producer.get(reverse("shot", kwargs={"shot_id": shot.pk})).content.decode()
    assert "A message (no longer in the brief)" in edit  # still ticked, so saving the form keeps it
    with pytest.raises(ValidationError, match="not in the project's current brief"):
        add(studio, message_keys=[messages[0].key])  # a new shot cannot take it


def test_coverage_of_messages_and_assets(studio, acme_brief):
    (waterproof, recycled), (cutdown, bumper) = acme_brief
    wide = add(studio, number="1", framing="16:9", message_keys=[waterproof.key], asset_keys=[cutdown.key, bumper.key])
    shot_list = shot_list_for(studio)
    assert [(m.message.text, [s.number for s in m.shots]) for m in shot_list.messages] == [
        ("Waterproof to 10 m", ["1"]), ("Made from recycled bottles", []),
    ]  # fmt: skip
    cut, bump = shot_list.assets
    assert ([s.number for s in cut.shots], cut.framed, cut.problem) == (["1"], [], "no shot framed 9:16")
    assert ([s.number for s in bump.framed], bump.problem) == (["1"], "")
    page = login(studio.acme_user).get(shots_url(studio.acme_project)).content.decode()
    assert "not covered" in page and "no shot framed 9:16" in page and "2 not covered" in page
    links = page[page.index(f'id="shot-{wide.pk}"') :].split("</tr>")[0]
    assert ">Waterproof to 10 m</li>" in links and ">3 x Cutdown, 9:16, 15 s</li>" in links  # the row's brief links
    assert "Made from recycled bottles" not in links
    own_page = login(studio.acme_user).get(reverse("shot", kwargs={"shot_id": wide.pk})).content.decode()
    assert (
        "<dd>Waterproof to 10 m</dd>" in own_page
        and "<dd>3 x Cutdown, 9:16, 15 s<br>1 x Bumper, 16:9, 6 s</dd>" in own_page
    )

    add(studio, number="2", framing="16:9+9:16", message_keys=[recycled.key], asset_keys=[cutdown.key])
    shot_list = shot_list_for(studio)
    assert [s.number for s in shot_list.assets[0].framed] == ["2"] and shot_list.uncovered == 0
    shot_services.shot_update(shot=wide, by=studio.producer, framing="1:1")
    assert shot_list_for(studio).assets[1].problem == "no shot framed 16:9"
    add(studio, number="3", framing="9:16", asset_keys=[bumper.key])  # a 9:16 frame gives no 16:9
    assert shot_list_for(studio).assets[1].problem == "no shot framed 16:9"
    page = login(studio.acme_user).get(shots_url(studio.acme_project)).content.decode()
    assert "no shot framed 9:16" not in page and "All covered" not in page


def test_an_asset_nobody_serves_is_flagged(studio, acme_brief):
    shot_list = shot_list_for(studio)
    assert [a.problem for a in shot_list.assets] == ["no shot serves it", "no shot serves it"]
    assert shot_list.uncovered == 4


def shot_list_for(studio):
    from production.storyboard.selectors import shot_list_of

    return shot_list_of(user=studio.producer, project=studio.acme_project)


# --- Who sees what -------------------------------------------------------------------------------


def test_the_client_reads_the_shot_list_but_cannot_change_it(studio):
    shot = add(studio, description="Client may read this")
    client = login(studio.acme_user)
    page = client.get(shots_url(studio.acme_project)).content.decode()
    assert "Client may read this" in page and "Add a shot" not in page and "data-reorder-url" not in page
    assert "Client may read this" in client.get(reverse("shot", kwargs={"shot_id": shot.pk})).content.decode()
    for url, data in (
        (reverse("shot", kwargs={"shot_id": shot.pk}), {"description": "mine", "framing": "16:9"}),
        (reverse("shot-status", kwargs={"shot_id": shot.pk}), {"status": "shot"}),
        (reverse("shot-move", kwargs={"shot_id": shot.pk}), {"direction": "up"}),
        (reverse("shot-delete", kwargs={"shot_id": shot.pk}), {}),
        (reverse("shot-create", kwargs={"project_id": studio.acme_project.pk}), {"framing": "16:9"}),
    ):
        assert client.post(url, data).status_code == 403, url
        assert login(studio.marketer).post(url, data).status_code == 403, url
    assert reorder(client, studio.acme_project, [shot.pk]).status_code == 403
    shot.refresh_from_db()
    assert (shot.description, shot.status, Shot.objects.count()) == ("Client may read this", "planned", 1)


def test_another_client_gets_404_everywhere(studio):
    shot = add(studio, description="SECRET shot")
    globex = login(studio.globex_user)
    for url in (shots_url(studio.acme_project), reverse("shot", kwargs={"shot_id": shot.pk})):
        response = globex.get(url)
        assert response.status_code == 404 and b"SECRET" not in response.content
    for url in (
        reverse("shot", kwargs={"shot_id": shot.pk}),
        reverse("shot-status", kwargs={"shot_id": shot.pk}),
        reverse("shot-move", kwargs={"shot_id": shot.pk}),
        reverse("shot-delete", kwargs={"shot_id": shot.pk}),
        reverse("shot-create", kwargs={"project_id": studio.acme_project.pk}),
        reverse("shots-reorder", kwargs={"project_id": studio.acme_project.pk}),
    ):
        assert globex.post(url, {"status": "shot", "direction": "up"}).status_code == 404, url
    api = globex.get("/api/shots/").json()
    assert api["results"] == [] if "results" in api else api == []
    assert globex.get(f"/api/shots/{shot.pk}/").status_code == 404
    shot.refresh_from_db()
    assert (shot.description, shot.status) == ("SECRET shot", "planned")


# --- API -----------------------------------------------------------------------------------------


def test_the_api_makes_changes_reorders_and_steps_shots(studio, scenes, acme_brief):
    (waterproof, _), (cutdown, _) = acme_brief
    api = login(studio.producer)
    made = api.post(
        "/api/shots/",
        {"project": str(studio.acme_project.pk), "scene": str(scenes[0].pk), "framing": "9:16", "lens": "35mm",
         "setup_minutes": 90, "message_keys": [waterproof.key], "asset_keys": [cutdown.key]},
        content_type="application/json",
    )  # fmt: skip
    assert made.status_code == 201, made.content
    body = made.json()
    assert (body["number"], body["framing"], body["setup_label"], body["message_keys"]) == (
        "1A", "9:16", "1:30", [waterproof.key],
    )  # fmt: skip
    second = api.post("/api/shots/", {"project": str(studio.acme_project.pk)}, content_type="application/json").json()
    refused = api.patch(f"/api/shots/{body['id']}/", {"shoot_minutes": 800}, content_type="application/json")
    assert refused.status_code == 400 and "from 0 to 720" in json.dumps(refused.json())
    changed = api.patch(f"/api/shots/{body['id']}/", {"cast": "Maya"}, content_type="application/json")
    assert changed.json()["cast"] == "Maya"
    order = api.post(
        "/api/shots/reorder/", {"project": str(studio.acme_project.pk), "order": [second["id"], body["id"]]},
        content_type="application/json",
    )  # fmt: skip
    assert [s["id"] for s in order.json()] == [second["id"], body["id"]]
    partial = api.post(
        "/api/shots/reorder/", {"project": str(studio.acme_project.pk), "order": [body["id"]]},
        content_type="application/json",
    )  # fmt: skip
    assert partial.status_code == 400
    stepped = api.post(f"/api/shots/{body['id']}/status/", {"status": "scheduled"}, content_type="application/json")
    assert stepped.json()["status"] == "scheduled"
    listed = login(studio.acme_user).get(f"/api/shots/?project={studio.acme_project.pk}").json()["results"]
    assert [s["id"] for s in listed] == [second["id"], body["id"]]
    assert login(studio.acme_user).delete(f"/api/shots/{body['id']}/").status_code == 403
    assert api.delete(f"/api/shots/{body['id']}/").status_code == 204
    assert Shot.objects.count() == 1


# --- Queries -------------------------------------------------------------------------------------


def test_the_shot_list_stays_at_a_fixed_number_of_queries(studio, scenes, acme_brief, django_assert_max_num_queries):
    (waterproof, _), (cutdown, _) = acme_brief
    url = shots_url(studio.acme_project)
    producer = login(studio.producer)
    frame = services.frame_create(project=studio.acme_project, by=studio.producer)
    add(studio, scene=scenes[0].pk, frame=frame.pk)
    producer.get(url)  # warm the session
    with django_assert_max_num_queries(25) as few:
        producer.get(url)
    fixed = len(few.captured_queries)  # now: a later request clears the connection's query log
    for n in range(20):
        frame = services.frame_create(project=studio.acme_project, by=studio.producer, scene=scenes[n % 3].pk)
        add(studio, scene=scenes[n % 3].pk, frame=frame.pk, message_keys=[waterproof.key], asset_keys=[cutdown.key],
            setup_minutes=n)  # fmt: skip
    with django_assert_max_num_queries(fixed):
        assert producer.get(url).status_code == 200
    client = login(studio.acme_user)
    client.get(url)
    with django_assert_max_num_queries(fixed):
        assert client.get(url).status_code == 200


def test_the_board_and_the_project_page_lead_to_the_shot_list(studio):
    add(studio), add(studio)
    client = login(studio.acme_user)
    board = client.get(reverse("storyboard", kwargs={"project_id": studio.acme_project.pk})).content.decode()
    assert f'href="{shots_url(studio.acme_project)}"' in board
    section = client.get(reverse("storyboard-section", kwargs={"project_id": studio.acme_project.pk}))
    assert f'<a href="{shots_url(studio.acme_project)}">2 shots</a>' in section.content.decode()
