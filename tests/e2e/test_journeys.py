"""What producers and clients do in a real browser."""

import datetime as dt

import pytest
from playwright.sync_api import expect

from projects import services
from projects.models import Project, Role, Stage, TimelineEvent
from tests.factories import PASSWORD

from .conftest import DESKTOP, PHONE

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


# Pairs of controls in a members row whose boxes cover each other.
OVERLAPPING_CONTROLS = """() => [...document.querySelectorAll('.people__row')].flatMap(row => {
  const parts = '.people__who, .people__role, .people__edit > summary, .people__action';
  const boxes = [...row.querySelectorAll(parts)].map(el => [el.className, el.getBoundingClientRect()]);
  const hit = (a, b) =>
    a.left < b.right - 1 && b.left < a.right - 1 && a.top < b.bottom - 1 && b.top < a.bottom - 1;
  return boxes.flatMap(([n1, a], i) =>
    boxes.slice(i + 1).filter(([, b]) => hit(a, b)).map(([n2]) => n1 + ' / ' + n2));
})"""


def sign_in(page, base_url: str, user) -> None:
    page.goto(f"{base_url}/")
    expect(page).to_have_url(f"{base_url}/accounts/login/?next=/")
    page.get_by_label("Email").fill(user.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(f"{base_url}/")


def test_producer_creates_project_overrides_a_gate_and_sees_it_everywhere(live_server, studio, new_page, screenshot):
    page = new_page()
    base = live_server.url
    sign_in(page, base, studio.producer)
    expect(page.get_by_role("heading", name="Projects", exact=True)).to_be_visible()
    expect(page.locator(".topbar")).to_contain_text(studio.producer.display_name)
    expect(page.locator(".topbar")).to_contain_text("Northlight")
    screenshot(page, "dashboard-desktop")

    # Create a project for Acme with no idea written down.
    page.get_by_role("link", name="New project").click()
    page.get_by_label("Client").select_option(label="Acme")
    page.get_by_label("Title").fill("Summer teaser")
    page.get_by_label("Due date").fill((dt.date.today() + dt.timedelta(days=21)).isoformat())
    page.get_by_role("button", name="Create project").click()
    expect(page.get_by_role("heading", name="Summer teaser")).to_be_visible()
    expect(page.locator(".flash")).to_contain_text("created")
    project = Project.objects.get(title="Summer teaser")
    assert project.client == studio.acme

    # One stage forward: the "Brief written" gate refuses (the panel says so up front).
    assert page.evaluate("typeof window.htmx") == "object", "vendored htmx is loaded"
    panel = page.locator("#stage-panel")
    expect(panel.locator(".gate-preview .gate.is-failed")).to_contain_text("Brief written")
    expect(panel.get_by_label("Move to")).to_have_value(Stage.STORYBOARD)
    panel.get_by_role("button", name="Move project").click()
    expect(panel.locator(".alert .gate.is-failed")).to_contain_text("Brief written")
    expect(panel).to_contain_text("There is no brief yet")
    project.refresh_from_db()
    assert project.stage == Stage.IDEATION
    screenshot(page, "project-gate-refused")

    # Override with a written reason.
    panel.get_by_label("Why override?").fill("Client approved the idea on a call; brief follows.")
    panel.get_by_role("button", name="Override and move").click()
    expect(page.locator(".flash")).to_contain_text("overriding “Brief written”")
    expect(page.locator(".stagebar__step.is-current")).to_contain_text("Storyboard")
    project.refresh_from_db()
    assert project.stage == Stage.STORYBOARD
    screenshot(page, "project-after-override")

    # The dashboard shows it in its new stage.
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Projects").click()
    storyboard = page.locator('.board__col[data-stage="storyboard"]')
    expect(storyboard).to_contain_text("Summer teaser")
    expect(page.locator('.board__col[data-stage="ideation"]')).not_to_contain_text("Summer teaser")

    # And the timeline keeps the override, with its reason and the gate that failed.
    page.goto(f"{base}/projects/{project.pk}/timeline/")
    first = page.locator(".feed__item").first
    expect(first).to_contain_text("moved the project from Ideation to Storyboard")
    expect(first.locator(".override")).to_contain_text("Client approved the idea on a call")
    expect(first.locator(".gate.is-failed")).to_contain_text("Brief written")
    screenshot(page, "timeline-desktop")
    assert TimelineEvent.objects.filter(project=project, kind="project.stage_changed").count() == 1


def test_client_sees_only_their_company_project(live_server, studio, new_page, screenshot):
    page = new_page()
    sign_in(page, live_server.url, studio.acme_user)
    expect(page.get_by_role("heading", name=f"Hello, {studio.acme_user.first_name}")).to_be_visible()
    expect(page.locator("main")).to_contain_text(studio.acme_project.title)
    assert studio.globex_project.title not in page.content()
    expect(page.get_by_role("link", name="New project")).to_have_count(0)
    screenshot(page, "client-portal-desktop")

    page.get_by_role("link", name="Open project").click()
    expect(page.get_by_role("heading", name=studio.acme_project.title)).to_be_visible()
    expect(page.locator("#stage-panel")).to_have_count(0)
    assert studio.globex_project.title not in page.content()


def test_phone_width_dashboard_does_not_overflow(live_server, studio, new_page, screenshot):
    for n in range(3):
        Project.objects.create(
            organization=studio.org,
            client=studio.globex,
            title=f"Product walkthrough part {n + 1} with a fairly long title",
            stage=[Stage.SHOOT, Stage.EDIT, Stage.DISTRIBUTION][n],
            due_date=dt.date.today() - dt.timedelta(days=3) if n == 0 else None,
            owner=studio.producer,
        )
    page = new_page(PHONE)
    sign_in(page, live_server.url, studio.producer)
    expect(page.locator(".board")).to_be_visible()
    screenshot(page, "dashboard-phone")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    page.goto(f"{live_server.url}/projects/{studio.acme_project.pk}/")
    screenshot(page, "project-phone")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_page_gallery_renders_cleanly_at_both_widths(live_server, studio, new_page, screenshot):
    """Screenshots of the remaining pages for visual review; each must fit a phone screen."""
    invitation = services.member_invite(
        organization=studio.org,
        email="pat@acme.test",
        role=Role.CLIENT,
        client=studio.acme,
        projects=[studio.acme_project],
        by=studio.producer,
    )
    base = live_server.url
    anonymous = new_page(PHONE)
    anonymous.goto(f"{base}/accounts/login/")
    anonymous.get_by_label("Email").fill("nobody@example.test")
    anonymous.get_by_label("Password").fill("wrong")
    anonymous.get_by_role("button", name="Sign in").click()
    expect(anonymous.locator(".alert")).to_contain_text("do not match an account")
    screenshot(anonymous, "login-error-phone")
    anonymous.goto(f"{base}/invitations/{invitation.token}/")
    expect(anonymous.get_by_role("heading", name="Join Northlight")).to_be_visible()
    screenshot(anonymous, "invitation-accept-phone")
    assert anonymous.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    for viewport, suffix in ((DESKTOP, "desktop"), (PHONE, "phone")):
        page = new_page(viewport)
        sign_in(page, base, studio.producer)
        for path, name in (
            (f"/organizations/{studio.org.pk}/members/", "members"),
            (f"/projects/{studio.acme_project.pk}/timeline/?stage=nope", "timeline-bad-filter"),
            ("/clients/", "clients"),
            ("/accounts/profile/", "profile"),
            ("/?due=overdue&q=a", "dashboard-filtered"),
            ("/projects/archived/", "archived"),
        ):
            page.goto(f"{base}{path}")
            screenshot(page, f"{name}-{suffix}")
            assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"], name
        # On the members page no control covers another (the phone layout once put "Change role"
        # on top of the role badge).
        page.goto(f"{base}/organizations/{studio.org.pk}/members/")
        overlaps = page.evaluate(OVERLAPPING_CONTROLS)
        assert not overlaps, (suffix, overlaps)
        # The invite form asks for a client company (and its projects) only for the client role.
        page.goto(f"{base}/organizations/{studio.org.pk}/members/")
        invite = page.locator("#invite")
        invite.get_by_label("Client company").select_option(label="Acme")
        expect(invite.get_by_label(studio.acme_project.title, exact=False)).to_be_visible()
        expect(invite.get_by_text(studio.globex_project.title)).to_be_hidden()
        invite.get_by_label("Role").select_option("editor")
        expect(invite.get_by_label("Client company")).to_be_hidden()
        page.goto(f"{base}/projects/new/")
        page.get_by_role("button", name="Create project").click()
        expect(page.locator(".field.has-error").first).to_be_visible()
        screenshot(page, f"project-new-errors-{suffix}")
