"""A shoot day's schedule: shots of the shot list put on a day in shooting order, moved between
days, reordered and taken off, with the shot's status following; the running clock from the call
(an overrun past the wrap, a day over midnight or a daylight-saving change); the day page, the
call sheet and its hash, the shot list's badge, the calendar feed and the API; who may do what."""

import datetime as dt
import json

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from production.shoot import calendar, schedule, selectors, services, sheets
from production.shoot.models import ScheduledShot
from production.storyboard.models import Shot
from production.storyboard.services import shots as shot_services
from projects.models import TimelineEvent

pytestmark = pytest.mark.django_db


def _shots(studio, specs, project=None):
    project = project or studio.acme_project
    return [
        shot_services.shot_create(project=project, by=studio.producer, number=number, description=f"Shot {number} desc",
                                  setup_minutes=setup, shoot_minutes=shoot, framing=framing)
        for number, setup, shoot, framing in specs
    ]  # fmt: skip


@pytest.fixture
def four(studio):
    """Four shots of 2 h, 3 h, 4 h and 3 h 20 min (setup + shoot)."""
    return _shots(studio, [("1", 60, 60, "16:9"), ("2", 90, 90, "9:16"), ("3", 120, 120, "16:9"),
                           ("4", 100, 100, "1:1")])  # fmt: skip


def _order(day):
    return list(ScheduledShot.objects.filter(day=day).order_by("position").values_list("shot__number", "position"))


def _second_day(studio, shoot):
    return services.day_create(
        project=shoot.project, by=studio.producer, date=dt.date(2031, 5, 13), call_time="08:00", wrap_time="16:00",
        time_zone="Europe/Berlin",
    )  # fmt: skip


# --- Services ------------------------------------------------------------------------------------


def test_adding_shots_puts_them_at_the_end_in_the_order_given_and_schedules_planned_ones(studio, shoot, four):
    four[3].status = Shot.Status.SHOT
    four[3].save()
    schedule.schedule_add(day=shoot.day, shots=[four[2].pk, four[0].pk], by=studio.producer)
    schedule.schedule_add(day=shoot.day, shots=[str(four[3].pk)], by=studio.producer)
    assert _order(shoot.day) == [("3", 0), ("1", 1), ("4", 2)]
    statuses = dict(Shot.objects.values_list("number", "status"))
    assert statuses == {"1": "scheduled", "2": "planned", "3": "scheduled", "4": "shot"}  # shot keeps its status
    summaries = set(TimelineEvent.objects.filter(kind="schedule.shots_added").values_list("summary", flat=True))
    assert any("scheduled 2 shots on Mon 12 May (3, 1)" in s for s in summaries), summaries


def test_adding_refuses_bad_input_and_changes_nothing(studio, shoot, four):
    schedule.schedule_add(day=shoot.day, shots=[four[0].pk], by=studio.producer)
    other = _shots(studio, [("G1", 10, 10, "16:9")], project=studio.globex_project)[0]
    for shots, message in (
        ([], "at least one shot"),
        ([four[1].pk, four[1].pk], "more than once"),
        ([four[1].pk, other.pk], "not on this project's shot list"),
        ([four[1].pk, four[0].pk], "Shot 1 is already on this day"),
        (["not-an-id"], "is not a shot's id"),
        ("x", "list of shot ids"),
    ):
        with pytest.raises(ValidationError) as exc:
            schedule.schedule_add(day=shoot.day, shots=shots, by=studio.producer)
        assert message in " ".join(exc.value.messages), shots
    assert _order(shoot.day) == [("1", 0)]
    assert Shot.objects.get(pk=four[1].pk).status == "planned"


def test_only_producers_schedule(studio, shoot, four):
    for user in (studio.editor, studio.marketer, studio.acme_user):
        with pytest.raises(PermissionDenied):
            schedule.schedule_add(day=shoot.day, shots=[four[0].pk], by=user)
    assert not ScheduledShot.objects.exists()


