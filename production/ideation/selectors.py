"""Reads of ideation, scoped by the acting user. The ideas board is the team's: a client never
sees an idea (nor that there is a board). A brief is seen by whoever may see its project
(``projects_visible_to``: a client, their own invited projects only)."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef, Prefetch, QuerySet
from django.shortcuts import get_object_or_404

from projects.models import Organization, Project
from projects.selectors import projects_visible_to, staff_organization_ids

from .models import Brief, BriefSignoff, BriefVersion, Idea, IdeaComment, IdeaVote

ROWS = ("kpis", "platforms", "messages", "assets")


# --- Ideas ------------------------------------------------------------------------------------


def board_organizations(user) -> QuerySet[Organization]:
    """The organizations whose ideas board the user may open (the team's)."""
    return Organization.objects.filter(pk__in=staff_organization_ids(user)).order_by("name")


def ideas_visible_to(user) -> QuerySet[Idea]:
    return Idea.objects.filter(organization_id__in=staff_organization_ids(user))


def ideas_for_board(user, *, organization: Organization | None = None, status: str = "") -> QuerySet[Idea]:
    """The board's list: each idea with its votes counted, whether the user voted, its comment
    count, its author and the project it became: one query however many there are."""
    qs = ideas_visible_to(user)
    if organization is not None:
        qs = qs.filter(organization=organization)
    if status:
        qs = qs.filter(status=status)
    return (
        qs.select_related("author", "project", "organization")
        .annotate(
            vote_count=Count("votes", distinct=True),
            comment_count=Count("comments", distinct=True),
            voted=Exists(IdeaVote.objects.filter(idea=OuterRef("pk"), user_id=getattr(user, "pk", None))),
        )
        .order_by("-vote_count", "-created_at")
    )


def idea_for(*, user, idea_id) -> Idea:
    return get_object_or_404(ideas_for_board(user), pk=idea_id)


def comments_of(idea: Idea) -> QuerySet[IdeaComment]:
    """An idea's comments (the caller got the idea from a selector)."""
    return idea.comments.select_related("author").order_by("created_at")


def status_counts(user, *, organization: Organization | None = None) -> dict[str, int]:
    qs = ideas_visible_to(user)
    if organization is not None:
        qs = qs.filter(organization=organization)
    return {row["status"]: row["n"] for row in qs.order_by().values("status").annotate(n=Count("pk"))}


# --- Briefs -----------------------------------------------------------------------------------


def briefs_visible_to(user) -> QuerySet[Brief]:
    return Brief.objects.filter(project__in=projects_visible_to(user)).select_related("project")


def brief_versions_visible_to(user) -> QuerySet[BriefVersion]:
    return (
        BriefVersion.objects.filter(brief__project__in=projects_visible_to(user))
        .select_related("brief__project")
        .prefetch_related(*ROWS, Prefetch("signoffs", queryset=BriefSignoff.objects.order_by("created_at")))
    )


def brief_version_for(*, user, version_id) -> BriefVersion:
    return get_object_or_404(brief_versions_visible_to(user), pk=version_id)


@dataclass
class BriefPage:
    """A project's brief as its page shows it: the current version with its rows and sign-offs,
    and every version (newest first, without their rows) for the history."""

    project: Project
    brief: Brief | None
    current: BriefVersion | None
    history: list[BriefVersion] = field(default_factory=list)

    @property
    def signoffs(self) -> list[BriefSignoff]:
        return list(self.current.signoffs.all()) if self.current else []

    @property
    def signed_off(self) -> bool:
        return bool(self.signoffs)

    @property
    def last_signed(self) -> BriefVersion | None:
        """The newest version someone signed off (the current one or an older one)."""
        return next((v for v in self.history if v.signoff_count), None)


def brief_page(*, project: Project) -> BriefPage:
    """The brief of ``project`` (which the caller read through ``projects.selectors``)."""
    brief = Brief.objects.filter(project=project).first()
    if brief is None:
        return BriefPage(project=project, brief=None, current=None)
    history = list(
        brief.versions.annotate(signoff_count=Count("signoffs"))
        .order_by("-number")
        .only("id", "number", "note", "created_at", "created_by_name", "brief_id")
    )
    current = None
    if history:
        current = (
            BriefVersion.objects.filter(pk=history[0].pk)
            .prefetch_related(*ROWS, Prefetch("signoffs", queryset=BriefSignoff.objects.order_by("created_at")))
            .get()
        )
    return BriefPage(project=project, brief=brief, current=current, history=history)


def version_of(*, project: Project, number: int) -> BriefVersion:
    """One version of the project's brief, with its rows (404 for a number it does not have)."""
    return get_object_or_404(
        BriefVersion.objects.filter(brief__project=project).prefetch_related(
            *ROWS, Prefetch("signoffs", queryset=BriefSignoff.objects.order_by("created_at"))
        ),
        number=number,
    )
