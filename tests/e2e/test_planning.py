"""A marketer in a real browser starts the campaign from the brief on the project page, edits a
KPI's target and its channel, saves version 2 and reads the repurposing checklist with the shot
framed 9:16 offered next to the vertical cutdowns; the client reads only what is marked for them."""

import subprocess

import pytest
from django.core.files import File
from playwright.sync_api import expect

from marketing.planning.models import CampaignVersion
from production.ideation import services as ideation
from production.media.models import MediaAsset
from production.storyboard.services import shots as shot_services
from tests.marketing.planning.conftest import launch_brief

from .conftest import DESKTOP, PHONE
from .test_journeys import sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _three_minute_video(project, by, folder):
    """A real 3 min 02 s clip (small: 180x320), as a media asset of ``project``."""
    path = folder / "cutdown-long.mp4"
    subprocess.run(
        ["ffmpeg", "-hide_banner", "-loglevel", "error", "-y", "-f", "lavfi", "-i", "testsrc2=size=180x320:rate=24",
         "-t", "182", "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-movflags", "+faststart",
         str(path)], check=True, timeout=120,
    )  # fmt: skip
    asset = MediaAsset(project=project, original_name=path.name, uploaded_by=by, status=MediaAsset.Status.READY)
    with path.open("rb") as fh:
        asset.file.save(path.name, File(fh), save=False)
    asset.save()
    return asset


def test_marketer_starts_the_campaign_from_the_brief_edits_a_kpi_and_reads_the_plan(
    live_server, studio, new_page, screenshot, settings, tmp_path
):
    settings.MEDIA_ROOT = settings.SENDFILE_ROOT = str(tmp_path / "media")
    base, project = live_server.url, studio.acme_project
    _three_minute_video(project, studio.editor, tmp_path)
    brief = ideation.brief_save(project=project, by=studio.producer, **launch_brief())
    cutdown = str(brief.assets.get(kind="cutdown").key)
    shot_services.shot_create(project=project, by=studio.producer, description="Runner at dawn, phone framing",
                              framing="9:16", asset_keys=[cutdown])  # fmt: skip
    page = new_page(DESKTOP)
    sign_in(page, base, studio.marketer)

    page.goto(f"{base}/projects/{project.pk}/")
    section = page.locator("#campaign")
    expect(section).to_contain_text("No campaign yet")
    section.get_by_role("link", name="Start the campaign").click()
    page.get_by_role("button", name="Start the campaign from the brief").click()
    expect(page.locator(".flash")).to_contain_text("Campaign started from the brief as version 1.")
    expect(page.locator("#channels")).to_contain_text("Instagram Reels")
    expect(page.locator("#channels")).to_contain_text("Facebook Reels")
    expect(page.locator("#kpis tbody tr")).to_have_count(2)

    page.get_by_role("link", name="Edit the campaign").click()
    kpis = page.locator('[data-formset="kpis"]')
    kpis.get_by_label("Target").first.fill("300000")
    kpis.get_by_label("On").first.select_option("instagram_reels")
    kpis.get_by_label("Client sees it").nth(1).uncheck()  # the view-through rate: the team's only
    page.get_by_label("Paid share (%)").fill("35")
    page.get_by_label("What changed").fill("Views counted on Reels")
    screenshot(page, "campaign-edit-desktop")
    page.get_by_role("button", name="Save as version 2").click()
    expect(page.locator(".flash")).to_contain_text("Campaign saved as version 2.")
    first_kpi = page.locator('#kpis tbody tr[data-metric="views"]')
    expect(first_kpi).to_contain_text("300,000 views")
    expect(first_kpi).to_contain_text("Instagram Reels")
    expect(page.locator(".splitbar__legend")).to_contain_text("Paid · 35 %")
    expect(page.locator(".brief-history")).to_contain_text("Views counted on Reels")

    plan = page.locator("#plan")
    expect(plan.locator("tbody tr")).to_have_count(4)
    vertical = plan.locator("tbody tr").first
    expect(vertical).to_contain_text("2 x Cutdown, 9:16, 15 s — #1")
    expect(vertical).to_contain_text("Shot 1 · 9:16")
    expect(vertical).to_contain_text("No variant yet")
    expect(plan.locator("tbody tr").nth(3)).to_contain_text("A picture: no video preset")
    plan.locator("tbody tr").nth(1).get_by_label("Platform for 2 x Cutdown, 9:16, 15 s — #2").select_option("tiktok")
    plan.locator("tbody tr").nth(1).get_by_role("button", name="Save").click()
    expect(page.locator(".flash")).to_contain_text("Platform saved.")
    expect(page.locator("#plan tbody tr").nth(1).locator("select")).to_have_value("tiktok")
    screenshot(page, "campaign-desktop")
    assert CampaignVersion.objects.filter(campaign__project=project).count() == 2

    # a video checked against Facebook Reels: the report says what to change
    check = page.locator("#check")
    check.get_by_label("Video").select_option(label="cutdown-long.mp4")
    check.get_by_label("Platform").select_option("facebook_reels")
    check.get_by_role("button", name="Check against the platform").click()
    expect(page.locator(".pagehead__sub")).to_contain_text("Fails 2 rules")
    duration = page.locator('tr[data-rule="duration"]')
    expect(duration).to_contain_text("Trim to 90 s or less: it is 3 min 02 s.")
    expect(page.locator('tr[data-rule="captions"]')).to_contain_text("Not measurable")
    screenshot(page, "spec-report-desktop")

    page.goto(f"{base}/projects/{project.pk}/")
    expect(page.locator("#campaign")).to_contain_text("0 of 3 required videos with a passing variant")
    expect(page.locator("#brief")).to_contain_text("Awareness")
    page.locator("#campaign").scroll_into_view_if_needed()
    screenshot(page, "campaign-section-desktop", full_page=False)

    page.goto(f"{base}/presets/")
    expect(page.locator("#preset-facebook_reels")).to_contain_text("3 s to 90 s")
    screenshot(page, "planning-presets-desktop", full_page=False)

    phone = new_page(PHONE)
    sign_in(phone, base, studio.acme_user)
    phone.goto(f"{base}/projects/{project.pk}/campaign/")
    expect(phone.locator("#kpis tbody tr")).to_have_count(1)  # only the KPI marked for the client
    expect(phone.locator("body")).not_to_contain_text("Repurposing plan")
    expect(phone.locator("body")).not_to_contain_text("20,000")
    screenshot(phone, "campaign-client-phone")
