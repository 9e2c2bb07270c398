"""The review page of a version: the player, the comments in timecode order with their markers
on the seek bar, and the form that comments at the frame on screen. Reads go through
``selectors`` (a version or comment the user cannot see is a 404), writes through ``services``."""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Callable
from types import SimpleNamespace
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse, JsonResponse
from django.middleware.csrf import get_token
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import get_conditional_response
from django.utils.html import format_html
from django.utils.http import content_disposition_header, quote_etag
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from production.edit.models import Cut
from production.edit.selectors import versions_of_cut
from production.media import selectors as media_selectors
from production.media.engine import timecode
from production.media.transcript_views import cue_timecode
from production.media.views import player_config
from projects.forms import add_service_errors, safe_next
from projects.models import STAFF_ROLES, User
from projects.permissions import can_edit_project, can_see_internal, can_upload
from projects.selectors import project_for

from . import approvals, drawing, export, mentions, selectors, services
from .addresses import at_comment
from .forms import CommentForm, DecisionForm, ReplyForm, ResolveForm, ReviewPolicyForm

FILTERS = {
    "all": "All",
    "open": "Open",
    "resolved": "Resolved",
    "mine": "Mine",
    "internal": "Team only",
}


def _timecode(asset, frame: int | None) -> str:
    if frame is None or not asset.frame_rate_num:
        return ""
    return timecode.timecode_of_frame(frame, asset.frame_rate_num, asset.frame_rate_den, start=asset.start_timecode)


def flash_refusal(request, exc: ValidationError | PermissionDenied) -> None:
    """A service's refusal of a small form's post (reply, resolve, edit, delete), shown on the
    page it returns to."""
    messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))


def review_url(version) -> str:
    return reverse("version-review", kwargs={"version_id": version.pk})


def _filler(name: str, key: str, **kwargs) -> Callable[[object], str]:
    """``name``'s address for any ``key``: reversed once, each id filled in (a page of threads
    reverses two or three addresses each, which costs more than the rest of a thread)."""
    placeholder = str(uuid.UUID(int=0))
    address = reverse(name, kwargs={**kwargs, key: placeholder})
    return lambda pk: address.replace(placeholder, str(pk))


def thread_addresses(*, reply: str = "comment-reply", version: str = "version-review", own: bool = True, **kwargs):
    """Sets a thread's ``reply_url``; ``resolve_url``, ``edit_url`` and ``delete_url`` (``own``:
    the signed-in door's; a guest has none); and, for a thread carried from an earlier version,
    ``origin_url`` (that version's page, at the thread)."""
    reply_url = _filler(reply, "comment_id", **kwargs)
    own_urls = {
        f"{what}_url": _filler(f"comment-{what}", "comment_id") if own else lambda pk: ""
        for what in ("resolve", "edit", "delete")
    }
    version_url = _filler(version, "version_id", **kwargs)

    def fill(thread) -> None:
        thread.reply_url = reply_url(thread.pk)
        for name, url in own_urls.items():
            setattr(thread, name, url(thread.pk))
        thread.origin_url = at_comment(version_url(thread.carried_from.pk), thread.pk) if thread.carried_from else ""

    return fill


def _page_number(request) -> int:
    try:
        return max(1, int(request.GET.get("page", "1")))
    except ValueError:
        return 1


def _comment_asked(request) -> uuid.UUID | None:
    try:
        return uuid.UUID(request.GET["comment"])
    except (KeyError, ValueError):
        return None


