"""On set: marking shots done and undone, logging takes (numbering, timecodes, marks), what the
shot's status becomes, the tracker page on a phone and who may use it, and the day's clock."""

from __future__ import annotations

import datetime as dt
import re
import threading
import zoneinfo

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.urls import reverse

from production.shoot import set_selectors, set_services
from production.shoot.models import ScheduledShot, Take
from production.storyboard.models import Shot
from projects.models import TimelineEvent
from tests.factories import schedule_shot

BERLIN = zoneinfo.ZoneInfo("Europe/Berlin")


@pytest.fixture
def shots(shoot, studio):
    """Three shots in the day's order: 4 (10+20 min), 5 (vertical, 5+10 min), 6 (0+15 min)."""
    by = studio.producer
    return [
        schedule_shot(shoot.day, by=by, number="4", description="Wide of the brewery yard", setup_minutes=10,
                      shoot_minutes=20),
        schedule_shot(shoot.day, by=by, number="5", description="Nora at the vat, for stories", framing="9:16",
                      setup_minutes=5, shoot_minutes=10),
        schedule_shot(shoot.day, by=by, number="6", description="Close on the hands", shoot_minutes=15),
    ]  # fmt: skip


def text(response) -> str:
    return response.content.decode()


def kinds(project) -> list[str]:
    return list(
        TimelineEvent.objects.filter(project=project).order_by("occurred_at", "id").values_list("kind", flat=True)
    )


# --- Services --------------------------------------------------------------------------------------


def test_takes_count_up_per_shot_across_days_and_validate_the_timecode(studio, shoot, shots):
    shot = shots[0].shot
    by = studio.editor
    first = set_services.take_log(day=shoot.day, shot=shot, by=by, mark="ng", camera_tc="14:32:10:05")
    second = set_services.take_log(day=shoot.day, shot=shot, by=by, camera_tc=" 9:01:02;29 ", notes="Plane")
    other = set_services.take_log(day=shoot.day, shot=shots[1].shot, by=by)
    assert (first.number, second.number, other.number) == (1, 2, 1)
    assert first.camera_tc == "14:32:10:05" and first.mark == "ng"
    assert second.camera_tc == "09:01:02;29" and second.mark == "good" and second.notes == "Plane"
    # a pickup on another day goes on from the shot's last number
    from production.shoot import services

    later = services.day_create(project=shoot.project, by=studio.producer, date="2031-05-13", call_time="08:00",
                                wrap_time="18:00")  # fmt: skip
    assert set_services.take_log(day=later, shot=shot, by=by).number == 3

    for bad in ("25:00:00:00", "10:61:00:00", "10:00:00:60", "10:00:00", "ten past", "10:00:00:5"):
        with pytest.raises(ValidationError) as refused:
            set_services.take_log(day=shoot.day, shot=shot, by=by, camera_tc=bad, mark="circle")
        assert "is not a timecode" in refused.value.message_dict["camera_tc"][0]
        assert "no good (ng), good or circled" in refused.value.message_dict["mark"][0]  # every problem at once
    with pytest.raises(ValidationError):
        set_services.take_log(day=shoot.day, shot=shot, by=by, notes="bell\x07")
    assert Take.objects.filter(shot=shot).count() == 3


def test_a_client_or_another_projects_shot_cannot_log_takes(studio, shoot, shots):
    with pytest.raises(PermissionDenied):
        set_services.take_log(day=shoot.day, shot=shots[0].shot, by=studio.acme_user)
    with pytest.raises(PermissionDenied):
        set_services.shot_done(scheduled=shots[0], by=studio.acme_user)
    foreign = Shot.objects.create(project=studio.globex_project, position=0, number="1")
    with pytest.raises(ValidationError) as refused:
        set_services.take_log(day=shoot.day, shot=foreign, by=studio.producer)
    assert "another project" in refused.value.message_dict["shot"][0]
    assert not Take.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_two_people_logging_at_once_get_the_next_two_numbers(studio, shoot, shots):
    """Each logs in its own connection at the same moment; the lock on the shot makes them wait
    their turn, so the numbers are 1..N without a gap or a duplicate (on PostgreSQL the threads
    really race; SQLite writes one at a time anyway)."""
    shot, day = shots[0].shot, shoot.day
    people = [studio.producer, studio.editor, studio.marketer, studio.producer]
    barrier = threading.Barrier(len(people))
    made, failed = [], []

    def log(user):
        try:
            barrier.wait(timeout=10)
            made.append(set_services.take_log(day=day, shot=shot, by=user).number)
        except Exception as exc:
            failed.append(repr(exc))
        finally:
            connection.close()

    threads = [threading.Thread(target=log, args=(user,)) for user in people]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert not failed, failed
    assert sorted(made) == [1, 2, 3, 4]
    assert sorted(Take.objects.filter(shot=shot).values_list("number", flat=True)) == [1, 2, 3, 4]


