"""Every write of review: comments on a version. Keyword-only, one transaction each, the
timeline event inside it; the visibility rule is selectors' (who may see a version, and
that internal comments are the team's)."""

from __future__ import annotations

import unicodedata

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from production.edit.models import Version
from production.edit.selectors import versions_visible_to
from production.media.models import MediaAsset
from projects import timeline
from projects.models import Project, User
from projects.permissions import can_edit_project, can_see_internal, is_staff_of

from . import approvals
from . import drawing as drawings
from .models import COMMENT_MAX_LENGTH, Approval, Comment, CommentRevision, ReviewPolicy
from .selectors import client_reviewers_of


def _clean_text(value: str) -> str:
    """Text as a person wrote it: line breaks kept; NUL and other control characters gone."""
    value = (value or "").replace("\r\n", "\n").replace("\r", "\n")
    return "".join(c for c in value if c in "\n\t" or unicodedata.category(c) not in ("Cc", "Cs")).strip()


def _may_review(user: User, version: Version) -> bool:
    return versions_visible_to(user).filter(pk=version.pk).exists()


def comment_check(
    *, version: Version, text: str, frame=None, end_frame=None, drawing=None, is_reply: bool = False
) -> dict[str, str]:
    """Every problem with a comment at once (empty when it can be posted)."""
    errors: dict[str, str] = {}
    text = _clean_text(text)
    if not text:
        errors["text"] = "Write a comment."
    elif len(text) > COMMENT_MAX_LENGTH:
        errors["text"] = f"A comment is at most {COMMENT_MAX_LENGTH} characters ({len(text)} now)."
    if not is_reply:
        last = (version.asset.frame_count or 1) - 1
        if not isinstance(frame, int) or isinstance(frame, bool) or not 0 <= frame <= last:
            errors["frame"] = f"Say which frame the comment is at: 0 to {last}."
        elif end_frame is not None and (
            not isinstance(end_frame, int) or isinstance(end_frame, bool) or not frame < end_frame <= last
        ):
            errors["end_frame"] = f"A range ends after its first frame and at frame {last} at the latest."
        try:
            drawings.clean(drawing)
        except ValidationError as exc:
            errors["drawing"] = " ".join(exc.messages)
    return errors


@transaction.atomic
def comment_post(
    *,
    version: Version,
    by: User,
    text: str,
    frame: int | None = None,
    end_frame: int | None = None,
    internal: bool | None = None,
    drawing=None,
    parent: Comment | None = None,
) -> Comment:
    """Start a thread at a frame (or a range), or reply to one. The team's comments are team
    only unless they say otherwise; a client's are always client-visible, and a reply takes
    its thread's visibility."""
    version = Version.objects.select_related("cut__project", "asset").get(pk=version.pk)
    project = version.cut.project
    if not _may_review(by, version):
        raise PermissionDenied("You cannot comment on this version.")
    staff = can_see_internal(by, project)
    if parent is not None:
        parent = Comment.objects.select_for_update().get(pk=parent.pk)
        if parent.version_id != version.pk or parent.thread_id is not None or parent.deleted_at:
            raise ValidationError({"parent": "Reply to a comment of this version."})
        if parent.internal and not staff:
            raise PermissionDenied("You cannot reply to this comment.")
        internal = parent.internal
    elif not staff:
        if internal:
            raise ValidationError({"internal": "Only the team can write team-only comments."})
        internal = False
    elif internal is None:
        internal = True  # the team's default: nothing reaches the client unless someone says so
    errors = comment_check(
        version=version, text=text, frame=frame, end_frame=end_frame, drawing=drawing, is_reply=parent is not None
    )
    if errors:
        raise ValidationError(errors)
    comment = Comment.objects.create(
        version=version,
        thread=parent,
        author=by,
        author_name=by.display_name,
        frame=None if parent else frame,
        end_frame=None if parent else end_frame,
        text=_clean_text(text),
        internal=bool(internal),
        drawing=[] if parent else drawings.clean(drawing),
    )
    where = f"version {version.number} of “{version.cut.title}”"
    timeline.record(
        project=project,
        kind="comment.replied" if parent else "comment.posted",
        summary=f"{by.display_name} {'replied to a comment on' if parent else 'commented on'} {where}",
        actor=by,
        subject=comment,
        data={"version": str(version.pk), "frame": comment.frame, "internal": comment.internal},
        client_visible=not comment.internal and version.cut.client_visible,
    )
    return comment


