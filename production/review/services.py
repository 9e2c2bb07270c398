"""Every write of review: comments on a version. Keyword-only, one transaction each, the
timeline event inside it; the visibility rule is selectors' (who may see a version, and
that internal comments are the team's)."""

from __future__ import annotations

import secrets
import unicodedata

from django.conf import settings
from django.contrib.auth.hashers import check_password, make_password
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone

from production.edit.models import Cut, Version
from production.edit.selectors import versions_visible_to
from production.media.models import MediaAsset
from projects import timeline
from projects.models import Project, User
from projects.permissions import can_edit_project, can_see_internal, can_upload, is_staff_of

from . import approvals, notify
from . import drawing as drawings
from .models import (
    COMMENT_MAX_LENGTH,
    Approval,
    Comment,
    CommentRevision,
    MessageMark,
    ReviewPolicy,
    ShareGuest,
    ShareLink,
    ShareVisit,
)
from .selectors import brief_messages, client_reviewers_of, unmarked_messages


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
    by: User | None = None,
    guest: ShareGuest | None = None,
    text: str,
    frame: int | None = None,
    end_frame: int | None = None,
    internal: bool | None = None,
    drawing=None,
    parent: Comment | None = None,
) -> Comment:
    """Start a thread at a frame (or a range), or reply to one — as a person signed in (``by``)
    or as a guest of a share link that lets them comment (``guest``). The team's comments are
    team only unless they say otherwise; a client's and a guest's are always client-visible,
    and a reply takes its thread's visibility."""
    version = Version.objects.select_related("cut__project", "asset").get(pk=version.pk)
    project = version.cut.project
    if guest is not None:
        if not (guest.link.can_comment and share_link_shows(guest.link, version)):
            raise PermissionDenied("This link does not let you comment on this version.")
        staff, name = False, guest.name
    elif by is not None and _may_review(by, version):
        staff, name = can_see_internal(by, project), by.display_name
    else:
        raise PermissionDenied("You cannot comment on this version.")
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
        author=None if guest else by,
        guest=guest,
        author_name=name,
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
        summary=f"{name} {'replied to a comment on' if parent else 'commented on'} {where}",
        actor=None if guest else by,
        subject=comment,
        data={"version": str(version.pk), "frame": comment.frame, "internal": comment.internal},
        client_visible=not comment.internal and version.cut.client_visible,
    )
    notify.comment_posted(comment, by=None if guest else by)
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
    notify.comment_changed(comment)
    return comment


@transaction.atomic
def comment_delete(*, comment: Comment, by: User) -> Comment:
    """Delete your own comment: its text and drawing go (the history keeps them for the team);
    replies to it stay, under "Comment deleted"."""
    comment = _own(comment, by, "delete")
    CommentRevision.objects.create(comment=comment, text=comment.text, drawing=comment.drawing, by=by)
    comment.text, comment.drawing, comment.deleted_at = "", [], timezone.now()
    comment.save(update_fields=["text", "drawing", "deleted_at", "updated_at"])
    notify.comment_changed(comment)
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


def version_up_for_review(version: Version) -> None:
    """A version plays: it is up for review. The timeline says so (the client's too, when the cut
    is shared) and its reviewers hear of it."""
    with transaction.atomic():
        timeline.record(
            project=version.cut.project,
            kind="review.version_ready",
            summary=f"Version {version.number} of “{version.cut.title}” is up for review",
            actor=version.created_by,
            subject=version,
            data={"version": str(version.pk), "number": version.number},
            client_visible=version.cut.client_visible,
        )
        notify.version_ready(version)


APPROVAL_NOTE_MAX_LENGTH = 2000


