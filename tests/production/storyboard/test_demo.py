"""The storyboard's demo data: ``seed_demo`` runs this step after the core's (projects.demo)."""

import pytest

from production.storyboard import demo_seed
from production.storyboard.models import Frame, ScriptVersion
from projects import demo
from tests.factories import ProjectFactory

pytestmark = pytest.mark.django_db


def test_the_demo_project_gets_a_script_and_a_storyboard(studio):
    assert demo_seed.seed in demo.steps()  # registered, so seed_demo runs it
    project = ProjectFactory(client=studio.acme, title=demo_seed.DEMO_PROJECT, owner=studio.producer)
    context = demo.DemoContext(
        organization=studio.org,
        producer=studio.producer,
        clients={"Acme": studio.acme},
        projects={project.title: project},
    )
    demo_seed.seed(context)
    version = ScriptVersion.objects.get(script__project=project)
    assert [s.heading for s in version.scenes.order_by("position")] == [
        "EXT. RIDGE TRAIL - DAWN",
        "EXT. FOREST PATH - CONTINUOUS",
        "EXT. SUMMIT - SUNRISE",
    ]
    frames = list(Frame.objects.filter(project=project).order_by("position"))
    assert [f.shot_size for f in frames] == ["EWS", "MS", "ECU", "WS"]
    assert all(f.image and f.scene and f.scene.version == version for f in frames)


def test_the_demo_shot_list_serves_the_briefs_vertical_cutdown(studio):
    from production.ideation import demo_seed as ideation_demo
    from production.storyboard.models import Shot
    from production.storyboard.selectors import shot_list_of

    project = ProjectFactory(client=studio.acme, title=demo_seed.DEMO_PROJECT, owner=studio.producer)
    context = demo.DemoContext(
        organization=studio.org,
        producer=studio.producer,
        clients={"Acme": studio.acme},
        projects={project.title: project},
    )
    assert demo.steps().index(ideation_demo.seed) < demo.steps().index(demo_seed.seed)  # the brief is there first
    ideation_demo.seed(context)
    demo_seed.seed(context)
    shots = list(Shot.objects.filter(project=project).order_by("position").select_related("frame", "scene"))
    assert [s.number for s in shots] == ["1A", "2A", "2B", "3A"]
    assert [s.framing for s in shots] == ["16:9", "16:9+9:16", "9:16", "16:9"]
    assert all(s.frame and s.frame.scene == s.scene for s in shots)
    shot_list = shot_list_of(user=studio.producer, project=project)
    vertical = [a for a in shot_list.assets if a.asset.aspect_ratio == "9:16"]
    assert vertical and [s.number for s in vertical[0].framed] == ["2A", "2B"]
    assert shot_list.messages and [s.number for s in shot_list.messages[0].shots] == ["2A", "2B"]
