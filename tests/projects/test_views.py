"""The server-rendered pages: what each person sees, and what bad input does (nothing)."""

import datetime as dt
import re
from collections import Counter

import pytest
from django.conf import settings
from django.core import mail
from django.db import connection
from django.test import Client as HttpClient
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from kombu.exceptions import OperationalError

from projects import selectors, services, tasks
from projects.models import Client, Invitation, Membership, Project, ProjectAccess, Role, Stage, TimelineEvent, User
from tests.factories import (
    PASSWORD,
    ClientFactory,
    MembershipFactory,
    ProjectAccessFactory,
    ProjectFactory,
    TimelineEventFactory,
    UserFactory,
    write_brief,
)

pytestmark = pytest.mark.django_db


def page_text(response) -> str:
    return response.content.decode()


def detail_url(project) -> str:
    return reverse("project-detail", kwargs={"project_id": project.pk})


def timeline_url(project) -> str:
    return reverse("project-timeline", kwargs={"project_id": project.pk})


def stage_url(project) -> str:
    return reverse("project-stage", kwargs={"project_id": project.pk})


def members_url(org) -> str:
    return reverse("members", kwargs={"org_id": org.pk})


# --- Sign-in and the frame ------------------------------------------------------------------


def test_pages_need_sign_in(studio):
    for url in (reverse("dashboard"), detail_url(studio.acme_project), members_url(studio.org)):
        response = HttpClient().get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))


def test_sign_in_with_email_and_password(studio):
    browser = HttpClient()
    page = browser.get(reverse("login"))
    assert 'type="email"' in page_text(page)
    wrong = browser.post(reverse("login"), {"username": studio.producer.email, "password": "nope"})
    assert wrong.status_code == 200
    assert "do not match an account" in page_text(wrong)
    response = browser.post(reverse("login"), {"username": studio.producer.email, "password": PASSWORD}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("dashboard")
    assert studio.acme_project.title in page_text(response)


def test_sign_out_is_a_post(studio, as_user):
    browser = as_user(studio.producer)
    assert browser.get(reverse("logout")).status_code == 405
    response = browser.post(reverse("logout"))
    assert response.status_code == 302
    assert browser.get(reverse("dashboard")).status_code == 302


def test_nav_shows_name_organization_and_role_links(studio, as_user):
    producer_page = page_text(as_user(studio.producer).get(reverse("dashboard")))
    assert studio.producer.display_name in producer_page
    assert "Northlight" in producer_page
    assert members_url(studio.org) in producer_page
    editor_page = page_text(as_user(studio.editor).get(reverse("dashboard")))
    assert members_url(studio.org) not in editor_page
    assert reverse("clients") in editor_page
    client_page = page_text(as_user(studio.acme_user).get(reverse("dashboard")))
    assert members_url(studio.org) not in client_page
    assert reverse("clients") not in client_page


def test_pages_use_only_local_assets_and_send_csrf_with_htmx(studio, as_user):
    html = page_text(as_user(studio.producer).get(reverse("dashboard")))
    assert '/static/vendor/htmx/htmx.min.js"' in html
    assert '/static/css/reelflow.css"' in html
    assert not re.search(r'(src|href)="(https?:)?//', html), "no CDN or remote assets"
    assert re.search(r"hx-headers='\{\"X-CSRFToken\": \"[\w-]+\"\}'", html)


def test_password_reset_flow(studio):
    browser = HttpClient()
    response = browser.post(reverse("password_reset"), {"email": studio.acme_user.email}, follow=True)
    assert "Check your email" in page_text(response)
    assert len(mail.outbox) == 1
    link = re.search(r"https?://[^/]+(/accounts/password/reset/\S+/)", mail.outbox[0].body).group(1)
    form_page = browser.get(link, follow=True)
    assert "Choose a new password" in page_text(form_page)
    done = browser.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "a-new-long-passphrase", "new_password2": "a-new-long-passphrase"},
        follow=True,
    )
    assert "Password saved" in page_text(done)
    studio.acme_user.refresh_from_db()
    assert studio.acme_user.check_password("a-new-long-passphrase")


def test_password_change(studio, as_user):
    browser = as_user(studio.producer)
    response = browser.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": "another-long-secret", "new_password2": "another-long-secret"},
        follow=True,
    )
    assert "Password changed" in page_text(response)
    studio.producer.refresh_from_db()
    assert studio.producer.check_password("another-long-secret")


# --- Dashboard and client portal ------------------------------------------------------------


def test_producer_dashboard_shows_every_project_by_stage(studio, as_user):
    ProjectFactory(client=studio.globex, title="Late cut", stage=Stage.EDIT, due_date=dt.date(2020, 1, 1))
    other_org_project = ProjectFactory(title="Someone else's film")
    html = page_text(as_user(studio.producer).get(reverse("dashboard")))
    assert studio.acme_project.title in html
    assert studio.globex_project.title in html
    assert other_org_project.title not in html
    assert "New project" in html
    edit_column = html[html.index('data-stage="edit"') : html.index('data-stage="planning"')]
    assert "Late cut" in edit_column
    assert "Overdue" in edit_column
    assert "is-overdue" in edit_column


def test_dashboard_counts_only_projects_in_progress(studio, as_user):
    """Five projects on the board, one of them Done and one on hold: three are in progress."""
    ProjectFactory(client=studio.acme, title="Shipped film", stage=Stage.DONE, due_date=dt.date(2020, 1, 1))
    ProjectFactory(client=studio.acme, title="Paused film", status=Project.Status.ON_HOLD)
    ProjectFactory(client=studio.globex, title="Late cut", stage=Stage.EDIT, due_date=dt.date(2020, 1, 1))
    ProjectFactory(client=studio.acme, title="Old film", status=Project.Status.ARCHIVED)
    html = page_text(as_user(studio.producer).get(reverse("dashboard")))
    sub = re.search(r'<p class="pagehead__sub">(.*?)</p>', html, re.S).group(1)
    words = " ".join(re.sub(r"<[^>]+>", " ", sub).split())
    assert words == "3 projects in progress · 1 on hold · 1 done · 1 overdue"
    assert "Shipped film" in html and "Old film" not in html  # done stays on the board; archived does not


def test_editor_sees_the_board_without_new_project(studio, as_user):
    html = page_text(as_user(studio.editor).get(reverse("dashboard")))
    assert studio.acme_project.title in html
    assert "New project" not in html