@transaction.atomic
def approval_decide(
    *,
    version: Version,
    by: User | None = None,
    guest: ShareGuest | None = None,
    decision: str,
    note: str = "",
    unmarked_ok: bool = False,
) -> Approval:
    """Approve a version, approve it with changes, or request changes — as the project's policy
    allows this person, in their round (a guest of a link that may approve decides for the
    client). Records the sha256 of the version's file; a decision is never changed, a later one
    supersedes it. An approval warns when one of the brief's mandatory messages is not marked on
    the version (``unmarked_ok``: approve anyway)."""
    version = Version.objects.select_for_update().select_related("cut__project", "asset").get(pk=version.pk)
    project = version.cut.project
    policy = approvals.policy_of(project)
    if guest is not None:  # a link that may approve decides for the client, unless the project names who does
        allowed = (
            guest.link.can_approve and share_link_shows(guest.link, version) and not approvals.approver_ids(policy)
        )
        round_, name, email = (Approval.Round.CLIENT if allowed else None), guest.name, guest.email
    elif by is not None:
        round_, name, email = approvals.round_of(by, version, policy), by.display_name, by.email
    else:
        round_ = None
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
    if decision != Approval.Decision.CHANGES_REQUESTED and not unmarked_ok:
        unmarked = unmarked_messages(version)
        if unmarked:
            names = ", ".join(f"“{m.text}”" for m in unmarked)
            raise ValidationError(
                {"unmarked_ok": f"Not marked on this version yet: {names}. Mark where each is said or shown "
                 "in the brief's checklist beside the player, or approve anyway."}
            )  # fmt: skip
    team_round = policy.two_rounds and round_ == Approval.Round.INTERNAL
    approval = Approval.objects.create(
        version=version,
        internal=team_round,
        decision=decision,
        round=round_,
        by=None if guest else by,
        guest=guest,
        by_name=name,
        by_email=email,
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
        summary=f"{name} {verb} {what}" + (" for the team" if team_round else ""),
        actor=None if guest else by,
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
    notify.decision_made(approval, by=None if guest else by, policy=policy, state=after)
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


# --- Share links --------------------------------------------------------------------------


def share_link_shows(link: ShareLink, version: Version) -> bool:
    """Whether a usable link shows ``version``: its chosen versions, or every version of its cut."""
    if not link.is_usable or version.cut_id != link.cut_id:
        return False
    chosen = link.versions.all()
    return not chosen.exists() or chosen.filter(pk=version.pk).exists()


SHARE_PASSWORD_MIN_LENGTH = 6
SHARE_NAME_MAX_LENGTH = 200


def _line(value: str) -> str:
    """One line of text as typed: control characters gone, spaces collapsed."""
    return " ".join(_clean_text(value).split())


def share_link_check(
    *, cut: Cut, by: User, name: str = "", versions=(), password: str = "", expires_at=None, can_approve: bool = False
) -> dict[str, str]:
    """Every problem with a new share link at once."""
    errors: dict[str, str] = {}
    if len(_line(name)) > SHARE_NAME_MAX_LENGTH:
        errors["name"] = f"A link's name is at most {SHARE_NAME_MAX_LENGTH} characters."
    if any(v.cut_id != cut.pk for v in versions):
        errors["versions"] = f"Choose versions of “{cut.title}”."
    if password and len(password) < SHARE_PASSWORD_MIN_LENGTH:
        errors["password"] = f"A password is at least {SHARE_PASSWORD_MIN_LENGTH} characters (or leave it empty)."
    if expires_at is not None and expires_at <= timezone.now():
        errors["expires_at"] = "Choose an expiry in the future (or none)."
    if can_approve and not can_edit_project(by, cut.project):
        errors["can_approve"] = "Only producers let a link approve versions."
    return errors


@transaction.atomic
def share_link_create(
    *,
    cut: Cut,
    by: User,
    name: str = "",
    versions=(),
    password: str = "",
    expires_at=None,
    can_comment: bool = True,
    can_download: bool = False,
    can_approve: bool = False,
    watermark: bool = False,
) -> ShareLink:
    """A link to review ``cut`` without an account (producers and editors)."""
    if not can_upload(by, cut.project):
        raise PermissionDenied("Only producers and editors share cuts by link.")
    versions = list(versions)
    errors = share_link_check(
        cut=cut, by=by, name=name, versions=versions, password=password, expires_at=expires_at, can_approve=can_approve
    )
    if errors:
        raise ValidationError(errors)
    link = ShareLink.objects.create(
        cut=cut,
        token=secrets.token_urlsafe(32),
        name=_line(name),
        password_hash=make_password(password) if password else "",
        expires_at=expires_at,
        can_comment=bool(can_comment),
        can_download=bool(can_download),
        can_approve=bool(can_approve),
        watermark=bool(watermark),
        created_by=by,
    )
    link.versions.set(versions)
    what = ", ".join(f"v{v.number}" for v in sorted(versions, key=lambda v: v.number)) or "every version"
    named = f" for {link.name}" if link.name else ""
    timeline.record(
        project=cut.project,
        kind="share.created",
        summary=f"{by.display_name} made a review link to “{cut.title}” ({what}){named}",
        actor=by,
        subject=link,
        data={"cut": str(cut.pk), "password": link.has_password, "watermark": link.watermark,
              "expires_at": expires_at.isoformat() if expires_at else None},
    )  # fmt: skip
    return link


@transaction.atomic
def share_link_revoke(*, link: ShareLink, by: User) -> ShareLink:
    """Stop a link working, at once and for good: it then shows nothing."""
    link = ShareLink.objects.select_for_update().select_related("cut__project").get(pk=link.pk)
    if not can_upload(by, link.cut.project):
        raise PermissionDenied("Only producers and editors revoke review links.")
    if link.revoked_at:
        return link
    link.revoked_at, link.revoked_by = timezone.now(), by
    link.save(update_fields=["revoked_at", "revoked_by", "updated_at"])
    named = f" for {link.name}" if link.name else ""
    timeline.record(
        project=link.cut.project,
        kind="share.revoked",
        summary=f"{by.display_name} revoked the review link to “{link.cut.title}”{named}",
        actor=by,
        subject=link,
    )  # fmt: skip
    return link


class TooManyAttempts(PermissionDenied):
    """Too many wrong passwords for a link from one place (or in all): wait ``retry_after`` s."""

    def __init__(self, retry_after: int):
        super().__init__(f"Too many wrong passwords. Try again in {max(1, retry_after // 60)} minutes.")
        self.retry_after = retry_after


def share_link_unlock(*, link: ShareLink, password: str, ip: str) -> None:
    """Check a link's password. Wrong ones are counted per link and address and per link in all
    (``SHARE_PASSWORD_ATTEMPTS``, ``SHARE_PASSWORD_ATTEMPTS_TOTAL`` per ``SHARE_PASSWORD_WINDOW``
    seconds); past either, every try is refused — even the right password — until the window ends."""
    window = settings.SHARE_PASSWORD_WINDOW
    keys = (
        (f"share-pw:{link.pk}:{ip}", settings.SHARE_PASSWORD_ATTEMPTS),
        (f"share-pw:{link.pk}", settings.SHARE_PASSWORD_ATTEMPTS_TOTAL),
    )
    if any((cache.get(key) or 0) >= limit for key, limit in keys):
        raise TooManyAttempts(window)
    if link.has_password and check_password(password or "", link.password_hash):
        return
    for key, _ in keys:
        cache.add(key, 0, timeout=window)
        try:
            cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, timeout=window)
    raise ValidationError({"password": "That is not the password of this link."})


