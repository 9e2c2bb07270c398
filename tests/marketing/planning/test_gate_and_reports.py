"""The gate into distribution names each required asset still missing a passing variant, linked to
the checklist; a spec report kept for a real file, and what fulfils a plan row passing or failing."""

import pytest
from django.urls import reverse

from marketing.planning import demo_seed, selectors, services
from marketing.planning.gates import KEY
from marketing.planning.models import CampaignVersion, PlanItem, SpecReport
from production.ideation import demo_seed as ideation_demo
from production.media.models import MediaAsset
from production.storyboard.services import shots as shot_services
from projects import gates
from projects.demo import DemoContext
from projects.models import Stage, TimelineEvent

pytestmark = pytest.mark.django_db


def gate(project):
    project.stage = Stage.PLANNING
    [result] = [r for r in gates.evaluate(project, Stage.DISTRIBUTION) if r.key == KEY]
    return result


def _asset(project, path, by):
    from django.core.files import File

    asset = MediaAsset(project=project, original_name=path.name, uploaded_by=by, status=MediaAsset.Status.READY)
    with path.open("rb") as fh:
        asset.file.save(path.name, File(fh), save=False)
    asset.save()
    return asset


def test_the_gate_names_each_missing_asset_and_links_to_the_plan(studio, brief):
    project = studio.acme_project
    result = gate(project)
    assert not result.passed
    assert result.message == "Before distribution: there is no campaign yet: start it from the brief."
    services.campaign_create(project=project, by=studio.marketer)
    result = gate(project)
    assert result.link == reverse("campaign", kwargs={"project_id": project.pk}) + "#plan"
    assert result.message == (
        "Before distribution: 2 x Cutdown, 9:16, 15 s — #1 has no Instagram Reels variant yet; "
        "2 x Cutdown, 9:16, 15 s — #2 has no Instagram Reels variant yet; "
        "1 x Bumper, 16:9, 6 s has no YouTube variant yet."
    )  # the thumbnail is a picture: not the gate's
    item = PlanItem.objects.get(number=2, preset="instagram_reels")
    services.plan_item_update(item=item, by=studio.marketer, preset_key="")
    assert "#2 has no platform chosen" in gate(project).message