def test_client_portal_shows_only_their_company_projects(studio, as_user):
    ProjectFactory(client=studio.acme, title="Acme project not shared yet")
    response = as_user(studio.acme_user).get(reverse("dashboard"))
    html = page_text(response)
    assert response.status_code == 200
    assert studio.acme_project.title in html
    assert studio.globex_project.title not in html
    assert "Acme project not shared yet" not in html
    assert "New project" not in html
    assert "Open project" in html


def test_dashboard_empty_states_say_what_to_do(db, as_user):
    producer = MembershipFactory(role=Role.PRODUCER).user
    assert "Create your first project" in page_text(as_user(producer).get(reverse("dashboard")))
    client_user = MembershipFactory(role=Role.CLIENT, client=ClientFactory()).user
    assert "No projects shared with you yet" in page_text(as_user(client_user).get(reverse("dashboard")))
    loner = UserFactory()
    assert "Ask a producer at your studio to invite you" in page_text(as_user(loner).get(reverse("dashboard")))


# --- Projects -----------------------------------------------------------------------------


def test_create_project(studio, as_user):
    response = as_user(studio.producer).post(
        reverse("project-create"),
        {"client": studio.acme.pk, "title": "Teaser", "description": "A 15s teaser", "due_date": "2031-05-04"},
        follow=True,
    )
    project = Project.objects.get(title="Teaser")
    assert project.client == studio.acme
    assert project.due_date == dt.date(2031, 5, 4)
    assert response.redirect_chain[-1][0] == detail_url(project)
    assert "Project “Teaser” created" in page_text(response)


def test_create_project_with_blank_title_shows_error_and_creates_nothing(studio, as_user):
    before = Project.objects.count()
    response = as_user(studio.producer).post(
        reverse("project-create"), {"client": studio.acme.pk, "title": "   ", "description": ""}
    )
    assert response.status_code == 200
    assert "Give the project a title." in page_text(response)
    assert Project.objects.count() == before
    assert not TimelineEvent.objects.filter(kind="project.created").exists()


def test_create_project_for_another_organizations_client_is_refused(studio, as_user):
    foreign_client = ClientFactory(name="Initech")
    response = as_user(studio.producer).post(
        reverse("project-create"), {"client": foreign_client.pk, "title": "Sneaky"}
    )
    assert "Choose one of your clients." in page_text(response)
    assert "Initech" not in page_text(response)
    assert not Project.objects.filter(title="Sneaky").exists()


def test_create_project_with_bad_date_changes_nothing(studio, as_user):
    response = as_user(studio.producer).post(
        reverse("project-create"), {"client": studio.acme.pk, "title": "Dated", "due_date": "next tuesday"}
    )
    assert "Enter a valid date." in page_text(response)
    assert not Project.objects.filter(title="Dated").exists()


def test_new_project_form_shows_every_error_on_one_submit_and_creates_nothing(studio, as_user):
    before = Project.objects.count()
    response = as_user(studio.producer).post(
        reverse("project-create"), {"client": "", "title": "  ", "due_date": "1850-01-01"}
    )
    html = page_text(response)
    assert response.status_code == 200
    assert "Choose the client." in html
    assert "Give the project a title." in html
    assert "A new project cannot be due in the past. Choose today or a later date." in html
    assert Project.objects.count() == before
    assert not TimelineEvent.objects.filter(kind="project.created").exists()


@pytest.mark.parametrize(
    ("due_date", "message"),
    [
        ("9999-12-31", "Choose a due date within 10 years"),
        ("1850-01-01", "A new project cannot be due in the past."),
    ],
)
def test_new_project_due_date_has_sensible_bounds(studio, as_user, due_date, message):
    response = as_user(studio.producer).post(
        reverse("project-create"), {"client": studio.acme.pk, "title": "Bounded", "due_date": due_date}
    )
    assert message in page_text(response)
    assert not Project.objects.filter(title="Bounded").exists()


def test_new_project_due_today_in_the_producers_zone_and_ten_years_on_is_fine(studio, as_user):
    studio.producer.time_zone = "Pacific/Kiritimati"  # UTC+14: already tomorrow for most of the world
    studio.producer.save()
    today = timezone.now().astimezone(dt.timezone(dt.timedelta(hours=14))).date()
    browser = as_user(studio.producer)
    for title, due in (("Due today", today), ("Due in ten years", today.replace(year=today.year + 10))):
        browser.post(reverse("project-create"), {"client": studio.acme.pk, "title": title, "due_date": due})
        assert Project.objects.get(title=title).due_date == due


def test_edit_keeps_a_past_due_date_but_refuses_absurd_ones(studio, as_user):
    late = ProjectFactory(client=studio.acme, title="Late", due_date=timezone.localdate() - dt.timedelta(days=20))
    due = late.due_date  # (the producer's own time zone may already be on another day than the server's)
    url = reverse("project-edit", kwargs={"project_id": late.pk})
    browser = as_user(studio.producer)
    kept = browser.post(url, {"title": "Late film", "due_date": str(late.due_date), "status": "active"})
    assert kept.status_code == 302
    late.refresh_from_db()
    assert late.title == "Late film"
    for absurd in ("1850-01-01", "9999-12-31"):
        refused = browser.post(url, {"title": "", "due_date": absurd, "status": "active"})
        html = page_text(refused)
        assert "Give the project a title." in html
        assert "Choose a due date" in html
        late.refresh_from_db()
        assert (late.title, late.due_date) == ("Late film", due)


@pytest.mark.parametrize("role_user", ["editor", "marketer", "acme_user"])
def test_only_producers_reach_project_create(studio, as_user, role_user):
    browser = as_user(getattr(studio, role_user))
    assert browser.get(reverse("project-create")).status_code == 404
    assert browser.post(reverse("project-create"), {"client": studio.acme.pk, "title": "X"}).status_code == 404
    assert not Project.objects.filter(title="X").exists()


def test_create_project_without_clients_points_to_adding_one(db, as_user):
    producer = MembershipFactory(role=Role.PRODUCER).user
    html = page_text(as_user(producer).get(reverse("project-create")))
    assert "Add a client first" in html


def test_add_client(studio, as_user):
    browser = as_user(studio.producer)
    response = browser.post(reverse("clients"), {"organization": studio.org.pk, "name": "Umbrella"}, follow=True)
    assert Client.objects.filter(organization=studio.org, name="Umbrella").exists()
    assert "Client “Umbrella” added" in page_text(response)
    duplicate = browser.post(reverse("clients"), {"organization": studio.org.pk, "name": "acme"})
    assert "There is already a client called “acme”." in page_text(duplicate)
    assert Client.objects.filter(organization=studio.org).count() == 3


