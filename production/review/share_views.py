"""Share links, both sides.

The guest's side (``/s/<token>/…``, no account): the password (when the link has one, wrong
ones rate-limited), a name and email to review under, then the review page of the versions the
link shows, with what the link allows (comment, approve, download), and the files the player
needs — only those of the link's versions, never the original unless it allows downloads. An
unknown, revoked or expired token is one 404 page; what a guest unlocked and who they are lives
in their session, per link.

The team's side (producers and editors): make links for a cut, see who opened them, revoke them.
"""

from __future__ import annotations

from functools import wraps
from pathlib import Path

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET, require_http_methods, require_POST, require_safe

from production.edit.selectors import cut_for
from production.media import media_files
from production.media import selectors as media_selectors
from production.media import services as media_services
from production.media.models import MediaAsset, Render
from production.media.transcript_views import transcript_context
from projects.forms import add_service_errors, safe_next
from projects.permissions import can_edit_project, can_upload

from . import selectors, services
from .forms import CommentForm, DecisionForm, GuestForm, ReplyForm, ShareLinkForm, UnlockForm
from .models import ShareGuest, ShareLink
from .views import (
    at_comment,
    brief_check_context,
    compare_side,
    flash_refusal,
    mark_message,
    marked_response,
    markers_response,
    review_context,
    thread_addresses,
)  # fmt: skip

SESSION_PREFIX = "reelflow.share."


# --- The guest's session ---------------------------------------------------------------------


def _state(request, link: ShareLink) -> dict:
    return request.session.get(SESSION_PREFIX + str(link.pk), {})


def _save_state(request, link: ShareLink, **changes) -> None:
    state = {**_state(request, link), **changes}
    request.session[SESSION_PREFIX + str(link.pk)] = state


def _guest(request, link: ShareLink) -> ShareGuest | None:
    """The guest this session reviews as on ``link``, once it is unlocked and they said who they are."""
    state = _state(request, link)
    if link.has_password and not state.get("unlocked"):
        return None
    guest_id = state.get("guest")
    return ShareGuest.objects.filter(link=link, pk=guest_id).first() if guest_id else None


def _client_ip(request) -> str:
    return request.META.get("REMOTE_ADDR", "")


def guest_only(*, door: bool):
    """A view of a link for its guest: the usable link of the token (else the one 404), and the
    guest of this session — else, for a page (``door``), back to the link's door (password, then
    name and email); for a file or a form's post, a 404."""

    def decorate(view):
        @wraps(view)
        def wrapped(request, token, *args, **kwargs):
            link = selectors.share_link_by_token(token)
            guest = _guest(request, link)
            if guest is None:
                if door:
                    return redirect("share-open", token=token)
                raise Http404("Open the link first.")
            return view(request, link, guest, *args, **kwargs)

        return wrapped

    return decorate


def _share_url(link: ShareLink, version) -> str:
    return reverse("share-version", kwargs={"token": link.token, "version_id": version.pk})


# --- The guest's pages -------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def share_open(request, token):
    """The door of a link: its password if it has one, then the guest's name and email, then the
    newest version it shows."""
    try:
        link = selectors.share_link_by_token(token)
    except Http404:
        return render(request, "review/share_gone.html", status=404)
    state = _state(request, link)
    context = {"link": link, "cut": link.cut, "project": link.cut.project}
    if link.has_password and not state.get("unlocked"):
        form = UnlockForm(request.POST or None)
        status = 200
        if request.method == "POST" and form.is_valid():
            try:
                services.share_link_unlock(link=link, password=form.cleaned_data["password"], ip=_client_ip(request))
            except services.TooManyAttempts as exc:
                form.add_error(None, str(exc))
                status = 429
            except ValidationError as exc:
                add_service_errors(form, exc)
                status = 400
            else:
                request.session.cycle_key()
                _save_state(request, link, unlocked=True)
                return redirect("share-open", token=token)
        response = render(request, "review/share_unlock.html", {**context, "form": form}, status=status)
        if status == 429:
            response["Retry-After"] = str(services.settings.SHARE_PASSWORD_WINDOW)
        return response
    guest = _guest(request, link)
    if guest is None:
        form = GuestForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                guest = services.share_guest_enter(link=link, **form.cleaned_data)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                _save_state(request, link, guest=str(guest.pk))
                return redirect("share-open", token=token)
        status = 400 if request.method == "POST" else 200
        return render(request, "review/share_guest.html", {**context, "form": form}, status=status)
    versions = selectors.share_versions(link)
    if not versions:
        return render(request, "review/share_empty.html", context)
    return redirect(_share_url(link, versions[0]))


