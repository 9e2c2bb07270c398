"""Logistics: permits flagged, budget totals against the ceiling, the day's length, bad input
refused with every reason and nothing changed, producers alone write, the timeline told."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from production.shoot import selectors, services
from production.shoot.models import BudgetLine, Location, Person, ShootDay
from projects.models import TimelineEvent

pytestmark = pytest.mark.django_db


def test_a_permit_is_flagged_expired_or_expiring_soon(studio):
    today = dt.date(2031, 3, 10)
    make = lambda expires: Location(name="x", permit_expires=expires)  # noqa: E731
    assert make(None).permit_state(today) == ""
    assert make(dt.date(2031, 3, 9)).permit_state(today) == "expired"
    assert make(dt.date(2031, 3, 10)).permit_state(today) == "soon"
    assert make(dt.date(2031, 3, 24)).permit_state(today) == "soon"
    assert make(dt.date(2031, 3, 25)).permit_state(today) == "ok"


def test_the_shoot_page_flags_an_expired_permit(studio, as_user):
    services.location_create(
        project=studio.acme_project, by=studio.producer, name="Rooftop", permit_reference="R-1",
        permit_expires=dt.date(2020, 1, 1),
    )  # fmt: skip
    page = as_user(studio.editor).get(f"/projects/{studio.acme_project.pk}/shoot/").content.decode()
    assert "permit expired" in page


def test_budget_totals_by_category_and_the_ceiling(studio):
    project, by = studio.acme_project, studio.producer
    services.settings_update(project=project, by=by, budget_ceiling="1000.00")
    services.budget_line_create(project=project, by=by, category="crew", description="DoP", estimate="400.10",
                                actual="450.00")  # fmt: skip
    services.budget_line_create(project=project, by=by, category="crew", description="Gaffer", estimate="300")
    services.budget_line_create(project=project, by=by, category="catering", description="Lunch", estimate="250",
                                actual="199.95")  # fmt: skip
    budget = selectors.budget_of(user=by, project=project)
    assert budget.estimate == Decimal("950.10")
    assert budget.actual == Decimal("649.95")
    assert [(t.category, t.estimate, t.actual) for t in budget.by_category] == [
        ("crew", Decimal("700.10"), Decimal("450.00")),
        ("catering", Decimal("250.00"), Decimal("199.95")),
    ]
    assert budget.ceiling == selectors.budget_ceiling(project) == Decimal("1000.00")
    assert not budget.over_budget
    assert [line.description for line in budget.lines_over] == ["DoP"]
    services.budget_line_create(project=project, by=by, category="other", description="Insurance", estimate="60")
    budget = selectors.budget_of(user=by, project=project)
    assert budget.over_budget and budget.over_estimate_ceiling and not budget.over_actual_ceiling
    assert budget.remaining == Decimal("-10.10")


def test_only_producers_see_the_budget(studio, as_user):
    project = studio.acme_project
    services.budget_line_create(project=project, by=studio.producer, category="crew", description="Secret fee",
                                estimate="9999")  # fmt: skip
    assert selectors.budget_of(user=studio.editor, project=project) is None
    assert not selectors.budget_lines_visible_to(studio.editor).exists()
    assert "Secret fee" not in as_user(studio.editor).get(f"/projects/{project.pk}/shoot/").content.decode()
    assert "Secret fee" in as_user(studio.producer).get(f"/projects/{project.pk}/shoot/").content.decode()


def test_the_over_budget_warning_shows(studio, as_user):
    project = studio.acme_project
    services.settings_update(project=project, by=studio.producer, budget_ceiling="100")
    services.budget_line_create(project=project, by=studio.producer, category="crew", description="A", estimate="50",
                                actual="120")  # fmt: skip
    page = as_user(studio.producer).get(f"/projects/{project.pk}/shoot/").content.decode()
    assert "data-over-budget" in page and "Over budget." in page


def test_bad_input_is_refused_with_every_reason_and_changes_nothing(studio):
    project, by = studio.acme_project, studio.producer
    with pytest.raises(ValidationError) as caught:
        services.person_create(project=project, by=by, name="", email="not-an-email", day_rate="-5", phone="call me",
                               department="catering")  # fmt: skip
    assert set(caught.value.message_dict) == {"name", "email", "day_rate", "phone", "department"}
    with pytest.raises(ValidationError) as caught:
        services.budget_line_create(project=project, by=by, category="crew", description="x", estimate="1.234")
    assert "two decimal places" in caught.value.message_dict["estimate"][0]
    with pytest.raises(ValidationError) as caught:
        services.location_create(project=project, by=by, name="Bad\x00name", permit_expires="next week")
    assert set(caught.value.message_dict) == {"name", "permit_expires"}
    assert not Person.objects.exists() and not BudgetLine.objects.exists() and not Location.objects.exists()
    assert not TimelineEvent.objects.filter(kind__startswith="shoot.").exists()


def test_a_day_refuses_another_projects_people_and_locations(studio, shoot):
    other = services.person_create(project=studio.globex_project, by=studio.producer, name="Globex runner")
    other_loc = services.location_create(project=studio.globex_project, by=studio.producer, name="Globex HQ")
    with pytest.raises(ValidationError) as caught:
        services.day_create(project=shoot.project, by=studio.producer, date="2031-05-13", call_time="08:00",
                            wrap_time="08:00", locations=[other_loc.pk], calls=[{"person": other.pk}])  # fmt: skip
    assert set(caught.value.message_dict) == {"locations", "calls", "wrap_time"}
    assert ShootDay.objects.count() == 1


def test_only_producers_write(studio, shoot):
    for user in (studio.editor, studio.marketer, studio.acme_user):
        with pytest.raises(PermissionDenied):
            services.person_update(person=shoot.people[0], by=user, name="Hacked")
        with pytest.raises(PermissionDenied):
            services.day_update(day=shoot.day, by=user, notes="Hacked")
    assert Person.objects.get(pk=shoot.people[0].pk).name == "Ana Lima"


def test_the_days_length_across_midnight_and_a_daylight_saving_night(studio, shoot):
    day = shoot.day
    assert day.length == dt.timedelta(hours=11, minutes=30) and day.length_label == "11 h 30 min"
    night = services.day_create(project=shoot.project, by=studio.producer, date="2031-10-25", call_time="18:00",
                                wrap_time="06:00", time_zone="Europe/Berlin")  # fmt: skip
    assert night.ends_at.date() == dt.date(2031, 10, 26)
    assert night.length == dt.timedelta(hours=13)  # the clocks went back an hour that night
    assert night.is_long


def test_timeline_events_are_the_teams(studio, shoot):
    kinds = list(TimelineEvent.objects.filter(project=shoot.project).values_list("kind", "client_visible", "stage"))
    assert ("shoot.location_added", False, "ideation") not in kinds
    assert {k for k, _, _ in kinds} >= {"shoot.location_added", "shoot.person_added", "shootday.scheduled"}
    assert all(not visible and stage == "shoot" for k, visible, stage in kinds if k.startswith(("shoot", "callsheet")))
    services.day_update(day=shoot.day, by=studio.producer, calls=[{"person": shoot.people[0].pk}])
    event = TimelineEvent.objects.filter(kind="shootday.changed").get()
    assert event.data == {"changed": ["calls"]}
    assert shoot.day.calls.count() == 1


def test_an_unchanged_save_records_nothing(studio, shoot):
    before = TimelineEvent.objects.count()
    services.day_update(day=shoot.day, by=studio.producer, notes="Parking in the yard.")
    services.person_update(person=shoot.people[0], by=studio.producer, name="Ana Lima")
    assert TimelineEvent.objects.count() == before


def test_location_photos_are_checked_with_pillow(studio, shoot):
    from tests.production.storyboard.conftest import png

    photo = services.location_photo_add(location=shoot.location, by=studio.producer, data=png(800, 600), caption="Yard")
    assert (photo.width, photo.height) == (800, 600) and photo.image.name.endswith(".jpg")
    with pytest.raises(ValidationError) as caught:
        services.location_photo_add(location=shoot.location, by=studio.producer, data=b"GIF89a not really")
    assert "not an image" in caught.value.message_dict["photo"][0]
    assert shoot.location.photos.count() == 1


def test_the_briefs_budget_is_the_ceiling_when_it_gives_one(studio):
    from production.ideation.models import Brief, BriefVersion

    project, by = studio.acme_project, studio.producer
    services.settings_update(project=project, by=by, budget_ceiling="1000.00", currency="EUR")
    assert selectors.ceiling_of(project).source == "shoot" and selectors.budget_ceiling(project) == Decimal("1000.00")
    brief = Brief.objects.create(project=project)
    BriefVersion.objects.create(brief=brief, number=1, summary="v1")  # no budget: the shoot's setting stands
    assert selectors.budget_ceiling(project) == Decimal("1000.00")
    BriefVersion.objects.create(brief=brief, number=2, budget=Decimal("800.00"), currency="USD")
    ceiling = selectors.ceiling_of(project)
    assert (ceiling.amount, ceiling.currency, ceiling.source, ceiling.brief_version) == (
        Decimal("800.00"), "USD", "brief", 2,
    )  # fmt: skip
    services.budget_line_create(project=project, by=by, category="crew", description="Crew", estimate="900")
    budget = selectors.budget_of(user=by, project=project)
    assert budget.over_budget and budget.currency == "USD" and budget.ceiling == Decimal("800.00")
