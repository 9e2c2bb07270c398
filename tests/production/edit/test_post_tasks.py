"""Post-production tasks: the team's board of the work between the shoot and the master (edit,
mix, grade, motion, voiceover, review rounds, final export) with who, by when, where each stands
and what it waits on; the project page's section and the dashboard's overdue panel; the API."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from production.edit import selectors, services
from production.edit.models import PostTask
from projects.models import TimelineEvent
from tests.factories import MembershipFactory, OrganizationFactory, ProjectFactory

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def task(studio, title="Picture lock", project=None, **fields) -> PostTask:
    return services.post_task_create(project=project or studio.acme_project, by=studio.producer, title=title, **fields)


def board(project) -> str:
    return reverse("post-board", kwargs={"project_id": project.pk})


def test_a_task_waits_until_what_it_depends_on_is_done(studio):
    edit = task(studio, kind="edit", assignee=studio.editor, due_date=TODAY + dt.timedelta(days=2))
    mix = task(studio, "Final mix", kind="sound", depends_on=[edit])
    with pytest.raises(ValidationError) as refused:
        services.post_task_move(task=mix, by=studio.editor, status="doing")
    assert "“Final mix” waits on “Picture lock” (to do)" in refused.value.messages[0]
    assert PostTask.objects.get(pk=mix.pk).status == "todo"  # nothing changed

    services.post_task_move(task=edit, by=studio.editor, status="done")
    moved = services.post_task_move(task=mix, by=studio.editor, status="doing")
    assert moved.status == "doing" and PostTask.objects.get(pk=edit.pk).done_at is not None
    reopened = services.post_task_move(task=edit, by=studio.producer, status="doing")
    assert reopened.done_at is None
    events = TimelineEvent.objects.filter(project=studio.acme_project, kind__startswith="post.")
    assert {e.kind for e in events} == {"post.task_added", "post.task_moved"}
    assert all(e.stage == "edit" and not e.client_visible for e in events)  # the team's work
    assert events.filter(summary__contains="from to do to done").count() == 1


def test_moving_a_task_where_it_is_records_nothing(studio):
    edit = task(studio)
    before = TimelineEvent.objects.count()
    services.post_task_move(task=edit, by=studio.producer, status="todo")
    assert TimelineEvent.objects.count() == before


def test_waits_stay_in_the_project_and_never_loop(studio):
    a = task(studio, "Edit")
    b = task(studio, "Grade", depends_on=[a])
    c = task(studio, "Export", depends_on=[b])
    fields = {"title": "Edit", "kind": "edit", "assignee": None, "due_date": None, "notes": ""}
    with pytest.raises(ValidationError) as loop:
        services.post_task_update(task=a, by=studio.producer, depends_on=[c], **fields)
    assert "“Export” already waits on “Edit”: that would be a loop." in loop.value.messages
    with pytest.raises(ValidationError) as itself:
        services.post_task_update(task=a, by=studio.producer, depends_on=[a], **fields)
    assert "A task cannot wait on itself." in itself.value.messages
    elsewhere = task(studio, "Globex edit", project=studio.globex_project)
    with pytest.raises(ValidationError) as foreign:
        task(studio, "Mix", depends_on=[elsewhere])
    assert "same project" in foreign.value.messages[0]
    assert list(PostTask.objects.get(pk=a.pk).depends_on.all()) == []


def test_only_producers_and_editors_plan_and_only_the_team_is_given_tasks(studio):
    for outsider in (studio.marketer, studio.acme_user):
        with pytest.raises(PermissionDenied):
            services.post_task_create(project=studio.acme_project, by=outsider, title="Mix")
    with pytest.raises(ValidationError) as client:
        task(studio, "Mix", assignee=studio.acme_user)
    assert client.value.message_dict == {"assignee": ["Give the task to someone on the studio's team."]}
    with pytest.raises(ValidationError) as blank:
        task(studio, "   ")
    assert "title" in blank.value.message_dict
    assert not PostTask.objects.exists()


def test_the_board_shows_each_column_and_adds_a_task_from_its_form(studio, as_user):
    edit = task(studio, assignee=studio.editor, due_date=TODAY - dt.timedelta(days=1))
    task(studio, "Final mix", kind="sound", depends_on=[edit])
    editor = as_user(studio.editor)
    page = editor.get(board(studio.acme_project)).content.decode()
    for label in ("To do", "In progress", "In review", "Done"):
        assert f">{label}</h2>" in page
    assert "Overdue · " in page and "1 overdue" in page and "Waits on" in page

    added = editor.post(board(studio.acme_project), {
        "title": "Colour grade", "kind": "grade", "assignee": str(studio.editor.pk),
        "due_date": (TODAY + dt.timedelta(days=5)).isoformat(), "depends_on": [str(edit.pk)],
    })  # fmt: skip
    grade = PostTask.objects.get(title="Colour grade")
    assert added.status_code == 302 and added["Location"].endswith(f"#task-{grade.pk}")
    assert [t.pk for t in grade.depends_on.all()] == [edit.pk] and grade.assignee == studio.editor

    refused = editor.post(board(studio.acme_project), {"title": "", "kind": "grade"})
    assert refused.status_code == 400 and "Give the task a title." in refused.content.decode()
    assert PostTask.objects.count() == 3


def test_moving_on_the_board_by_button_and_by_drag(studio, as_user):
    edit = task(studio)
    mix = task(studio, "Final mix", depends_on=[edit])
    editor = as_user(studio.editor)
    move = reverse("post-task-move", kwargs={"task_id": mix.pk})
    dragged = editor.post(move, {"status": "doing"}, HTTP_ACCEPT="application/json")
    assert dragged.status_code == 400 and "waits on “Picture lock”" in dragged.json()["error"]
    clicked = editor.post(reverse("post-task-move", kwargs={"task_id": edit.pk}), {"status": "done"})
    assert clicked.status_code == 302 and clicked["Location"].endswith(f"#task-{edit.pk}")
    dragged = editor.post(move, {"status": "check"}, HTTP_ACCEPT="application/json")
    assert dragged.json() == {"id": str(mix.pk), "status": "check", "label": "In review"}
    nonsense = editor.post(move, {"status": "sideways"}, HTTP_ACCEPT="application/json")
    assert nonsense.status_code == 400 and PostTask.objects.get(pk=mix.pk).status == "check"
    marketer = as_user(studio.marketer).post(move, {"status": "done"}, HTTP_ACCEPT="application/json")
    assert marketer.status_code == 403 and PostTask.objects.get(pk=mix.pk).status == "check"


def test_the_board_is_the_teams(studio, as_user):
    edit = task(studio)
    rival = MembershipFactory(organization=OrganizationFactory(), role="producer").user
    for outsider in (studio.acme_user, studio.globex_user, rival):
        browser = as_user(outsider)
        assert browser.get(board(studio.acme_project)).status_code == 404
        assert browser.get(reverse("post-task", kwargs={"task_id": edit.pk})).status_code == 404
        assert (
            browser.post(reverse("post-task-move", kwargs={"task_id": edit.pk}), {"status": "done"}).status_code == 404
        )
    assert PostTask.objects.get(pk=edit.pk).status == "todo"
    assert (
        'id="post"'
        not in as_user(studio.acme_user)
        .get(reverse("project-detail", kwargs={"project_id": studio.acme_project.pk}))
        .content.decode()
    )  # no post section on the client's project page


def test_a_task_page_changes_and_removes_the_task(studio, as_user):
    edit = task(studio)
    editor = as_user(studio.editor)
    url = reverse("post-task", kwargs={"task_id": edit.pk})
    saved = editor.post(url, {"title": "Picture lock v2", "kind": "edit", "assignee": str(studio.producer.pk)})
    assert saved.status_code == 302 and PostTask.objects.get(pk=edit.pk).assignee == studio.producer
    assert TimelineEvent.objects.filter(kind="post.task_changed", summary__contains="gave the post task").exists()
    removed = editor.post(reverse("post-task-remove", kwargs={"task_id": edit.pk}))
    assert removed.status_code == 302 and not PostTask.objects.exists()


def test_the_project_section_and_the_dashboard_panel_show_whats_overdue(studio, as_user):
    late = task(studio, "Picture lock", due_date=TODAY - dt.timedelta(days=3))
    task(studio, "Final mix", due_date=TODAY + dt.timedelta(days=3))
    done_late = task(studio, "Trailer", due_date=TODAY - dt.timedelta(days=9))
    services.post_task_move(task=done_late, by=studio.producer, status="done")
    rival_org = OrganizationFactory()
    rival = MembershipFactory(organization=rival_org, role="producer").user
    services.post_task_create(
        project=ProjectFactory(organization=rival_org, owner=rival), by=rival, title="Their lock",
        due_date=TODAY - dt.timedelta(days=1),
    )  # fmt: skip

    producer = as_user(studio.producer)
    assert reverse("post-overdue") in producer.get(reverse("dashboard")).content.decode()
    panel = producer.get(reverse("post-overdue")).content.decode()
    assert 'data-overdue-tasks="1"' in panel and "Picture lock" in panel
    assert "Trailer" not in panel and "Their lock" not in panel and "Final mix" not in panel
    assert as_user(studio.acme_user).get(reverse("post-overdue")).content.decode().strip() == ""
    section = producer.get(reverse("post-section", kwargs={"project_id": studio.acme_project.pk})).content.decode()
    assert "2 open tasks" in section and "1 overdue" in section and f"#task-{late.pk}" in section
    tasks, count = selectors.overdue_post_tasks(user=studio.producer, today=TODAY)
    assert [t.title for t in tasks] == ["Picture lock"] and count == 1


def test_the_api_lists_adds_moves_and_refuses(studio):
    def api(user):
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
        return client

    editor = api(studio.editor)
    edit = editor.post("/api/post-tasks/", {"project": str(studio.acme_project.pk), "title": "Lock"}, format="json")
    assert edit.status_code == 201 and edit.json()["status"] == "todo"
    mix = editor.post(
        "/api/post-tasks/",
        {"project": str(studio.acme_project.pk), "title": "Mix", "kind": "sound", "depends_on": [edit.json()["id"]]},
        format="json",
    )
    assert mix.status_code == 201 and mix.json()["depends_on"] == [edit.json()["id"]]
    blocked = editor.post(f"/api/post-tasks/{mix.json()['id']}/move/", {"status": "done"}, format="json")
    assert blocked.status_code == 400 and "waits on" in str(blocked.json())
    listed = editor.get(f"/api/post-tasks/?project={studio.acme_project.pk}").json()
    assert sorted(t["title"] for t in listed["results"]) == ["Lock", "Mix"]

    marketer = api(studio.marketer)
    assert marketer.get("/api/post-tasks/").json()["count"] == 2  # the team reads the board
    assert marketer.post(f"/api/post-tasks/{edit.json()['id']}/move/", {"status": "done"}).status_code == 403
    client = api(studio.acme_user)
    assert client.get("/api/post-tasks/").json()["count"] == 0
    assert client.get(f"/api/post-tasks/{edit.json()['id']}/").status_code == 404
    made = client.post("/api/post-tasks/", {"project": str(studio.acme_project.pk), "title": "Mine"}, format="json")
    assert made.status_code == 404 and PostTask.objects.count() == 2