def test_done_and_undo_set_the_shots_status_and_the_timeline(studio, shoot, shots):
    scheduled, shot = shots[0], shots[0].shot
    assert shot.status == "scheduled"
    set_services.shot_done(scheduled=scheduled, by=studio.editor)
    shot.refresh_from_db()
    scheduled.refresh_from_db()
    assert shot.status == "shot" and scheduled.done_at is not None and scheduled.done_by == studio.editor
    set_services.shot_done(scheduled=scheduled, by=studio.producer)  # again: nothing changes
    scheduled.refresh_from_db()
    assert scheduled.done_by == studio.editor

    # a circled take of a done shot makes it "circled"; uncircling takes it back to "shot"
    take = set_services.take_log(day=shoot.day, shot=shot, by=studio.editor, mark="circled")
    shot.refresh_from_db()
    assert shot.status == "circled"
    set_services.take_update(take=take, by=studio.editor, mark="good")
    shot.refresh_from_db()
    assert shot.status == "shot"
    set_services.take_update(take=take, by=studio.editor, mark="circled", notes="The one")
    shot.refresh_from_db()
    assert shot.status == "circled"

    set_services.shot_undone(scheduled=scheduled, by=studio.editor)
    shot.refresh_from_db()
    scheduled.refresh_from_db()
    assert shot.status == "scheduled" and scheduled.done_at is None
    # done again, with a circled take already there: straight to "circled"
    set_services.shot_done(scheduled=scheduled, by=studio.editor)
    shot.refresh_from_db()
    assert shot.status == "circled"
    # the timeline: done, circled twice, undone, done — not every take
    assert [k for k in kinds(shoot.project) if k.startswith("set.")] == [
        "set.shot_done", "set.take_circled", "set.take_circled", "set.shot_undone", "set.shot_done",
    ]  # fmt: skip
    event = TimelineEvent.objects.filter(kind="set.take_circled").first()
    assert event.summary.endswith("circled shot 4, take 1 on Mon 12 May") and not event.client_visible


def test_a_circled_take_of_a_shot_not_done_leaves_its_status(studio, shoot, shots):
    set_services.take_log(day=shoot.day, shot=shots[1].shot, by=studio.editor, mark="circled")
    assert Shot.objects.get(pk=shots[1].shot_id).status == "scheduled"


def test_the_clock_says_how_far_behind_the_day_is(studio, shoot, shots):
    day = shoot.day  # call 07:30, wrap 19:00 in Berlin
    set_services.shot_done(scheduled=shots[0], by=studio.producer)  # 30 estimated minutes done
    cards, _ = set_selectors.cards_of(day)
    at = dt.datetime(2031, 5, 12, 8, 30, tzinfo=BERLIN)  # an hour after the call
    clock = set_selectors.clock_of(day, cards, now=at)
    assert (clock.done, clock.total, clock.minutes_done, clock.minutes_planned) == (1, 3, 30, 60)
    assert clock.state == "running" and clock.behind == 30 and clock.pace == "behind"
    assert clock.left == 10 * 60 + 30 and clock.left_label == "10 h 30 min"
    assert set_selectors.clock_of(day, cards, now=dt.datetime(2031, 5, 12, 7, 55, tzinfo=BERLIN)).pace == "on"
    before = set_selectors.clock_of(day, cards, now=dt.datetime(2031, 5, 12, 6, 0, tzinfo=BERLIN))
    assert before.state == "before" and before.to_call_label == "1 h 30 min"
    after = set_selectors.clock_of(day, cards, now=dt.datetime(2031, 5, 12, 19, 20, tzinfo=BERLIN))
    assert after.state == "after" and after.left_label == "20 min"
    # the actual call counts from when the unit really started
    report = set_services.report_update(day=day, by=studio.producer, actual_call="08:15")
    late = set_selectors.clock_of(day, cards, report, now=at)
    assert late.behind == -15 and late.pace == "ahead"


# --- Pages ---------------------------------------------------------------------------------------


def tracker_url(day) -> str:
    return reverse("shoot-set", kwargs={"shootday_id": day.pk})


def test_the_tracker_on_a_phone(studio, shoot, shots, as_user, django_assert_max_num_queries):
    set_services.shot_done(scheduled=shots[0], by=studio.producer)
    set_services.take_log(day=shoot.day, shot=shots[0].shot, by=studio.producer, mark="circled",
                          camera_tc="14:32:10:05")  # fmt: skip
    http = as_user(studio.editor)
    with django_assert_max_num_queries(40):
        page = text(http.get(tracker_url(shoot.day)))
    assert 'name="viewport" content="width=device-width, initial-scale=1"' in page
    assert (
        'class="sethead"' in page and "Europe/Berlin" in page and "<strong data-shots-done>1</strong>/3 shots" in page
    )
    cards = re.findall(r'<article class="setcard([^"]*)" id="shot-([0-9a-f-]+)" data-shot="(\w+)"', page)
    assert [(c[2], c[0].strip()) for c in cards] == [("4", "is-done"), ("5", "is-current"), ("6", "")]
    current = page.split('data-shot="5"')[1].split("</article>")[0]
    assert '<details class="setcard__details" open>' in current  # the current shot is the open one
    assert 'class="setframing setframing--vertical">9:16<' in current and "15 min" in current
    assert "Log take <strong>1</strong>" in current and 'value="circled"' in current
    done = page.split('data-shot="4"')[1].split("</article>")[0]
    assert "Log take <strong>2</strong>" in done and "14:32:10:05" in done and "Undo" in done
    done_at = ScheduledShot.objects.get(pk=shots[0].pk).done_at.astimezone(BERLIN)  # the day's local time
    assert f"Done at {done_at:%H:%M}" in done
    assert "data-uploader" in page and "uploader.js" in page and '"stay": true' in page
    assert f'<option value="daily:{shots[1].shot_id}">Shot 5</option>' in page