def review_context(
    request,
    *,
    scope: selectors.ThreadScope,
    asset,
    playable,
    review,
    markers_url: str,
    brief_url: str = "",
    decisions: dict | None = None,
    form: CommentForm | None = None,
    decision_form: DecisionForm | None = None,
    file_url=None,
    proxy: bool = True,
    thread_urls: Callable | None = None,
    mine: Callable | None = None,
) -> dict:
    """What the review page shows, for the signed-in door and a share link's alike: one page of
    the threads ``scope`` lists (``?show=`` filter, ``?page=``, or the page of ``?comment=``),
    the player — whose seek-bar markers and drawings come from ``markers_url`` (every thread,
    ``thread_markers``), so the page costs the same at ten threads or two thousand — the
    approval panel and the version switcher (``decisions``: every version's, when the caller has
    them). ``thread_urls`` makes each thread's addresses (``thread_addresses``: the share door's
    own). ``mine(thread)``: whether the signed-in reader wrote it (they may edit, delete and
    resolve their own; a guest's door has none of these). A deleted thread is listed only while it
    has replies (under "Comment deleted")."""
    version, staff = scope.version, scope.staff
    show = request.GET.get("show", "all")
    if show not in FILTERS or (show == "internal" and not staff):
        show = "all"
    page = selectors.thread_page(scope, show=show, page=_page_number(request), comment_id=_comment_asked(request))
    urls = thread_urls or thread_addresses()
    for thread in page.threads:
        thread.timecode = _timecode(asset, thread.at)
        thread.end_timecode = _timecode(asset, thread.end_frame) if not thread.carried_from else ""
        thread.own = bool(mine and mine(thread))
        thread.may_resolve = bool(mine) and (staff or thread.own)
        thread.here = at_comment(request.path, thread.pk)
        urls(thread)
    versions = scope.versions
    states = selectors.review_states_of(versions, policy=review.policy, decisions=decisions)
    for v in versions:
        v.review_state = states[v.pk]
    player = player_config(asset, playable, file_url=file_url, proxy=proxy)
    if player is not None:
        player["commentsUrl"] = markers_url
    return {
        "version": version,
        "review": review,
        "decision_form": decision_form or DecisionForm(),
        "cut": version.cut,
        "project": version.cut.project,
        "asset": asset,
        "staff": staff,
        "player": player,
        "versions": versions,
        "threads": page.threads,
        "page": page,
        "thread_count": page.total,
        "open_count": page.open,
        "filters": {key: label for key, label in FILTERS.items() if staff or key != "internal"},
        "show": page.show,
        "form": form or CommentForm(initial={"internal": staff, "frame": 0}),
        "first_timecode": _timecode(asset, 0),
        "exports": [f for f in export.FORMATS.values() if asset.frame_rate or not f.timeline],
        "player_extras": "review/_drawbar.html",
        "draw_colors": list(drawing.COLORS.items()),
        "may_reply": True,
        "brief_url": brief_url,
        # One hidden token input for the list's many small forms (the tag costs each of them).
        "csrf_input": format_html('<input type="hidden" name="csrfmiddlewaretoken" value="{}">', get_token(request)),
    }


def markers_response(request, scope: selectors.ThreadScope, asset) -> HttpResponse:
    """Every thread's seek-bar marker and drawing as JSON (the review page's player fetches it),
    revalidated by ETag: an unchanged list is a 304 without reading it."""
    etag = quote_etag(hashlib.sha256(selectors.thread_stamp(scope).encode()).hexdigest()[:32])
    response = get_conditional_response(request, etag=etag)
    if response is None:
        markers = selectors.thread_markers(scope)
        for marker in markers:
            marker["label"] = f"{_timecode(asset, marker['frame'])} {marker.pop('author')}: {marker.pop('text')}"
        response = JsonResponse({"comments": markers})
    response["ETag"] = etag
    response["Cache-Control"] = "private, no-cache"
    return response


def _scope(user, version_id) -> tuple[selectors.ThreadScope, object]:
    version, versions = selectors.review_versions(user=user, version_id=version_id)
    return selectors.thread_scope(user=user, version=version, versions=versions), version


def _page(
    request,
    version_id,
    *,
    form: CommentForm | None = None,
    decision_form: DecisionForm | None = None,
    status: int = 200,
):
    user = request.user
    scope, version = _scope(user, version_id)
    asset = version.asset
    project = version.cut.project
    decisions = approvals.decisions_by_version(scope.versions)
    context = review_context(
        request,
        scope=scope,
        asset=asset,
        playable=media_selectors.playable_render_of(asset),
        review=selectors.review_state_of(user=user, version=version, decisions=decisions.get(version.pk)),
        decisions=decisions,
        mine=lambda comment: comment.author_id == user.pk,
        markers_url=reverse("version-markers", kwargs={"version_id": version.pk}),
        brief_url=reverse("version-brief", kwargs={"version_id": version.pk}),
        form=form,
        decision_form=decision_form,
    )
    if context["player"] is not None:  # the transcript under the player: media's panel, loaded on its own
        panel = reverse("asset-transcript", kwargs={"asset_id": asset.pk})
        context["transcript_url"] = f"{panel}?{urlencode({'next': review_url(version)})}"
    context["may_set_policy"] = can_edit_project(user, project)
    context["may_share"] = can_upload(user, project)
    context["mention_names_url"] = reverse("version-mentionable", kwargs={"version_id": version.pk})
    return render(request, "review/review.html", context, status=status)


