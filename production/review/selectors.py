"""Reads of review, scoped by the acting user: the one rule for comments. A comment is seen by
whoever may see its version (production.edit.selectors.versions_visible_to), except that an
internal comment is the team's: never a client's or a guest's, in pages, API, exports or emails."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    IntegerField,
    Max,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
    Window,
)  # fmt: skip
from django.db.models.functions import Cast, Greatest, Least, Round
from django.http import Http404
from django.shortcuts import get_object_or_404

from production.edit.models import Version
from production.edit.selectors import versions_visible_to
from production.ideation.models import BriefMessage, BriefVersion
from production.media import specs
from production.media.engine import timecode
from production.media.models import Render
from production.media.selectors import playback_renders
from projects.models import STAFF_ROLES, Membership, Project, Role, User
from projects.permissions import memberships_by_org
from projects.selectors import staff_organization_ids

from . import approvals
from .models import Approval, Comment, MessageMark, ReviewPolicy, ShareLink, ShareVisit


def comments_visible_to(user) -> QuerySet[Comment]:
    staff = Q(version__cut__project__organization_id__in=staff_organization_ids(user))
    return Comment.objects.filter(version__in=versions_visible_to(user)).filter(staff | Q(internal=False))


def comment_for(*, user, comment_id) -> Comment:
    return get_object_or_404(comments_visible_to(user).select_related("version__cut__project"), pk=comment_id)


def versions_for_review(user) -> QuerySet[Version]:
    return versions_visible_to(user).select_related(
        "cut__project__client", "cut__project__organization", "cut__project__review_policy", "asset"
    )


def version_for_review(*, user, version_id) -> Version:
    return get_object_or_404(versions_for_review(user), pk=version_id)


def review_versions(*, user, version_id) -> tuple[Version, list[Version]]:
    """The version ``version_id`` and every version of its cut the user may see, newest first
    (the switcher, the carried notes), in one query; a version they may not see is a 404."""
    versions = list(versions_for_review(user).filter(cut__versions__pk=version_id).order_by("-number"))
    version = next((v for v in versions if str(v.pk) == str(version_id)), None)
    if version is None:
        raise Http404("No such version.")
    return version, versions


@dataclass(frozen=True)
class VersionReview:
    """A version's review as ``user`` sees it: its state (from every decision), the round they
    decide in (None: they do not), and the decisions they may read, oldest first."""

    state: approvals.ReviewState
    round: str | None
    decisions: list[Approval]
    policy: ReviewPolicy


def review_state_of(
    *, user=None, version: Version, link: ShareLink | None = None, decisions: list[Approval] | None = None
) -> VersionReview:
    """As ``user`` sees it, or as a guest of ``link`` (who decides for the client if it may
    approve). ``decisions``: the version's, oldest first, when the caller has them already
    (``approvals.decisions_by_version``)."""
    policy = approvals.policy_of(version.cut.project)
    if decisions is None:
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


def review_states_of(versions: list[Version], *, policy: ReviewPolicy | None = None, decisions=None) -> dict:
    """The state of each of a cut's versions (the version switcher), in one query given the
    project's ``policy`` (a page has it already: ``VersionReview.policy``), else in two; none
    given ``decisions`` (``approvals.decisions_by_version``)."""
    if not versions:
        return {}
    policy = policy or approvals.policy_of(versions[0].cut.project)
    decisions = decisions if decisions is not None else approvals.decisions_by_version(versions)
    return {v.pk: approvals.state_of(decisions[v.pk], policy) for v in versions}


def threads_of(*, user, version: Version) -> list[Comment]:
    """The version's threads in timecode order, each with ``reply_list`` (oldest first), in a
    fixed number of queries whatever their number."""
    return _threads(comments_visible_to(user).filter(version=version))


def threads_for_guest(*, version: Version) -> list[Comment]:
    """What a share link's guest reads: the version's client-visible threads."""
    return _threads(Comment.objects.filter(version=version, internal=False))


@dataclass
class ThreadScope:
    """The threads a review page lists: the version's own, and the open ones of the cut's
    earlier versions carried onto it (same comment: resolving it here resolves it there), as one
    reader sees them — the team (``staff``: team-only ones too), a client (``user``), or a share
    link's guest (``guest``). ``versions`` are the versions this reader may see of the cut."""

    version: Version
    versions: list[Version]
    staff: bool = False
    user_id: object = None
    guest_id: object = None
    earlier: list[Version] = field(init=False)

    def __post_init__(self) -> None:
        self.earlier = [v for v in self.versions if v.number < self.version.number]

    @property
    def by_id(self) -> dict:
        return {self.version.pk: self.version} | {v.pk: v for v in self.earlier}