def test_adding_a_shot_from_another_day_moves_it_and_closes_up_that_day(studio, shoot, four):
    tuesday = _second_day(studio, shoot)
    schedule.schedule_add(day=shoot.day, shots=[s.pk for s in four[:3]], by=studio.producer)
    schedule.schedule_add(day=tuesday, shots=[four[3].pk, four[0].pk], by=studio.producer)
    assert _order(shoot.day) == [("2", 0), ("3", 1)]  # dense again
    assert _order(tuesday) == [("4", 0), ("1", 1)]
    assert Shot.objects.get(pk=four[0].pk).status == "scheduled"
    moved = TimelineEvent.objects.get(kind="schedule.shot_moved")
    assert "moved shot 1 to Tue 13 May (from Mon 12 May)" in moved.summary
    summaries = set(TimelineEvent.objects.filter(kind="schedule.shots_added").values_list("summary", flat=True))
    assert any("scheduled 1 shot on Tue 13 May (4)" in s for s in summaries), summaries


def test_removing_a_shot_closes_up_and_puts_a_scheduled_shot_back_to_planned(studio, shoot, four):
    schedule.schedule_add(day=shoot.day, shots=[s.pk for s in four], by=studio.producer)
    Shot.objects.filter(pk=four[2].pk).update(status="circled")
    schedule.schedule_remove(day=shoot.day, shot=four[1], by=studio.producer)
    schedule.schedule_remove(day=shoot.day, shot=four[2], by=studio.producer)
    assert _order(shoot.day) == [("1", 0), ("4", 1)]
    assert Shot.objects.get(pk=four[1].pk).status == "planned"
    assert Shot.objects.get(pk=four[2].pk).status == "circled"  # a picked take stays picked
    with pytest.raises(ValidationError, match="not on"):
        schedule.schedule_remove(day=shoot.day, shot=four[1], by=studio.producer)
    removed = sorted(TimelineEvent.objects.filter(kind="schedule.shot_removed").values_list("summary", flat=True))
    assert [s.split(" took ")[1] for s in removed] == ["shot 2 off Mon 12 May", "shot 3 off Mon 12 May"]


def test_reordering_takes_the_whole_order_and_keeps_positions_unique(studio, shoot, four):
    schedule.schedule_add(day=shoot.day, shots=[s.pk for s in four], by=studio.producer)
    schedule.schedule_reorder(day=shoot.day, order=[str(four[i].pk) for i in (3, 0, 2, 1)], by=studio.producer)
    assert _order(shoot.day) == [("4", 0), ("1", 1), ("3", 2), ("2", 3)]
    for order, message in (
        ([four[0].pk], r"every shot of the day \(4\)"),
        ([four[0].pk, four[0].pk, four[1].pk, four[2].pk], "more than once"),
        ([str(s.pk) for s in four[:3]] + [str(studio.acme_project.pk)], "not on this day"),
        (None, "list of shot ids"),
    ):
        with pytest.raises(ValidationError, match=message):
            schedule.schedule_reorder(day=shoot.day, order=order, by=studio.producer)
    assert _order(shoot.day) == [("4", 0), ("1", 1), ("3", 2), ("2", 3)]
    schedule.schedule_move(day=shoot.day, shot=four[1], direction="up", by=studio.producer)
    schedule.schedule_move(day=shoot.day, shot=four[3], direction="up", by=studio.producer)  # first: stays
    assert _order(shoot.day) == [("4", 0), ("1", 1), ("2", 2), ("3", 3)]
    assert TimelineEvent.objects.filter(kind="schedule.reordered").count() == 2


def test_a_shot_removed_from_the_list_leaves_its_day_and_a_day_removed_unschedules_its_shots(studio, shoot, four):
    schedule.schedule_add(day=shoot.day, shots=[s.pk for s in four], by=studio.producer)
    shot_services.shot_delete(shot=four[1], by=studio.producer)
    assert _order(shoot.day) == [("1", 0), ("3", 1), ("4", 2)]
    Shot.objects.filter(pk=four[3].pk).update(status="shot")
    services.day_delete(day=shoot.day, by=studio.producer)  # a day removed unschedules its shots
    assert not ScheduledShot.objects.exists()
    assert dict(Shot.objects.values_list("number", "status")) == {"1": "planned", "3": "planned", "4": "shot"}


