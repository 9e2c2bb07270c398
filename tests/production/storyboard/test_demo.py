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