@transaction.atomic
def share_guest_enter(*, link: ShareLink, name: str, email: str) -> ShareGuest:
    """The name and email a guest reviews under (the same email on the same link is the same guest)."""
    errors: dict[str, str] = {}
    name = _line(name)
    if not name:
        errors["name"] = "Say your name: the team sees it beside your comments."
    elif len(name) > SHARE_NAME_MAX_LENGTH:
        errors["name"] = f"A name is at most {SHARE_NAME_MAX_LENGTH} characters."
    email = (email or "").strip().lower()
    try:
        validate_email(email)
    except ValidationError:
        errors["email"] = "Enter your email address (name@example.com)."
    if errors:
        raise ValidationError(errors)
    guest, created = ShareGuest.objects.get_or_create(link=link, email=email, defaults={"name": name})
    if not created and guest.name != name:
        guest.name = name
        guest.save(update_fields=["name", "updated_at"])
    return guest


def share_visit_record(*, link: ShareLink, guest: ShareGuest | None, version: Version | None, ip: str,
                       user_agent: str) -> ShareVisit:  # fmt: skip
    return ShareVisit.objects.create(
        link=link, guest=guest, version=version, ip=ip or None, user_agent=_line(user_agent)[:300]
    )


# --- The brief's mandatory messages, marked on a version --------------------------------------


def _marker(version: Version, by: User | None, guest: ShareGuest | None) -> tuple[User | None, ShareGuest | None, str]:
    """Who marks: anyone who may see the version, or a guest of a link that lets them comment."""
    if guest is not None:
        if guest.link.can_comment and share_link_shows(guest.link, version):
            return None, guest, guest.name
    elif by is not None and _may_review(by, version):
        return by, None, by.display_name
    raise PermissionDenied("You cannot mark this version.")


def _brief_message(version: Version, key) -> object:
    for message in brief_messages(version.cut.project):
        if str(message.key) == str(key):
            return message
    raise ValidationError({"message": "That is not one of the brief's mandatory messages."})


@transaction.atomic
def message_mark(
    *, version: Version, key, frame, by: User | None = None, guest: ShareGuest | None = None
) -> MessageMark:
    """Mark the frame of ``version`` where the brief's message ``key`` is said or shown (marking
    it again moves the mark)."""
    version = Version.objects.select_related("cut__project", "asset").get(pk=version.pk)
    by, guest, name = _marker(version, by, guest)
    message = _brief_message(version, key)
    last = (version.asset.frame_count or 1) - 1
    if not isinstance(frame, int) or isinstance(frame, bool) or not 0 <= frame <= last:
        raise ValidationError({"frame": f"Say which frame it is at: 0 to {last}."})
    mark, _ = MessageMark.objects.update_or_create(
        version=version, message_key=message.key, defaults={"frame": frame, "by": by, "guest": guest, "by_name": name}
    )
    return mark


@transaction.atomic
def message_unmark(*, version: Version, key, by: User | None = None, guest: ShareGuest | None = None) -> None:
    version = Version.objects.select_related("cut__project", "asset").get(pk=version.pk)
    _marker(version, by, guest)
    message = _brief_message(version, key)
    MessageMark.objects.filter(version=version, message_key=message.key).delete()