@login_required
@require_GET
def version_review(request, version_id):
    return _page(request, version_id)


@login_required
@require_GET
def version_markers(request, version_id):
    scope, version = _scope(request.user, version_id)
    return markers_response(request, scope, version.asset)


@login_required
@require_GET
def version_mentionable(request, version_id):
    """Who a comment on the version can @mention, as the names the completion offers (the
    review page's script fetches them when a comment box is first used: not every page view
    writes a comment, so the page does not pay for the list)."""
    version, _ = selectors.review_versions(user=request.user, version_id=version_id)
    people = (u for u in selectors.mentionable(version) if u.pk != request.user.pk)
    response = JsonResponse({"names": [mentions.handles(u)[0] for u in people]})
    response["Cache-Control"] = "private, max-age=60"
    return response


def brief_check_context(version, *, may_mark: bool, mark_url: str, error: str = "") -> dict:
    """The brief's mandatory messages beside the player (``review/_brief_check.html``)."""
    checks = [
        SimpleNamespace(
            message=c.message, mark=c.mark, timecode=_timecode(version.asset, c.mark.frame) if c.mark else ""
        )
        for c in selectors.brief_checklist(version)
    ]
    marked = sum(1 for c in checks if c.mark)
    return {
        "version": version, "checks": checks, "marked": marked, "unmarked": len(checks) - marked,
        "may_mark": may_mark, "mark_url": mark_url, "error": error,
    }  # fmt: skip


def mark_message(request, version, **who) -> str:
    """Mark (``action=mark``, at ``frame``) or clear (``action=clear``) one of the brief's messages
    on ``version`` from the checklist's form; the refusal, if any, as a sentence."""
    try:
        key = uuid.UUID(request.POST.get("message", ""))
    except ValueError:
        return "That is not one of the brief's mandatory messages."
    try:
        if request.POST.get("action") == "clear":
            services.message_unmark(version=version, key=key, **who)
        else:
            try:
                frame = int(request.POST.get("frame", ""))
            except ValueError:
                frame = None
            services.message_mark(version=version, key=key, frame=frame, **who)
    except (ValidationError, PermissionDenied) as exc:
        return " ".join(getattr(exc, "messages", [str(exc)]))
    return ""


def marked_response(request, version, *, error: str, context: dict, page_url: str):
    """The checklist again (htmx), or back to the review page with what happened."""
    if request.htmx:
        return render(request, "review/_brief_check.html", context, status=400 if error else 200)
    if error:
        messages.error(request, error)
    return redirect(f"{page_url}#brief-check")


@login_required
@require_GET
def version_brief(request, version_id):
    version = selectors.version_for_review(user=request.user, version_id=version_id)
    mark_url = reverse("version-brief-mark", kwargs={"version_id": version.pk})
    return render(request, "review/_brief_check.html", brief_check_context(version, may_mark=True, mark_url=mark_url))


@login_required
@require_POST
def version_brief_mark(request, version_id):
    version = selectors.version_for_review(user=request.user, version_id=version_id)
    error = mark_message(request, version, by=request.user)
    mark_url = reverse("version-brief-mark", kwargs={"version_id": version.pk})
    context = brief_check_context(version, may_mark=True, mark_url=mark_url, error=error)
    return marked_response(request, version, error=error, context=context, page_url=review_url(version))


@login_required
@require_POST
def comment_create(request, version_id):
    version = selectors.version_for_review(user=request.user, version_id=version_id)
    form = CommentForm(request.POST)
    if form.is_valid():
        staff = can_see_internal(request.user, version.cut.project)
        try:
            comment = services.comment_post(
                version=version,
                by=request.user,
                text=form.cleaned_data["text"] or "",
                frame=form.cleaned_data["frame"],
                end_frame=form.cleaned_data["end_frame"],
                internal=form.cleaned_data["internal"] if staff else False,
                drawing=form.cleaned_data["drawing"] or [],
            )
        except (ValidationError, PermissionDenied) as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, f"Comment added at {_timecode(version.asset, comment.frame)}.")
            return redirect(at_comment(review_url(version), comment.pk))
    return _page(request, version.pk, form=form, status=400)