def test_clients_page_is_for_staff_and_only_producers_add(studio, as_user):
    assert as_user(studio.acme_user).get(reverse("clients")).status_code == 404
    editor = as_user(studio.editor)
    html = page_text(editor.get(reverse("clients")))
    assert "Acme" in html
    assert "Add a client" not in html
    assert editor.post(reverse("clients"), {"organization": studio.org.pk, "name": "Nope"}).status_code == 403
    assert not Client.objects.filter(name="Nope").exists()


def test_edit_project(studio, as_user):
    url = reverse("project-edit", kwargs={"project_id": studio.acme_project.pk})
    browser = as_user(studio.producer)
    response = browser.post(
        url,
        {"title": "Acme summer launch", "description": "New idea", "due_date": "", "status": "on_hold"},
        follow=True,
    )
    studio.acme_project.refresh_from_db()
    assert studio.acme_project.title == "Acme summer launch"
    assert studio.acme_project.due_date is None
    assert studio.acme_project.status == Project.Status.ON_HOLD
    assert "Project saved." in page_text(response)
    blank = browser.post(url, {"title": "", "description": "x", "due_date": "", "status": "active"})
    assert "Give the project a title." in page_text(blank)
    studio.acme_project.refresh_from_db()
    assert studio.acme_project.title == "Acme summer launch"


def test_edit_project_is_for_producers(studio, as_user):
    url = reverse("project-edit", kwargs={"project_id": studio.acme_project.pk})
    assert as_user(studio.editor).get(url).status_code == 403
    assert as_user(studio.acme_user).post(url, {"title": "Hacked", "status": "active"}).status_code == 403
    assert as_user(studio.globex_user).get(url).status_code == 404
    studio.acme_project.refresh_from_db()
    assert studio.acme_project.title == "Acme spring launch"


def test_project_page_shows_facts_stage_bar_and_latest_events(studio, as_user):
    TimelineEventFactory(project=studio.acme_project, summary="Storyboard sketches shared")
    html = page_text(as_user(studio.producer).get(detail_url(studio.acme_project)))
    assert studio.acme_project.title in html
    assert "Acme" in html
    assert studio.producer.display_name in html
    assert 'aria-current="step"' in html
    assert html.count("stagebar__step") == 8
    assert "Storyboard sketches shared" in html
    assert 'id="stage-panel"' in html


def test_foreign_and_unknown_projects_are_404(studio, as_user):
    import uuid

    browser = as_user(studio.acme_user)
    for url in (
        detail_url(studio.globex_project),
        timeline_url(studio.globex_project),
        stage_url(studio.globex_project),
    ):
        response = browser.post(url, {"to_stage": "storyboard"}) if url.endswith("/stage/") else browser.get(url)
        assert response.status_code == 404
        assert studio.globex_project.title not in page_text(response)
    assert as_user(studio.producer).get(reverse("project-detail", args=[uuid.uuid4()])).status_code == 404
    assert as_user(UserFactory()).get(detail_url(studio.acme_project)).status_code == 404


# --- Stage changes -------------------------------------------------------------------------


def test_stage_change_refused_by_gate_shows_the_gate_and_changes_nothing(studio, as_user):
    project = ProjectFactory(client=studio.acme, description="", title="Blank idea")
    response = as_user(studio.producer).post(stage_url(project), {"to_stage": Stage.STORYBOARD})
    html = page_text(response)
    assert response.status_code == 200
    assert "Brief written" in html
    assert "There is no brief yet. Write one with a marketing objective, a target audience and at least one KPI" in html
    assert "Override and move" in html
    assert 'name="override_reason"' in html
    project.refresh_from_db()
    assert project.stage == Stage.IDEATION
    assert not TimelineEvent.objects.filter(project=project, kind="project.stage_changed").exists()


def test_producer_sees_the_next_stages_gates_before_moving(studio, as_user):
    project = ProjectFactory(client=studio.acme, description="")
    html = page_text(as_user(studio.producer).get(detail_url(project)))
    preview = html[html.index('class="gate-preview"') : html.index("</ul>", html.index('class="gate-preview"'))]
    assert "Checks before Storyboard" in preview
    assert "is-failed" in preview
    assert "Brief written" in preview
    assert "gate-preview" not in page_text(as_user(studio.editor).get(detail_url(project)))


def test_stage_change_over_htmx_returns_just_the_panel(studio, as_user):
    project = ProjectFactory(client=studio.acme, description="")
    response = as_user(studio.producer).post(stage_url(project), {"to_stage": Stage.STORYBOARD}, HTTP_HX_REQUEST="true")
    html = page_text(response)
    assert html.lstrip().startswith('<section class="card stage-panel is-refused" id="stage-panel">')
    assert "<html" not in html
    assert "Brief written" in html
    too_short = as_user(studio.producer).post(
        stage_url(project), {"to_stage": Stage.STORYBOARD, "override_reason": "ok"}, HTTP_HX_REQUEST="true"
    )
    assert "HX-Redirect" not in too_short
    assert "Write a sentence on why you are overriding" in page_text(too_short)
    ok = as_user(studio.producer).post(
        stage_url(project),
        {"to_stage": Stage.STORYBOARD, "override_reason": "The client approved it on a call."},
        HTTP_HX_REQUEST="true",
    )
    assert ok["HX-Redirect"] == detail_url(project)


def test_override_with_reason_moves_and_shows_in_timeline(studio, as_user):
    project = ProjectFactory(client=studio.acme, description="")
    browser = as_user(studio.producer)
    response = browser.post(
        stage_url(project),
        {"to_stage": Stage.STORYBOARD, "override": "1", "override_reason": "Client approved the idea by phone"},
        follow=True,
    )
    project.refresh_from_db()
    assert project.stage == Stage.STORYBOARD
    assert "Moved to Storyboard, overriding “Brief written”" in page_text(response)
    timeline = page_text(browser.get(timeline_url(project)))
    assert "moved the project from Ideation to Storyboard, overriding Brief written" in timeline
    assert "Client approved the idea by phone" in timeline
    assert "Override reason" in timeline


def test_override_without_a_reason_is_refused(studio, as_user):
    project = ProjectFactory(client=studio.acme, description="")
    response = as_user(studio.producer).post(
        stage_url(project), {"to_stage": Stage.STORYBOARD, "override": "1", "override_reason": "   "}
    )
    assert "Write down why you are overriding" in page_text(response)
    project.refresh_from_db()
    assert project.stage == Stage.IDEATION


