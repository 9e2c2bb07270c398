import pytest

from production.edit.models import Version
from production.media.models import MediaAsset
from projects import services
from projects.models import Stage
from tests.factories import ProjectFactory

pytestmark = pytest.mark.django_db


def test_planning_needs_a_ready_cut_version(studio, cut):
    project = cut.project
    project.stage = Stage.EDIT
    project.save()
    with pytest.raises(services.GateRefused) as exc:
        services.project_change_stage(project=project, to_stage=Stage.PLANNING, by=studio.producer)
    assert [r.key for r in exc.value.results if not r.passed] == ["edit.cut_rendered"]

    asset = MediaAsset.objects.create(project=project, original_name="v1.mov", status=MediaAsset.Status.PROCESSING)
    Version.objects.create(cut=cut, number=1, asset=asset)
    with pytest.raises(services.GateRefused):  # still rendering
        services.project_change_stage(project=project, to_stage=Stage.PLANNING, by=studio.producer)

    MediaAsset.objects.filter(pk=asset.pk).update(status=MediaAsset.Status.READY)
    services.project_change_stage(project=project, to_stage=Stage.PLANNING, by=studio.producer)
    project.refresh_from_db()
    assert project.stage == Stage.PLANNING


def test_another_projects_cut_does_not_count(studio, cut):
    asset = MediaAsset.objects.create(project=cut.project, original_name="v1.mov", status=MediaAsset.Status.READY)
    Version.objects.create(cut=cut, number=1, asset=asset)
    other = ProjectFactory(client=studio.acme, stage=Stage.EDIT)
    with pytest.raises(services.GateRefused):
        services.project_change_stage(project=other, to_stage=Stage.PLANNING, by=studio.producer)