@login_required
@require_POST
def comment_reply(request, comment_id):
    thread = selectors.comment_for(user=request.user, comment_id=comment_id)
    form = ReplyForm(request.POST)
    if form.is_valid():
        try:
            reply = services.comment_post(
                version=thread.version, by=request.user, text=form.cleaned_data["text"] or "", parent=thread
            )
        except (ValidationError, PermissionDenied) as exc:
            flash_refusal(request, exc)
        else:
            return redirect(safe_next(request, at_comment(review_url(thread.version), reply.pk)))
    return redirect(safe_next(request, at_comment(review_url(thread.version), thread.pk)))


@login_required
@require_POST
def comment_resolve(request, comment_id):
    comment = selectors.comment_for(user=request.user, comment_id=comment_id)
    form = ResolveForm(request.POST)
    if form.is_valid():
        try:
            services.comment_resolve(comment=comment, by=request.user, resolved=form.cleaned_data["resolved"])
        except (ValidationError, PermissionDenied) as exc:
            flash_refusal(request, exc)
    return redirect(safe_next(request, at_comment(review_url(comment.version), comment.pk)))


@login_required
@require_POST
def comment_edit(request, comment_id):
    """Change your own comment's text (what it said before is kept)."""
    comment = selectors.comment_for(user=request.user, comment_id=comment_id)
    form = ReplyForm(request.POST)
    if form.is_valid():
        try:
            services.comment_edit(comment=comment, by=request.user, text=form.cleaned_data["text"] or "")
        except (ValidationError, PermissionDenied) as exc:
            flash_refusal(request, exc)
        else:
            messages.success(request, "Comment saved.")
    return redirect(safe_next(request, at_comment(review_url(comment.version), comment.pk)))


@login_required
@require_POST
def comment_remove(request, comment_id):
    """Delete your own comment (replies stay, under "Comment deleted")."""
    comment = selectors.comment_for(user=request.user, comment_id=comment_id)
    try:
        services.comment_delete(comment=comment, by=request.user)
    except (ValidationError, PermissionDenied) as exc:
        flash_refusal(request, exc)
    else:
        messages.success(request, "Comment deleted.")
    return redirect(safe_next(request, review_url(comment.version)))


@login_required
@require_POST
def version_decide(request, version_id):
    """Approve the version, approve it with changes, or request changes."""
    version = selectors.version_for_review(user=request.user, version_id=version_id)
    form = DecisionForm(request.POST)
    if form.is_valid():
        try:
            approval = services.approval_decide(
                version=version, by=request.user, decision=form.cleaned_data["decision"],
                note=form.cleaned_data["note"] or "", unmarked_ok=form.cleaned_data["unmarked_ok"],
            )  # fmt: skip
        except (ValidationError, PermissionDenied) as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, f"v{version.number}: {approval.get_decision_display().lower()}.")
            return redirect(review_url(version))
    return _page(request, version.pk, decision_form=form, status=400)


def _policy_form(project, data=None):
    policy = approvals.policy_of(project)
    initial = {
        "master_cut": policy.master_cut_id,
        "lead": policy.lead_id,
        "approvers": list(approvals.approver_ids(policy)),
        "two_rounds": policy.two_rounds,
    }
    team = User.objects.filter(
        memberships__organization=project.organization, memberships__role__in=STAFF_ROLES, is_active=True
    ).order_by("first_name", "last_name", "email")
    return ReviewPolicyForm(
        data,
        initial=initial,
        cuts=Cut.objects.filter(project=project).order_by("title"),
        team=team,
        client_reviewers=selectors.client_reviewers_of(project),
    )


@login_required
@require_http_methods(["GET", "POST"])
def review_settings(request, project_id):
    """Who approves the project's versions, in how many rounds, and its master cut (producers)."""
    project = project_for(user=request.user, project_id=project_id)
    if not can_edit_project(request.user, project):
        raise PermissionDenied("Only producers set how a project is approved.")
    form = _policy_form(project, request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.review_policy_update(project=project, by=request.user, **form.cleaned_data)
            except (ValidationError, PermissionDenied) as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, "Approval settings saved.")
                return redirect(safe_next(request, reverse("review-settings", kwargs={"project_id": project.pk})))
        status = 400
    cancel_url = safe_next(request, reverse("project-detail", kwargs={"project_id": project.pk}))
    context = {"project": project, "form": form, "cancel_url": cancel_url}
    return render(request, "review/settings.html", context, status=status)


