"""Who hears about what happens in review (projects.notifications does the telling).

Only people who may see the thing are told: a team-only comment reaches the team alone, a cut
the client does not see reaches no client. The kinds are registered in ReviewConfig.ready."""

from __future__ import annotations

from django.urls import reverse

from projects import notifications
from projects.models import STAFF_ROLES, Role, User

from . import mentions
from .addresses import at_comment
from .selectors import client_reviewers_of, mentionable

VERSION = "review.version"
MENTION = "review.mention"
COMMENT = "review.comment"
DECISION = "review.decision"


def register() -> None:
    notifications.register_kind(
        VERSION, label="New version to review", description="A new version of a cut you review is ready to watch."
    )
    notifications.register_kind(MENTION, label="Mentions", description="Someone @mentioned you in a comment.")
    notifications.register_kind(
        COMMENT, label="New comments", description="Comments and replies on cuts you work on.", digest=True
    )
    notifications.register_kind(
        DECISION, label="Approvals and change requests", description="A version was approved or changes requested."
    )


def team_of(project, roles=(Role.PRODUCER, Role.EDITOR)):
    return User.objects.filter(
        memberships__organization_id=project.organization_id, memberships__role__in=roles, is_active=True
    ).distinct()


def readers_of(comment) -> list:
    """Everyone with an account who may read ``comment``: the studio's team, and — unless it is
    team only or its cut is not shared — the client's reviewers of the project."""
    people = mentionable(comment.version)
    if comment.internal:
        team = {u.pk for u in team_of(comment.version.cut.project, roles=STAFF_ROLES)}
        people = [u for u in people if u.pk in team]
    return people


def _review_url(version, comment=None) -> str:
    url = reverse("version-review", kwargs={"version_id": version.pk})
    return at_comment(url, comment.pk) if comment else url


def comment_posted(comment, *, by: User | None) -> None:
    """@mentions at once; everyone else concerned in the next digest."""
    version = comment.version
    project = version.cut.project
    where = f"{version.cut.title} v{version.number}"
    readers = readers_of(comment)
    named = mentions.mentioned(comment.text, readers) if by is not None else []
    url = _review_url(version, comment)
    notifications.notify(
        users=named, kind=MENTION, title=f"{comment.author_name} mentioned you on {where}",
        body=comment.text, url=url, project=project, actor=by,
    )  # fmt: skip
    thread = comment.thread
    if thread is not None:  # a reply: whoever is in the thread
        concerned = [thread.author, *(r.author for r in thread.replies.select_related("author"))]
    else:  # a new thread: the team that makes the cut
        concerned = list(team_of(project))
    allowed = {u.pk for u in readers}
    named_ids = {u.pk for u in named}
    notifications.notify(
        users=[u for u in concerned if u is not None and u.pk in allowed and u.pk not in named_ids],
        kind=COMMENT,
        title=f"{comment.author_name} {'replied' if thread else 'commented'} on {where}",
        body=comment.text,
        url=url,
        project=project,
        actor=by,
    )


def decision_made(approval, *, by: User | None, policy, state) -> None:
    """The producers (and the lead) hear of every decision; with two rounds, the client's
    approvers hear when the team hands a version to them."""
    version = approval.version
    project = version.cut.project
    where = f"{version.cut.title} v{version.number}"
    people = list(team_of(project, roles=(Role.PRODUCER,)))
    if policy.lead_id:
        people.append(policy.lead)
    notifications.notify(
        users=people, kind=DECISION, title=f"{approval.by_name}: {approval.get_decision_display().lower()} — {where}",
        body=approval.note, url=_review_url(version), project=project, actor=by,
    )  # fmt: skip
    if state.awaiting == "client" and version.cut.client_visible:
        named = list(policy.approvers.all()) if policy.pk else []
        notifications.notify(
            users=named or client_reviewers_of(project), kind=DECISION,
            title=f"{where} is ready for your approval", url=_review_url(version), project=project, actor=by,
        )  # fmt: skip


def version_ready(version) -> None:
    """A new version plays: its reviewers hear of it (the client's only if the cut is shared)."""
    project = version.cut.project
    people = list(team_of(project, roles=(Role.PRODUCER,)))
    if version.cut.client_visible:
        people += list(client_reviewers_of(project))
    notifications.notify(
        users=people, kind=VERSION, title=f"{version.cut.title} v{version.number} is ready to review",
        url=_review_url(version), project=project, actor=version.created_by,
    )  # fmt: skip


def comment_changed(comment) -> None:
    """Its author edited or deleted it: the inbox quotes what it says now ("Comment deleted")."""
    notifications.rewrite(
        url=_review_url(comment.version, comment), body="Comment deleted" if comment.deleted_at else comment.text
    )