# --- The clock -------------------------------------------------------------------------------------


def test_the_clock_runs_from_the_call_and_marks_the_shots_past_wrap(studio, shoot, four):
    # 07:30 → 19:00 is 11 h 30 min; the shots are 2 + 3 + 4 + 3:20 = 12 h 20 min: 50 min over.
    schedule.schedule_add(day=shoot.day, shots=[s.pk for s in four], by=studio.producer)
    plan = selectors.plan_of(shoot.day)
    clock = [(e.starts_at.strftime("%H:%M"), e.ends_at.strftime("%H:%M"), e.over) for e in plan.entries]
    assert clock == [("07:30", "09:30", False), ("09:30", "12:30", False), ("12:30", "16:30", False),
                     ("16:30", "19:50", True)]  # fmt: skip
    assert plan.minutes == 740 and plan.length_minutes == 690
    assert plan.overrun_label == "+50 min over" and plan.over_count == 1
    assert [e.first_over for e in plan.entries] == [False, False, False, True]
    schedule.schedule_remove(day=shoot.day, shot=four[3], by=studio.producer)
    plan = selectors.plan_of(shoot.day)
    assert not plan.over and plan.spare_label == "2 h 30 min"


def test_a_night_shoot_over_midnight_and_a_daylight_saving_change(studio, shoot):
    # The night the clocks go back in Berlin (26 Oct 2031, 03:00 → 02:00): 22:00 → 06:00 is 9 h.
    night = services.day_create(project=shoot.project, by=studio.producer, date=dt.date(2031, 10, 25),
                                call_time="22:00", wrap_time="06:00", time_zone="Europe/Berlin")  # fmt: skip
    shots = _shots(studio, [("N1", 120, 120, "16:9"), ("N2", 90, 90, "16:9"), ("N3", 60, 60, "9:16")])
    schedule.schedule_add(day=night, shots=[s.pk for s in shots], by=studio.producer)
    plan = selectors.plan_of(night)
    assert plan.length_minutes == 9 * 60
    # 22:00 CEST + 4 h = 02:00 CEST (00:00 UTC); + 3 h = 04:00 CET (03:00 UTC); + 2 h = 06:00 CET, the wrap
    assert [(e.starts_at.strftime("%H:%M %Z"), e.ends_at.strftime("%H:%M %Z")) for e in plan.entries] == [
        ("22:00 CEST", "02:00 CEST"), ("02:00 CEST", "04:00 CET"), ("04:00 CET", "06:00 CET")
    ]  # fmt: skip
    assert [e.next_day for e in plan.entries] == [True, True, True]
    assert plan.minutes == 9 * 60 and not plan.over  # 9 h of shots: over on any other night, not this one
    extra = _shots(studio, [("N4", 40, 40, "16:9")])[0]
    schedule.schedule_add(day=night, shots=[extra.pk], by=studio.producer)
    plan = selectors.plan_of(night)
    assert plan.entries[-1].over and plan.overrun_label == "+1 h 20 min over"


def test_a_shot_without_an_estimate_counts_nothing_and_is_said(studio, shoot):
    shot = _shots(studio, [("X", None, None, "16:9")])[0]
    schedule.schedule_add(day=shoot.day, shots=[shot.pk], by=studio.producer)
    plan = selectors.plan_of(shoot.day)
    assert plan.minutes == 0 and plan.unestimated == 1


# --- Pages ---------------------------------------------------------------------------------------