def _watermarked_copy(link, guest, version):
    """The guest's own watermarked copy of ``version`` (made once, then reused), or None when the
    link does not watermark or the version does not play yet."""
    if not link.watermark or version.asset.status != MediaAsset.Status.READY:
        return None
    return media_services.render_request(asset=version.asset, spec=selectors.watermark_spec(guest), by=None)


def _playable(link, guest, version):
    """What the guest's player plays, and the copy still being made (if any)."""
    copy = _watermarked_copy(link, guest, version)
    if not link.watermark:
        return media_selectors.playable_render_of(version.asset), None
    if copy is not None and copy.status == Render.Status.SUCCEEDED:
        return copy, None
    return None, copy


def _guest_page(request, link, guest, version, *, form=None, decision_form=None, status=200):
    asset = version.asset
    playable, preparing = _playable(link, guest, version)

    def file_url(render_id, name):
        return reverse("share-file", kwargs={"token": link.token, "render_id": render_id, "name": name})

    context = review_context(
        request,
        scope=selectors.guest_scope(link=link, guest=guest, version=version),
        asset=asset,
        playable=playable,
        review=selectors.review_state_of(version=version, link=link),
        markers_url=reverse("share-markers", kwargs={"token": link.token, "version_id": version.pk}),
        brief_url=reverse("share-brief", kwargs={"token": link.token, "version_id": version.pk}),
        form=form,
        decision_form=decision_form,
        file_url=file_url,
        proxy=link.can_download,
        thread_urls=thread_addresses(reply="share-reply", version="share-version", own=False, token=link.token),
    )
    context.update({"share": link, "guest": guest, "preparing": preparing, "may_reply": link.can_comment})
    if not link.can_comment:
        context["player_extras"] = None  # nothing to draw for
    elif playable is not None:  # the transcript, read-only, for a link that lets its guests comment
        context["transcript_url"] = reverse("share-transcript", kwargs={"token": link.token, "version_id": version.pk})
    return render(request, "review/review.html", context, status=status)


def _guest_transcript(link, version) -> dict:
    poll_url = reverse("share-transcript", kwargs={"token": link.token, "version_id": version.pk})
    return transcript_context(version.asset, poll_url=poll_url, may_edit=False, downloads=False)


@require_GET
@guest_only(door=False)
def share_transcript(request, link, guest, version_id):
    """The transcript under the guest's player (htmx polls it while it is made): read-only, and
    only on a link that lets its guests comment."""
    version = selectors.share_version(link, version_id)
    if not link.can_comment:
        raise Http404("This link shows no transcript.")
    return render(request, "media/_transcript.html", _guest_transcript(link, version))


@require_GET
@guest_only(door=True)
def share_version(request, link, guest, version_id):
    version = selectors.share_version(link, version_id)
    services.share_visit_record(
        link=link, guest=guest, version=version, ip=_client_ip(request),
        user_agent=request.headers.get("User-Agent", ""),
    )  # fmt: skip
    return _guest_page(request, link, guest, version)


@require_GET
@guest_only(door=False)
def share_markers(request, link, guest, version_id):
    """The seek-bar markers of the guest's page (``views.markers_response``): what the link shows."""
    version = selectors.share_version(link, version_id)
    return markers_response(request, selectors.guest_scope(link=link, guest=guest, version=version), version.asset)


@require_GET
@guest_only(door=False)
def share_brief(request, link, guest, version_id):
    """The brief's mandatory messages beside the guest's player (marked when the link lets them comment)."""
    version = selectors.share_version(link, version_id)
    mark_url = reverse("share-brief-mark", kwargs={"token": link.token, "version_id": version.pk})
    return render(
        request, "review/_brief_check.html",
        brief_check_context(version, may_mark=link.can_comment, mark_url=mark_url),
    )  # fmt: skip


