"""Review's gate, registered with the pipeline at start-up: planning starts from an approved
master. It replaces the edit stage's "a cut version is ready"."""

from __future__ import annotations

from projects import gates
from projects.models import Project, Stage

from . import approvals


def _master_approved(project: Project) -> str | None:
    policy = approvals.policy_of(project)
    master = approvals.master_cut_of(project, policy)
    if master is None:
        if not project.cuts.exists():
            return "Upload a cut and get a version of it approved before planning its distribution."
        return "Choose the master cut in the review settings; planning starts from its approved version."
    versions = list(master.versions.select_related("asset").order_by("-number"))
    if not versions:
        return f"Upload a version of “{master.title}” and get it approved before planning its distribution."
    decisions = approvals.decisions_by_version(versions)
    if any(approvals.state_of(decisions[v.pk], policy).approved for v in versions):
        return None
    latest = versions[0]
    state = approvals.state_of(decisions[latest.pk], policy)
    return f"No version of “{master.title}” is approved yet (v{latest.number}: {state.label.lower()})."


def register() -> None:
    gates.register(
        key="review.master_approved",
        entering=Stage.PLANNING,
        title="The master cut is approved",
        check=_master_approved,
    )
