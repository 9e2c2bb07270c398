"""Every write of the edit stage: cuts and their versions. Keyword-only, one transaction each,
timeline events inside it. A version is made when an asset uploaded to the cut arrives
(``CutTarget.arrived``, registered with media's upload targets)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from production.media.models import MediaAsset
from projects import timeline
from projects.models import Project, Stage, User
from projects.permissions import can_upload
from projects.services import title_problem

from . import selectors
from .models import Cut, PostTask, Version

# --- Cuts ---------------------------------------------------------------------------------


def cut_check(*, project: Project, title: str, cut: Cut | None = None) -> dict[str, str]:
    """Every problem with a cut's title: the title rules of the core, and unique (whatever the
    case) within the project. ``cut`` is the one being renamed (None for a new cut)."""
    problem = title_problem(title, thing="cut")
    if problem:
        return {"title": problem}
    title = title.strip()
    others = Cut.objects.filter(project=project, title__iexact=title)
    if cut is not None:
        others = others.exclude(pk=cut.pk)
    if others.exists():
        return {"title": f"There is already a cut called “{title}”."}
    return {}


@transaction.atomic
def cut_create(*, project: Project, title: str, by: User, client_visible: bool = False) -> Cut:
    if not can_upload(by, project):
        raise PermissionDenied("Only producers and editors can add cuts.")
    errors = cut_check(project=project, title=title)
    if errors:
        raise ValidationError(errors)
    title = title.strip()
    cut = Cut.objects.create(project=project, title=title, client_visible=client_visible, created_by=by)
    timeline.record(
        project=project,
        kind="cut.created",
        summary=f"{by.display_name} started the cut “{title}”",
        actor=by,
        subject=cut,
    )
    return cut


@transaction.atomic
def cut_set_client_visible(*, cut: Cut, visible: bool, by: User) -> Cut:
    """Share a cut with the client (they can watch and follow its versions) or hide it again.
    Producers and editors only; the client is never asked. Setting what is already set changes
    nothing and records nothing."""
    if not can_upload(by, cut.project):
        raise PermissionDenied("Only producers and editors can share a cut with the client.")
    if not isinstance(visible, bool):
        raise ValidationError({"client_visible": "Say true (share with the client) or false (team only)."})
    cut = Cut.objects.select_for_update().select_related("project").get(pk=cut.pk)
    if cut.client_visible == visible:
        return cut
    cut.client_visible = visible
    cut.save(update_fields=["client_visible", "updated_at"])
    client = cut.project.client.name
    timeline.record(
        project=cut.project,
        kind="cut.shared" if visible else "cut.hidden",
        summary=(
            f"{by.display_name} shared the cut “{cut.title}” with {client}"
            if visible
            else f"{by.display_name} made the cut “{cut.title}” team only"
        ),
        actor=by,
        subject=cut,
        data={"client_visible": visible},
        client_visible=visible,  # the client learns of a share, never of a hide
    )
    return cut


@transaction.atomic
def cut_rename(*, cut: Cut, title: str, by: User) -> Cut:
    """Give a cut another title (the same rules as a new cut's)."""
    if not can_upload(by, cut.project):
        raise PermissionDenied("Only producers and editors can rename a cut.")
    cut = Cut.objects.select_for_update().select_related("project").get(pk=cut.pk)
    errors = cut_check(project=cut.project, title=title, cut=cut)
    if errors:
        raise ValidationError(errors)
    old, new = cut.title, title.strip()
    if old == new:
        return cut
    cut.title = new
    cut.save(update_fields=["title", "updated_at"])
    timeline.record(
        project=cut.project,
        kind="cut.renamed",
        summary=f"{by.display_name} renamed the cut “{old}” to “{new}”",
        actor=by,
        subject=cut,
        data={"from": old, "to": new},
        client_visible=cut.client_visible,
    )
    return cut


@transaction.atomic
def cut_update(*, cut: Cut, by: User, title: str | None = None, client_visible: bool | None = None) -> Cut:
    """Rename and/or share or hide a cut in one change (the API's PATCH): all or nothing."""
    if not can_upload(by, cut.project):
        raise PermissionDenied("Only producers and editors can change a cut.")
    if title is not None:
        cut = cut_rename(cut=cut, title=title, by=by)
    if client_visible is not None:
        cut = cut_set_client_visible(cut=cut, visible=client_visible, by=by)
    return cut


# --- Versions ---------------------------------------------------------------------------


def version_add(*, cut_id, asset: MediaAsset, by: User) -> Version:
    """The asset uploaded to a cut becomes its next version (called inside the asset's
    transaction by the cut upload target)."""
    cut = Cut.objects.select_for_update().get(pk=cut_id)
    number = (cut.versions.aggregate(n=Max("number"))["n"] or 0) + 1
    version = Version.objects.create(cut=cut, number=number, asset=asset, created_by=by)
    timeline.record(
        project=cut.project,
        kind="version.uploaded",
        summary=f"{by.display_name} uploaded version {number} of “{cut.title}”",
        actor=by,
        subject=version,
        data={"asset": str(asset.pk), "filename": asset.original_name, "size": asset.size},
        client_visible=cut.client_visible,
    )
    return version


def version_detach(*, version: Version, by: User) -> tuple[str, dict]:
    """An unusable version's file is being deleted: the version goes with it."""
    summary = (
        f"{by.display_name} deleted version {version.number} of “{version.cut.title}” "
        f"({version.asset.display_name}), which could not be used"
    )
    data = {"cut": str(version.cut_id), "version": version.number}
    version.delete()
    return summary, data


def version_unusable(*, version: Version) -> None:
    """Clients never see a version that cannot be played, nor its upload."""
    timeline.withdraw_from_clients(subject=version)


# --- Post-production tasks --------------------------------------------------------------------

_STARTED = (PostTask.Status.DOING, PostTask.Status.CHECK, PostTask.Status.DONE)


def _task_problems(
    *, project: Project, title: str, assignee: User | None, depends_on, task: PostTask | None = None
) -> dict[str, str]:
    """Every problem with a task's fields: its title, its assignee (one of the team), and what it
    waits on (tasks of the same project, not itself, and no loop: A waits on B waits on A)."""
    errors = {}
    problem = title_problem(title, thing="task")
    if problem:
        errors["title"] = problem
    if assignee is not None and not selectors.task_assignees(project).filter(pk=assignee.pk).exists():
        errors["assignee"] = "Give the task to someone on the studio's team."
    waits = list(depends_on)
    if any(t.project_id != project.pk for t in waits):
        errors["depends_on"] = "A task can only wait on tasks of the same project."
    elif task is not None and any(t.pk == task.pk for t in waits):
        errors["depends_on"] = "A task cannot wait on itself."
    elif task is not None and waits:
        loop = _loop_through(task, waits)
        if loop:
            errors["depends_on"] = f"“{loop.title}” already waits on “{task.title}”: that would be a loop."
    return errors


def _loop_through(task: PostTask, waits: list[PostTask]) -> PostTask | None:
    """The first of ``waits`` that (through its own waits) waits on ``task``, or None."""
    edges: dict = {}
    for source, target in PostTask.depends_on.through.objects.filter(
        from_posttask__project_id=task.project_id
    ).values_list("from_posttask_id", "to_posttask_id"):
        edges.setdefault(source, set()).add(target)
    for start in waits:
        seen, stack = set(), [start.pk]
        while stack:
            node = stack.pop()
            if node == task.pk:
                return start
            if node not in seen:
                seen.add(node)
                stack.extend(edges.get(node, ()))
    return None


def _waiting_on(task: PostTask) -> list[PostTask]:
    return [t for t in task.depends_on.all() if t.status != PostTask.Status.DONE]


@transaction.atomic
def post_task_create(
    *,
    project: Project,
    by: User,
    title: str,
    kind: str = PostTask.Kind.EDIT,
    assignee: User | None = None,
    due_date=None,
    notes: str = "",
    depends_on=(),
) -> PostTask:
    if not can_upload(by, project):
        raise PermissionDenied("Only producers and editors plan post-production.")
    if kind not in PostTask.Kind.values:
        raise ValidationError({"kind": "Choose what kind of work it is."})
    errors = _task_problems(project=project, title=title, assignee=assignee, depends_on=depends_on)
    if errors:
        raise ValidationError(errors)
    task = PostTask.objects.create(
        project=project, kind=kind, title=title.strip(), assignee=assignee, due_date=due_date,
        notes=notes.strip(), created_by=by,
    )  # fmt: skip
    task.depends_on.set(depends_on)
    who = f" for {assignee.display_name}" if assignee else ""
    when = f", due {due_date.day} {due_date:%b}" if due_date else ""
    timeline.record(
        project=project, kind="post.task_added", stage=Stage.EDIT, actor=by, subject=task,
        summary=f"{by.display_name} added the post task “{task.title}” ({task.get_kind_display().lower()}){who}{when}",
    )  # fmt: skip
    return task


@transaction.atomic
def post_task_update(
    *, task: PostTask, by: User, title: str, kind: str, assignee: User | None, due_date, notes: str, depends_on
) -> PostTask:
    """Change a task's fields (not where it stands: ``post_task_move``)."""
    task = PostTask.objects.select_for_update(of=("self",)).select_related("project").get(pk=task.pk)
    if not can_upload(by, task.project):
        raise PermissionDenied("Only producers and editors plan post-production.")
    if kind not in PostTask.Kind.values:
        raise ValidationError({"kind": "Choose what kind of work it is."})
    depends_on = list(depends_on)
    errors = _task_problems(project=task.project, title=title, assignee=assignee, depends_on=depends_on, task=task)
    if errors:
        raise ValidationError(errors)
    handed = assignee is not None and assignee.pk != task.assignee_id
    task.title, task.kind, task.assignee, task.due_date, task.notes = (
        title.strip(),
        kind,
        assignee,
        due_date,
        notes.strip(),
    )
    task.save()
    task.depends_on.set(depends_on)
    timeline.record(
        project=task.project, kind="post.task_changed", stage=Stage.EDIT, actor=by, subject=task,
        summary=f"{by.display_name} gave the post task “{task.title}” to {assignee.display_name}"
        if handed else f"{by.display_name} changed the post task “{task.title}”",
    )  # fmt: skip
    return task


@transaction.atomic
def post_task_move(*, task: PostTask, by: User, status: str) -> PostTask:
    """Move a task on the board. Work starts only when what it waits on is done; moving it where
    it is changes nothing and records nothing."""
    task = PostTask.objects.select_for_update().select_related("project").get(pk=task.pk)
    if not can_upload(by, task.project):
        raise PermissionDenied("Only producers and editors move post tasks.")
    if status not in PostTask.Status.values:
        raise ValidationError({"status": "Choose to do, in progress, in review or done."})
    if status == task.status:
        return task
    waiting = _waiting_on(task)
    if status in _STARTED and waiting:
        names = ", ".join(f"“{t.title}” ({t.get_status_display().lower()})" for t in waiting)
        raise ValidationError({"status": f"“{task.title}” waits on {names}: finish that first."})
    before = task.get_status_display()
    task.status = status
    task.done_at = timezone.now() if status == PostTask.Status.DONE else None
    task.save(update_fields=["status", "done_at", "updated_at"])
    timeline.record(
        project=task.project, kind="post.task_moved", stage=Stage.EDIT, actor=by, subject=task,
        summary=f"{by.display_name} moved “{task.title}” from {before.lower()} to {task.get_status_display().lower()}",
        data={"from": before, "to": task.get_status_display()},
    )  # fmt: skip
    return task


@transaction.atomic
def post_task_delete(*, task: PostTask, by: User) -> None:
    task = PostTask.objects.select_for_update().select_related("project").get(pk=task.pk)
    if not can_upload(by, task.project):
        raise PermissionDenied("Only producers and editors remove post tasks.")
    title = task.title
    timeline.record(
        project=task.project, kind="post.task_removed", stage=Stage.EDIT, actor=by,
        summary=f"{by.display_name} removed the post task “{title}”",
    )  # fmt: skip
    task.delete()