def compare_side(asset, threads, *, playable, file_url=None, proxy=True) -> dict:
    """One side of the compare page: its player (with its own comments as markers) and threads."""
    for thread in threads:
        thread.timecode = _timecode(asset, thread.frame)
    markers = [
        {"frame": t.frame, "end_frame": t.end_frame, "label": f"{t.timecode} {t.author_name}: {t.text[:60]}"}
        for t in threads
        if not t.deleted_at
    ]
    return {
        "asset": asset,
        "threads": [t for t in threads if not t.deleted_at],
        "player": player_config(asset, playable, comments=markers, file_url=file_url, proxy=proxy),
    }


@login_required
@require_GET
def version_compare(request, version_id, other_id):
    """Two versions of a cut side by side (or as a wipe), frame-locked (static/js/compare.js)."""
    user = request.user
    left = selectors.version_for_review(user=user, version_id=version_id)
    right = selectors.version_for_review(user=user, version_id=other_id)
    if right.cut_id != left.cut_id or right.pk == left.pk:
        raise Http404("Compare two versions of one cut.")
    sides = []
    for key, version in zip("ab", (left, right), strict=True):
        asset = media_selectors.asset_with_renders(user=user, asset_id=version.asset_id)
        side = compare_side(asset, selectors.threads_of(user=user, version=version), playable=asset.playable_render)
        sides.append({**side, "version": version, "url": review_url(version), "id": f"compare-{key}",
                      "label": f"v{version.number}"})  # fmt: skip
    context = {
        "cut": left.cut,
        "project": left.cut.project,
        "sides": sides,
        "versions": list(versions_of_cut(user=user, cut=left.cut)),
        "staff": can_see_internal(user, left.cut.project),
    }
    return render(request, "review/compare.html", context)


@login_required
@require_GET
@never_cache
def version_export(request, version_id, fmt):
    """The version's comments as a file to download: markers for an editor (EDL, FCPXML, .otio)
    or the review report (CSV, PDF), with what this person may see of them."""
    version = selectors.version_for_review(user=request.user, version_id=version_id)
    try:
        exported = export.export_file(user=request.user, version=version, fmt=fmt)
    except export.NoFrameRate as exc:
        return HttpResponse(str(exc), status=409, content_type="text/plain; charset=utf-8")
    response = HttpResponse(exported.content, content_type=exported.content_type)
    response["Content-Disposition"] = content_disposition_header(True, exported.filename)
    return response


TRANSCRIPT_QUERY_MIN, TRANSCRIPT_QUERY_MAX = 2, 100


def _snippet(text: str, query: str, width: int = 60) -> tuple[str, str, str]:
    """(before, the match, after) of ``text`` around ``query``'s first place, trimmed to ``width``
    characters either side; the template escapes each part."""
    at = text.lower().find(query.lower())
    if at < 0:
        return text[: 2 * width], "", ""
    before, match, after = text[:at], text[at : at + len(query)], text[at + len(query) :]
    if len(before) > width:
        before = "…" + before[-width:].lstrip()
    if len(after) > width:
        after = after[:width].rstrip() + "…"
    return before, match, after


@login_required
@require_GET
def project_transcript_search(request, project_id):
    """Words said in the project's versions (their transcripts), each hit linking to the version's
    review page at that moment (``?t=``). A client finds only what the versions they may watch say."""
    project = project_for(user=request.user, project_id=project_id)
    query = " ".join(request.GET.get("q", "").split())[:TRANSCRIPT_QUERY_MAX]
    hits = []
    if len(query) >= TRANSCRIPT_QUERY_MIN:
        for hit in selectors.transcript_hits(user=request.user, project=project, query=query):
            cue, version = hit.cue, hit.version
            hits.append(
                SimpleNamespace(
                    version=version,
                    cut=version.cut,
                    timecode=cue_timecode(version.asset, cue.start),
                    parts=_snippet(cue.text, query),
                    url=f"{review_url(version)}?t={cue.start:.3f}#cue-{cue.pk}",
                )
            )
    context = {"project": project, "query": query, "hits": hits, "too_short": 0 < len(query) < TRANSCRIPT_QUERY_MIN}
    return render(request, "review/_transcript_hits.html", context)