def test_the_producer_adds_reorders_and_removes_on_the_day_page(studio, shoot, four, as_user):
    tuesday = _second_day(studio, shoot)
    schedule.schedule_add(day=tuesday, shots=[four[3].pk], by=studio.producer)
    producer = as_user(studio.producer)
    page = producer.get(f"/shoot-days/{shoot.day.pk}/").content.decode()
    assert "No shots on this day yet" in page
    assert "on day 2 (Tue 13 May) — moves here" in page  # the picker says a shot on another day moves
    response = producer.post(f"/shoot-days/{shoot.day.pk}/shots/", {"shot": [str(s.pk) for s in four]})
    assert response.status_code == 302 and response.url.endswith("#schedule")
    assert _order(shoot.day) == [("1", 0), ("2", 1), ("3", 2), ("4", 3)] and not _order(tuesday)
    page = producer.get(f"/shoot-days/{shoot.day.pk}/").content.decode()
    assert "+50 min over" in page and "past wrap" in page and "sched-916" in page
    assert page.index("Shot 1 desc") < page.index("Shot 4 desc")
    # the drag script's JSON: the answer is the card redrawn with the new clock
    response = producer.post(f"/shoot-days/{shoot.day.pk}/shots/reorder/", content_type="application/json",
                             data=json.dumps({"order": [str(four[i].pk) for i in (3, 0, 1, 2)]}))  # fmt: skip
    assert response.status_code == 200
    html = response.json()["html"]
    assert html.index("Shot 4 desc") < html.index("Shot 1 desc") and "07:30\u201310:50" in html
    bad = producer.post(f"/shoot-days/{shoot.day.pk}/shots/reorder/", content_type="application/json",
                        data=json.dumps({"order": [str(four[0].pk)]}))  # fmt: skip
    assert bad.status_code == 400 and "every shot of the day" in bad.json()["errors"]["order"][0]
    # the buttons without script
    producer.post(f"/shoot-days/{shoot.day.pk}/shots/{four[0].pk}/move/", {"direction": "up"})
    assert _order(shoot.day)[0] == ("1", 0)
    producer.post(f"/shoot-days/{shoot.day.pk}/shots/{four[2].pk}/remove/")
    assert [n for n, _ in _order(shoot.day)] == ["1", "4", "2"]
    assert Shot.objects.get(pk=four[2].pk).status == "planned"
    # a bad add says why and changes nothing
    response = producer.post(f"/shoot-days/{shoot.day.pk}/shots/", {"shot": [str(four[0].pk)]}, follow=True)
    assert "Shot 1 is already on this day." in response.content.decode()
    assert [n for n, _ in _order(shoot.day)] == ["1", "4", "2"]


def test_an_editor_reads_the_schedule_but_cannot_change_it_and_a_client_gets_404(studio, shoot, four, as_user):
    schedule.schedule_add(day=shoot.day, shots=[four[0].pk, four[1].pk], by=studio.producer)
    editor = as_user(studio.editor)
    page = editor.get(f"/shoot-days/{shoot.day.pk}/").content.decode()
    assert "Shot 1 desc" in page and "Add to this day" not in page and "data-reorder-url" not in page
    base = f"/shoot-days/{shoot.day.pk}/shots/"
    posts = [
        (base, {"shot": [str(four[2].pk)]}),
        (f"{base}{four[0].pk}/move/", {"direction": "down"}),
        (f"{base}{four[0].pk}/remove/", {}),
        (f"{base}reorder/", {"order": [str(four[1].pk), str(four[0].pk)]}),
    ]
    for url, data in posts:
        assert editor.post(url, data).status_code == 403, url
    for user in (studio.acme_user, studio.globex_user):
        http = as_user(user)
        assert http.get(f"/shoot-days/{shoot.day.pk}/").status_code == 404
        for url, data in posts:
            assert http.post(url, data).status_code == 404, url
    assert _order(shoot.day) == [("1", 0), ("2", 1)]
    # a shot not on the day is a 404, whoever asks
    assert as_user(studio.producer).post(f"{base}{four[3].pk}/remove/").status_code == 404


def test_the_shoot_page_and_section_show_each_days_shots_against_its_length(studio, shoot, four, as_user):
    schedule.schedule_add(day=shoot.day, shots=[s.pk for s in four], by=studio.producer)
    producer = as_user(studio.producer)
    page = producer.get(f"/projects/{shoot.project.pk}/shoot/").content.decode()
    assert "4 shots · 12 h 20 min of 11 h 30 min (+50 min over)" in page
    section = producer.get(f"/projects/{shoot.project.pk}/shoot/section/").content.decode()
    assert "4 shots, 12 h 20 min of 11 h 30 min (+50 min over)" in section