def thread_scope(*, user, version: Version, versions: list[Version]) -> ThreadScope:
    """A signed-in reader's scope; ``versions`` from ``versions_of_cut`` (what they may see)."""
    staff = version.cut.project.organization_id in staff_organization_ids(user)
    return ThreadScope(version=version, versions=versions, staff=staff, user_id=user.pk)


def guest_scope(*, link: ShareLink, guest, version: Version) -> ThreadScope:
    return ThreadScope(version=version, versions=share_versions(link), guest_id=getattr(guest, "pk", None))


def _visible(scope: ThreadScope, comments: QuerySet[Comment]) -> QuerySet[Comment]:
    return comments if scope.staff else comments.filter(internal=False)


def _at(scope: ThreadScope):
    """The frame of the scope's version each thread is listed at, in SQL (for order and pages):
    its own frame, or a carried thread's frame mapped by timecode (``carry_frame``: exact when the
    versions share rate and start timecode, as a cut's versions do; the list's order otherwise
    follows the time, and each thread shown gets its exact frame from ``carry_frame``)."""
    target = scope.version.asset
    last = (target.frame_count or 0) - 1
    whens = []
    for earlier in scope.earlier:
        source = earlier.asset
        if not (source.frame_rate_num and target.frame_rate_num):
            continue
        offset = carry_frame(0, source, target, within=False)
        scale = (target.frame_rate_num * source.frame_rate_den) / (target.frame_rate_den * source.frame_rate_num)
        mapped = F("frame") + Value(offset) if math.isclose(scale, 1.0) else Round(F("frame") * Value(scale)) + offset
        mapped = Greatest(Cast(mapped, IntegerField()), Value(0))
        whens.append(When(version_id=earlier.pk, then=Least(mapped, Value(last)) if last >= 0 else mapped))
    return Case(*whens, default=F("frame"), output_field=IntegerField()) if whens else F("frame")


def _thread_rows(scope: ThreadScope) -> QuerySet[Comment]:
    """Every thread the scope lists, with ``at``: the version's own (a deleted one only while it
    has replies the reader sees) and the earlier versions' open ones."""
    # A reply is on its thread's version: the version narrows the lookup to this version's rows.
    replies = _visible(scope, Comment.objects.filter(version_id=scope.version.pk, thread=OuterRef("pk")))
    own = Q(version_id=scope.version.pk) & (Q(deleted_at__isnull=True) | Q(Exists(replies)))
    carried = Q(version_id__in=[v.pk for v in scope.earlier], resolved_at__isnull=True, deleted_at__isnull=True)
    rows = _visible(scope, Comment.objects.filter(thread__isnull=True)).filter(own | carried if scope.earlier else own)
    return rows.annotate(at=_at(scope))


OPEN = Q(resolved_at__isnull=True, deleted_at__isnull=True)


def _filter(scope: ThreadScope, show: str) -> Q:
    """The threads a filter of the list shows (``FILTERS`` in views: all, open, resolved, mine,
    internal)."""
    if show == "open":
        return OPEN
    if show == "resolved":
        return Q(resolved_at__isnull=False)
    if show == "internal":
        return Q(internal=True)
    if show == "mine":
        if not (scope.user_id or scope.guest_id):
            return Q(pk__in=[])
        me = Q(author_id=scope.user_id) if scope.user_id else Q(guest_id=scope.guest_id)
        replies = _visible(scope, Comment.objects.filter(me, version_id__in=list(scope.by_id), thread=OuterRef("pk")))
        return me | Q(Exists(replies))
    return Q()


@dataclass
class ThreadPage:
    """One page of a version's thread list, in timecode order (``at``, then when written), each
    with ``reply_list``, ``carried_from`` (the earlier version, or None), ``at`` and ``beyond``;
    and the counts over every thread."""

    threads: list[Comment]
    total: int  # every thread listed
    open: int
    shown: int  # that the filter shows
    number: int  # this page, from 1
    pages: int
    start: int  # the first thread's position in the filter's list, from 1
    show: str

    @property
    def end(self) -> int:
        return self.start + len(self.threads) - 1


