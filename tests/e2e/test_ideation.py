"""Ideation in a real browser: an idea on the board, a producer writing the brief with two KPIs
(the second row added with "Add another row") and a mandatory message, the project moving to
storyboard without an override, and the client signing the brief off."""

import pytest
from playwright.sync_api import expect

from production.ideation.models import BriefSignoff, BriefVersion, Idea
from projects.models import Stage

from .conftest import DESKTOP, PHONE
from .test_journeys import sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_producer_writes_the_brief_and_the_client_signs_it_off(live_server, studio, new_page, screenshot):
    base = live_server.url
    project = studio.acme_project
    page = new_page()
    sign_in(page, base, studio.producer)

    # The ideas board: a new idea, voted for.
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Ideas").click()
    expect(page.get_by_role("heading", name="Ideas", exact=True)).to_be_visible()
    page.get_by_role("link", name="New idea").first.click()
    page.get_by_label("Title").fill("Trail care in 30 seconds")
    page.get_by_label("Pitch").fill("Clean, dry, re-lace: one tip per video, shot on the trail.")
    page.get_by_label("TikTok").check()
    page.get_by_role("button", name="Put it on the board").click()
    expect(page.get_by_role("heading", name="Trail care in 30 seconds")).to_be_visible()
    page.get_by_role("button", name="Vote · 0").click()
    expect(page.get_by_role("button", name="Voted · 1")).to_be_visible()
    page.goto(f"{base}/ideas/")
    expect(page.locator(".idea-card")).to_contain_text("Trail care in 30 seconds")
    screenshot(page, "ideas-board-desktop")
    assert Idea.objects.get().votes.count() == 1

    # The project page shows no brief yet, and the storyboard gate links to the brief.
    page.goto(f"{base}/projects/{project.pk}/")
    section = page.locator("#brief")
    expect(section).to_contain_text("No brief yet")
    expect(page.locator(".gate-preview .gate.is-failed")).to_contain_text("Brief written")
    section.get_by_role("link", name="Write the brief").click()

    # The brief: objective, audience, two KPIs (the second row added), a mandatory message.
    expect(page.get_by_role("heading", name="Write the brief")).to_be_visible()
    page.get_by_label("Marketing objective").select_option("awareness")
    page.get_by_label("Target audience").fill("Trail runners, 25 to 40, who watch gear reviews.")
    page.get_by_label("Budget").fill("18000")
    page.get_by_label("Currency").select_option("EUR")
    page.locator('select[name="kpis-0-metric"]').select_option("views")
    page.locator('input[name="kpis-0-target"]').fill("250000")
    kpis = page.locator('[data-formset="kpis"]')
    kpis.get_by_role("button", name="+ Add another row").click()
    page.locator('select[name="kpis-1-metric"]').select_option("click_through_rate")
    expect(page.locator('input[name="kpis-1-target"]')).to_have_attribute("placeholder", "in %")  # the unit
    page.locator('input[name="kpis-1-target"]').fill("1.5")
    kpis.get_by_role("button", name="+ Add another row").click()  # a third row, left blank: not a KPI
    page.locator('input[name="messages-0-text"]').fill("Show the outsole gripping wet rock")
    page.locator('select[name="messages-0-kind"]').select_option("show")
    screenshot(page, "brief-edit-desktop")
    page.get_by_role("button", name="Save as version 1").click()

    expect(page.locator(".flash")).to_contain_text("Brief saved as version 1")
    expect(page.get_by_role("heading", name="Creative brief")).to_be_visible()
    main = page.locator(".split__main")
    expect(main).to_contain_text("Views")
    expect(main).to_contain_text("250,000 views")
    expect(main).to_contain_text("1.50 %")
    expect(main).to_contain_text("Show the outsole gripping wet rock")
    expect(page.locator("#signoff")).to_contain_text("Version 1 is not signed off yet.")
    screenshot(page, "brief-desktop")
    version = BriefVersion.objects.get()
    assert [k.metric for k in version.kpis.all()] == ["views", "click_through_rate"]
    assert version.messages.get().kind == "show"

    # With the brief written the project moves on without an override.
    page.goto(f"{base}/projects/{project.pk}/")
    expect(page.locator("#brief")).to_contain_text("Awareness")
    expect(page.locator(".gate-preview .gate.is-passed")).to_contain_text("Brief written")
    screenshot(page, "project-with-brief-desktop")
    page.locator("#stage-panel").get_by_role("button", name="Move project").click()
    expect(page.locator(".flash")).to_contain_text("Moved to Storyboard.")
    project.refresh_from_db()
    assert project.stage == Stage.STORYBOARD

    # The client reads it on a phone and signs it off.
    client = new_page(PHONE)
    sign_in(client, base, studio.acme_user)
    client.goto(f"{base}/projects/{project.pk}/brief/")
    expect(client.get_by_role("heading", name="Creative brief")).to_be_visible()
    assert client.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    client.get_by_label("Note").fill("Approved in the kick-off call.")
    client.get_by_role("button", name="Sign off version 1").click()
    expect(client.locator(".flash")).to_contain_text("You signed off version 1")
    expect(client.locator("#signoff")).to_contain_text("Version 1 is signed off.")
    screenshot(client, "brief-signed-off-phone")
    assert BriefSignoff.objects.get().by == studio.acme_user
    client.goto(f"{base}/ideas/")
    expect(client.locator("body")).not_to_contain_text("Trail care in 30 seconds")

    # The producer raises a target: version 2, not signed off; the comparison shows the change.
    page.goto(f"{base}/projects/{project.pk}/brief/edit/")
    assert page.evaluate("document.documentElement.scrollWidth") <= DESKTOP["width"]
    expect(page.locator('[data-formset="kpis"] .rowform__delete')).to_have_count(2)  # kept rows only
    page.locator('input[name="kpis-1-target"]').fill("2")
    page.get_by_label("What changed").fill("A higher click-through target")
    page.get_by_role("button", name="Save as version 2").click()
    expect(page.locator("#signoff")).to_contain_text("Version 2 is not signed off yet.")
    expect(page.locator("#signoff")).to_contain_text("Version 1 was signed off")
    page.get_by_role("link", name="Compare versions").click()
    expect(page.get_by_role("heading", name="Version 1 → version 2")).to_be_visible()
    expect(page.locator(".change--changed")).to_contain_text("Click-through rate: 1.50 %")
    expect(page.locator(".change--changed")).to_contain_text("Click-through rate: 2 %")
    screenshot(page, "brief-compare-desktop")
    assert list(BriefVersion.objects.order_by("number").values_list("number", flat=True)) == [1, 2]
    page.goto(f"{base}/ideas/{Idea.objects.get().pk}/")
    page.get_by_label("Comment").fill("Shoot two hooks and test them.")
    page.get_by_role("button", name="Comment", exact=True).click()
    expect(page.locator("#comments")).to_contain_text("Shoot two hooks and test them.")
    screenshot(page, "idea-detail-desktop")


def test_ideation_pages_fit_a_phone(live_server, studio, new_page, screenshot):
    from production.ideation import services

    idea = services.idea_create(
        organization=studio.org, by=studio.editor, title="Behind the seams: a day in the factory told by its people",
        pitch="The people who stitch the shoes tell the story.", format="2-minute documentary",
        platforms=["youtube", "linkedin", "instagram_reels"],
    )  # fmt: skip
    services.idea_vote_toggle(idea=idea, by=studio.producer)
    page = new_page(PHONE)
    sign_in(page, live_server.url, studio.producer)
    for path, name in (
        ("/ideas/", "ideas-board-phone"),
        (f"/ideas/{idea.pk}/", "idea-detail-phone"),
        (f"/projects/{studio.acme_project.pk}/brief/", "brief-empty-phone"),
        (f"/projects/{studio.acme_project.pk}/brief/edit/", "brief-edit-phone"),
    ):
        page.goto(f"{live_server.url}{path}")
        screenshot(page, name)
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], name