def test_the_shot_list_says_the_day_to_the_team_not_to_the_client(studio, shoot, four, as_user):
    schedule.schedule_add(day=shoot.day, shots=[four[1].pk], by=studio.producer)
    url = f"/projects/{shoot.project.pk}/shots/"
    team = as_user(studio.editor).get(url).content.decode()
    assert "Day 1 · Mon 12 May" in team and f"/shoot-days/{shoot.day.pk}/#sched-{four[1].pk}" in team
    client_page = as_user(studio.acme_user).get(url)
    assert client_page.status_code == 200
    assert "Day 1 · Mon 12 May" not in client_page.content.decode()
    assert str(shoot.day.pk) not in client_page.content.decode()


def test_the_shot_list_stays_at_a_fixed_number_of_queries_with_shots_scheduled(
    studio, shoot, as_user, django_assert_max_num_queries
):
    producer = as_user(studio.producer)
    url = f"/projects/{shoot.project.pk}/shots/"
    shots = _shots(studio, [(str(n), 10, 10, "16:9") for n in range(1, 4)])
    schedule.schedule_add(day=shoot.day, shots=[s.pk for s in shots], by=studio.producer)
    with django_assert_max_num_queries(40) as few:
        producer.get(url)
    more = _shots(studio, [(str(n), 10, 10, "16:9") for n in range(4, 12)])
    schedule.schedule_add(day=_second_day(studio, shoot), shots=[s.pk for s in more], by=studio.producer)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert producer.get(url).status_code == 200


def test_the_day_page_and_the_api_list_stay_at_a_fixed_number_of_queries(
    studio, shoot, as_user, django_assert_max_num_queries
):
    producer = as_user(studio.producer)
    tuesday = _second_day(studio, shoot)
    few = _shots(studio, [(str(n), 10, 10, "16:9") for n in range(1, 3)])
    schedule.schedule_add(day=shoot.day, shots=[few[0].pk], by=studio.producer)
    schedule.schedule_add(day=tuesday, shots=[few[1].pk], by=studio.producer)
    urls = [f"/shoot-days/{shoot.day.pk}/", "/api/scheduled-shots/"]
    counts = []
    for url in urls:
        with django_assert_max_num_queries(60) as queries:
            assert producer.get(url).status_code == 200
        counts.append(len(queries.captured_queries))
    more = _shots(studio, [(str(n), 10, 10, "16:9") for n in range(3, 13)])
    schedule.schedule_add(day=shoot.day, shots=[s.pk for s in more[:6]], by=studio.producer)
    schedule.schedule_add(day=tuesday, shots=[s.pk for s in more[6:]], by=studio.producer)
    for url, count in zip(urls, counts, strict=True):
        with django_assert_max_num_queries(count):
            assert producer.get(url).status_code == 200


# --- The call sheet, the calendar --------------------------------------------------------------------


def test_the_call_sheet_lists_the_schedule_and_a_change_asks_for_a_revision(studio, shoot, four, as_user):
    before = services.sheet_hash(shoot.day)
    services.call_sheet_send(day=shoot.day, by=studio.producer)
    schedule.schedule_add(day=shoot.day, shots=[four[0].pk, four[1].pk], by=studio.producer)
    added = services.sheet_hash(shoot.day)
    assert added != before
    schedule.schedule_reorder(day=shoot.day, order=[str(four[1].pk), str(four[0].pk)], by=studio.producer)
    reordered = services.sheet_hash(shoot.day)
    assert reordered != added
    sending = services.call_sheet_send(day=shoot.day, by=studio.producer)
    assert sending.revised and sending.sheet.revision == 2
    schedule.schedule_remove(day=shoot.day, shot=four[0], by=studio.producer)
    schedule.schedule_remove(day=shoot.day, shot=four[1], by=studio.producer)
    assert services.sheet_hash(shoot.day) == before  # no shots: the content of a sheet without a schedule
    schedule.schedule_add(day=shoot.day, shots=[four[1].pk, four[0].pk], by=studio.producer)
    page = as_user(studio.producer).get(f"/shoot-days/{shoot.day.pk}/call-sheet/").content.decode()
    assert "Schedule · 2 shots · 5 h of 11 h 30 min" in page
    assert "07:30\u201310:30" in page and "10:30\u201312:30" in page and 'class="cs-vertical">9:16' in page


