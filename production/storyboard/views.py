"""Pages of the storyboard stage: the project's script (current version as a screenplay page,
its history, a diff of two versions, import a .fountain file, edit or paste the text, download
it) and the storyboard (the board of frames, a frame's page with its comments, reordering by
dragging or with up/down buttons, the PDF).

Reads go through ``selectors`` (a foreign id is a 404), writes through ``services``."""

from __future__ import annotations

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.text import slugify
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from production.media import media_files
from projects.forms import add_service_errors
from projects.permissions import can_see_internal
from projects.selectors import project_for

from . import export, selectors, services
from .forms import FILE_MAX_BYTES, FrameCommentForm, FrameForm, ScriptEditForm, ScriptImportForm
from .permissions import can_comment, can_write

# --- The script ----------------------------------------------------------------------------------


def _script_context(request, project, *, version=None, import_form=None) -> dict:
    script = selectors.script_of(project)
    current = selectors.current_version(script)
    shown = version or current
    return {
        "project": project,
        "staff": can_see_internal(request.user, project),
        "may_write": can_write(request.user, project),
        "script": script,
        "current": current,
        "version": shown,
        "scenes": selectors.scenes_of(shown) if shown else [],
        "versions": selectors.versions_of(script),
        "import_form": import_form or ScriptImportForm(),
    }


@login_required
@require_GET
def script_page(request, project_id):
    project = project_for(user=request.user, project_id=project_id)
    return render(request, "storyboard/script.html", _script_context(request, project))


@login_required
@require_GET
def script_version(request, scriptversion_id):
    version = selectors.script_version_for(user=request.user, version_id=scriptversion_id)
    project = version.script.project
    return render(request, "storyboard/script.html", _script_context(request, project, version=version))


@login_required
@require_POST
def script_import(request, project_id):
    project = project_for(user=request.user, project_id=project_id)
    if not can_write(request.user, project):
        raise PermissionDenied("Only the project's producers and editors can change its script.")
    form = ScriptImportForm(request.POST, request.FILES)
    if form.is_valid():
        upload = form.cleaned_data["file"]
        if upload.size > FILE_MAX_BYTES:
            form.add_error("file", "The file is too large for a screenplay (at most 2 MB).")
        else:
            try:
                version = services.script_import(
                    project=project,
                    name=upload.name,
                    data=upload.read(),
                    by=request.user,
                    note=form.cleaned_data["note"],
                )
            except (ValidationError, PermissionDenied) as exc:
                add_service_errors(form, exc)
            else:
                messages.success(
                    request,
                    f"Imported version {version.number}: {version.scenes.count()} scenes, "
                    f"{version.page_label} pages, about {version.runtime_label} on screen.",
                )
                return redirect("script", project_id=project.pk)
    context = _script_context(request, project, import_form=form)
    return render(request, "storyboard/script.html", context, status=400)


@login_required
@require_http_methods(["GET", "POST"])
def script_edit(request, project_id):
    """Write or paste the script's text; saving makes the next version."""
    project = project_for(user=request.user, project_id=project_id)
    if not can_write(request.user, project):
        raise PermissionDenied("Only the project's producers and editors can change its script.")
    current = selectors.current_version(selectors.script_of(project))
    if request.method == "POST":
        form = ScriptEditForm(request.POST)
        if form.is_valid():
            try:
                version = services.script_save(
                    project=project, text=form.cleaned_data["text"], by=request.user, note=form.cleaned_data["note"]
                )
            except (ValidationError, PermissionDenied) as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, f"Saved version {version.number} ({version.page_label} pages).")
                return redirect("script", project_id=project.pk)
        status = 400
    else:
        form = ScriptEditForm(initial={"text": current.source if current else ""})
        status = 200
    return render(
        request, "storyboard/script_edit.html", {"project": project, "form": form, "current": current}, status=status
    )


def _file_stem(version) -> str:
    return (slugify(version.script.title or version.script.project.title)[:60].strip("-") or "script") + (
        f"-v{version.number}"
    )