def test_a_spec_report_of_a_real_file_is_kept_and_fulfils_a_plan_row(studio, brief, clips, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    project = studio.acme_project
    services.campaign_create(project=project, by=studio.marketer)
    long = _asset(project, clips["long.mp4"], studio.editor)
    reel = _asset(project, clips["reel.mp4"], studio.editor)

    failing = services.spec_check_asset(asset=long, preset_key="instagram_reels", by=studio.marketer)
    assert not failing.passed
    kinds = {r["kind"]: r for r in failing.failures}
    assert set(kinds) == {"resolution"}  # 180x320 is 9:16 but small; 3 min 02 s is within 15 min
    assert kinds["resolution"]["advice"] == "Render at 540\u00d7960 or larger: it is 180\u00d7320."
    assert TimelineEvent.objects.get(kind="spec.checked").summary == "long.mp4 fails 1 rule of Instagram Reels"
    rows = [r for r in selectors.plan_of(project.campaign) if r.aspect_ratio == "9:16"]
    services.plan_item_fulfil(item=rows[0].item, by=studio.marketer, subject=long)
    services.plan_item_fulfil(item=rows[1].item, by=studio.marketer, subject=reel)
    assert "its Instagram Reels variant fails the spec check" in gate(project).message
    assert "#2: its Instagram Reels variant is not checked yet" in gate(project).message

    passing = services.spec_check_asset(asset=reel, preset_key="instagram_reels", by=studio.marketer)
    assert passing.passed and SpecReport.objects.count() == 2
    rows = [r for r in selectors.plan_of(project.campaign) if r.aspect_ratio == "9:16"]
    assert [r.passing for r in rows] == [False, True]
    assert "#2" not in gate(project).message


def test_a_spec_check_of_an_unknown_preset_or_by_an_editor_changes_nothing(studio, brief, clips, settings, tmp_path):
    from django.core.exceptions import PermissionDenied, ValidationError

    settings.MEDIA_ROOT = str(tmp_path / "media")
    reel = _asset(studio.acme_project, clips["reel.mp4"], studio.editor)
    with pytest.raises(ValidationError):
        services.spec_check_asset(asset=reel, preset_key="myspace", by=studio.marketer)
    with pytest.raises(PermissionDenied):
        services.spec_check_asset(asset=reel, preset_key="tiktok", by=studio.editor)
    assert not SpecReport.objects.exists()


def test_vertical_shots_are_offered_next_to_9_16_assets(studio, brief):
    project = studio.acme_project
    services.campaign_create(project=project, by=studio.marketer)
    cutdown_key = str(brief.assets.get(kind="cutdown").key)
    shot_services.shot_create(project=project, by=studio.producer, description="Wide", framing="16:9")
    shot_services.shot_create(project=project, by=studio.producer, description="Phone", framing="9:16")
    shot_services.shot_create(project=project, by=studio.producer, description="Protected", framing="16:9+9:16",
                              asset_keys=[cutdown_key])  # fmt: skip
    rows = selectors.plan_of(project.campaign)
    cutdown = next(r for r in rows if r.aspect_ratio == "9:16")
    assert [s.description for s in cutdown.sources] == ["Protected", "Phone"]  # linked to the asset first
    assert next(r for r in rows if r.kind == "bumper").sources == []


def test_the_demo_step_makes_the_launch_films_campaign_in_two_versions(studio):
    studio.acme_project.title = "Trail Runner launch film"
    context = DemoContext(organization=studio.org, producer=studio.producer, clients={},
                          projects={studio.acme_project.title: studio.acme_project})  # fmt: skip
    ideation_demo.seed(context)
    demo_seed.seed(context)
    versions = list(CampaignVersion.objects.filter(campaign__project=studio.acme_project).order_by("number"))
    assert [v.number for v in versions] == [1, 2]
    assert versions[1].paid_percent == 60 and "tiktok" in [c.preset for c in versions[1].channels.all()]
    assert versions[0].created_by == studio.marketer
    assert PlanItem.objects.filter(campaign__project=studio.acme_project).count() == 6  # 3 cutdowns, bumper, 2 stills


def test_the_campaign_page_checks_a_video_and_shows_the_report_line_by_line(
    studio, brief, clips, settings, tmp_path, as_user
):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    project = studio.acme_project
    services.campaign_create(project=project, by=studio.marketer)
    long = _asset(project, clips["long.mp4"], studio.editor)
    browser = as_user(studio.marketer)
    page = browser.get(f"/projects/{project.pk}/campaign/").content.decode()
    assert 'id="check"' in page and f'value="{long.pk}"' in page
    done = browser.post(f"/projects/{project.pk}/spec-check/", {"asset": str(long.pk), "preset": "facebook_reels"})
    report = SpecReport.objects.get()
    assert done.status_code == 302 and done.url == f"/spec-reports/{report.pk}/"
    html = browser.get(done.url).content.decode()
    assert "Trim to 90 s or less: it is 3 min 02 s." in html and "Fails" in html
    assert 'data-rule="duration"' in html
    # a bad preset or a foreign asset changes nothing and says why
    assert (
        browser.post(f"/projects/{project.pk}/spec-check/", {"asset": str(long.pk), "preset": "vine"}).status_code
        == 302
    )
    assert browser.post(f"/projects/{studio.globex_project.pk}/spec-check/",
                        {"asset": str(long.pk), "preset": "tiktok"}).status_code == 302  # fmt: skip
    assert SpecReport.objects.count() == 1
    # clients never read reports
    assert as_user(studio.acme_user).get(done.url).status_code == 404
    assert as_user(studio.acme_user).post(f"/projects/{project.pk}/spec-check/",
                                          {"asset": str(long.pk), "preset": "x"}).status_code == 404  # fmt: skip
    assert as_user(studio.globex_user).get(done.url).status_code == 404
