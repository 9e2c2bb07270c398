"""The projects REST API: what a script or another front end can check from the outside."""

import datetime as dt
import json

import pytest
from django.core import mail
from django.utils import timezone
from drf_spectacular.validation import validate_schema
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from projects import services
from projects.models import Client, Invitation, Project, Role, Stage, TimelineEvent
from tests.factories import (
    PASSWORD,
    ClientFactory,
    MembershipFactory,
    ProjectAccessFactory,
    ProjectFactory,
    TimelineEventFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def api():
    """An API client signed in (by session) as ``user``, or anonymous."""

    def make(user=None) -> APIClient:
        client = APIClient()
        if user is not None:
            client.force_login(user)
        return client

    return make


@pytest.fixture
def other_tenant(db):
    """A second studio with its own producer, client and project."""
    producer = MembershipFactory(role=Role.PRODUCER).user
    org = producer.memberships.get().organization
    client = ClientFactory(organization=org, name="Initech")
    project = ProjectFactory(client=client, title="Initech secret teaser")
    return producer, org, client, project


def assert_error(response, status: int, code: str) -> dict:
    """The one error format, and nothing else at the top level."""
    assert response.status_code == status, response.content
    body = response.json()
    assert set(body) == {"error"}
    error = body["error"]
    assert {"status", "code", "message", "fields"} <= set(error)
    assert error["status"] == status
    assert error["code"] == code
    assert isinstance(error["message"], str) and error["message"]
    assert isinstance(error["fields"], dict)
    return error


def ids(response) -> list[str]:
    return [row["id"] for row in response.json()["results"]]


# --- Creating and editing projects -------------------------------------------------------------


def test_producer_creates_project_and_timeline_records_it(studio, api):
    response = api(studio.producer).post(
        "/api/projects/",
        {"client": str(studio.acme.pk), "title": "  Summer teaser ", "description": "Beach", "due_date": "2030-06-01"},
        format="json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["title"] == "Summer teaser"
    assert body["client"] == {"id": str(studio.acme.pk), "name": "Acme"}
    assert body["organization"] == str(studio.org.pk)
    assert body["stage"] == "ideation"
    assert body["due_date"] == "2030-06-01"
    assert body["owner"]["id"] == str(studio.producer.pk)
    project = Project.objects.get(pk=body["id"])
    event = TimelineEvent.objects.get(project=project)
    assert event.kind == "project.created"
    assert event.actor == studio.producer
    timeline = api(studio.producer).get(f"/api/projects/{project.pk}/timeline/").json()
    assert [e["kind"] for e in timeline["results"]] == ["project.created"]


def test_blank_title_is_400_in_the_one_format_and_creates_nothing(studio, api):
    before = Project.objects.count()
    response = api(studio.producer).post(
        "/api/projects/", {"client": str(studio.acme.pk), "title": "   "}, format="json"
    )
    error = assert_error(response, 400, "invalid")
    assert error["fields"]["title"] == ["Give the project a title."]
    assert error["message"] == "Give the project a title."
    assert Project.objects.count() == before
    assert not TimelineEvent.objects.exists()


def test_serializer_errors_use_the_one_format(studio, api):
    response = api(studio.producer).post(
        "/api/projects/", {"client": "not-a-uuid", "due_date": "tomorrow"}, format="json"
    )
    error = assert_error(response, 400, "invalid")
    assert set(error["fields"]) == {"client", "title", "due_date"}


def test_create_project_lists_every_problem_in_one_answer(studio, api):
    before = Project.objects.count()
    response = api(studio.producer).post(
        "/api/projects/", {"client": "not-a-uuid", "title": " ", "due_date": "1850-01-01"}, format="json"
    )
    fields = assert_error(response, 400, "invalid")["fields"]
    assert set(fields) == {"client", "title", "due_date"}
    assert fields["title"] == ["Give the project a title."]
    assert fields["due_date"] == ["A new project cannot be due in the past. Choose today or a later date."]
    assert Project.objects.count() == before
    assert not TimelineEvent.objects.exists()


@pytest.mark.parametrize("due_date", ["1850-01-01", "9999-12-31"])
def test_create_project_due_date_has_the_pages_bounds(studio, api, due_date):
    response = api(studio.producer).post(
        "/api/projects/", {"client": str(studio.acme.pk), "title": "Bounded", "due_date": due_date}, format="json"
    )
    message = assert_error(response, 400, "invalid")["fields"]["due_date"][0]
    assert message.startswith(("Choose a due date within 10 years", "A new project cannot be due in the past"))
    assert not Project.objects.filter(title="Bounded").exists()
    edit = api(studio.producer).patch(f"/api/projects/{studio.acme_project.pk}/", {"due_date": due_date}, format="json")
    assert assert_error(edit, 400, "invalid")["fields"]["due_date"][0].startswith("Choose a due date")
    studio.acme_project.refresh_from_db()
    assert studio.acme_project.due_date != dt.date.fromisoformat(due_date)


def test_override_reason_must_be_a_sentence(studio, api):
    project = ProjectFactory(client=studio.acme, description="")
    url = f"/api/projects/{project.pk}/stage/"
    response = api(studio.producer).post(url, {"stage": "storyboard", "override_reason": "ok"}, format="json")
    error = assert_error(response, 400, "gate_failed")
    assert error["fields"]["override_reason"][0].startswith("Write a sentence on why you are overriding")
    assert [g["key"] for g in error["gates"] if not g["passed"]] == ["ideation.brief_written"]
    project.refresh_from_db()
    assert project.stage == Stage.IDEATION
    assert not TimelineEvent.objects.filter(project=project).exists()


def test_profile_names_refuse_control_characters_with_every_error_at_once(studio, api):
    me = api(studio.acme_user)
    response = me.patch(
        "/api/me/", {"first_name": "A" * 151, "last_name": "\u0007Bob", "time_zone": "Mars/Olympus"}, format="json"
    )
    fields = assert_error(response, 400, "invalid")["fields"]
    assert set(fields) == {"first_name", "last_name", "time_zone"}
    assert "control or invisible characters" in fields["last_name"][0]
    assert "Unknown time zone" in fields["time_zone"][0]
    studio.acme_user.refresh_from_db()
    assert (studio.acme_user.last_name, studio.acme_user.time_zone) != ("\u0007Bob", "Mars/Olympus")
    assert "\u0007" not in studio.acme_user.last_name


def test_malformed_json_is_a_parse_error(studio, api):
    response = api(studio.producer).post("/api/projects/", "{nope", content_type="application/json")
    assert_error(response, 400, "parse_error")


@pytest.mark.parametrize("role_user", ["editor", "marketer", "acme_user"])
def test_only_producers_create_projects(studio, api, role_user):
    response = api(getattr(studio, role_user)).post(
        "/api/projects/", {"client": str(studio.acme.pk), "title": "Nope"}, format="json"
    )
    assert_error(response, 403, "permission_denied")
    assert not Project.objects.filter(title="Nope").exists()


def test_producer_cannot_create_project_for_another_tenants_client(studio, api, other_tenant):
    _, _, initech, _ = other_tenant
    response = api(studio.producer).post("/api/projects/", {"client": str(initech.pk), "title": "Nope"}, format="json")
    error = assert_error(response, 400, "invalid")
    assert "does not exist" in error["fields"]["client"][0]  # reads exactly like an unknown id
    assert not Project.objects.filter(title="Nope").exists()


def test_producer_edits_project_and_change_is_on_timeline(studio, api):
    url = f"/api/projects/{studio.acme_project.pk}/"
    response = api(studio.producer).patch(url, {"title": "Acme autumn launch", "due_date": None}, format="json")
    assert response.status_code == 200, response.content
    assert response.json()["title"] == "Acme autumn launch"
    assert response.json()["due_date"] is None
    studio.acme_project.refresh_from_db()
    assert studio.acme_project.title == "Acme autumn launch"
    assert studio.acme_project.due_date is None
    event = TimelineEvent.objects.get(project=studio.acme_project, kind="project.updated")
    assert set(event.data["changes"]) == {"title", "due_date"}


def test_client_cannot_edit_their_own_project(studio, api):
    response = api(studio.acme_user).patch(
        f"/api/projects/{studio.acme_project.pk}/", {"title": "Hacked"}, format="json"
    )
    assert_error(response, 403, "permission_denied")
    studio.acme_project.refresh_from_db()
    assert studio.acme_project.title == "Acme spring launch"


def test_put_and_delete_are_not_allowed(studio, api):
    url = f"/api/projects/{studio.acme_project.pk}/"
    assert_error(api(studio.producer).put(url, {"title": "x"}, format="json"), 405, "method_not_allowed")
    assert_error(api(studio.producer).delete(url), 405, "method_not_allowed")
    assert Project.objects.filter(pk=studio.acme_project.pk).exists()


# --- Stage changes and gates ------------------------------------------------------------------


def test_stage_change_refused_with_gate_info_then_overridden_with_reason(studio, api):
    project = ProjectFactory(client=studio.acme, description="")
    ProjectAccessFactory(project=project, user=studio.acme_user)
    url = f"/api/projects/{project.pk}/stage/"

    refused = api(studio.producer).post(url, {"stage": "storyboard"}, format="json")
    error = assert_error(refused, 400, "gate_failed")
    assert "Brief written" in error["message"]
    failed = [g for g in error["gates"] if not g["passed"]]
    assert failed == [
        {
            "key": "ideation.brief_written",
            "title": "Brief written",
            "entering": "storyboard",
            "passed": False,
            "message": "There is no brief yet. Write one with a marketing objective, a target audience and at "
            "least one KPI before storyboarding.",
            "link": f"/projects/{project.pk}/brief/edit/",
        }
    ]
    project.refresh_from_db()
    assert project.stage == Stage.IDEATION
    assert not TimelineEvent.objects.filter(project=project).exists()

    reason = "Client briefed us by phone"
    moved = api(studio.producer).post(url, {"stage": "storyboard", "override_reason": reason}, format="json")
    assert moved.status_code == 200, moved.content
    body = moved.json()
    assert body["from_stage"] == "ideation"
    assert body["to_stage"] == "storyboard"
    assert body["project"]["stage"] == "storyboard"
    assert body["override_reason"] == reason
    assert [g["key"] for g in body["gates"] if not g["passed"]] == ["ideation.brief_written"]
    project.refresh_from_db()
    assert project.stage == Stage.STORYBOARD

    staff_view = api(studio.producer).get(f"/api/projects/{project.pk}/timeline/").json()["results"]
    assert staff_view[0]["kind"] == "project.stage_changed"
    assert staff_view[0]["data"]["override_reason"] == reason

    client_response = api(studio.acme_user).get(f"/api/projects/{project.pk}/timeline/")
    client_view = client_response.json()["results"]
    assert client_view[0]["kind"] == "project.stage_changed"  # the move itself is client-visible …
    assert client_view[0]["data"] is None  # … the working detail is not
    assert client_view[0]["subject_id"] is None
    assert reason not in client_response.content.decode()


def test_unknown_stage_is_a_field_error(studio, api):
    response = api(studio.producer).post(
        f"/api/projects/{studio.acme_project.pk}/stage/", {"stage": "launch"}, format="json"
    )
    error = assert_error(response, 400, "invalid")
    assert "stage" in error["fields"]


def test_editor_and_client_cannot_change_stage(studio, api):
    url = f"/api/projects/{studio.acme_project.pk}/stage/"
    for user in (studio.editor, studio.acme_user):
        assert_error(api(user).post(url, {"stage": "storyboard"}, format="json"), 403, "permission_denied")
    studio.acme_project.refresh_from_db()
    assert studio.acme_project.stage == Stage.IDEATION


# --- What clients see -------------------------------------------------------------------------


def test_client_lists_only_their_invited_projects(studio, api):
    uninvited = ProjectFactory(client=studio.acme, title="Acme internal pitch")
    response = api(studio.acme_user).get("/api/projects/")
    assert response.status_code == 200
    assert ids(response) == [str(studio.acme_project.pk)]
    assert "Globex" not in response.content.decode()
    assert uninvited.title not in response.content.decode()
    staff = api(studio.producer).get("/api/projects/")
    assert set(ids(staff)) == {str(studio.acme_project.pk), str(studio.globex_project.pk), str(uninvited.pk)}


def test_client_sees_only_their_own_company(studio, api):
    response = api(studio.acme_user).get("/api/clients/")
    assert ids(response) == [str(studio.acme.pk)]


def test_client_timeline_excludes_internal_events(studio, api):
    visible = TimelineEventFactory(project=studio.acme_project, summary="Cut 1 is ready", client_visible=True)
    internal = TimelineEventFactory(
        project=studio.acme_project, summary="Budget is tight", client_visible=False, data={"margin": 3}
    )
    url = f"/api/projects/{studio.acme_project.pk}/timeline/"
    client_response = api(studio.acme_user).get(url)
    assert client_response.status_code == 200
    assert ids(client_response) == [str(visible.pk)]
    assert internal.summary not in client_response.content.decode()
    staff_response = api(studio.producer).get(url)
    assert set(ids(staff_response)) == {str(visible.pk), str(internal.pk)}
    assert {e["id"]: e["data"] for e in staff_response.json()["results"]}[str(internal.pk)] == {"margin": 3}


def test_timeline_filters_by_stage_and_kind(studio, api):
    project = studio.acme_project
    TimelineEventFactory(project=project, kind="note.added", stage=Stage.IDEATION)
    shoot = TimelineEventFactory(project=project, kind="shoot.wrapped", stage=Stage.SHOOT)
    url = f"/api/projects/{project.pk}/timeline/"
    assert ids(api(studio.producer).get(url, {"stage": "shoot"})) == [str(shoot.pk)]
    assert ids(api(studio.producer).get(url, {"kind": "shoot.wrapped"})) == [str(shoot.pk)]
    assert ids(api(studio.producer).get(url, {"kind": "nothing.like.this"})) == []
    assert_error(api(studio.producer).get(url, {"stage": "launch"}), 400, "invalid")


# --- Tenancy: foreign ids are 404s -------------------------------------------------------------


def test_foreign_ids_are_404_never_403(studio, api, other_tenant):
    _, org, initech, project = other_tenant
    producer = api(studio.producer)
    for url in (
        f"/api/projects/{project.pk}/",
        f"/api/projects/{project.pk}/timeline/",
        f"/api/clients/{initech.pk}/",
        f"/api/organizations/{org.pk}/",
    ):
        error = assert_error(producer.get(url), 404, "not_found")
        assert error["message"] == "Not found."
    assert_error(producer.patch(f"/api/projects/{project.pk}/", {"title": "x"}, format="json"), 404, "not_found")
    stage = producer.post(
        f"/api/projects/{project.pk}/stage/", {"stage": "done", "override_reason": "x"}, format="json"
    )
    assert_error(stage, 404, "not_found")
    project.refresh_from_db()
    assert (project.title, project.stage) == ("Initech secret teaser", Stage.IDEATION)


def test_other_client_company_gets_404_for_acme_objects(studio, api):
    globex = api(studio.globex_user)
    for url in (
        f"/api/projects/{studio.acme_project.pk}/",
        f"/api/projects/{studio.acme_project.pk}/timeline/",
        f"/api/clients/{studio.acme.pk}/",
    ):
        response = globex.get(url)
        assert_error(response, 404, "not_found")
        assert "Acme" not in response.content.decode()


@pytest.mark.parametrize(
    "url",
    [
        "/api/projects/not-a-uuid/",
        "/api/projects/12345/",
        "/api/projects/00000000-0000-0000-0000-000000000000/",
        "/api/projects/00000000-0000-0000-0000-000000000000/timeline/",
        "/api/clients/../projects/",
        "/api/nowhere/",
        "/api/projects",
    ],
)
def test_unknown_and_malformed_ids_are_404_in_the_one_format(studio, api, url):
    assert_error(api(studio.producer).get(url), 404, "not_found")


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
@pytest.mark.parametrize("signed_in", ["session", "token", "nobody"])
@pytest.mark.parametrize("url", ["/api/nowhere/", "/api/projects/not-a-uuid/", "/api/nowhere"])
def test_writes_to_unknown_api_paths_are_404_in_the_one_format(studio, url, method, signed_in):
    """No CSRF page in HTML: a write to a path that is no endpoint is the same JSON 404 as a
    read, with a session (CSRF enforced, as in a browser), a token or nothing."""
    client = APIClient(enforce_csrf_checks=True)
    if signed_in == "session":
        client.force_login(studio.producer)
    elif signed_in == "token":
        client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=studio.producer).key}")
    before = Project.objects.count()
    assert_error(getattr(client, method)(url, {"title": "x"}, format="json"), 404, "not_found")
    assert Project.objects.count() == before