@require_POST
@guest_only(door=False)
def share_brief_mark(request, link, guest, version_id):
    version = selectors.share_version(link, version_id)
    error = mark_message(request, version, guest=guest)
    mark_url = reverse("share-brief-mark", kwargs={"token": link.token, "version_id": version.pk})
    context = brief_check_context(version, may_mark=link.can_comment, mark_url=mark_url, error=error)
    return marked_response(request, version, error=error, context=context, page_url=_share_url(link, version))


@require_GET
@guest_only(door=True)
def share_compare(request, link, guest, version_id, other_id):
    left, right = selectors.share_version(link, version_id), selectors.share_version(link, other_id)
    if left.pk == right.pk:
        raise Http404("Compare two versions.")

    def file_url(render_id, name):
        return reverse("share-file", kwargs={"token": link.token, "render_id": render_id, "name": name})

    sides = []
    for key, version in zip("ab", (left, right), strict=True):
        side = compare_side(
            version.asset, selectors.threads_for_guest(version=version),
            playable=_playable(link, guest, version)[0], file_url=file_url, proxy=link.can_download,
        )  # fmt: skip
        sides.append({**side, "version": version, "url": _share_url(link, version), "id": f"compare-{key}",
                      "label": f"v{version.number}"})  # fmt: skip
    context = {
        "cut": link.cut, "project": link.cut.project, "sides": sides, "versions": selectors.share_versions(link),
        "share": link, "guest": guest, "staff": False,
    }  # fmt: skip
    return render(request, "review/compare.html", context)


@require_POST
@guest_only(door=False)
def share_comment(request, link, guest, version_id):
    version = selectors.share_version(link, version_id)
    form = CommentForm(request.POST)
    if form.is_valid():
        try:
            comment = services.comment_post(
                version=version, guest=guest, text=form.cleaned_data["text"] or "",
                frame=form.cleaned_data["frame"], end_frame=form.cleaned_data["end_frame"],
                drawing=form.cleaned_data["drawing"] or [],
            )  # fmt: skip
        except (ValidationError, PermissionDenied) as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, "Comment added.")
            return redirect(at_comment(_share_url(link, version), comment.pk))
    return _guest_page(request, link, guest, version, form=form, status=400)


@require_POST
@guest_only(door=False)
def share_reply(request, link, guest, comment_id):
    thread = selectors.share_thread(link, comment_id)
    form = ReplyForm(request.POST)
    if form.is_valid():
        try:
            reply = services.comment_post(
                version=thread.version, guest=guest, text=form.cleaned_data["text"] or "", parent=thread
            )
        except (ValidationError, PermissionDenied) as exc:
            flash_refusal(request, exc)
        else:
            return redirect(safe_next(request, at_comment(_share_url(link, thread.version), reply.pk)))
    return redirect(safe_next(request, at_comment(_share_url(link, thread.version), thread.pk)))


@require_POST
@guest_only(door=False)
def share_decide(request, link, guest, version_id):
    version = selectors.share_version(link, version_id)
    form = DecisionForm(request.POST)
    if form.is_valid():
        try:
            approval = services.approval_decide(
                version=version, guest=guest, decision=form.cleaned_data["decision"],
                note=form.cleaned_data["note"] or "", unmarked_ok=form.cleaned_data["unmarked_ok"],
            )  # fmt: skip
        except (ValidationError, PermissionDenied) as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, f"v{version.number}: {approval.get_decision_display().lower()}.")
            return redirect(_share_url(link, version))
    return _guest_page(request, link, guest, version, decision_form=form, status=400)


@require_safe
@guest_only(door=False)
def share_file(request, link, guest, render_id, name):
    """A file the player needs, of a render of a version the link shows. The MP4 copy only when
    the link allows downloads (it is the whole picture in one file)."""
    render_obj = selectors.share_render(link, render_id, guest=guest)
    files = render_obj.files
    if not link.can_download and files.main.get("proxy") == name:
        raise Http404("No such file.")
    try:
        stored = files.storage_name(name)
    except LookupError:
        raise Http404("No such file.") from None
    return media_files.serve(request, stored)


