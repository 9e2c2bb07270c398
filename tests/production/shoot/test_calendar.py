"""The calendar feeds parse as iCalendar, carry the day's time zone (TZID and its VTIMEZONE), give
the right instants on both sides of Berlin's daylight-saving changes, and live at a secret
address that a reset kills."""

import datetime as dt

import icalendar
import pytest

from production.shoot import services

pytestmark = pytest.mark.django_db

UTC = dt.UTC


def parse(response) -> icalendar.Calendar:
    assert response.status_code == 200 and response["Content-Type"].startswith("text/calendar")
    return icalendar.Calendar.from_ical(response.content)


@pytest.fixture
def dst_days(studio, shoot):
    """Days in Berlin either side of the changes of 2031 (30 March forward, 26 October back)."""
    make = lambda date: services.day_create(  # noqa: E731
        project=shoot.project, by=studio.producer, date=date, call_time="07:00", wrap_time="19:00",
        time_zone="Europe/Berlin", calls=[{"person": shoot.people[1].pk, "call_time": "06:15"}],
    )  # fmt: skip
    return [make(d) for d in ("2031-03-29", "2031-03-31", "2031-10-25", "2031-10-27")]


def test_the_project_feed_gives_the_right_instants_across_daylight_saving(studio, shoot, dst_days, client):
    settings_row = shoot.project.shoot_settings
    cal = parse(client.get(f"/calendars/shoot/{settings_row.feed_token}.ics"))
    assert [tz["TZID"] for tz in cal.walk("VTIMEZONE")] == ["Europe/Berlin"]
    events = {e.decoded("dtstart").date(): e for e in cal.walk("VEVENT")}
    assert len(events) == 5
    for event in events.values():
        assert event["DTSTART"].params["TZID"] == "Europe/Berlin"
        assert "Acme spring launch: shoot day" in str(event["SUMMARY"])
    starts = {date: e.decoded("dtstart").astimezone(UTC) for date, e in events.items()}
    assert starts[dt.date(2031, 3, 29)] == dt.datetime(2031, 3, 29, 6, 0, tzinfo=UTC)  # CET, UTC+1
    assert starts[dt.date(2031, 3, 31)] == dt.datetime(2031, 3, 31, 5, 0, tzinfo=UTC)  # CEST, UTC+2
    assert starts[dt.date(2031, 10, 25)] == dt.datetime(2031, 10, 25, 5, 0, tzinfo=UTC)  # CEST
    assert starts[dt.date(2031, 10, 27)] == dt.datetime(2031, 10, 27, 6, 0, tzinfo=UTC)  # CET again
    assert events[dt.date(2031, 5, 12)]["LOCATION"] == "Old brewery, Schankstraße 4 10115 Berlin"
    # The instants also come out of the raw text through the VTIMEZONE alone (as a client reads it).
    text = client.get(f"/calendars/shoot/{settings_row.feed_token}.ics").content.decode()
    assert "DTSTART;TZID=Europe/Berlin:20310329T070000" in text
    assert "DTSTART;TZID=Europe/Berlin:20310331T070000" in text
    assert "BEGIN:DAYLIGHT" in text and "TZOFFSETTO:+0200" in text


def test_a_persons_feed_holds_their_days_at_their_own_call_time(studio, shoot, dst_days, client):
    ben = shoot.people[1]
    cal = parse(client.get(f"/calendars/call/{ben.feed_token}.ics"))
    starts = sorted(e.decoded("dtstart").astimezone(UTC) for e in cal.walk("VEVENT"))
    assert starts == [
        dt.datetime(2031, 3, 29, 5, 15, tzinfo=UTC),
        dt.datetime(2031, 3, 31, 4, 15, tzinfo=UTC),
        dt.datetime(2031, 5, 12, 4, 45, tzinfo=UTC),  # his 06:45 call on the fixture's day
        dt.datetime(2031, 10, 25, 4, 15, tzinfo=UTC),
        dt.datetime(2031, 10, 27, 5, 15, tzinfo=UTC),
    ]
    ana = shoot.people[0]
    ana_events = list(parse(client.get(f"/calendars/call/{ana.feed_token}.ics")).walk("VEVENT"))
    assert len(ana_events) == 1  # only the day she is called
    body = client.get(f"/calendars/call/{ben.feed_token}.ics").content.decode()
    for private in ("ana@crew.test", "+49 170", "480.00", "650.00", "Vegetarian"):
        assert private not in body


def test_resetting_a_feed_kills_the_old_address(studio, shoot, client, as_user):
    old_project = shoot.project.shoot_settings.feed_token
    old_person = shoot.people[0].feed_token
    producer = as_user(studio.producer)
    producer.post(f"/projects/{shoot.project.pk}/shoot/calendar-reset/")
    producer.post(f"/shoot-people/{shoot.people[0].pk}/calendar-reset/")
    assert client.get(f"/calendars/shoot/{old_project}.ics").status_code == 404
    assert client.get(f"/calendars/call/{old_person}.ics").status_code == 404
    shoot.project.shoot_settings.refresh_from_db()
    shoot.people[0].refresh_from_db()
    assert shoot.project.shoot_settings.feed_token != old_project
    assert client.get(f"/calendars/shoot/{shoot.project.shoot_settings.feed_token}.ics").status_code == 200
    assert client.get(f"/calendars/call/{shoot.people[0].feed_token}.ics").status_code == 200
    assert client.get("/calendars/call/not-a-token.ics").status_code == 404
    # Only producers reset.
    editor = as_user(studio.editor)
    assert editor.post(f"/projects/{shoot.project.pk}/shoot/calendar-reset/").status_code == 403
    assert as_user(studio.acme_user).post(f"/shoot-people/{shoot.people[0].pk}/calendar-reset/").status_code == 404