def _own(comment: Comment, by: User, doing: str) -> Comment:
    comment = Comment.objects.select_for_update().select_related("version__cut__project").get(pk=comment.pk)
    if comment.author_id != by.pk or not _may_review(by, comment.version):
        raise PermissionDenied(f"Only its author can {doing} a comment.")
    if comment.deleted_at:
        raise ValidationError("This comment was deleted.", code="deleted")
    return comment


@transaction.atomic
def comment_edit(*, comment: Comment, by: User, text: str, drawing=None) -> Comment:
    """Change your own comment's text (and a thread's drawing); what it said before is kept."""
    comment = _own(comment, by, "edit")
    new_drawing = comment.drawing if drawing is None or comment.thread_id else drawing
    errors = comment_check(
        version=comment.version, text=text, frame=comment.frame, end_frame=comment.end_frame,
        drawing=new_drawing, is_reply=comment.thread_id is not None,
    )  # fmt: skip
    if errors:
        raise ValidationError(errors)
    text, new_drawing = _clean_text(text), drawings.clean(new_drawing) if not comment.thread_id else []
    if text == comment.text and new_drawing == comment.drawing:
        return comment
    CommentRevision.objects.create(comment=comment, text=comment.text, drawing=comment.drawing, by=by)
    comment.text, comment.drawing, comment.edited_at = text, new_drawing, timezone.now()
    comment.save(update_fields=["text", "drawing", "edited_at", "updated_at"])
    return comment


@transaction.atomic
def comment_delete(*, comment: Comment, by: User) -> Comment:
    """Delete your own comment: its text and drawing go (the history keeps them for the team);
    replies to it stay, under "Comment deleted"."""
    comment = _own(comment, by, "delete")
    CommentRevision.objects.create(comment=comment, text=comment.text, drawing=comment.drawing, by=by)
    comment.text, comment.drawing, comment.deleted_at = "", [], timezone.now()
    comment.save(update_fields=["text", "drawing", "deleted_at", "updated_at"])
    timeline.record(
        project=comment.version.cut.project,
        kind="comment.deleted",
        summary=f"{by.display_name} deleted a comment",
        actor=by,
        subject=comment,
        data={"version": str(comment.version_id)},
    )
    return comment


@transaction.atomic
def comment_resolve(*, comment: Comment, by: User, resolved: bool = True) -> Comment:
    """Mark a thread done (or open it again): the team, or whoever started the thread."""
    comment = Comment.objects.select_for_update().select_related("version__cut__project").get(pk=comment.pk)
    if comment.thread_id is not None:
        raise ValidationError("Resolve the thread, not a reply.")
    project = comment.version.cut.project
    if not _may_review(by, comment.version) or (comment.internal and not can_see_internal(by, project)):
        raise PermissionDenied("You cannot resolve this comment.")
    if not (can_see_internal(by, project) or comment.author_id == by.pk):
        raise PermissionDenied("The team, or whoever wrote the comment, resolves it.")
    if comment.is_resolved == resolved:
        return comment
    comment.resolved_at, comment.resolved_by = (timezone.now(), by) if resolved else (None, None)
    comment.save(update_fields=["resolved_at", "resolved_by", "updated_at"])
    timeline.record(
        project=project,
        kind="comment.resolved" if resolved else "comment.reopened",
        summary=f"{by.display_name} {'resolved' if resolved else 'reopened'} a comment",
        actor=by,
        subject=comment,
        data={"version": str(comment.version_id)},
        client_visible=not comment.internal and comment.version.cut.client_visible,
    )
    return comment


# --- Approvals ----------------------------------------------------------------------------


APPROVAL_NOTE_MAX_LENGTH = 2000


