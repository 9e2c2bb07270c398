"""The shot list's readiness gate into the shoot: it names each mandatory message no shot covers
and each required asset with no shot framed for it, and links to the shot list."""

import pytest
from django.urls import reverse

from production.storyboard.gates import KEY
from projects import gates
from projects.models import Stage

from .test_shots import add, save_brief

pytestmark = pytest.mark.django_db


def covered(project):
    [result] = [r for r in gates.evaluate(project, Stage.SHOOT) if r.key == KEY]
    return result


def test_each_uncovered_message_and_unframed_asset_is_named(studio):
    project = studio.acme_project
    assert covered(project).passed  # no brief, nothing to cover (the brief's own gate says so)
    messages, assets = save_brief(
        studio,
        messages=[{"text": "Waterproof to 10 m", "kind": "show"}, {"text": "Recycled bottles", "kind": "say"}],
        assets=[{"kind": "cutdown", "count": 3, "aspect_ratio": "9:16", "duration": 15}],
    )
    result = covered(project)
    assert (result.passed, result.link) == (False, reverse("shots", kwargs={"project_id": project.pk}))
    assert result.message == (
        "The shot list does not cover the brief yet: no shot covers the message “Waterproof to 10 m”; "
        "no shot covers the message “Recycled bottles”; “3 x Cutdown, 9:16, 15 s”: no shot serves it."
    )
    add(studio, description="Boot in the river", framing="16:9", message_keys=[messages[0].key, messages[1].key],
        asset_keys=[assets[0].key])  # fmt: skip
    assert covered(project).message == (
        "The shot list does not cover the brief yet: “3 x Cutdown, 9:16, 15 s”: no shot framed 9:16."
    )
    add(studio, description="Runner, vertical", framing="16:9+9:16", asset_keys=[assets[0].key])
    assert covered(project).passed
