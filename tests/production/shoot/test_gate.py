"""The shoot's readiness gate: every shoot day has its call sheet sent, as the day now stands."""

import datetime as dt

import pytest
from django.urls import reverse

from production.shoot import services
from production.shoot.gates import KEY
from projects import gates
from projects.models import Stage

pytestmark = pytest.mark.django_db


def sheets(project):
    [result] = [r for r in gates.evaluate(project, Stage.SHOOT) if r.key == KEY]
    return result


def test_every_day_needs_its_call_sheet_sent_as_the_day_stands(studio, shoot):
    project = shoot.project
    assert sheets(studio.globex_project).message == "Before the shoot: no shoot day is scheduled."
    result = sheets(project)
    assert (result.passed, result.link) == (False, reverse("shoot", kwargs={"project_id": project.pk}))
    assert result.message == "Before the shoot: the call sheet of Mon 12 May is not sent."
    second = services.day_create(
        project=project, by=studio.producer, date=dt.date(2031, 5, 13), call_time="08:00", wrap_time="17:00",
        calls=[{"person": shoot.people[0].pk}],
    )  # fmt: skip
    services.call_sheet_send(day=shoot.day, by=studio.producer)
    assert sheets(project).message == "Before the shoot: the call sheet of Tue 13 May is not sent."
    services.call_sheet_send(day=second, by=studio.producer)
    assert sheets(project).passed
    services.day_update(day=second, by=studio.producer, call_time="07:00")
    assert sheets(project).message == (
        "Before the shoot: Tue 13 May changed after its call sheet went out: send the revision."
    )
    services.call_sheet_send(day=second, by=studio.producer)
    assert sheets(project).passed