@transaction.atomic
def approval_decide(*, version: Version, by: User, decision: str, note: str = "") -> Approval:
    """Approve a version, approve it with changes, or request changes — as the project's policy
    allows this person, in their round. Records the sha256 of the version's file; a decision is
    never changed, a later one supersedes it."""
    version = Version.objects.select_for_update().select_related("cut__project", "asset").get(pk=version.pk)
    project = version.cut.project
    policy = approvals.policy_of(project)
    round_ = approvals.round_of(by, version, policy)
    if round_ is None:
        raise PermissionDenied("You do not approve versions of this project.")
    if decision not in Approval.Decision.values:
        raise ValidationError({"decision": "Choose approved, approved_with_changes or changes_requested."})
    note = _clean_text(note)
    if len(note) > APPROVAL_NOTE_MAX_LENGTH:
        raise ValidationError({"note": f"A note is at most {APPROVAL_NOTE_MAX_LENGTH} characters ({len(note)} now)."})
    if version.asset.status != MediaAsset.Status.READY or not version.asset.sha256:
        raise ValidationError("This version is still being processed: decide on it once it plays.")
    state = approvals.state_of(list(version.approvals.order_by("created_at")), policy)
    problem = approvals.decision_problem(state, decision, round_, policy)
    if problem:
        raise ValidationError(problem)
    team_round = policy.two_rounds and round_ == Approval.Round.INTERNAL
    approval = Approval.objects.create(
        version=version,
        internal=team_round,
        decision=decision,
        round=round_,
        by=by,
        by_name=by.display_name,
        by_email=by.email,
        note=note,
        sha256=version.asset.sha256,
    )
    after = approvals.state_of([*version.approvals.order_by("created_at")], policy)
    what = f"version {version.number} of “{version.cut.title}”"
    verb = {
        Approval.Decision.APPROVED: "approved",
        Approval.Decision.APPROVED_WITH_CHANGES: "approved with changes",
        Approval.Decision.CHANGES_REQUESTED: "requested changes to",
    }[decision]
    timeline.record(
        project=project,
        kind="review.changes_requested" if decision == Approval.Decision.CHANGES_REQUESTED else "review.approved",
        summary=f"{by.display_name} {verb} {what}" + (" for the team" if team_round else ""),
        actor=by,
        subject=version,
        data={
            "version": str(version.pk),
            "number": version.number,
            "decision": decision,
            "round": round_,
            "sha256": approval.sha256,
            "status": after.status,
        },
        client_visible=version.cut.client_visible and not team_round,
    )
    return approval


def review_policy_check(*, project: Project, lead, approvers, master_cut) -> dict[str, str]:
    errors: dict[str, str] = {}
    if lead is not None and not is_staff_of(lead, project.organization):
        errors["lead"] = "The lead is someone of the studio's team."
    clients = {user.pk for user in client_reviewers_of(project)}
    if any(user.pk not in clients for user in approvers):
        errors["approvers"] = f"Approvers are {project.client.name}'s reviewers invited to this project."
    if master_cut is not None and master_cut.project_id != project.pk:
        errors["master_cut"] = "Choose a cut of this project."
    return errors


@transaction.atomic
def review_policy_update(
    *, project: Project, by: User, lead=None, approvers=(), two_rounds: bool = False, master_cut=None
) -> ReviewPolicy:
    """Set who approves the project's versions, in how many rounds, and its master cut (producers)."""
    if not can_edit_project(by, project):
        raise PermissionDenied("Only producers set how a project is approved.")
    approvers = list(approvers)
    errors = review_policy_check(project=project, lead=lead, approvers=approvers, master_cut=master_cut)
    if errors:
        raise ValidationError(errors)
    policy, _ = ReviewPolicy.objects.select_for_update().get_or_create(project=project)
    policy.lead, policy.two_rounds, policy.master_cut = lead, bool(two_rounds), master_cut
    policy.save()
    policy.approvers.set(approvers)
    names = ", ".join(u.display_name for u in approvers) or f"every reviewer of {project.client.name}"
    timeline.record(
        project=project,
        kind="review.policy_changed",
        summary=f"{by.display_name} set who approves: {names}" + (", after the team" if two_rounds else ""),
        actor=by,
        subject=policy,
        data={"two_rounds": policy.two_rounds, "master_cut": str(master_cut.pk) if master_cut else None},
    )
    return policy
