"""Pages of post-production: a project's board of post tasks (the edit, the mix, the grade…),
a task's own page, moving a task on the board (buttons, or dragging with static/js/post_board.js),
the project page's section and the dashboard's panel of overdue tasks. The board is the team's:
a client gets a 404, as for anything they may not see."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from projects.forms import add_service_errors, safe_next
from projects.permissions import can_see_internal, can_upload
from projects.selectors import project_for

from . import selectors, services
from .forms import PostTaskForm, PostTaskMoveForm
from .models import PostTask


def _staff_project(user, project_id):
    project = project_for(user=user, project_id=project_id)
    if not can_see_internal(user, project):
        raise Http404("No such page.")
    return project


def _form(project, data=None, *, task: PostTask | None = None, initial=None) -> PostTaskForm:
    others = PostTask.objects.filter(project=project).order_by("title")
    if task is not None:
        others = others.exclude(pk=task.pk)
    return PostTaskForm(data, assignees=selectors.task_assignees(project), tasks=others, initial=initial)


def _fields(form: PostTaskForm) -> dict:
    data = form.cleaned_data
    return {
        "title": data["title"] or "",
        "kind": data["kind"],
        "assignee": data["assignee"],
        "due_date": data["due_date"],
        "notes": data["notes"] or "",
        "depends_on": list(data.get("depends_on") or ()),
    }


def board_url(project) -> str:
    return reverse("post-board", kwargs={"project_id": project.pk})


@login_required
@require_http_methods(["GET", "POST"])
def post_board(request, project_id):
    """The board, and the form that adds a task to it (producers and editors)."""
    user = request.user
    project = _staff_project(user, project_id)
    may_plan = can_upload(user, project)
    form = _form(project, request.POST if request.method == "POST" else None) if may_plan else None
    status = 200
    if request.method == "POST":
        if not may_plan:
            raise PermissionDenied("Only producers and editors plan post-production.")
        if form.is_valid():
            try:
                task = services.post_task_create(project=project, by=user, **_fields(form))
            except (ValidationError, PermissionDenied) as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, f"“{task.title}” is on the board.")
                return redirect(f"{board_url(project)}#task-{task.pk}")
        status = 400
    board = selectors.post_board(user=user, project=project, today=timezone.localdate())
    context = {
        "project": project,
        "board": board,
        "form": form,
        "may_plan": may_plan,
        "statuses": PostTask.Status.choices,
    }
    return render(request, "edit/post_board.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def post_task_detail(request, task_id):
    """A task's page: change it (producers and editors) or remove it."""
    user = request.user
    task = selectors.post_task_for(user=user, task_id=task_id)
    project = task.project
    may_plan = can_upload(user, project)
    initial = {
        "title": task.title, "kind": task.kind, "assignee": task.assignee_id, "due_date": task.due_date,
        "notes": task.notes, "depends_on": list(task.depends_on.values_list("pk", flat=True)),
    }  # fmt: skip
    form = _form(project, request.POST if request.method == "POST" else None, task=task, initial=initial)
    status = 200
    if request.method == "POST":
        if not may_plan:
            raise PermissionDenied("Only producers and editors plan post-production.")
        if form.is_valid():
            try:
                services.post_task_update(task=task, by=user, **_fields(form))
            except (ValidationError, PermissionDenied) as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, "Task saved.")
                return redirect(f"{board_url(project)}#task-{task.pk}")
        status = 400
    context = {"project": project, "task": task, "form": form, "may_plan": may_plan}
    return render(request, "edit/post_task.html", context, status=status)


@login_required
@require_POST
def post_task_move(request, task_id):
    """Move a task to another column. A form's post returns to the board; the board's drag and
    drop (``Accept: application/json``) gets the task's new place, or the refusal, as JSON."""
    task = selectors.post_task_for(user=request.user, task_id=task_id)
    wants_json = "application/json" in request.headers.get("Accept", "")
    form = PostTaskMoveForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError({"status": "Choose to do, in progress, in review or done."})
        task = services.post_task_move(task=task, by=request.user, status=form.cleaned_data["status"])
    except (ValidationError, PermissionDenied) as exc:
        problem = " ".join(getattr(exc, "messages", [str(exc)]))
        if wants_json:
            return JsonResponse({"error": problem}, status=403 if isinstance(exc, PermissionDenied) else 400)
        messages.error(request, problem)
    else:
        if wants_json:
            return JsonResponse({"id": str(task.pk), "status": task.status, "label": task.get_status_display()})
    return redirect(safe_next(request, f"{board_url(task.project)}#task-{task.pk}"))


@login_required
@require_POST
def post_task_remove(request, task_id):
    task = selectors.post_task_for(user=request.user, task_id=task_id)
    project = task.project
    try:
        services.post_task_delete(task=task, by=request.user)
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
        return redirect(f"{board_url(project)}#task-{task.pk}")
    messages.success(request, f"“{task.title}” removed.")
    return redirect(board_url(project))


@login_required
@require_GET
def post_section(request, project_id):
    """The project page's "Post-production" section: open tasks, the overdue ones first."""
    project = _staff_project(request.user, project_id)
    board = selectors.post_board(user=request.user, project=project, today=timezone.localdate())
    open_tasks = sorted(
        (t for t in board.tasks if t.status != PostTask.Status.DONE), key=lambda t: (not t.overdue, t.due_date is None)
    )
    context = {"project": project, "board": board, "open_tasks": open_tasks[:5], "more": max(0, len(open_tasks) - 5)}
    return render(request, "edit/_post_section.html", context)


@login_required
@require_GET
def overdue_panel(request):
    """The dashboard's panel: post tasks past their due date on the user's live projects."""
    tasks, count = selectors.overdue_post_tasks(user=request.user, today=timezone.localdate())
    return render(request, "edit/_overdue_panel.html", {"tasks": tasks, "count": count})
