"""The review page of a version: the player, the comments in timecode order with their markers
on the seek bar, and the form that comments at the frame on screen. Reads go through
``selectors`` (a version or comment the user cannot see is a 404), writes through ``services``."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from production.edit.selectors import versions_of_cut
from production.media import selectors as media_selectors
from production.media.engine import timecode
from production.media.views import player_config
from projects.forms import add_service_errors
from projects.permissions import can_see_internal

from . import drawing, selectors, services
from .forms import CommentForm, ReplyForm, ResolveForm

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


def _shown(threads, show: str, user) -> list:
    if show == "open":
        return [t for t in threads if not t.is_resolved]
    if show == "resolved":
        return [t for t in threads if t.is_resolved]
    if show == "mine":
        return [t for t in threads if t.author_id == user.pk or any(r.author_id == user.pk for r in t.reply_list)]
    if show == "internal":
        return [t for t in threads if t.internal]
    return threads


def review_url(version) -> str:
    return reverse("version-review", kwargs={"version_id": version.pk})


def _page(request, version_id, *, form: CommentForm | None = None, status: int = 200):
    user = request.user
    version = selectors.version_for_review(user=user, version_id=version_id)
    asset = media_selectors.asset_with_renders(user=user, asset_id=version.asset_id)
    project = version.cut.project
    staff = can_see_internal(user, project)
    threads = selectors.threads_of(user=user, version=version)
    for thread in threads:
        thread.timecode = _timecode(asset, thread.frame)
        thread.end_timecode = _timecode(asset, thread.end_frame)
    show = request.GET.get("show", "all")
    if show not in FILTERS or (show == "internal" and not staff):
        show = "all"
    # The threads this user may see (selectors.threads_of): a marker each on the seek bar, with
    # its drawing for the layer over the picture.
    markers = [
        {
            "id": str(t.pk),
            "frame": t.frame,
            "end_frame": t.end_frame,
            "label": f"{t.timecode} {t.author_name}: {t.text[:60]}",
            "drawing": t.drawing or [],
        }
        for t in threads
        if not t.deleted_at
    ]
    context = {
        "version": version,
        "cut": version.cut,
        "project": project,
        "asset": asset,
        "staff": staff,
        "player": player_config(asset, asset.playable_render, comments=markers),
        "versions": list(versions_of_cut(user=user, cut=version.cut)),
        "threads": _shown(threads, show, user),
        "thread_count": len(threads),
        "open_count": sum(1 for t in threads if not t.is_resolved and not t.deleted_at),
        "filters": {key: label for key, label in FILTERS.items() if staff or key != "internal"},
        "show": show,
        "form": form or CommentForm(initial={"internal": staff, "frame": 0}),
        "first_timecode": _timecode(asset, 0),
        "player_extras": "review/_drawbar.html",
        "draw_colors": list(drawing.COLORS.items()),
    }
    return render(request, "review/review.html", context, status=status)


@login_required
@require_GET
def version_review(request, version_id):
    return _page(request, version_id)


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
            return redirect(f"{review_url(version)}#comment-{comment.pk}")
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
            messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
        else:
            return redirect(f"{review_url(thread.version)}#comment-{reply.pk}")
    return redirect(f"{review_url(thread.version)}#comment-{thread.pk}")


@login_required
@require_POST
def comment_resolve(request, comment_id):
    comment = selectors.comment_for(user=request.user, comment_id=comment_id)
    form = ResolveForm(request.POST)
    if form.is_valid():
        try:
            services.comment_resolve(comment=comment, by=request.user, resolved=form.cleaned_data["resolved"])
        except (ValidationError, PermissionDenied) as exc:
            messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
    return redirect(f"{review_url(comment.version)}#comment-{comment.pk}")