@login_required
@require_GET
def script_fountain(request, scriptversion_id):
    """The version's Fountain text, exactly as it was imported or saved."""
    version = selectors.script_version_for(user=request.user, version_id=scriptversion_id)
    response = HttpResponse(version.source.encode("utf-8"), content_type="text/plain; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_file_stem(version)}.fountain"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@require_GET
def script_diff(request, scriptversion_id):
    """What changed from another version (``?against=<id>``, else the one before) to this one."""
    new = selectors.script_version_for(user=request.user, version_id=scriptversion_id)
    versions = selectors.versions_of(new.script)
    against = request.GET.get("against", "")
    old = None
    if against:
        old = next((v for v in versions if str(v.pk) == against), None)
        if old is None:
            raise Http404("No such version of this script.")
        old = selectors.script_version_for(user=request.user, version_id=old.pk)
    else:
        earlier = [v for v in versions if v.number < new.number]
        if earlier:
            old = selectors.script_version_for(user=request.user, version_id=earlier[0].pk)
    context = {
        "project": new.script.project,
        "new": new,
        "old": old,
        "versions": versions,
        "diff": selectors.diff_of(old=old, new=new) if old else None,
    }
    return render(request, "storyboard/script_diff.html", context)


# --- The storyboard ------------------------------------------------------------------------------


def _frame_form(request, project, data=None, files=None, *, initial=None, frame=None) -> FrameForm:
    """``frame``: the frame being edited; a scene of an earlier script version that it still
    points at (the scene was cut since) stays a choice, so saving the frame never drops it."""
    scenes = selectors.scene_choices(project=project)
    current_version_id = scenes[0].version_id if scenes else None
    if frame is not None and frame.scene is not None and frame.scene not in scenes:
        scenes = [*scenes, frame.scene]
    return FrameForm(
        data,
        files,
        initial=initial,
        scenes=scenes,
        current_version_id=current_version_id,
        videos=list(selectors.reference_videos(user=request.user, project=project)),
    )


def _board_context(request, project, *, form=None) -> dict:
    may_write = can_write(request.user, project)
    return {
        "project": project,
        "staff": can_see_internal(request.user, project),
        "may_write": may_write,
        "frames": selectors.board_of(user=request.user, project=project),
        "form": (form or _frame_form(request, project)) if may_write else None,
        "has_script": selectors.script_of(project) is not None,
    }


@login_required
@require_GET
def board(request, project_id):
    project = project_for(user=request.user, project_id=project_id)
    return render(request, "storyboard/board.html", _board_context(request, project))


@login_required
@require_GET
def board_section(request, project_id):
    """The project page's "Script and storyboard" card (loaded with htmx)."""
    project = project_for(user=request.user, project_id=project_id)
    script = selectors.script_of(project)
    context = {
        "project": project,
        "current": selectors.current_version(script),
        "frames": selectors.board_of(user=request.user, project=project)[:8],
        "frame_count": selectors.frames_visible_to(request.user).filter(project=project).count(),
        "shot_count": selectors.shots_visible_to(request.user).filter(project=project).count(),
        "may_write": can_write(request.user, project),
    }
    return render(request, "storyboard/_section.html", context)


def _picture_args(request, form: FrameForm, project) -> dict:
    args: dict = {}
    upload = form.cleaned_data.get("image")
    if upload:
        args["image"] = (upload.name, upload.read())
    still_of = form.cleaned_data.get("still_of")
    if still_of:
        asset = selectors.reference_videos(user=request.user, project=project).filter(pk=still_of).first()
        if asset is None:
            raise ValidationError({"still_of": "That video is not one of this project's."})
        args["still_of"] = asset
        args["still_timecode"] = form.cleaned_data.get("still_timecode", "")
    elif form.cleaned_data.get("still_timecode"):
        args["still_timecode"] = form.cleaned_data["still_timecode"]
    return args


@login_required
@require_POST
def frame_create(request, project_id):
    project = project_for(user=request.user, project_id=project_id)
    if not can_write(request.user, project):
        raise PermissionDenied("Only the project's producers and editors can change its storyboard.")
    form = _frame_form(request, project, request.POST, request.FILES)
    if form.is_valid():
        try:
            frame = services.frame_create(
                project=project, by=request.user, **form.service_fields(), **_picture_args(request, form, project)
            )
        except (ValidationError, PermissionDenied) as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, f"Frame {frame.number} added.")
            return redirect(reverse("storyboard", kwargs={"project_id": project.pk}) + f"#frame-{frame.pk}")
    return render(request, "storyboard/board.html", _board_context(request, project, form=form), status=400)


@login_required
@require_POST
def board_reorder(request, project_id):
    """The board's new order: ``{"order": [frame ids…]}`` as JSON (the drag script), or ``order``
    repeated in a form. Every frame exactly once, or nothing changes (400 with the reason)."""
    project = project_for(user=request.user, project_id=project_id)
    if not can_write(request.user, project):
        raise PermissionDenied("Only the project's producers and editors can change its storyboard.")
    wants_json = request.content_type == "application/json"
    if wants_json:
        try:
            order = json.loads(request.body or b"null")
        except (ValueError, UnicodeDecodeError):
            order = None
        order = order.get("order") if isinstance(order, dict) else None
    else:
        order = request.POST.getlist("order")
    try:
        frames = services.frames_reorder(project=project, order=order, by=request.user)
    except ValidationError as exc:
        errors = exc.message_dict.get("order", exc.messages)
        if wants_json:
            return JsonResponse({"errors": {"order": errors}}, status=400)
        for error in errors:
            messages.error(request, error)
        return redirect("storyboard", project_id=project.pk)
    if wants_json:
        return JsonResponse({"order": [str(f.pk) for f in frames]})
    messages.success(request, "Storyboard reordered.")
    return redirect("storyboard", project_id=project.pk)