@pytest.mark.parametrize("reason", ["x", "ok!", "...   ....   ...", "n/a n/a"])
def test_override_reason_must_be_a_sentence(studio, as_user, reason):
    project = ProjectFactory(client=studio.acme, description="")
    response = as_user(studio.producer).post(
        stage_url(project), {"to_stage": Stage.STORYBOARD, "override": "1", "override_reason": reason}
    )
    html = page_text(response)
    assert "Write a sentence on why you are overriding (at least 10 letters or digits)" in html
    assert "Brief written" in html  # the failed gate is still shown, with the override form
    assert 'name="override_reason"' in html
    project.refresh_from_db()
    assert project.stage == Stage.IDEATION
    assert not TimelineEvent.objects.filter(project=project, kind="project.stage_changed").exists()


def test_passing_move_needs_no_reason(studio, as_user):
    write_brief(studio.acme_project, studio.producer)
    response = as_user(studio.producer).post(
        stage_url(studio.acme_project), {"to_stage": Stage.STORYBOARD}, follow=True
    )
    studio.acme_project.refresh_from_db()
    assert studio.acme_project.stage == Stage.STORYBOARD
    assert "Moved to Storyboard." in page_text(response)


def test_unknown_stage_is_a_clear_error(studio, as_user):
    response = as_user(studio.producer).post(stage_url(studio.acme_project), {"to_stage": "launchpad"})
    assert response.status_code == 200
    assert "Select a valid choice" in page_text(response)
    studio.acme_project.refresh_from_db()
    assert studio.acme_project.stage == Stage.IDEATION


@pytest.mark.parametrize("role_user", ["editor", "marketer", "acme_user"])
def test_only_producers_change_stage(studio, as_user, role_user):
    browser = as_user(getattr(studio, role_user))
    assert 'id="stage-panel"' not in page_text(browser.get(detail_url(studio.acme_project)))
    response = browser.post(stage_url(studio.acme_project), {"to_stage": Stage.STORYBOARD, "override_reason": "x"})
    assert response.status_code == 403
    studio.acme_project.refresh_from_db()
    assert studio.acme_project.stage == Stage.IDEATION


# --- What clients may see --------------------------------------------------------------------


def test_client_never_sees_internal_events_or_override_reasons(studio, as_user):
    project = studio.acme_project
    project.description = ""
    project.save()
    TimelineEventFactory(project=project, summary="Internal: budget is tight", client_visible=False)
    TimelineEventFactory(project=project, summary="Moodboard shared with Acme", client_visible=True)
    services.project_change_stage(
        project=project, to_stage=Stage.STORYBOARD, by=studio.producer, override_reason="Secret override reason"
    )
    for url in (detail_url(project), timeline_url(project)):
        html = page_text(as_user(studio.acme_user).get(url))
        assert "Moodboard shared with Acme" in html
        assert "moved the project from Ideation to Storyboard" in html
        assert "Internal: budget is tight" not in html
        assert "Secret override reason" not in html
        assert "Override reason" not in html
        assert "gate is-failed" not in html
        assert "stage-panel" not in html
    staff_html = page_text(as_user(studio.editor).get(timeline_url(project)))
    assert "Internal: budget is tight" in staff_html
    assert "Secret override reason" in staff_html
    assert "Team only" in staff_html


# --- Timeline page ------------------------------------------------------------------------


def test_timeline_filters_by_stage_and_kind(studio, as_user):
    project = studio.acme_project
    TimelineEventFactory(project=project, stage=Stage.IDEATION, kind="note.added", summary="First idea")
    TimelineEventFactory(project=project, stage=Stage.SHOOT, kind="shoot.scheduled", summary="Shoot booked")
    browser = as_user(studio.producer)
    by_stage = page_text(browser.get(timeline_url(project), {"stage": "shoot"}))
    assert "Shoot booked" in by_stage
    assert "First idea" not in by_stage
    by_kind = page_text(browser.get(timeline_url(project), {"kind": "note.added"}))
    assert "First idea" in by_kind
    assert "Shoot booked" not in by_kind
    nothing = page_text(browser.get(timeline_url(project), {"stage": "edit"}))
    assert "No events match" in nothing


def test_timeline_shows_event_kinds_as_words_not_codes(studio, as_user):
    project = ProjectFactory(client=studio.acme, description="")
    services.project_change_stage(
        project=project,
        to_stage=Stage.STORYBOARD,
        by=studio.producer,
        override_reason="The client approved the idea on a call.",
    )
    TimelineEventFactory(project=project, kind="render.succeeded", summary="Render of a.mov finished")
    TimelineEventFactory(project=project, kind="version.uploaded", summary="v2 is in")
    TimelineEventFactory(project=project, kind="shoot.day_wrapped", summary="Unregistered kind")
    html = page_text(as_user(studio.producer).get(timeline_url(project)))
    badges = re.findall(r'<span class="badge badge--kind">([^<]*)</span>', html)
    assert set(badges) == {"Stage changed", "Render finished", "Version uploaded", "Shoot day wrapped"}
    options = dict(re.findall(r'<option value="([a-z_.]+)"[^>]*>([^<]*)</option>', html))
    assert options["project.stage_changed"] == "Stage changed"
    assert options["render.succeeded"] == "Render finished"
    assert options["version.uploaded"] == "Version uploaded"
    assert options["shoot.day_wrapped"] == "Shoot day wrapped"
    for code in ("stage changed", "project.stage_changed", "render · succeeded", "version · uploaded"):
        assert code not in html.replace('value="project.stage_changed"', "")
    # The project page's latest events use the same words.
    detail = page_text(as_user(studio.producer).get(detail_url(project)))
    assert '<span class="badge badge--kind">Stage changed</span>' in detail


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"stage": "bogus"}, "There is no stage called “bogus”."),
        ({"kind": "<script>"}, "There are no events of kind “&lt;script&gt;” here."),
        ({"stage": "shoot", "kind": "nope"}, "There are no events of kind “nope” here."),
    ],
)
def test_timeline_bad_filters_get_a_clear_message(studio, as_user, params, message):
    TimelineEventFactory(project=studio.acme_project, stage=Stage.IDEATION, summary="Still listed")
    response = as_user(studio.producer).get(timeline_url(studio.acme_project), params)
    html = page_text(response)
    assert response.status_code == 400
    assert message in html
    assert "<script>" not in html.split("</head>")[1].replace('<script src="', "")
    if "stage" not in params or params["stage"] == "bogus":
        assert "Still listed" in html


def test_timeline_bad_page_numbers_do_not_fail(studio, as_user):
    browser = as_user(studio.producer)
    for page in ("abc", "-1", "9999"):
        assert browser.get(timeline_url(studio.acme_project), {"page": page}).status_code == 200


