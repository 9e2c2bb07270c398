"""Reads of review, scoped by the acting user: the one rule for comments. A comment is seen by
whoever may see its version (production.edit.selectors.versions_visible_to), except that an
internal comment is the team's: never a client's or a guest's, in pages, API, exports or emails."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Max, Prefetch, Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from production.edit.models import Version
from production.edit.selectors import versions_visible_to
from production.media import specs
from production.media.engine import timecode
from production.media.models import Render
from production.media.selectors import playback_renders
from projects.models import STAFF_ROLES, Project, Role, User
from projects.permissions import memberships_by_org
from projects.selectors import staff_organization_ids

from . import approvals
from .models import Approval, Comment, ReviewPolicy, ShareLink, ShareVisit


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


def review_state_of(*, user=None, version: Version, link: ShareLink | None = None) -> VersionReview:
    """As ``user`` sees it, or as a guest of ``link`` (who decides for the client if it may approve)."""
    policy = approvals.policy_of(version.cut.project)
    decisions = list(version.approvals.order_by("created_at"))
    if link is not None:
        may = link.can_approve and not approvals.approver_ids(policy)
        staff, round_ = False, Approval.Round.CLIENT if may else None
    else:
        staff = version.cut.project.organization_id in staff_organization_ids(user)
        round_ = approvals.round_of(user, version, policy)
    return VersionReview(
        state=approvals.state_of(decisions, policy),
        round=round_,
        decisions=[d for d in decisions if staff or not d.internal],
        policy=policy,
    )


def review_states_of(versions: list[Version], *, policy: ReviewPolicy | None = None) -> dict:
    """The state of each of a cut's versions (the version switcher), in one query given the
    project's ``policy`` (a page has it already: ``VersionReview.policy``), else in two."""
    if not versions:
        return {}
    policy = policy or approvals.policy_of(versions[0].cut.project)
    decisions = approvals.decisions_by_version(versions)
    return {v.pk: approvals.state_of(decisions[v.pk], policy) for v in versions}


def threads_of(*, user, version: Version) -> list[Comment]:
    """The version's threads in timecode order, each with ``reply_list`` (oldest first), in a
    fixed number of queries whatever their number."""
    return _threads(comments_visible_to(user).filter(version=version))


def threads_for_guest(*, version: Version) -> list[Comment]:
    """What a share link's guest reads: the version's client-visible threads."""
    return _threads(Comment.objects.filter(version=version, internal=False))


def carried_threads_of(*, user=None, version: Version, link: ShareLink | None = None) -> list[Comment]:
    """The open threads of the cut's earlier versions (that the viewer may see), carried onto
    ``version`` at the same timecode: each with ``carried_from`` (its version) and ``at`` (the
    frame of ``version`` at that timecode, within it) — the same comment, so resolving it here
    resolves it there."""
    if link is not None:
        earlier = [v for v in share_versions(link) if v.number < version.number]
        visible = Comment.objects.filter(internal=False)
    else:
        earlier = list(versions_visible_to(user).filter(cut_id=version.cut_id, number__lt=version.number))
        visible = comments_visible_to(user)
    if not earlier:
        return []
    threads = _threads(
        visible.filter(version__in=earlier, resolved_at__isnull=True, deleted_at__isnull=True).select_related(
            "version__asset"
        )
    )
    for thread in threads:
        thread.carried_from = thread.version
        thread.at = carry_frame(thread.frame, thread.version.asset, version.asset)
        thread.beyond = thread.at != carry_frame(thread.frame, thread.version.asset, version.asset, within=False)
    return threads


def carry_frame(frame: int, source, target, *, within: bool = True) -> int:
    """The frame of ``target`` showing the timecode that ``frame`` shows in ``source`` (each in
    its own rate and start timecode), kept within ``target`` (``within=False``: where it would be)."""
    if not (source.frame_rate_num and target.frame_rate_num):
        return frame
    tc = timecode.timecode_of_frame(frame, source.frame_rate_num, source.frame_rate_den, start=source.start_timecode)
    mapped = timecode.frame_of_timecode(tc, target.frame_rate_num, target.frame_rate_den, start=target.start_timecode)
    if not within:
        return mapped if mapped is not None else frame
    last = (target.frame_count or mapped or 1) - 1
    return min(max(mapped or 0, 0), max(last, 0))