@pytest.mark.parametrize(
    "url",
    [
        "/api/nowhere%0A/",
        "/api/projects/%0A/",
        "/api/projects%0a",
        "/api/uploads/%0A",
        "/api/x%0D%0Ay/",
        "/api/%00",
        "/api/projects/%00/",
        "/api/%E2%80%AE/",
        "/api/%FF/",
        "/api/%0A",
    ],
)
@pytest.mark.parametrize("method", ["get", "post", "delete"])
def test_api_paths_with_control_characters_are_404_in_the_one_format(studio, url, method):
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(studio.producer)
    response = getattr(client, method)(url)
    assert response["Content-Type"] == "application/json"
    assert_error(response, 404, "not_found")


def test_django_error_pages_under_api_are_in_the_one_format(studio, monkeypatch):
    """What Django answers itself (a bad Host header, a crash outside DRF, a CSRF refusal)
    is JSON under /api/ and the branded page everywhere else."""
    from django.http import HttpResponse
    from django.middleware.csrf import CsrfViewMiddleware
    from django.test import Client as HttpClient
    from django.test import RequestFactory

    from config import api_errors

    http = HttpClient(raise_request_exception=False)
    assert_error(http.get("/api/projects/", HTTP_HOST="evil.example"), 400, "bad_request")
    page = http.get("/accounts/login/", HTTP_HOST="evil.example")
    assert page.status_code == 400 and page["Content-Type"].startswith("text/html")

    def crash(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(api_errors, "resolve", crash)  # not_found is a plain Django view
    crashed = http.get("/api/nowhere")
    assert_error(crashed, 500, "server_error")
    assert "boom" not in crashed.content.decode()

    csrf = CsrfViewMiddleware(lambda request: HttpResponse())
    for path, json_expected in (("/api/anything/", True), ("/projects/", False)):
        request = RequestFactory().post(path)
        refused = csrf.process_view(request, lambda request: HttpResponse(), (), {})
        assert refused.status_code == 403
        if json_expected:
            error = json.loads(refused.content)["error"]
            assert (error["status"], error["code"], error["fields"]) == (403, "permission_denied", {})
            assert error["message"].startswith("CSRF Failed")
        else:
            assert refused["Content-Type"].startswith("text/html")


def test_a_path_with_a_line_break_outside_the_api_is_the_html_page(studio):
    from django.test import Client as HttpClient

    response = HttpClient().get("/projects%0A/")
    assert response.status_code == 404 and response["Content-Type"].startswith("text/html")


def test_api_project_id_followed_by_a_line_break_is_not_the_project(studio, api):
    response = api(studio.producer).get(f"/api/projects/{studio.acme_project.pk}%0A/")
    assert_error(response, 404, "not_found")
    assert studio.acme_project.title not in response.content.decode()


# --- Authentication ---------------------------------------------------------------------------


def test_anonymous_gets_401_with_a_token_challenge(studio, api):
    response = api().get("/api/projects/")
    assert_error(response, 401, "not_authenticated")
    assert response.headers["WWW-Authenticate"].startswith("Token")


def test_user_without_membership_gets_403(studio, api):
    guest = UserFactory()
    assert_error(api(guest).get("/api/projects/"), 403, "permission_denied")
    assert_error(api(guest).get("/api/me/"), 403, "permission_denied")


def test_token_auth_works(studio):
    anonymous = APIClient()
    response = anonymous.post("/api/auth/token/", {"email": studio.producer.email, "password": PASSWORD}, format="json")
    assert response.status_code == 200, response.content
    token = response.json()["token"]
    assert Token.objects.get(user=studio.producer).key == token
    scripted = APIClient()
    scripted.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    projects = scripted.get("/api/projects/")
    assert projects.status_code == 200
    assert {p["title"] for p in projects.json()["results"]} == {"Acme spring launch", "Globex brand film"}
    # the same token again, not a new one
    again = anonymous.post("/api/auth/token/", {"email": studio.producer.email.upper(), "password": PASSWORD})
    assert again.json()["token"] == token


def test_token_refused_for_wrong_password_and_bad_token(studio):
    anonymous = APIClient()
    wrong = anonymous.post("/api/auth/token/", {"email": studio.producer.email, "password": "nope"}, format="json")
    assert_error(wrong, 401, "authentication_failed")
    assert not Token.objects.exists()
    missing = anonymous.post("/api/auth/token/", {"email": studio.producer.email}, format="json")
    assert "password" in assert_error(missing, 400, "invalid")["fields"]
    forged = APIClient()
    forged.credentials(HTTP_AUTHORIZATION="Token 0123456789abcdef")
    assert_error(forged.get("/api/projects/"), 401, "authentication_failed")


def test_password_guessing_on_the_token_endpoint_is_throttled(studio):
    anonymous = APIClient()
    for _ in range(20):
        wrong = anonymous.post("/api/auth/token/", {"email": studio.producer.email, "password": "nope"}, format="json")
        assert wrong.status_code == 401
    throttled = anonymous.post(
        "/api/auth/token/", {"email": studio.producer.email, "password": PASSWORD}, format="json"
    )
    assert_error(throttled, 429, "throttled")
    assert not Token.objects.exists()


# --- Pagination, filters, ordering ---------------------------------------------------------------


def test_pagination(studio, api):
    for n in range(5):
        ProjectFactory(client=studio.acme, title=f"Batch {n}")
    first = api(studio.producer).get("/api/projects/", {"page_size": 3})
    body = first.json()
    assert body["count"] == 7
    assert len(body["results"]) == 3
    assert body["next"] and body["previous"] is None
    second = api(studio.producer).get(body["next"]).json()
    third = api(studio.producer).get(second["next"]).json()
    seen = [p["id"] for page in (body, second, third) for p in page["results"]]
    assert len(seen) == len(set(seen)) == 7
    assert third["next"] is None
    assert_error(api(studio.producer).get("/api/projects/", {"page": 99}), 404, "not_found")


def test_project_filters_and_ordering(studio, api):
    today = timezone.localdate()
    soon = ProjectFactory(client=studio.acme, title="Soon spot", due_date=today + dt.timedelta(days=3))
    late = ProjectFactory(
        client=studio.globex, title="Late spot", due_date=today + dt.timedelta(days=90), stage=Stage.EDIT
    )
    paused = ProjectFactory(client=studio.acme, title="Paused", status=Project.Status.ON_HOLD, due_date=None)
    get = api(studio.producer).get
    assert ids(get("/api/projects/", {"stage": "edit"})) == [str(late.pk)]
    assert set(ids(get("/api/projects/", {"stage": ["edit", "ideation"]}))) == {
        str(p.pk) for p in (studio.acme_project, studio.globex_project, soon, late, paused)
    }
    assert ids(get("/api/projects/", {"status": "on_hold"})) == [str(paused.pk)]
    assert set(ids(get("/api/projects/", {"client": str(studio.globex.pk)}))) == {
        str(studio.globex_project.pk),
        str(late.pk),
    }
    assert ids(
        get(
            "/api/projects/",
            {"due_date_after": str(today), "due_date_before": str(today + dt.timedelta(days=10))},
        )
    ) == [str(soon.pk)]
    assert ids(get("/api/projects/", {"search": "SPOT", "ordering": "-title"})) == [str(soon.pk), str(late.pk)]
    assert ids(get("/api/projects/", {"search": "spot", "ordering": "title"})) == [str(late.pk), str(soon.pk)]
    assert_error(get("/api/projects/", {"stage": "launch"}), 400, "invalid")
    assert_error(get("/api/projects/", {"client": "nope"}), 400, "invalid")


def test_client_filter_with_foreign_client_id_just_finds_nothing(studio, api):
    response = api(studio.globex_user).get("/api/projects/", {"client": str(studio.acme.pk)})
    assert response.status_code == 200
    assert response.json()["count"] == 0


# --- N+1: list endpoints stay at a constant number of queries ----------------------------------


def _grow(studio, n: int) -> None:
    for i in range(n):
        client = ClientFactory(organization=studio.org)
        project = ProjectFactory(client=client, owner=studio.producer)
        TimelineEventFactory(project=studio.acme_project, actor=studio.producer)
        member = MembershipFactory(organization=studio.org, role=Role.CLIENT, client=client).user
        ProjectAccessFactory(project=project, user=member)
        services.member_invite(
            organization=studio.org,
            email=f"invitee{i}-{n}@example.test",
            role=Role.CLIENT,
            client=client,
            projects=[project],
            by=studio.producer,
        )


@pytest.mark.parametrize(
    "path",
    [
        "/api/organizations/",
        "/api/clients/",
        "/api/projects/",
        "/api/projects/{acme}/timeline/",
        "/api/memberships/",
        "/api/invitations/",
    ],
)
def test_list_endpoints_run_a_constant_number_of_queries(studio, api, django_assert_max_num_queries, path):
    url = path.format(acme=studio.acme_project.pk)
    _grow(studio, 2)
    client = api(studio.producer)
    with django_assert_max_num_queries(9) as small:
        assert client.get(url).status_code == 200
    _grow(studio, 12)
    with django_assert_max_num_queries(len(small)) as large:
        response = client.get(url)
    assert response.status_code == 200
    assert len(large) == len(small)


# --- Organizations, clients, members, invitations, me ---------------------------------------------


def test_organizations_show_the_users_role(studio, api, other_tenant):
    response = api(studio.editor).get("/api/organizations/")
    assert response.json()["results"] == [
        {"id": str(studio.org.pk), "name": "Northlight", "slug": "northlight", "role": "editor"}
    ]


def test_producer_adds_client_in_own_organization_only(studio, api, other_tenant):
    _, foreign_org, _, _ = other_tenant
    producer = api(studio.producer)
    created = producer.post("/api/clients/", {"organization": str(studio.org.pk), "name": "Hooli"}, format="json")
    assert created.status_code == 201, created.content
    assert created.json()["name"] == "Hooli"
    assert Client.objects.filter(organization=studio.org, name="Hooli").exists()
    duplicate = producer.post("/api/clients/", {"organization": str(studio.org.pk), "name": "hooli"}, format="json")
    assert "already a client" in assert_error(duplicate, 400, "invalid")["fields"]["name"][0]
    foreign = producer.post("/api/clients/", {"organization": str(foreign_org.pk), "name": "Spy"}, format="json")
    assert "organization" in assert_error(foreign, 400, "invalid")["fields"]
    editor = api(studio.editor).post("/api/clients/", {"organization": str(studio.org.pk), "name": "Ed"}, format="json")
    assert_error(editor, 403, "permission_denied")
    assert not Client.objects.filter(name__in=["Spy", "Ed"]).exists()


def test_memberships_and_invitations_are_for_producers(studio, api):
    members = api(studio.producer).get("/api/memberships/")
    assert members.json()["count"] == 5
    assert {m["role"] for m in members.json()["results"]} == set(Role.values)
    for user in (studio.editor, studio.marketer, studio.acme_user):
        assert_error(api(user).get("/api/memberships/"), 403, "permission_denied")
        assert_error(api(user).get("/api/invitations/"), 403, "permission_denied")


def test_producer_invites_a_client_and_revokes_the_invitation(studio, api, django_capture_on_commit_callbacks):
    producer = api(studio.producer)
    with django_capture_on_commit_callbacks(execute=True):
        response = producer.post(
            "/api/invitations/",
            {
                "organization": str(studio.org.pk),
                "email": "Wile@Acme.test",
                "role": "client",
                "client": str(studio.acme.pk),
                "projects": [str(studio.acme_project.pk)],
            },
            format="json",
        )
    assert response.status_code == 201, response.content
    body = response.json()
    invitation = Invitation.objects.get(pk=body["id"])
    assert body["email"] == "wile@acme.test"
    assert body["status"] == "pending"
    assert body["projects"] == [str(studio.acme_project.pk)]
    assert invitation.token not in response.content.decode()  # the token travels only by email
    assert len(mail.outbox) == 1 and invitation.token in mail.outbox[0].body
    assert ids(producer.get("/api/invitations/")) == [str(invitation.pk)]

    revoked = producer.post(f"/api/invitations/{invitation.pk}/revoke/")
    assert revoked.status_code == 200, revoked.content
    assert revoked.json()["status"] == "revoked"
    invitation.refresh_from_db()
    assert invitation.status == Invitation.Status.REVOKED
    again = producer.post(f"/api/invitations/{invitation.pk}/revoke/")
    assert "not pending" in assert_error(again, 400, "invalid")["message"]


def test_invitation_validation_comes_from_the_service(studio, api):
    response = api(studio.producer).post(
        "/api/invitations/",
        {"organization": str(studio.org.pk), "email": "someone@example.test", "role": "client"},
        format="json",
    )
    error = assert_error(response, 400, "invalid")
    assert error["fields"]["client"] == ["Choose the client company this person belongs to."]
    assert not Invitation.objects.exists()


def test_me_shows_and_updates_profile(studio, api):
    me = api(studio.acme_user)
    body = me.get("/api/me/").json()
    assert body["email"] == studio.acme_user.email
    assert body["time_zone"] == "UTC"
    assert body["memberships"] == [
        {"organization": str(studio.org.pk), "role": "client", "client": str(studio.acme.pk)}
    ]
    updated = me.patch("/api/me/", {"time_zone": "Europe/Paris", "first_name": " Wile "}, format="json")
    assert updated.status_code == 200, updated.content
    assert updated.json()["time_zone"] == "Europe/Paris"
    studio.acme_user.refresh_from_db()
    assert (studio.acme_user.time_zone, studio.acme_user.first_name) == ("Europe/Paris", "Wile")
    bad = me.patch("/api/me/", {"time_zone": "Mars/Olympus"}, format="json")
    assert "Unknown time zone" in assert_error(bad, 400, "invalid")["fields"]["time_zone"][0]
    studio.acme_user.refresh_from_db()
    assert studio.acme_user.time_zone == "Europe/Paris"


# --- The schema -------------------------------------------------------------------------------


def test_schema_endpoint_returns_valid_openapi_3(studio, api):
    response = api().get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    schema = json.loads(response.content)
    assert schema["openapi"].startswith("3.")
    validate_schema(schema)  # raises on an invalid document
    paths = schema["paths"]
    for expected in (
        "/api/organizations/",
        "/api/clients/",
        "/api/projects/",
        "/api/projects/{id}/",
        "/api/projects/{id}/stage/",
        "/api/projects/{project_id}/timeline/",
        "/api/memberships/",
        "/api/invitations/",
        "/api/invitations/{id}/revoke/",
        "/api/me/",
        "/api/auth/token/",
    ):
        assert expected in paths, expected
    stage_errors = paths["/api/projects/{id}/stage/"]["post"]["responses"]
    assert stage_errors["400"]["content"]["application/json"]["schema"]["$ref"] == "#/components/schemas/ApiError"
    assert paths["/api/projects/{id}/"]["get"]["parameters"][0]["schema"]["format"] == "uuid"
    assert api().get("/api/docs/").status_code == 200


def test_unexpected_errors_are_500_in_the_one_format(studio, api, monkeypatch):
    def explode(user):
        raise RuntimeError("boom")

    monkeypatch.setattr("projects.selectors.organizations_for", explode)
    client = api(studio.producer)
    client.raise_request_exception = False
    error = assert_error(client.get("/api/organizations/"), 500, "server_error")
    assert "boom" not in error["message"]


def test_api_root_lists_collections_for_members_only(studio, api):
    root = api(studio.editor).get("/api/")
    assert root.status_code == 200
    assert root.json()["projects"].endswith("/api/projects/")
    assert_error(api(UserFactory()).get("/api/"), 403, "permission_denied")
    assert_error(api().get("/api/"), 401, "not_authenticated")