PAGE_SIZE = 25


def thread_page(scope: ThreadScope, *, show: str = "all", page: int = 1, comment_id=None) -> ThreadPage:
    """The page ``page`` of the threads ``show`` lists — or the page holding the thread of
    ``comment_id`` (a link to a comment lands on it; under "all" when the filter hides it). The
    same few queries whatever the number of threads: the page with the counts over every thread
    and its replies, as the list opens (all threads, a page that exists); the counts, the page
    and its replies otherwise (a filter, a comment to land on, a page past the end)."""
    rows = _thread_rows(scope)
    order = ("at", "created_at", "pk")
    if show == "all" and comment_id is None and page >= 1:
        # The list as it opens: the page and the counts in one pass over the threads (the
        # counts ride on each row as window aggregates), unless the page asked lies past the end.
        offset = (page - 1) * PAGE_SIZE
        windowed = rows.annotate(n_total=Window(Count("pk")), n_open=Window(Count("pk", filter=OPEN)))
        threads = list(windowed.order_by(*order)[offset : offset + PAGE_SIZE])
        if threads:
            total = threads[0].n_total
            _attach(scope, threads)
            return ThreadPage(
                threads=threads, total=total, open=threads[0].n_open, shown=total, number=page,
                pages=max(1, math.ceil(total / PAGE_SIZE)), start=offset + 1, show=show,
            )  # fmt: skip
    shown = _filter(scope, show)
    counts = rows.aggregate(total=Count("pk"), open=Count("pk", filter=OPEN), shown=Count("pk", filter=shown))
    if comment_id is not None:
        position = _position(scope, rows, shown, comment_id)
        if position is None and show != "all":
            show, shown, counts["shown"] = "all", Q(), counts["total"]
            position = _position(scope, rows, shown, comment_id)
        if position is not None:
            page = position // PAGE_SIZE + 1
    pages = max(1, math.ceil(counts["shown"] / PAGE_SIZE))
    number = min(max(page, 1), pages)
    offset = (number - 1) * PAGE_SIZE
    threads = list(rows.filter(shown).order_by(*order)[offset : offset + PAGE_SIZE])
    _attach(scope, threads)
    return ThreadPage(
        threads=threads, total=counts["total"], open=counts["open"], shown=counts["shown"],
        number=number, pages=pages, start=offset + 1, show=show,
    )  # fmt: skip


def _position(scope: ThreadScope, rows, shown: Q, comment_id) -> int | None:
    """How many threads of the filter's list come before the thread of ``comment_id``."""
    thread_id = (
        _visible(scope, Comment.objects.filter(pk=comment_id))
        .annotate(head=Case(When(thread__isnull=True, then=F("pk")), default=F("thread_id")))
        .values_list("head", flat=True)
        .first()
    )
    target = rows.filter(shown).filter(pk=thread_id).values("at", "created_at", "pk").first() if thread_id else None
    if target is None:
        return None
    at, created, pk = target["at"], target["created_at"], target["pk"]
    before = Q(at__lt=at) | Q(at=at, created_at__lt=created) | Q(at=at, created_at=created, pk__lt=pk)
    return rows.filter(shown).filter(before).count()


def _attach(scope: ThreadScope, threads: list[Comment]) -> None:
    """Each thread's replies (oldest first, one query) and, for a carried one, its version and
    exact frame here."""
    replies = {t.pk: [] for t in threads}
    reply_rows = _visible(scope, Comment.objects.filter(thread_id__in=list(replies))).order_by("created_at")
    for reply in reply_rows if threads else ():
        replies[reply.thread_id].append(reply)
    versions = scope.by_id
    target = scope.version.asset
    for thread in threads:
        thread.reply_list = replies[thread.pk]
        carried = thread.version_id != scope.version.pk
        thread.carried_from = versions[thread.version_id] if carried else None
        thread.version = versions[thread.version_id]
        if carried:
            source = thread.carried_from.asset
            thread.at = carry_frame(thread.frame, source, target)
            thread.beyond = thread.at != carry_frame(thread.frame, source, target, within=False)
        else:
            thread.at, thread.beyond = thread.frame, False


