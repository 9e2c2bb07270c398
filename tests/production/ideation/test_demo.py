"""Ideation's demo step: ideas on the board and briefs for two demo projects, one signed off and
one whose newer version waits for the client."""

import pytest

from production.ideation import demo_seed, selectors
from production.ideation.models import BriefVersion, Idea
from projects.demo import DemoContext

pytestmark = pytest.mark.django_db


def test_the_demo_step_fills_the_board_and_writes_briefs(studio):
    studio.acme_project.title = "Trail Runner launch film"
    studio.globex_project.title = "Globex recipe series"
    context = DemoContext(
        organization=studio.org,
        producer=studio.producer,
        clients={"Acme Outdoor": studio.acme, "Globex Foods": studio.globex},
        projects={p.title: p for p in (studio.acme_project, studio.globex_project)},
    )
    demo_seed.seed(context)

    statuses = sorted(Idea.objects.values_list("status", flat=True))
    assert statuses == ["dropped", "new", "shortlisted", "shortlisted"]
    launch = selectors.brief_page(project=studio.acme_project)
    assert [v.number for v in launch.history] == [2, 1]
    assert not launch.signed_off and launch.last_signed.number == 1  # v2 waits for the client
    assert launch.current.kpis.count() == 3 and launch.current.assets.count() == 3
    assert launch.current.messages.count() == 2  # carried from v1, keys kept
    assert set(launch.current.messages.values_list("key", flat=True)) == set(
        BriefVersion.objects.get(brief__project=studio.acme_project, number=1).messages.values_list("key", flat=True)
    )
    recipes = selectors.brief_page(project=studio.globex_project)
    assert recipes.signed_off and recipes.signoffs[0].by == studio.globex_user
