"""Reads of the edit stage (cuts, versions, the project's media section), scoped by the acting user."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import F, Max, Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404

from production.media.models import MediaAsset
from production.media.selectors import assets_visible_to, attach_renders, renders_for_lists, sees_file_names
from projects.models import STAFF_ROLES, Project, User
from projects.selectors import project_visibility, staff_organization_ids

from . import links
from .models import Cut, PostTask, Version

__all__ = ["sees_file_names"]


def cuts_visible_to(user) -> QuerySet[Cut]:
    """Staff see every cut of their projects; clients only client-visible cuts."""
    return Cut.objects.filter(project_visibility(user, "project__")).filter(
        Q(project__organization_id__in=staff_organization_ids(user)) | Q(client_visible=True)
    )


def cut_for(*, user, cut_id) -> Cut:
    return get_object_or_404(
        cuts_visible_to(user).select_related("project__client", "project__organization"), pk=cut_id
    )


# A client sees the versions of client-visible cuts, except a file that cannot be played (the
# team replaces it; the client never needs to know it was there).
_CLIENT_VERSIONS = Q(cut__client_visible=True) & ~Q(asset__status=MediaAsset.Status.UNUSABLE)


def versions_visible_to(user) -> QuerySet[Version]:
    """Staff see every version of their projects' cuts; clients the playable versions of
    client-visible cuts (the one rule for versions: pages, API, review and emails)."""
    return Version.objects.filter(project_visibility(user, "cut__project__")).filter(
        Q(cut__project__organization_id__in=staff_organization_ids(user)) | _CLIENT_VERSIONS
    )


def _versions_visible_to(user, versions: QuerySet[Version], project_organization_id) -> QuerySet[Version]:
    if project_organization_id in staff_organization_ids(user):
        return versions
    return versions.filter(_CLIENT_VERSIONS)


@dataclass(frozen=True)
class ProjectMedia:
    cuts: list[Cut]  # each with ``version_list`` (newest first), assets with their renders attached
    other_assets: list[MediaAsset]  # dailies and other material (staff only)

    @property
    def is_empty(self) -> bool:
        return not self.cuts and not self.other_assets


def project_media(*, user, project) -> ProjectMedia:
    """The cuts with their versions, and the other assets, of a project the user can see, in a
    fixed number of queries. Clients get client-visible cuts only and no other assets."""
    renders = Prefetch("renders", queryset=renders_for_lists(), to_attr="render_list")
    versions = _versions_visible_to(
        user,
        Version.objects.select_related("asset__uploaded_by", "created_by")
        .prefetch_related(Prefetch("asset__renders", queryset=renders_for_lists(), to_attr="render_list"))
        .order_by("-number"),
        project.organization_id,
    )
    cuts = list(
        cuts_visible_to(user)
        .filter(project=project)
        .annotate(last_number=Max("versions__number"))
        .prefetch_related(Prefetch("versions", queryset=versions, to_attr="version_list"))
        .order_by("title")
    )
    for cut in cuts:
        for version in cut.version_list:
            attach_renders(version.asset)
            version.links = links.links_for(version)
    others = list(assets_visible_to(user).filter(project=project, version__isnull=True).prefetch_related(renders))
    return ProjectMedia(cuts=cuts, other_assets=[attach_renders(a) for a in others])


def cuts_for_upload(*, user, project) -> QuerySet[Cut]:
    """The cuts a new version can go to, with the number the next one will get."""
    return cuts_visible_to(user).filter(project=project).annotate(last_number=Max("versions__number")).order_by("title")


def versions_of_cut(*, user, cut: Cut) -> QuerySet[Version]:
    """Every version of a cut the user can see (visibility is per cut, so all or none)."""
    versions = (
        Version.objects.filter(cut__in=cuts_visible_to(user), cut=cut).select_related("asset").order_by("-number")
    )
    return _versions_visible_to(user, versions, cut.project.organization_id)


# --- Post-production tasks --------------------------------------------------------------------


def post_tasks_visible_to(user) -> QuerySet[PostTask]:
    """The post board is the team's: staff see their projects' tasks, a client none."""
    staff = staff_organization_ids(user)
    return PostTask.objects.filter(project_visibility(user, "project__"), project__organization_id__in=staff)


def post_task_for(*, user, task_id) -> PostTask:
    return get_object_or_404(post_tasks_visible_to(user).select_related("project__organization"), pk=task_id)


@dataclass(frozen=True)
class PostBoard:
    columns: list[dict]  # {"status", "label", "tasks"}, in the board's order
    tasks: list[PostTask]  # each with ``waits`` (what it waits on) and ``waiting`` (those not done)
    open_count: int
    overdue_count: int


def post_board(*, user, project, today) -> PostBoard:
    """A project's post tasks by where they stand, each with what it waits on, in three queries
    (tasks with assignees, their waits). ``today``: the viewer's date, for what is overdue."""
    tasks = list(
        post_tasks_visible_to(user)
        .filter(project=project)
        .select_related("assignee")
        .prefetch_related(Prefetch("depends_on", queryset=PostTask.objects.order_by("title"), to_attr="waits"))
        .order_by(F("due_date").asc(nulls_last=True), "created_at")
    )
    for task in tasks:
        task.waiting = [t for t in task.waits if t.status != PostTask.Status.DONE]
        task.overdue = bool(task.due_date and task.due_date < today and task.status != PostTask.Status.DONE)
    columns = [
        {"status": status, "label": label, "tasks": [t for t in tasks if t.status == status]}
        for status, label in PostTask.Status.choices
    ]
    return PostBoard(
        columns=columns,
        tasks=tasks,
        open_count=sum(1 for t in tasks if t.status != PostTask.Status.DONE),
        overdue_count=sum(1 for t in tasks if t.overdue),
    )


OVERDUE_SHOWN = 8


def overdue_post_tasks(*, user, today) -> tuple[list[PostTask], int]:
    """The first overdue, unfinished post tasks of the user's live projects (most overdue first)
    and how many there are: the dashboard's panel."""
    overdue = (
        post_tasks_visible_to(user)
        .filter(due_date__lt=today, project__status=Project.Status.ACTIVE)
        .exclude(status=PostTask.Status.DONE)
    )
    rows = list(overdue.select_related("project", "assignee").order_by("due_date", "created_at")[: OVERDUE_SHOWN + 1])
    count = len(rows) if len(rows) <= OVERDUE_SHOWN else overdue.count()
    return rows[:OVERDUE_SHOWN], count


def task_assignees(project) -> QuerySet:
    """Who a task of ``project`` can be given to (the team), by name."""
    return User.objects.filter(
        memberships__organization_id=project.organization_id, memberships__role__in=STAFF_ROLES, is_active=True
    ).order_by("first_name", "last_name", "email")