def thread_markers(scope: ThreadScope) -> list[dict]:
    """Every thread's marker for the seek bar (not deleted ones): id, frame, end frame (a range
    of this version), who, the start of the text, and the drawing, in timecode order."""
    versions = scope.by_id
    target = scope.version.asset
    rows = (
        _thread_rows(scope)
        .filter(deleted_at__isnull=True)
        .order_by("at", "created_at", "pk")
        .values_list("pk", "version_id", "frame", "at", "end_frame", "author_name", "text", "drawing")
    )
    markers = []
    for pk, version_id, frame, at, end_frame, author, text, drawing in rows:
        own = version_id == scope.version.pk
        if not own:
            at = carry_frame(frame, versions[version_id].asset, target)
        markers.append(
            {
                "id": str(pk),
                "frame": at,
                "end_frame": end_frame if own else None,
                "author": author,
                "text": text[:60],
                "drawing": drawing or [],
            }
        )
    return markers


def thread_stamp(scope: ThreadScope) -> str:
    """What changes whenever the scope's threads or replies change (a new one, an edit, a
    resolve, a deletion): the markers' ETag."""
    mine = Q(version_id__in=list(scope.by_id))
    agg = _visible(scope, Comment.objects.filter(mine)).aggregate(n=Count("pk"), last=Max("updated_at"))
    last = agg["last"].isoformat() if agg["last"] else "-"
    ids = ",".join(str(pk) for pk in sorted(map(str, scope.by_id)))
    return f"{agg['n']}|{last}|{int(scope.staff)}|{ids}"


def carry_frame(frame: int, source, target, *, within: bool = True) -> int:
    """The frame of ``target`` showing the timecode that ``frame`` shows in ``source`` (each in
    its own rate and start timecode), kept within ``target`` (``within=False``: where it would be)."""
    if not (source.frame_rate_num and target.frame_rate_num):
        return frame
    tc = timecode.timecode_of_frame(frame, source.frame_rate_num, source.frame_rate_den, start=source.start_timecode)
    mapped = timecode.frame_of_timecode(tc, target.frame_rate_num, target.frame_rate_den, start=target.start_timecode)
    if not within:
        return mapped if mapped is not None else frame
    mapped = max(mapped or 0, 0)
    return min(mapped, target.frame_count - 1) if target.frame_count else mapped


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
    when the cut is shared (a team-only comment still reaches only the team) — the team first,
    each side by name, in one query (one membership per person and studio)."""
    project = version.cut.project
    who = Q(role__in=STAFF_ROLES)
    if version.cut.client_visible:
        who |= Q(role=Role.CLIENT, client_id=project.client_id, user__project_accesses__project=project)
    memberships = (
        Membership.objects.filter(who, organization_id=project.organization_id, user__is_active=True)
        .select_related("user")
        .order_by(
            Case(When(role=Role.CLIENT, then=Value(1)), default=Value(0)),
            "user__first_name",
            "user__last_name",
            "user__email",
        )
    )
    return [m.user for m in memberships]


# --- The brief's mandatory messages on the review page ----------------------------------------


def brief_messages(project: Project) -> list:
    """The mandatory messages of the project's current brief (its newest version), in the brief's
    order; none without a brief. One query."""
    newest = BriefVersion.objects.filter(brief__project=project).order_by("-number").values("pk")[:1]
    return list(BriefMessage.objects.filter(version_id=Subquery(newest)).order_by("position"))


@dataclass(frozen=True)
class MessageCheck:
    """One mandatory message beside the player: where it is marked in this version (or None)."""

    message: object  # ideation.BriefMessage
    mark: MessageMark | None


def brief_checklist(version: Version) -> list[MessageCheck]:
    """The brief's mandatory messages with their marks on ``version`` (a version the reader may
    see; the brief is read by whoever may see the project): two queries."""
    marks = {m.message_key: m for m in MessageMark.objects.filter(version=version)}
    return [MessageCheck(message=m, mark=marks.get(m.key)) for m in brief_messages(version.cut.project)]


def unmarked_messages(version: Version) -> list:
    """The brief's mandatory messages not marked on ``version``: what an approval warns about."""
    return [check.message for check in brief_checklist(version) if check.mark is None]