def test_timeline_is_paginated_by_fifty(studio, as_user):
    now = timezone.now()
    for n in range(60):
        TimelineEventFactory(
            project=studio.acme_project, summary=f"Event number {n:03d}", occurred_at=now - dt.timedelta(minutes=n)
        )
    browser = as_user(studio.producer)
    first = page_text(browser.get(timeline_url(studio.acme_project)))
    assert first.count('class="feed__item') == 50
    assert "Event number 000" in first
    assert "Event number 055" not in first
    assert "Page 1 of 2" in first
    second = page_text(browser.get(timeline_url(studio.acme_project), {"page": 2}))
    assert second.count('class="feed__item') == 10
    assert "Event number 055" in second


def test_times_are_shown_in_the_users_zone_with_its_abbreviation(studio, as_user):
    TimelineEventFactory(
        project=studio.acme_project, summary="Timed", occurred_at=dt.datetime(2030, 1, 15, 12, 0, tzinfo=dt.UTC)
    )
    studio.producer.time_zone = "Asia/Tokyo"
    studio.producer.save()
    html = page_text(as_user(studio.producer).get(timeline_url(studio.acme_project)))
    assert "15 Jan 2030, 21:00 JST" in html
    studio.editor.time_zone = "America/New_York"
    studio.editor.save()
    assert "15 Jan 2030, 07:00 EST" in page_text(as_user(studio.editor).get(timeline_url(studio.acme_project)))


# --- Profile ----------------------------------------------------------------------------


def test_profile_sets_name_and_time_zone(studio, as_user):
    browser = as_user(studio.acme_user)
    response = browser.post(
        reverse("profile"), {"first_name": "Ada", "last_name": "Lovelace", "time_zone": "Europe/London"}, follow=True
    )
    studio.acme_user.refresh_from_db()
    assert (studio.acme_user.first_name, studio.acme_user.time_zone) == ("Ada", "Europe/London")
    assert "Profile saved" in page_text(response)
    bad = browser.post(reverse("profile"), {"first_name": "X", "last_name": "", "time_zone": "Mars/Olympus"})
    assert "Select a valid choice" in page_text(bad)
    studio.acme_user.refresh_from_db()
    assert studio.acme_user.first_name == "Ada"


def test_profile_refuses_control_characters_and_shows_every_error_at_once(studio, as_user):
    browser = as_user(studio.acme_user)
    before = (studio.acme_user.first_name, studio.acme_user.last_name, studio.acme_user.time_zone)
    response = browser.post(
        reverse("profile"), {"first_name": "Ad\x07a\u202e", "last_name": "1234", "time_zone": "Mars/Olympus"}
    )
    html = page_text(response)
    assert "Your first name contains control or invisible characters." in html
    assert "Your last name needs at least one letter." in html
    assert "Select a valid choice" in html
    too_long = browser.post(reverse("profile"), {"first_name": "A" * 151, "last_name": "", "time_zone": "UTC"})
    assert "at most 150 characters" in page_text(too_long)
    studio.acme_user.refresh_from_db()
    assert (studio.acme_user.first_name, studio.acme_user.last_name, studio.acme_user.time_zone) == before
    accents = browser.post(reverse("profile"), {"first_name": "Zoë", "last_name": "O'Brien-Núñez", "time_zone": "UTC"})
    assert accents.status_code == 302
    studio.acme_user.refresh_from_db()
    assert studio.acme_user.get_full_name() == "Zoë O'Brien-Núñez"


# --- Members and invitations -------------------------------------------------------------


def test_members_page_lists_members_roles_and_pending_invitations(studio, as_user):
    invitation = services.member_invite(
        organization=studio.org, email="new@acme.test", role=Role.CLIENT, client=studio.acme, by=studio.producer
    )
    html = page_text(as_user(studio.producer).get(members_url(studio.org)))
    for user in (studio.producer, studio.editor, studio.marketer, studio.acme_user, studio.globex_user):
        assert user.email in html
    assert "Producer" in html and "Editor" in html and "Marketer" in html
    assert "Globex" in html
    assert invitation.email in html
    assert reverse("invitation-revoke", args=[studio.org.pk, invitation.pk]) in html


@pytest.mark.parametrize("role_user", ["editor", "marketer", "acme_user"])
def test_members_page_is_404_for_non_producers(studio, as_user, role_user):
    browser = as_user(getattr(studio, role_user))
    assert browser.get(members_url(studio.org)).status_code == 404
    assert browser.post(members_url(studio.org), {"email": "x@y.test", "role": "editor"}).status_code == 404
    assert not Invitation.objects.exists()


def test_members_page_of_another_organization_is_404(studio, as_user):
    other_producer = MembershipFactory(role=Role.PRODUCER).user
    assert as_user(other_producer).get(members_url(studio.org)).status_code == 404


