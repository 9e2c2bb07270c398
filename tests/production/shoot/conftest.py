import datetime as dt
from dataclasses import dataclass

import pytest

from production.shoot import services


@dataclass
class Shoot:
    project: object
    location: object
    people: list
    day: object


@pytest.fixture
def shoot(studio) -> Shoot:
    """The Acme project's shoot: a location, three people (one without an email, one cast), and a
    day on 12 May 2031 in Berlin with all three called (the gaffer earlier than the day's call)."""
    by, project = studio.producer, studio.acme_project
    services.settings_update(project=project, by=by, budget_ceiling="1000.00", time_zone="Europe/Berlin")
    location = services.location_create(
        project=project, by=by, name="Old brewery", address="Schankstraße 4\n10115 Berlin",
        contact_name="Herr Roth", contact_phone="+49 30 1234567", permit_reference="P-77",
        permit_expires=dt.date(2031, 6, 1),
    )  # fmt: skip
    people = [
        services.person_create(project=project, by=by, name="Ana Lima", role="Director of photography",
                               department="camera", email="ana@crew.test", phone="+49 170 1111111",
                               day_rate="650.00", dietary="Vegetarian"),
        services.person_create(project=project, by=by, name="Ben Okoro", role="Gaffer", department="lighting",
                               email="ben@crew.test", phone="+49 170 2222222", day_rate="480.00"),
        services.person_create(project=project, by=by, name="Cleo Marsh", role="Nora", department="cast"),
    ]  # fmt: skip
    day = services.day_create(
        project=project, by=by, date=dt.date(2031, 5, 12), call_time="07:30", wrap_time="19:00",
        time_zone="Europe/Berlin", locations=[location.pk],
        calls=[{"person": people[0].pk, "call_time": ""}, {"person": people[1].pk, "call_time": "06:45"},
               {"person": people[2].pk, "call_time": "09:00", "note": "Make-up first"}],
        weather="Sunny, 21 °C", hospital="Charité Mitte, Charitéplatz 1, 10117 Berlin, +49 30 450 50",
        notes="Parking in the yard.",
    )  # fmt: skip
    return Shoot(project=project, location=location, people=people, day=day)
