"""Pages of marketing planning: the campaign (whoever may see the project, a client only what is
marked for them), its edit form and history (the team's), the repurposing checklist, and the
platform presets with their sources. Reads go through ``selectors``, writes through ``services``."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from projects.forms import add_service_errors, apply_row_errors
from projects.selectors import project_for, staff_organization_ids

from . import selectors, services
from .forms import ROW_TITLES, campaign_forms, kept_rows
from .permissions import can_plan, sees_everything
from .presets import PRESET_CHOICES, PRESETS


def _context(request, project, page) -> dict:
    user = request.user
    view = page.view
    videos = [r for r in page.plan if r.in_brief and not r.still]
    return {
        "plan_videos": len(videos),
        "plan_passing": sum(1 for r in videos if r.passing),
        "project": project,
        "page": page,
        "version": page.current,
        "view": view,
        "staff": sees_everything(user, project),
        "can_plan": can_plan(user, project),
        "preset_choices": PRESET_CHOICES,
        "videos": list(selectors.checkable_videos(user, project)[:50]) if page.view and can_plan(user, project) else [],
        "reports": selectors.recent_reports(project) if page.view and sees_everything(user, project) else [],
        "presets": PRESETS,
    }


@login_required
@require_GET
def campaign_detail(request, project_id):
    project = project_for(user=request.user, project_id=project_id)
    page = selectors.campaign_page(project=project, user=request.user)
    return render(request, "planning/campaign.html", _context(request, project, page))


@login_required
@require_GET
def campaign_section(request, project_id):
    project = project_for(user=request.user, project_id=project_id)
    page = selectors.campaign_page(project=project, user=request.user)
    return render(request, "planning/_section.html", _context(request, project, page))


@login_required
@require_GET
def campaign_version(request, project_id, number):
    project = project_for(user=request.user, project_id=project_id)
    if not sees_everything(request.user, project):
        raise Http404("No page here.")
    page = selectors.campaign_page(project=project, user=request.user, with_plan=False)
    version = selectors.version_of(project=project, number=number)
    context = {**_context(request, project, page), "version": version, "view": selectors.view_of(version, request.user),
               "old": version.pk != page.current.pk}  # fmt: skip
    return render(request, "planning/campaign.html", context)


@login_required
@require_POST
def campaign_start(request, project_id):
    project = project_for(user=request.user, project_id=project_id)
    try:
        version = services.campaign_create(project=project, by=request.user)
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
    else:
        messages.success(request, f"Campaign started from the brief as version {version.number}.")
    return redirect("campaign", project_id=project.pk)


@login_required
@require_http_methods(["GET", "POST"])
def campaign_edit(request, project_id):
    user = request.user
    project = project_for(user=user, project_id=project_id)
    if not can_plan(user, project):
        raise PermissionDenied("Only marketers and producers plan the campaign.")
    current = services.current_version_of(project)
    if current is None:
        messages.info(request, "Start the campaign from the brief first.")
        return redirect("campaign", project_id=project.pk)
    posted = request.POST if request.method == "POST" else None
    stale = None
    if posted is not None and posted.get("based_on") not in (None, "", str(current.number)):
        # Someone saved meanwhile: the service refuses and says so; the form keeps what was typed and
        # is now based on the newer version, so saving again is a deliberate choice.
        stale, posted = posted.get("based_on"), posted.copy()
        posted["based_on"] = str(current.number)
    form, formsets = campaign_forms(posted, version=current)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid() and all(fs.is_valid() for fs in formsets.values()):
            rows, kept_forms = {}, {}
            for kind, formset in formsets.items():
                rows[kind], kept_forms[kind] = kept_rows(formset)
            data = dict(form.cleaned_data)
            if stale is not None:
                data["based_on"] = int(stale) if stale.isdigit() else -1
            try:
                version = services.campaign_save(project=project, by=user, **data, **rows)
            except PermissionDenied as exc:
                add_service_errors(form, exc)
            except ValidationError as exc:
                apply_row_errors(form, formsets, kept_forms, exc)
            else:
                if version.pk == current.pk:
                    messages.info(request, f"Nothing changed: the campaign is still version {version.number}.")
                else:
                    messages.success(request, f"Campaign saved as version {version.number}.")
                return redirect("campaign", project_id=project.pk)
    context = {
        "project": project,
        "form": form,
        "formsets": [(kind, formsets[kind], *ROW_TITLES[kind]) for kind in formsets],
        "current": current,
    }
    return render(request, "planning/campaign_edit.html", context, status=status)


@login_required
@require_POST
def plan_item_preset(request, item_id):
    item = get_object_or_404(selectors.plan_items_visible_to(request.user).select_related("campaign__project"),
                             pk=item_id)  # fmt: skip
    project = item.campaign.project
    try:
        services.plan_item_update(item=item, by=request.user, preset_key=request.POST.get("preset", ""))
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
    else:
        messages.success(request, "Platform saved.")
    return redirect(reverse("campaign", kwargs={"project_id": project.pk}) + "#plan")


@login_required
@require_GET
def preset_list(request):
    """The platform presets, rule by rule with their sources (the team's reference)."""
    if not staff_organization_ids(request.user):
        raise Http404("No page here.")
    from .spec import CHECKS, describe_limit

    presets = [(p, [(CHECKS[r.kind][0], describe_limit(r), r) for r in p.rules]) for p in PRESETS.values()]
    return render(request, "planning/presets.html", {"presets": presets})


@login_required
@require_POST
def spec_check(request, project_id):
    """Check one of the project's videos against a platform preset now, and show the report."""
    project = project_for(user=request.user, project_id=project_id)
    if not sees_everything(request.user, project):
        raise Http404("No page here.")
    asset = (
        selectors.checkable_videos(request.user, project).filter(pk=_uuid_or_none(request.POST.get("asset"))).first()
    )
    if asset is None:
        messages.error(request, "Choose one of this project's videos to check.")
        return redirect(reverse("campaign", kwargs={"project_id": project.pk}) + "#check")
    try:
        report = services.spec_check_asset(asset=asset, preset_key=request.POST.get("preset", ""), by=request.user)
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
        return redirect(reverse("campaign", kwargs={"project_id": project.pk}) + "#check")
    return redirect("spec-report", report_id=report.pk)


def _uuid_or_none(value):
    import uuid

    try:
        return uuid.UUID(str(value))
    except ValueError:
        return None


@login_required
@require_GET
def spec_report(request, report_id):
    report = get_object_or_404(selectors.spec_reports_visible_to(request.user).select_related("project"), pk=report_id)
    from .spec import STATUS_LABELS

    rows = [{**r, "status_label": STATUS_LABELS.get(r.get("status"), "")} for r in report.results]
    counts = {s: sum(1 for r in report.results if r.get("status") == s) for s in STATUS_LABELS}
    context = {"report": report, "project": report.project, "rows": rows, "counts": counts,
               "preset": PRESETS.get(report.preset)}  # fmt: skip
    return render(request, "planning/spec_report.html", context)