def test_invite_a_client_to_their_projects(studio, as_user, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = as_user(studio.producer).post(
            members_url(studio.org),
            {
                "email": "Pat@Acme.test",
                "role": "client",
                "client": studio.acme.pk,
                "projects": [studio.acme_project.pk],
            },
            follow=True,
        )
    invitation = Invitation.objects.get(email="pat@acme.test")
    assert invitation.client == studio.acme
    assert list(invitation.projects.all()) == [studio.acme_project]
    assert "Invitation sent to pat@acme.test" in page_text(response)
    assert len(mail.outbox) == 1
    assert invitation.token in mail.outbox[0].body


def test_invite_errors_are_shown_and_change_nothing(studio, as_user):
    browser = as_user(studio.producer)
    no_client = browser.post(members_url(studio.org), {"email": "pat@acme.test", "role": "client"})
    assert "Choose the client company this person belongs to." in page_text(no_client)
    wrong_project = browser.post(
        members_url(studio.org),
        {"email": "pat@acme.test", "role": "client", "client": studio.acme.pk, "projects": [studio.globex_project.pk]},
    )
    assert "A client can only be invited to their own company" in page_text(wrong_project)
    existing = browser.post(members_url(studio.org), {"email": studio.editor.email, "role": "editor"})
    assert "is already a member" in page_text(existing)
    bad_email = browser.post(members_url(studio.org), {"email": "not-an-email", "role": "editor"})
    assert "Enter a valid email address." in page_text(bad_email)
    assert not Invitation.objects.exists()
    assert not mail.outbox


def test_revoke_invitation(studio, as_user):
    invitation = services.member_invite(organization=studio.org, email="x@y.test", role=Role.EDITOR, by=studio.producer)
    url = reverse("invitation-revoke", args=[studio.org.pk, invitation.pk])
    assert as_user(studio.editor).post(url).status_code == 404
    response = as_user(studio.producer).post(url, follow=True)
    invitation.refresh_from_db()
    assert invitation.status == Invitation.Status.REVOKED
    assert "withdrawn" in page_text(response)
    again = as_user(studio.producer).post(url, follow=True)
    assert "This invitation is revoked, not pending." in page_text(again)


def test_remove_member(studio, as_user):
    membership = Membership.objects.get(user=studio.acme_user)
    url = reverse("membership-remove", args=[studio.org.pk, membership.pk])
    assert as_user(studio.editor).post(url).status_code == 404
    response = as_user(studio.producer).post(url, follow=True)
    assert not Membership.objects.filter(pk=membership.pk).exists()
    assert not ProjectAccess.objects.filter(user=studio.acme_user).exists()
    assert "was removed from Northlight" in page_text(response)


def test_last_producer_cannot_be_removed(studio, as_user):
    second = MembershipFactory(organization=studio.org, role=Role.PRODUCER).user
    own = Membership.objects.get(user=studio.producer)
    response = as_user(second).post(reverse("membership-remove", args=[studio.org.pk, own.pk]), follow=True)
    assert response.status_code == 200
    assert not Membership.objects.filter(pk=own.pk).exists()
    last = Membership.objects.get(user=second)
    refused = as_user(second).post(reverse("membership-remove", args=[studio.org.pk, last.pk]), follow=True)
    assert "An organization needs at least one producer." in page_text(refused)
    assert Membership.objects.filter(pk=last.pk).exists()


# --- Accepting an invitation --------------------------------------------------------------


@pytest.fixture
def acme_invitation(studio):
    return services.member_invite(
        organization=studio.org,
        email="newcomer@acme.test",
        role=Role.CLIENT,
        client=studio.acme,
        projects=[studio.acme_project],
        by=studio.producer,
    )


def accept_url(invitation) -> str:
    return reverse("invitation-accept", kwargs={"token": invitation.token})


def signup_data(**overrides) -> dict:
    return {
        "first_name": "Nia",
        "last_name": "Newcomer",
        "password1": "a-long-enough-passphrase",
        "password2": "a-long-enough-passphrase",
        "time_zone": "Europe/Berlin",
        **overrides,
    }


def test_new_user_accepts_invitation_and_is_signed_in(studio, acme_invitation):
    browser = HttpClient()
    form = page_text(browser.get(accept_url(acme_invitation)))
    assert "Join Northlight" in form
    assert "newcomer@acme.test" in form
    response = browser.post(accept_url(acme_invitation), signup_data(), follow=True)
    user = User.objects.get(email="newcomer@acme.test")
    assert user.time_zone == "Europe/Berlin"
    assert user.first_name == "Nia"
    assert Membership.objects.get(user=user).client == studio.acme
    assert response.redirect_chain[-1][0] == reverse("dashboard")
    html = page_text(response)
    assert "Welcome to Northlight, Nia Newcomer." in html
    assert studio.acme_project.title in html
    assert studio.globex_project.title not in html
    acme_invitation.refresh_from_db()
    assert acme_invitation.status == Invitation.Status.ACCEPTED


def test_signup_errors_create_nothing(studio, acme_invitation):
    browser = HttpClient()
    mismatch = browser.post(accept_url(acme_invitation), signup_data(password2="something-else-entirely"))
    assert "The two passwords differ." in page_text(mismatch)
    weak = browser.post(accept_url(acme_invitation), signup_data(password1="12345678", password2="12345678"))
    assert "This password is too common." in page_text(weak)
    bad_zone = browser.post(accept_url(acme_invitation), signup_data(time_zone="Nowhere/Special"))
    assert "Select a valid choice" in page_text(bad_zone)
    boxes = browser.post(accept_url(acme_invitation), signup_data(first_name="\x1b[31mNia", last_name="\u200f"))
    assert "Your first name contains control or invisible characters." in page_text(boxes)
    assert "Your last name contains control or invisible characters." in page_text(boxes)
    assert not User.objects.filter(email="newcomer@acme.test").exists()
    acme_invitation.refresh_from_db()
    assert acme_invitation.status == Invitation.Status.PENDING


def test_expired_invitation_says_so_and_creates_nothing(studio, acme_invitation):
    Invitation.objects.filter(pk=acme_invitation.pk).update(expires_at=timezone.now() - dt.timedelta(minutes=1))
    browser = HttpClient()
    response = browser.get(accept_url(acme_invitation))
    assert response.status_code == 410
    assert "This invitation has expired" in page_text(response)
    posted = browser.post(accept_url(acme_invitation), signup_data())
    assert posted.status_code == 410
    assert not User.objects.filter(email="newcomer@acme.test").exists()


def test_used_invitation_says_so(studio, acme_invitation):
    HttpClient().post(accept_url(acme_invitation), signup_data())
    response = HttpClient().post(accept_url(acme_invitation), signup_data(first_name="Mallory"))
    assert response.status_code == 410
    assert "This invitation has already been used" in page_text(response)
    assert User.objects.filter(email="newcomer@acme.test").count() == 1
    assert User.objects.get(email="newcomer@acme.test").first_name == "Nia"


def test_revoked_invitation_cannot_be_accepted(studio, acme_invitation, as_user):
    services.invitation_revoke(invitation=acme_invitation, by=studio.producer)
    response = HttpClient().post(accept_url(acme_invitation), signup_data())
    assert response.status_code == 410
    assert not User.objects.filter(email="newcomer@acme.test").exists()


def test_unknown_token_is_404():
    assert HttpClient().get(reverse("invitation-accept", kwargs={"token": "no-such-token"})).status_code == 404


def test_signed_in_invitee_accepts_with_one_click(studio, as_user):
    other = MembershipFactory(role=Role.PRODUCER)
    invitation = services.member_invite(
        organization=other.organization, email=studio.editor.email, role=Role.EDITOR, by=other.user
    )
    browser = as_user(studio.editor)
    assert "Accept and join" in page_text(browser.get(accept_url(invitation)))
    response = browser.post(accept_url(invitation), follow=True)
    assert Membership.objects.filter(user=studio.editor, organization=other.organization).exists()
    assert f"Welcome to {other.organization.name}" in page_text(response)


def test_signed_in_as_someone_else_is_told_clearly(studio, acme_invitation, as_user):
    browser = as_user(studio.globex_user)
    response = browser.get(accept_url(acme_invitation))
    assert response.status_code == 403
    assert "This invitation is for someone else" in page_text(response)
    assert "newcomer@acme.test" in page_text(response)
    assert browser.post(accept_url(acme_invitation)).status_code == 403
    acme_invitation.refresh_from_db()
    assert acme_invitation.status == Invitation.Status.PENDING


def test_existing_account_is_asked_to_sign_in_first(studio, acme_invitation):
    UserFactory(email="newcomer@acme.test")
    response = HttpClient().get(accept_url(acme_invitation))
    assert "Sign in to accept" in page_text(response)
    assert f"?next={accept_url(acme_invitation)}" in page_text(response)


# --- A constant number of queries ---------------------------------------------------------


def count_queries(browser, url, params=None) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = browser.get(url, params or {})
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("user_attr", ["producer", "acme_user"])
def test_dashboard_queries_do_not_grow_with_projects(studio, as_user, django_assert_max_num_queries, user_attr):
    user = getattr(studio, user_attr)

    def grow(n):
        for i in range(n):
            owner = MembershipFactory(organization=studio.org, role=Role.EDITOR).user
            project = ProjectFactory(client=studio.acme, owner=owner, stage=Stage.values[i % len(Stage.values)])
            ProjectAccessFactory(project=project, user=studio.acme_user)

    grow(3)  # 5 projects with the studio's two
    small = count_queries(as_user(user), reverse("dashboard"))
    grow(45)  # 50
    browser = as_user(user)
    with django_assert_max_num_queries(small):
        html = page_text(browser.get(reverse("dashboard")))
    if user_attr == "acme_user":  # the client's portal lists every project they were invited to
        assert html.count('href="/projects/') >= 48
    else:  # the board shows each stage's first projects, and links to the rest
        per_stage = Counter(selectors.projects_visible_to(user).values_list("stage", flat=True))
        shown = sum(min(n, selectors.BOARD_COLUMN_SIZE) for n in per_stage.values())
        assert sum(per_stage.values()) == 50 and html.count('<a class="pcard') == shown
        assert html.count('class="board__more"') == sum(n > selectors.BOARD_COLUMN_SIZE for n in per_stage.values())
    assert small <= 8


def test_timeline_queries_do_not_grow_with_events(studio, as_user, django_assert_max_num_queries):
    project = studio.acme_project

    def grow(n):
        for i in range(n):
            actor = MembershipFactory(organization=studio.org, role=Role.EDITOR).user
            TimelineEventFactory(
                project=project,
                actor=actor,
                kind="project.stage_changed" if i % 2 else "note.added",
                data={"override_reason": "because", "gates": [{"title": "Idea", "passed": False}]},
                client_visible=bool(i % 3),
            )

    grow(5)
    small = count_queries(as_user(studio.producer), timeline_url(project))
    small_filtered = count_queries(as_user(studio.producer), timeline_url(project), {"kind": "note.added"})
    grow(45)
    producer, client_user = as_user(studio.producer), as_user(studio.acme_user)
    with django_assert_max_num_queries(small):
        html = page_text(producer.get(timeline_url(project)))
    assert html.count('class="feed__item') == 50
    with django_assert_max_num_queries(small_filtered):
        producer.get(timeline_url(project), {"kind": "note.added"})
    with django_assert_max_num_queries(small):
        client_user.get(timeline_url(project))
    assert small <= 10


def test_project_page_queries_do_not_grow_with_events(studio, as_user, django_assert_max_num_queries):
    for _ in range(3):
        TimelineEventFactory(project=studio.acme_project, actor=UserFactory())
    small = count_queries(as_user(studio.producer), detail_url(studio.acme_project))
    for _ in range(30):
        TimelineEventFactory(project=studio.acme_project, actor=UserFactory())
    browser = as_user(studio.producer)
    with django_assert_max_num_queries(small):
        browser.get(detail_url(studio.acme_project))


def test_members_page_queries_do_not_grow(studio, as_user, django_assert_max_num_queries):
    services.member_invite(organization=studio.org, email="first@acme.test", role=Role.EDITOR, by=studio.producer)
    small = count_queries(as_user(studio.producer), members_url(studio.org))
    for i in range(20):
        MembershipFactory(organization=studio.org, role=Role.CLIENT, client=studio.acme)
        services.member_invite(
            organization=studio.org,
            email=f"guest{i}@acme.test",
            role=Role.CLIENT,
            client=studio.acme,
            projects=[studio.acme_project],
            by=studio.producer,
        )
    browser = as_user(studio.producer)
    with django_assert_max_num_queries(small):
        browser.get(members_url(studio.org))


def test_expired_form_gets_a_friendly_page_and_changes_nothing(studio):
    browser = HttpClient(enforce_csrf_checks=True)
    browser.force_login(studio.producer)
    response = browser.post(stage_url(studio.acme_project), {"to_stage": Stage.STORYBOARD})
    assert response.status_code == 403
    assert "That form had expired" in page_text(response)
    studio.acme_project.refresh_from_db()
    assert studio.acme_project.stage == Stage.IDEATION


def test_stage_bar_fills_past_stages_and_highlights_the_current_one(studio, as_user):
    project = ProjectFactory(client=studio.acme, stage=Stage.SHOOT)
    html = page_text(as_user(studio.producer).get(detail_url(project)))
    steps = re.findall(r'class="stagebar__step is-(past|current|future)"', html)
    assert steps == ["past", "past", "current"] + ["future"] * 5
    assert "Stage 3 of 8" in html


def test_clients_page_queries_do_not_grow(studio, as_user, django_assert_max_num_queries):
    small = count_queries(as_user(studio.producer), reverse("clients"))
    for _ in range(30):
        ProjectFactory(client=ClientFactory(organization=studio.org))
    browser = as_user(studio.producer)
    with django_assert_max_num_queries(small):
        html = page_text(browser.get(reverse("clients")))
    assert html.count("<tr>") == 33


@pytest.mark.django_db(transaction=True)
def test_an_invitation_made_while_the_broker_is_down_is_saved_and_sent_later(studio, as_user, monkeypatch, caplog):
    """The broker refuses the email task: the page still confirms (the invitation is saved, no
    500), and the sweep queues the email once the invitation has waited long enough."""

    def refuse(*args, **kwargs):
        raise OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    monkeypatch.setattr(tasks.send_invitation_email, "apply_async", refuse)
    browser = as_user(studio.producer)
    response = browser.post(members_url(studio.org), {"email": "sam@northlight.test", "role": "editor"}, follow=True)
    assert response.status_code == 200
    assert "Invitation sent to sam@northlight.test" in page_text(response)
    invitation = Invitation.objects.get(email="sam@northlight.test")
    assert invitation.sent_at is None and not mail.outbox
    assert "the sweep will queue it again" in caplog.text

    monkeypatch.undo()  # the broker is back (tasks run inline in the tests)
    assert services.invitations_requeue_unsent() == 0  # too fresh: its own task may still come
    later = timezone.now() + dt.timedelta(seconds=settings.INVITATION_REQUEUE_AFTER + 1)
    assert services.invitations_requeue_unsent(now=later) == 1
    invitation.refresh_from_db()
    assert invitation.sent_at is not None and len(mail.outbox) == 1
    assert invitation.token in mail.outbox[0].body
    assert services.invitations_requeue_unsent(now=later) == 0  # sent once, never again


# --- The board at agency scale: filters, capped columns, one stage a page at a time, the archive --


def test_board_columns_show_their_first_projects_and_link_to_the_rest(studio, as_user, django_assert_max_num_queries):
    for i in range(30):
        ProjectFactory(client=studio.acme, title=f"Spot {i:02d}", stage=Stage.SHOOT, due_date=dt.date(2031, 1, 1 + i))
    browser = as_user(studio.producer)
    with django_assert_max_num_queries(8):
        html = page_text(browser.get(reverse("dashboard")))
    shoot = html[html.index('data-stage="shoot"') : html.index('data-stage="edit"')]
    shown = selectors.BOARD_COLUMN_SIZE
    assert shoot.count('<a class="pcard') == shown  # the soonest due first
    assert f"Spot {shown - 1:02d}" in shoot and f"Spot {shown:02d}" not in shoot
    assert '<span class="board__count">30</span>' in shoot
    assert "Show all 30" in shoot and "?stage=shoot" in shoot

    page1 = browser.get(reverse("dashboard"), {"stage": "shoot"})
    html1 = page_text(page1)
    assert "Projects in Shoot" in html1 and "30 projects" in html1
    assert html1.count('<a class="pcard') == 30  # 48 a page
    assert studio.acme_project.title not in html1  # another stage


def test_board_orders_each_stage_undated_last_and_each_card_opens_its_project(studio, as_user):
    """Soonest due first, the same day by title, undated last; a crew member who is also a client
    of another studio sees the project they were invited to there, and nothing else of it."""
    day = dt.date(2031, 5, 1)
    for title in ("Cut b", "Cut a", "Cut c"):
        ProjectFactory(client=studio.acme, title=title, stage=Stage.EDIT, due_date=day)
    for title in ("Undated b", "Undated a", "Undated d", "Undated c"):
        ProjectFactory(client=studio.acme, title=title, stage=Stage.EDIT, due_date=None)
    elsewhere = ClientFactory(name="Elsewhere Co")  # a client of another studio
    invited = ProjectFactory(client=elsewhere, title="Elsewhere spot", stage=Stage.EDIT, due_date=dt.date(2031, 4, 1))
    ProjectFactory(client=elsewhere, title="Elsewhere secret", stage=Stage.EDIT, due_date=dt.date(2031, 3, 1))
    MembershipFactory(organization=elsewhere.organization, user=studio.editor, role=Role.CLIENT, client=elsewhere)
    ProjectAccessFactory(project=invited, user=studio.editor)
    browser = as_user(studio.editor)
    card = re.compile(r'<a class="pcard[^"]*" href="([^"]+)">.*?<strong class="pcard__title">(.*?)</strong>', re.S)

    html = page_text(browser.get(reverse("dashboard")))
    edit = html[html.index('data-stage="edit"') : html.index('data-stage="planning"')]
    cards = card.findall(edit)
    assert [title for _, title in cards] == ["Elsewhere spot", "Cut a", "Cut b", "Cut c", "Undated a", "Undated b"]
    assert '<span class="board__count">8</span>' in edit and "Show all 8" in edit
    assert "Elsewhere secret" not in html
    for href, title in cards:
        assert href == detail_url(Project.objects.get(title=title))

    stage_page = card.findall(page_text(browser.get(reverse("dashboard"), {"stage": "edit"})))
    assert [title for _, title in stage_page] == [title for _, title in cards] + ["Undated c", "Undated d"]


def test_board_filters_by_client_due_owner_and_search(studio, as_user):
    today = timezone.localdate()
    late = ProjectFactory(client=studio.globex, title="Late teaser", due_date=today - dt.timedelta(days=3))
    soon = ProjectFactory(
        client=studio.acme, title="Soon spot", due_date=today + dt.timedelta(days=2), owner=studio.editor
    )
    undated = ProjectFactory(client=studio.acme, title="Someday film", due_date=None)
    browser = as_user(studio.producer)

    def titles(**params):
        html = page_text(browser.get(reverse("dashboard"), params))
        return {p.title for p in (late, soon, undated, studio.acme_project, studio.globex_project) if p.title in html}

    assert titles(client=studio.globex.pk) == {late.title, studio.globex_project.title}
    assert titles(due="overdue") == {late.title}
    assert titles(due="week") == {soon.title}
    assert titles(due="none") >= {undated.title} and soon.title not in titles(due="none")
    assert titles(owner=studio.editor.pk) == {soon.title}
    assert titles(q="spot") == {soon.title}
    assert titles(q="globex") == {late.title, studio.globex_project.title}  # the client's name too
    empty = page_text(browser.get(reverse("dashboard"), {"q": "nothing like this"}))
    assert "No projects match" in empty and "clear the filters" in empty


def test_bad_board_filters_are_explained_and_the_rest_apply(studio, as_user, db):
    other_client = ClientFactory()  # another studio's client
    response = as_user(studio.producer).get(
        reverse("dashboard"), {"client": other_client.pk, "stage": "nope", "q": "Acme"}
    )
    html = page_text(response)
    assert response.status_code == 400
    assert "That client is not one of yours. That filter is left off." in html
    assert "There is no stage called “nope”." in html
    assert studio.acme_project.title in html and studio.globex_project.title not in html  # q still applies
    assert other_client.name not in html


def test_archived_projects_have_their_own_page(studio, as_user):
    old = ProjectFactory(client=studio.acme, title="Old film", status=Project.Status.ARCHIVED)
    foreign = ProjectFactory(title="Another studio's archive", status=Project.Status.ARCHIVED)
    board = page_text(as_user(studio.producer).get(reverse("dashboard")))
    assert old.title not in board and reverse("projects-archived") in board
    html = page_text(as_user(studio.editor).get(reverse("projects-archived")))
    assert old.title in html and "Archived" in html
    assert foreign.title not in html and studio.acme_project.title not in html
    assert "No archived projects match" in page_text(
        as_user(studio.editor).get(reverse("projects-archived"), {"q": "zzz"})
    )
    assert as_user(studio.acme_user).get(reverse("projects-archived")).status_code == 404