@login_required
@require_GET
def board_pdf(request, project_id):
    project = project_for(user=request.user, project_id=project_id)
    frames = selectors.board_of(user=request.user, project=project)
    content = export.board_pdf(project=project, frames=frames, user=request.user)
    response = HttpResponse(content, content_type="application/pdf")
    name = slugify(project.title)[:60].strip("-") or "project"
    response["Content-Disposition"] = f'attachment; filename="{name}-storyboard.pdf"'
    return response


def _frame_context(request, frame, *, form=None, comment_form=None) -> dict:
    project = frame.project
    may_write = can_write(request.user, project)
    initial = {
        "scene": str(frame.scene_id or ""),
        "shot_size": frame.shot_size,
        "angle": frame.angle,
        "movement": frame.movement,
        "duration": "" if frame.duration is None else frame.duration,
        "dialogue": frame.dialogue,
        "notes": frame.notes,
    }
    return {
        "project": project,
        "frame": frame,
        "staff": can_see_internal(request.user, project),
        "may_write": may_write,
        "may_comment": can_comment(request.user, project),
        "comments": list(frame.comments.order_by("created_at")),
        "form": (form or _frame_form(request, project, initial=initial, frame=frame)) if may_write else None,
        "comment_form": comment_form or FrameCommentForm(),
    }


@login_required
@require_http_methods(["GET", "POST"])
def frame_detail(request, frame_id):
    frame = selectors.frame_for(user=request.user, frame_id=frame_id)
    if request.method == "GET":
        return render(request, "storyboard/frame.html", _frame_context(request, frame))
    if not can_write(request.user, frame.project):
        raise PermissionDenied("Only the project's producers and editors can change its storyboard.")
    form = _frame_form(request, frame.project, request.POST, request.FILES, frame=frame)
    if form.is_valid():
        try:
            frame = services.frame_update(
                frame=frame,
                by=request.user,
                remove_image=request.POST.get("remove_image") == "on",
                **form.service_fields(),
                **_picture_args(request, form, frame.project),
            )
        except (ValidationError, PermissionDenied) as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, f"Frame {frame.number} saved.")
            return redirect(reverse("storyboard", kwargs={"project_id": frame.project_id}) + f"#frame-{frame.pk}")
    return render(request, "storyboard/frame.html", _frame_context(request, frame, form=form), status=400)


@login_required
@require_POST
def frame_move(request, frame_id):
    frame = selectors.frame_for(user=request.user, frame_id=frame_id)
    try:
        frame = services.frame_move(frame=frame, direction=request.POST.get("direction", ""), by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect(reverse("storyboard", kwargs={"project_id": frame.project_id}) + f"#frame-{frame.pk}")


@login_required
@require_POST
def frame_delete(request, frame_id):
    frame = selectors.frame_for(user=request.user, frame_id=frame_id)
    number = frame.number
    services.frame_delete(frame=frame, by=request.user)
    messages.success(request, f"Frame {number} removed.")
    return redirect("storyboard", project_id=frame.project_id)


@login_required
@require_GET
def frame_image(request, frame_id):
    """The frame's picture; ``?size=thumb`` its thumbnail (the board's grid)."""
    frame = selectors.frame_for(user=request.user, frame_id=frame_id)
    picture = frame.thumbnail if request.GET.get("size") == "thumb" and frame.thumbnail else frame.image
    if not picture:
        raise Http404("This frame has no picture.")
    return media_files.serve(request, picture.name)


@login_required
@require_POST
def frame_comment(request, frame_id):
    frame = selectors.frame_for(user=request.user, frame_id=frame_id)
    form = FrameCommentForm(request.POST)
    if form.is_valid():
        try:
            services.frame_comment_post(frame=frame, by=request.user, text=form.cleaned_data["text"])
        except (ValidationError, PermissionDenied) as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, "Comment posted.")
            return redirect(reverse("storyboard-frame", kwargs={"frame_id": frame.pk}) + "#comments")
    return render(request, "storyboard/frame.html", _frame_context(request, frame, comment_form=form), status=400)
