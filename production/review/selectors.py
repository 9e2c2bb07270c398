"""Reads of review, scoped by the acting user: the one rule for comments. A comment is seen by
whoever may see its version (production.edit.selectors.versions_visible_to), except that an
internal comment is the team's: never a client's or a guest's, in pages, API, exports or emails."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404

from production.edit.models import Version
from production.edit.selectors import versions_visible_to
from projects.models import Project, Role, User
from projects.selectors import staff_organization_ids

from . import approvals
from .models import Approval, Comment, ReviewPolicy


def comments_visible_to(user) -> QuerySet[Comment]:
    staff = Q(version__cut__project__organization_id__in=staff_organization_ids(user))
    return Comment.objects.filter(version__in=versions_visible_to(user)).filter(staff | Q(internal=False))


def comment_for(*, user, comment_id) -> Comment:
    return get_object_or_404(comments_visible_to(user).select_related("version__cut__project"), pk=comment_id)


def versions_for_review(user) -> QuerySet[Version]:
    return versions_visible_to(user).select_related("cut__project__client", "cut__project__organization", "asset")


def version_for_review(*, user, version_id) -> Version:
    return get_object_or_404(versions_for_review(user), pk=version_id)


@dataclass(frozen=True)
class VersionReview:
    """A version's review as ``user`` sees it: its state (from every decision), the round they
    decide in (None: they do not), and the decisions they may read, oldest first."""

    state: approvals.ReviewState
    round: str | None
    decisions: list[Approval]
    policy: ReviewPolicy


def review_state_of(*, user, version: Version) -> VersionReview:
    policy = approvals.policy_of(version.cut.project)
    decisions = list(version.approvals.order_by("created_at"))
    staff = version.cut.project.organization_id in staff_organization_ids(user)
    return VersionReview(
        state=approvals.state_of(decisions, policy),
        round=approvals.round_of(user, version, policy),
        decisions=[d for d in decisions if staff or not d.internal],
        policy=policy,
    )


def review_states_of(versions: list[Version]) -> dict:
    """The state of each of a cut's versions (the version switcher), in two queries."""
    if not versions:
        return {}
    policy = approvals.policy_of(versions[0].cut.project)
    decisions = approvals.decisions_by_version(versions)
    return {v.pk: approvals.state_of(decisions[v.pk], policy) for v in versions}


def threads_of(*, user, version: Version) -> list[Comment]:
    """The version's threads in timecode order, each with ``reply_list`` (oldest first), in a
    fixed number of queries whatever their number."""
    visible = comments_visible_to(user).filter(version=version)
    replies = visible.filter(thread__isnull=False).select_related("author").order_by("created_at")
    return list(
        visible.filter(thread__isnull=True)
        .select_related("author", "resolved_by")
        .prefetch_related(Prefetch("replies", queryset=replies, to_attr="reply_list"))
        .order_by("frame", "created_at")
    )


def client_reviewers_of(project: Project) -> QuerySet[User]:
    """The client's people invited to the project: who may review and approve for the client."""
    return (
        User.objects.filter(project_accesses__project=project, is_active=True)
        .filter(
            memberships__organization_id=project.organization_id,
            memberships__role=Role.CLIENT,
            memberships__client_id=project.client_id,
        )
        .distinct()
        .order_by("first_name", "last_name", "email")
    )


def approvals_visible_to(user) -> QuerySet[Approval]:
    """Decisions on the versions the user sees; the team's round of two is the team's."""
    staff = Q(version__cut__project__organization_id__in=staff_organization_ids(user))
    return Approval.objects.filter(version__in=versions_visible_to(user)).filter(staff | Q(internal=False))
