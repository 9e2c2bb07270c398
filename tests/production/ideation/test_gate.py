"""The storyboard gate: the brief replaces "idea written down", and names exactly what is missing."""

import pytest
from django.urls import reverse

from production.ideation import services
from production.ideation.models import Objective
from projects import gates
from projects import services as project_services
from projects.models import Stage

from .conftest import full_brief

pytestmark = pytest.mark.django_db


def storyboard_gate(project):
    [result] = [r for r in gates.evaluate(project, Stage.STORYBOARD) if r.entering == Stage.STORYBOARD]
    return result


def test_the_brief_gate_replaces_idea_written_down():
    keys = [g.key for g in gates.gates_entering(Stage.STORYBOARD)]
    assert keys == ["ideation.brief_written"]


def test_no_brief_names_all_three_and_links_to_the_brief(studio):
    project = studio.acme_project
    assert project.description  # a description alone no longer passes
    result = storyboard_gate(project)
    assert not result.passed
    assert result.message == (
        "There is no brief yet. Write one with a marketing objective, a target audience and at least one KPI "
        "before storyboarding."
    )
    assert result.link == reverse("brief-edit", kwargs={"project_id": project.pk})


@pytest.mark.parametrize(
    ("missing", "fields", "says"),
    [
        ("objective", {"objective": ""}, "The brief still needs a marketing objective before storyboarding."),
        ("audience", {"audience": "  "}, "The brief still needs a target audience before storyboarding."),
        ("kpis", {"kpis": []}, "The brief still needs at least one KPI before storyboarding."),
        (
            "objective and kpis",
            {"objective": "", "kpis": []},
            "The brief still needs a marketing objective and at least one KPI before storyboarding.",
        ),
    ],
)
def test_the_message_names_each_missing_item(studio, missing, fields, says):
    services.brief_save(project=studio.acme_project, by=studio.producer, **full_brief(**fields))
    result = storyboard_gate(studio.acme_project)
    assert (result.passed, result.message) == (False, says)


def test_a_written_brief_passes_and_the_project_moves(studio, brief_v1):
    assert storyboard_gate(studio.acme_project).passed
    assert storyboard_gate(studio.acme_project).link == ""
    change = project_services.project_change_stage(
        project=studio.acme_project, to_stage=Stage.STORYBOARD, by=studio.producer
    )
    assert change.overridden == []


def test_the_gate_reads_the_current_version(studio, brief_v1):
    services.brief_save(project=studio.acme_project, by=studio.producer, **full_brief(objective=""))
    assert not storyboard_gate(studio.acme_project).passed
    services.brief_save(project=studio.acme_project, by=studio.producer, **full_brief(objective=Objective.CONVERSION))
    assert storyboard_gate(studio.acme_project).passed


def test_a_producer_still_overrides_it_with_a_reason(studio):
    change = project_services.project_change_stage(
        project=studio.acme_project, to_stage=Stage.STORYBOARD, by=studio.producer,
        override_reason="The client briefed us on the phone; the brief follows.",
    )  # fmt: skip
    assert [r.key for r in change.overridden] == ["ideation.brief_written"]


def shoot_gate(project):
    [result] = [r for r in gates.evaluate(project, Stage.SHOOT) if r.key == "ideation.brief_signed_off"]
    return result


def test_the_shoot_waits_for_the_clients_sign_off_of_the_current_brief(studio):
    project = studio.acme_project
    result = shoot_gate(project)
    assert not result.passed and result.message.startswith("There is no brief to sign off yet")
    v1 = services.brief_save(project=project, by=studio.producer, **full_brief())
    assert shoot_gate(project).message == "The client has not signed off version 1 of the brief."
    assert shoot_gate(project).link == reverse("brief", kwargs={"project_id": project.pk})
    services.brief_sign_off(version=v1, by=studio.acme_user)
    assert shoot_gate(project).passed
    services.brief_save(project=project, by=studio.producer, **full_brief(audience="Trail runners, 25 to 40."))
    assert shoot_gate(project).message == (
        "The client has not signed off version 2 of the brief (version 1 was; the brief changed since)."
    )