def test_marking_done_and_logging_takes_from_the_page(studio, shoot, shots, as_user):
    http = as_user(studio.editor)
    done_url = reverse("shoot-set-done", kwargs={"scheduledshot_id": shots[0].pk})
    response = http.post(done_url, {"done": "1"})
    assert response.status_code == 302 and response["Location"].endswith(f"#shot-{shots[0].shot_id}")
    assert ScheduledShot.objects.get(pk=shots[0].pk).done_at is not None

    take_url = reverse("shoot-set-take", kwargs={"shootday_id": shoot.day.pk, "shot_id": shots[1].shot_id})
    htmx = {"HTTP_HX_REQUEST": "true"}
    swapped = http.post(take_url, {"mark": "good", "camera_tc": "10:00:00:00"}, **htmx)
    assert swapped.status_code == 200
    body = text(swapped)
    assert 'id="set-shots"' in body and 'id="set-head" hx-swap-oob="true"' in body
    assert "Log take <strong>2</strong>" in body
    take = Take.objects.get(shot=shots[1].shot)  # the uploader's choices gain the new take
    assert '<select id="daily-destination" hx-swap-oob="innerHTML">' in body
    assert f'<option value="daily:{take.pk}">Shot 5, take 1</option>' in body
    # a bad timecode: said on the card, what was typed kept, nothing logged
    refused = http.post(take_url, {"mark": "circled", "camera_tc": "99:99", "notes": "Keep me"}, **htmx)
    assert "is not a timecode" in text(refused) and 'value="Keep me"' in text(refused)
    plain = http.post(take_url, {"mark": "circled", "camera_tc": "99:99"})
    assert plain.status_code == 400 and "is not a timecode" in text(plain)
    assert Take.objects.filter(shot=shots[1].shot).count() == 1

    take = Take.objects.get(shot=shots[1].shot)
    assert http.post(reverse("shoot-take", kwargs={"take_id": take.pk}), {"mark": "circled"}).status_code == 302
    assert Take.objects.get(pk=take.pk).mark == "circled"
    response = http.post(done_url, {"done": "0"}, **htmx)
    assert response.status_code == 200 and ScheduledShot.objects.get(pk=shots[0].pk).done_at is None


def test_a_take_of_a_shot_from_another_day_is_a_pickup(studio, shoot, shots, as_user):
    from production.shoot import services

    later = services.day_create(project=shoot.project, by=studio.producer, date="2031-05-13", call_time="08:00",
                                wrap_time="18:00")  # fmt: skip
    elsewhere = schedule_shot(later, by=studio.producer, number="9", description="Drone over the roofs")
    http = as_user(studio.producer)
    url = reverse("shoot-set-pickup", kwargs={"shootday_id": shoot.day.pk})
    assert http.post(url, {"shot": elsewhere.shot_id, "mark": "circled"}).status_code == 302
    take = Take.objects.get(shot=elsewhere.shot)
    assert take.day == shoot.day and take.number == 1
    page = text(http.get(tracker_url(shoot.day)))
    assert "Picked up from other days" in page and 'data-shot="9"' in page and "Tue 13 May" in page
    bad = http.post(url, {"shot": "not-an-id", "mark": "good"})
    assert bad.status_code == 400 and "Choose a shot" in text(bad)


def test_only_the_team_opens_the_tracker(studio, shoot, shots, as_user):
    url = tracker_url(shoot.day)
    for user in (studio.producer, studio.editor, studio.marketer):
        assert as_user(user).get(url).status_code == 200
    for user in (studio.acme_user, studio.globex_user):
        assert as_user(user).get(url).status_code == 404
    client = as_user(studio.acme_user)
    done_url = reverse("shoot-set-done", kwargs={"scheduledshot_id": shots[0].pk})
    take_url = reverse("shoot-set-take", kwargs={"shootday_id": shoot.day.pk, "shot_id": shots[0].shot_id})
    assert client.post(done_url, {"done": "1"}).status_code == 404
    assert client.post(take_url, {"mark": "good"}).status_code == 404
    assert not Take.objects.exists() and ScheduledShot.objects.get(pk=shots[0].pk).done_at is None
    # the day page links to the tracker and the report
    day_page = text(as_user(studio.producer).get(reverse("shoot-day", kwargs={"shootday_id": shoot.day.pk})))
    assert (
        "Open on-set tracker" in day_page and reverse("shoot-report", kwargs={"shootday_id": shoot.day.pk}) in day_page
    )
