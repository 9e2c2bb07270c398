"""The shoot's demo data: ``seed_demo`` runs this step after the core's (projects.demo)."""

import pytest

from production.shoot import demo_seed, sheets
from production.shoot.models import CallSheet, Location, Person, ShootDay
from production.shoot.selectors import day_for
from projects import demo
from tests.factories import ProjectFactory

pytestmark = pytest.mark.django_db


def test_the_demo_project_gets_a_location_five_people_and_a_day_with_a_call_sheet(studio):
    assert demo_seed.seed in demo.steps()
    project = ProjectFactory(client=studio.acme, title=demo_seed.DEMO_PROJECT, owner=studio.producer)
    context = demo.DemoContext(organization=studio.org, producer=studio.producer, clients={"Acme": studio.acme},
                               projects={project.title: project})  # fmt: skip
    demo_seed.seed(context)
    assert Location.objects.filter(project=project).count() == 1
    assert Person.objects.filter(project=project).count() == 5
    day = ShootDay.objects.get(project=project)
    assert day.calls.count() == 5 and day.time_zone == "Europe/Berlin"
    sheet = CallSheet.objects.get(day=day)
    assert sheet.revision == 0  # ready to send; a demo emails nobody
    assert sheets.sheet_pdf(day_for(user=studio.producer, day_id=day.pk))[:4] == b"%PDF"


def test_the_demo_has_a_past_day_on_set_with_takes_and_a_signed_report(studio, django_capture_on_commit_callbacks):
    from django.core import mail

    from production.shoot.models import DailyReport, ScheduledShot, Take
    from production.shoot.set_selectors import report_view
    from production.storyboard import demo_seed as storyboard_demo

    assert demo_seed.seed_on_set in demo.steps()
    project = ProjectFactory(client=studio.acme, title=demo_seed.DEMO_PROJECT, owner=studio.producer)
    context = demo.DemoContext(organization=studio.org, producer=studio.producer, clients={"Acme": studio.acme},
                               projects={project.title: project})  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        storyboard_demo.seed(context)
        demo_seed.seed(context)
        demo_seed.seed_on_set(context)
    past = ShootDay.objects.filter(project=project).order_by("date").first()
    assert past.date < ShootDay.objects.filter(project=project).order_by("date").last().date
    scheduled = list(ScheduledShot.objects.filter(day=past).order_by("position"))
    assert len(scheduled) == 3 and all(s.done_at is not None for s in scheduled)
    assert [s.shot.status for s in scheduled] == ["circled", "circled", "circled"]
    assert Take.objects.filter(day=past).count() == 8
    report = DailyReport.objects.get(day=past)
    totals = report_view(past, report)["totals"]  # signed before the fourth shot went back to the main day
    assert report.signed and report.sent_at is None and (totals["shots_done"], totals["shots_planned"]) == (3, 4)
    assert not mail.outbox  # a demo emails nobody


def test_the_demo_days_schedule_holds_the_demo_shot_list_in_order(studio):
    from production.shoot.models import ScheduledShot
    from production.storyboard.services import shots as shot_services

    project = ProjectFactory(client=studio.acme, title=demo_seed.DEMO_PROJECT, owner=studio.producer)
    shots = [
        shot_services.shot_create(project=project, by=studio.producer, description=f"Demo {n}", setup_minutes=30,
                                  shoot_minutes=30)
        for n in range(3)
    ]  # fmt: skip
    context = demo.DemoContext(organization=studio.org, producer=studio.producer, clients={"Acme": studio.acme},
                               projects={project.title: project})  # fmt: skip
    demo_seed.seed(context)
    day = ShootDay.objects.get(project=project)
    rows = list(ScheduledShot.objects.filter(day=day).order_by("position"))
    assert [r.shot_id for r in rows] == [s.pk for s in shots]
    assert {r.shot.status for r in rows} == {"scheduled"}
    from production.shoot import services

    assert [row[2] for row in services.sheet_content(day)["shots"]] == ["Demo 0", "Demo 1", "Demo 2"]