@require_safe
@guest_only(door=False)
def share_download(request, link, guest, version_id):
    """The version's file, when the link allows downloads: the original — or, on a watermarking
    link, the guest's own watermarked copy (never the clean original)."""
    version = selectors.share_version(link, version_id)
    asset = version.asset
    if not link.can_download:
        raise Http404("No such file.")
    if link.watermark:
        copy, _ = _playable(link, guest, version)
        name = copy.files.main.get("proxy") if copy else None
        if not name:
            raise Http404("Your copy is still being prepared.")
        stored = copy.files.storage_name(name)
        filename = f"{Path(asset.original_name or 'version').stem} (for {guest.name}).mp4"
    elif asset.file:
        stored, filename = asset.file.name, asset.original_name
    else:
        raise Http404("No such file.")
    response = media_files.serve(request, stored, content_type="application/octet-stream")
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


@require_GET
@guest_only(door=False)
def share_copy_status(request, link, guest, version_id):
    """The progress of the guest's watermarked copy (htmx polls it); once it plays, the page reloads."""
    version = selectors.share_version(link, version_id)
    playable, preparing = _playable(link, guest, version)
    response = render(request, "review/_copy_status.html", {"preparing": preparing, "share": link, "version": version})
    if playable is not None:
        response["HX-Refresh"] = "true"
    return response


# --- The team's side ---------------------------------------------------------------------------


def _links_page(request, cut, *, form=None, status=200):
    links = list(
        selectors.share_links_visible_to(request.user)
        .filter(cut=cut)
        .prefetch_related("versions")
        .order_by("-created_at")
    )
    counts = selectors.share_visit_counts(links)
    for link in links:
        link.visitor_count, link.visit_count, link.last_visit = counts.get(link.pk, (0, 0, None))
        link.url = request.build_absolute_uri(reverse("share-open", kwargs={"token": link.token}))
    versions = list(cut.versions.order_by("-number"))
    context = {
        "cut": cut,
        "project": cut.project,
        "links": links,
        "form": form or ShareLinkForm(versions=versions, may_approve=can_edit_project(request.user, cut.project)),
        "new_link": request.GET.get("new"),
    }
    return render(request, "review/share_links.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def share_links(request, cut_id):
    cut = cut_for(user=request.user, cut_id=cut_id)
    if not can_upload(request.user, cut.project):
        raise PermissionDenied("Only producers and editors share cuts by link.")
    if request.method == "GET":
        return _links_page(request, cut)
    versions = list(cut.versions.order_by("-number"))
    form = ShareLinkForm(request.POST, versions=versions, may_approve=can_edit_project(request.user, cut.project))
    if form.is_valid():
        data = dict(form.cleaned_data)
        try:
            link = services.share_link_create(cut=cut, by=request.user, **data)
        except (ValidationError, PermissionDenied) as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, "Link made. Copy it and send it to your reviewers.")
            return redirect(f"{reverse('share-links', kwargs={'cut_id': cut.pk})}?new={link.pk}#link-{link.pk}")
    return _links_page(request, cut, form=form, status=400)


@login_required
@require_GET
def share_link_detail(request, link_id):
    link = selectors.share_link_for(user=request.user, link_id=link_id)
    context = {
        "link": link,
        "cut": link.cut,
        "project": link.cut.project,
        "url": request.build_absolute_uri(reverse("share-open", kwargs={"token": link.token})),
        "visits": list(link.visits.select_related("guest", "version")[:200]),
        "guests": list(link.guests.order_by("name")),
        "versions": list(link.versions.order_by("-number")),
    }
    return render(request, "review/share_link.html", context)


@login_required
@require_POST
def share_link_revoke(request, link_id):
    link = selectors.share_link_for(user=request.user, link_id=link_id)
    try:
        services.share_link_revoke(link=link, by=request.user)
    except PermissionDenied as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, "Link revoked: it shows nothing now.")
    return redirect(safe_next(request, reverse("share-links", kwargs={"cut_id": link.cut_id})))