def test_the_call_sheet_pdf_holds_the_schedule(studio, shoot, four):
    import subprocess
    import tempfile

    schedule.schedule_add(day=shoot.day, shots=[s.pk for s in four], by=studio.producer)
    pdf = sheets.sheet_pdf(selectors.day_for(user=studio.producer, day_id=shoot.day.pk))
    with tempfile.NamedTemporaryFile(suffix=".pdf") as f:
        f.write(pdf)
        f.flush()
        text = subprocess.run(["pdftotext", "-layout", f.name, "-"], capture_output=True, text=True, check=True).stdout
    assert "Shot 3 desc" in text and "16:30\u201319:50" in text and "past wrap" in text.lower()


def test_the_project_calendar_lists_the_days_shots(studio, shoot, four):
    schedule.schedule_add(day=shoot.day, shots=[four[1].pk, four[0].pk], by=studio.producer)
    feed = calendar.project_feed(shoot.project).decode().replace("\r\n ", "")
    assert "Shots (2\\, 5 h of 11 h 30 min):" in feed
    assert "07:30 shot 2: Shot 2 desc\\n10:30 shot 1: Shot 1 desc" in feed


# --- API ---------------------------------------------------------------------------------------------


def test_the_api_lists_adds_reorders_and_removes(studio, shoot, four, as_user):
    api = as_user(studio.producer)
    response = api.post("/api/scheduled-shots/", {"day": str(shoot.day.pk), "shots": [str(s.pk) for s in four]},
                        content_type="application/json")  # fmt: skip
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["overrun_minutes"] == 50 and [s["number"] for s in body["shots"]] == ["1", "2", "3", "4"]
    assert body["shots"][3]["over"] is True and body["shots"][0]["starts_at"].startswith("2031-05-12T07:30:00+02:00")
    response = api.post("/api/scheduled-shots/reorder/",
                        {"day": str(shoot.day.pk), "order": [str(four[i].pk) for i in (3, 2, 1, 0)]},
                        content_type="application/json")  # fmt: skip
    assert response.status_code == 200 and [s["number"] for s in response.json()["shots"]] == ["4", "3", "2", "1"]
    listed = api.get(f"/api/scheduled-shots/?day={shoot.day.pk}").json()["results"]
    assert [r["number"] for r in listed] == ["4", "3", "2", "1"] and listed[0]["ends_at"].startswith("2031-05-12T10:50")
    bad = api.post("/api/scheduled-shots/reorder/", {"day": str(shoot.day.pk), "order": [str(four[0].pk)]},
                   content_type="application/json")  # fmt: skip
    assert bad.status_code == 400
    row = ScheduledShot.objects.get(shot=four[0])
    assert api.delete(f"/api/scheduled-shots/{row.pk}/").status_code == 204
    assert Shot.objects.get(pk=four[0].pk).status == "planned" and len(_order(shoot.day)) == 3


def test_the_api_is_the_teams_and_only_producers_write(studio, shoot, four, as_user):
    schedule.schedule_add(day=shoot.day, shots=[four[0].pk], by=studio.producer)
    row = ScheduledShot.objects.get()
    editor = as_user(studio.editor)
    assert len(editor.get("/api/scheduled-shots/").json()["results"]) == 1
    add = {"day": str(shoot.day.pk), "shots": [str(four[1].pk)]}
    assert editor.post("/api/scheduled-shots/", add, content_type="application/json").status_code == 403
    assert editor.delete(f"/api/scheduled-shots/{row.pk}/").status_code == 403
    client = as_user(studio.acme_user)
    assert client.get("/api/scheduled-shots/").json()["results"] == []
    assert client.get(f"/api/scheduled-shots/{row.pk}/").status_code == 404
    assert client.post("/api/scheduled-shots/", add, content_type="application/json").status_code in (403, 404)
    assert client.delete(f"/api/scheduled-shots/{row.pk}/").status_code == 404
    assert _order(shoot.day) == [("1", 0)]
