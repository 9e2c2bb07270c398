"""Approval rules, with no writes: a version's review state from its decisions, who decides in
which round, and which cut is a project's master. Services and pages both ask here, so the
state a page shows is the state a decision is checked against."""

from __future__ import annotations

from dataclasses import dataclass

from production.edit.models import Cut, Version
from production.edit.selectors import versions_visible_to
from projects.models import Project, Role
from projects.permissions import is_staff_of, role_in

from .models import Approval, ReviewPolicy

IN_REVIEW = "in_review"
STATUS_LABELS = {
    IN_REVIEW: "In review",
    Approval.Decision.CHANGES_REQUESTED: "Changes requested",
    Approval.Decision.APPROVED: "Approved",
    Approval.Decision.APPROVED_WITH_CHANGES: "Approved with changes",
}


@dataclass(frozen=True)
class ReviewState:
    """Where a version stands. ``awaiting`` is the round whose decision is due (None: anyone who
    decides, in one round; also None once it is approved)."""

    status: str
    label: str
    awaiting: str | None
    last: Approval | None

    @property
    def approved(self) -> bool:
        return self.status in (Approval.Decision.APPROVED, Approval.Decision.APPROVED_WITH_CHANGES)

    @property
    def css(self) -> str:
        return self.status.replace("_", "-")


def policy_of(project: Project) -> ReviewPolicy:
    """The project's policy, or the defaults (unsaved) when it has none."""
    try:
        return project.review_policy
    except ReviewPolicy.DoesNotExist:
        return ReviewPolicy(project=project)


def state_of(decisions: list[Approval], policy: ReviewPolicy) -> ReviewState:
    """The state after ``decisions`` (oldest first): the last one stands; with two rounds, the
    team's approval hands the version to the client."""
    if not decisions:
        awaiting = Approval.Round.INTERNAL if policy.two_rounds else None
        return ReviewState(IN_REVIEW, STATUS_LABELS[IN_REVIEW], awaiting, None)
    last = decisions[-1]
    if not last.approves:
        awaiting = Approval.Round.INTERNAL if policy.two_rounds else None
        return ReviewState(last.decision, STATUS_LABELS[last.decision], awaiting, last)
    if policy.two_rounds and last.round == Approval.Round.INTERNAL:
        return ReviewState(IN_REVIEW, "Approved by the team · with the client", Approval.Round.CLIENT, last)
    return ReviewState(last.decision, STATUS_LABELS[last.decision], None, last)


def approver_ids(policy: ReviewPolicy) -> set:
    if policy.pk is None:
        return set()
    return {user.pk for user in policy.approvers.all()}


def round_of(user, version: Version, policy: ReviewPolicy) -> str | None:
    """The round ``user`` decides in on ``version``, or None when they may not decide: the team's
    lead (else any producer) for the team; the named client approvers (else every client reviewer
    who can see the version) for the client."""
    project = version.cut.project
    if not getattr(user, "is_authenticated", False):
        return None
    if is_staff_of(user, project.organization):
        if policy.lead_id:
            return Approval.Round.INTERNAL if user.pk == policy.lead_id else None
        return Approval.Round.INTERNAL if role_in(user, project.organization) == Role.PRODUCER else None
    if not versions_visible_to(user).filter(pk=version.pk).exists():
        return None
    named = approver_ids(policy)
    if named and user.pk not in named:
        return None
    return Approval.Round.CLIENT


def decision_problem(state: ReviewState, decision: str, round_: str, policy: ReviewPolicy) -> str | None:
    """Why a decision cannot be taken now (None: it can)."""
    approving = decision != Approval.Decision.CHANGES_REQUESTED
    if approving and state.approved:
        return f"This version is already {state.label.lower()}. Request changes to open it again."
    if policy.two_rounds and approving and round_ == Approval.Round.CLIENT and state.awaiting != round_:
        return "The team approves this version first; then it is yours to approve."
    if policy.two_rounds and approving and round_ == Approval.Round.INTERNAL and state.awaiting != round_:
        return "The team has approved this version; it is with the client now."
    return None


def master_cut_of(project: Project, policy: ReviewPolicy | None = None) -> Cut | None:
    """The cut whose approval opens planning: the one the policy names, else a project's only cut."""
    policy = policy or policy_of(project)
    if policy.master_cut_id:
        return policy.master_cut
    cuts = list(Cut.objects.filter(project=project)[:2])
    return cuts[0] if len(cuts) == 1 else None


def decisions_by_version(versions) -> dict:
    """Every decision of ``versions``, oldest first, keyed by version id (one query)."""
    out: dict = {v.pk: [] for v in versions}
    for approval in Approval.objects.filter(version__in=[v.pk for v in versions]).order_by("created_at"):
        out[approval.version_id].append(approval)
    return out