def _threads(visible: QuerySet[Comment]) -> list[Comment]:
    # The comments alone: each keeps its author's name as it was (author_name), and pages,
    # exports and emails show that, so no user rows are joined to a thousand comments.
    replies = visible.filter(thread__isnull=False).order_by("created_at")
    return list(
        visible.filter(thread__isnull=True)
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


# --- Share links ----------------------------------------------------------------------------


def share_link_by_token(token: str) -> ShareLink:
    """The usable link of ``token``; an unknown, revoked or expired one is a 404 (the same page,
    so a token's past says nothing)."""
    link = ShareLink.objects.select_related("cut__project__client", "cut__project__organization").filter(
        token=token, revoked_at__isnull=True
    )
    link = link.first()
    if link is None or not link.is_usable:
        raise Http404("This link does not work.")
    return link


def share_versions(link: ShareLink) -> list[Version]:
    """The versions a link shows, newest first: the chosen ones, or every version of its cut."""
    chosen = list(link.versions.select_related("asset", "cut").order_by("-number"))
    return chosen or list(link.cut.versions.select_related("asset", "cut").order_by("-number"))


def share_version(link: ShareLink, version_id) -> Version:
    for version in share_versions(link):
        if str(version.pk) == str(version_id):
            return version
    raise Http404("This link does not show that version.")


def share_links_visible_to(user) -> QuerySet[ShareLink]:
    """Links are the team's: producers and editors of the studio manage them."""
    orgs = [org_id for org_id, m in memberships_by_org(user).items() if m.role in (Role.PRODUCER, Role.EDITOR)]
    return ShareLink.objects.filter(cut__project__organization_id__in=orgs).select_related("cut__project")


def share_link_for(*, user, link_id) -> ShareLink:
    return get_object_or_404(share_links_visible_to(user), pk=link_id)


def share_thread(link: ShareLink, comment_id) -> Comment:
    """A client-visible thread of a version the link shows (a guest replies to it)."""
    thread = (
        Comment.objects.select_related("version__cut")
        .filter(pk=comment_id, internal=False, thread__isnull=True, version__cut=link.cut)
        .first()
    )
    if thread is None or thread.version_id not in {v.pk for v in share_versions(link)}:
        raise Http404("No such comment.")
    return thread


def watermark_spec(guest) -> specs.RenderSpec:
    """The watermarked copy a guest of a watermarking link watches: their name and email."""
    return specs.watermark(f"{guest.name} · {guest.email}")


def share_render(link: ShareLink, render_id, *, guest) -> Render:
    """A finished render of a version the link shows whose files this guest may fetch: the
    playback ladder — or, on a watermarking link, only their own watermarked copy."""
    assets = [v.asset_id for v in share_versions(link)]
    if link.watermark:
        renders = Render.objects.filter(preset=specs.WATERMARK, spec_hash=watermark_spec(guest).digest)
    else:
        renders = playback_renders()
    return get_object_or_404(renders.filter(asset_id__in=assets, status=Render.Status.SUCCEEDED), pk=render_id)


def share_visit_counts(links) -> dict:
    """Who opened each link, how often and when last: {link id: (people, views, last)} in one query."""
    rows = (
        ShareVisit.objects.filter(link__in=links)
        .values("link_id")
        .annotate(people=Count("guest", distinct=True), count=Count("pk"), last=Max("created_at"))
    )
    return {row["link_id"]: (row["people"], row["count"], row["last"]) for row in rows}


def mentionable(version: Version) -> list[User]:
    """Who a comment on ``version`` can @mention: the studio's team, and the client's reviewers
    when the cut is shared (a team-only comment still reaches only the team)."""
    project = version.cut.project
    team = User.objects.filter(
        memberships__organization_id=project.organization_id, memberships__role__in=STAFF_ROLES, is_active=True
    )
    people = list(team.distinct().order_by("first_name", "last_name", "email"))
    if version.cut.client_visible:
        people += list(client_reviewers_of(project))
    return people
