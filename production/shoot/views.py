"""Pages of the shoot stage: the project's shoot (days, locations, people, equipment, budget,
calendars), a location's, a person's, an item's and a budget line's edit pages, a shoot day's page
(who is called, the equipment checklist), its call sheet (page, PDF, send), and the doors that
need no account: a person's confirm link and the calendar feeds, whose token is the credential.

Reads go through ``selectors`` (a client's or another studio's id is a 404), writes through
``services``."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from production.media import media_files
from projects.forms import add_service_errors, form_errors

from . import calendar, schedule_views, selectors, services, sheets
from .forms import (
    BudgetLineForm,
    EquipmentForm,
    LocationForm,
    PersonForm,
    PhotoForm,
    SettingsForm,
    ShootDayForm,
)
from .models import Person, ShootSettings
from .permissions import can_write


def _refuse_reader(request, project) -> None:
    if not can_write(request.user, project):
        raise PermissionDenied("Only the project's producers can change its shoot.")


def _feed_url(request, name: str, token: str) -> str:
    return request.build_absolute_uri(reverse(name, kwargs={"feedtoken": token}))


def _shoot_context(request, project, **forms) -> dict:
    may_write = can_write(request.user, project)
    private = selectors.private_fields_visible(request.user, project)
    settings_row = selectors.settings_of(project)
    people = selectors.people_of(user=request.user, project=project)
    if private:
        for person in people:
            person.feed_url = _feed_url(request, "shoot-person-feed", person.feed_token)
    context = {
        "project": project,
        "staff": True,
        "may_write": may_write,
        "private": private,
        "days": selectors.attach_schedule_totals(selectors.days_of(user=request.user, project=project)),
        "locations": selectors.locations_of(user=request.user, project=project),
        "people": people,
        "equipment": selectors.equipment_of(user=request.user, project=project),
        "budget": selectors.budget_of(user=request.user, project=project),
        "settings_row": settings_row,
        "project_feed_url": _feed_url(request, "shoot-project-feed", settings_row.feed_token) if settings_row else "",
    }
    if may_write:
        context.update(
            location_form=forms.get("location_form") or LocationForm(),
            person_form=forms.get("person_form") or PersonForm(),
            equipment_form=forms.get("equipment_form") or EquipmentForm(),
            budget_form=forms.get("budget_form") or BudgetLineForm(),
            settings_form=forms.get("settings_form")
            or SettingsForm(
                initial={
                    "budget_ceiling": settings_row.budget_ceiling if settings_row else None,
                    "currency": settings_row.currency if settings_row else "EUR",
                    "time_zone": settings_row.time_zone if settings_row else request.user.time_zone,
                }
            ),
        )
    return context


@login_required
@require_GET
def shoot(request, project_id):
    project = selectors.shoot_project_for(user=request.user, project_id=project_id)
    return render(request, "shoot/shoot.html", _shoot_context(request, project))


@login_required
@require_GET
def shoot_section(request, project_id):
    """The project page's "Shoot" card (loaded with htmx; the team's only)."""
    project = selectors.shoot_project_for(user=request.user, project_id=project_id)
    context = {
        "project": project,
        "days": selectors.attach_schedule_totals(selectors.days_of(user=request.user, project=project)),
        "location_count": selectors.locations_visible_to(request.user).filter(project=project).count(),
        "people_count": selectors.people_visible_to(request.user).filter(project=project).count(),
        "may_write": can_write(request.user, project),
    }
    return render(request, "shoot/_section.html", context)


def _create(request, project_id, *, form_class, form_key: str, service, done: str, anchor: str):
    """The shared shape of "add one to the project" posts: the form, the service, the page again."""
    project = selectors.shoot_project_for(user=request.user, project_id=project_id)
    _refuse_reader(request, project)
    form = form_class(request.POST)
    if form.is_valid():
        data = {k: ("" if v is None else v) for k, v in form.cleaned_data.items()}
        try:
            made = service(project=project, by=request.user, **data)
        except (ValidationError, PermissionDenied) as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, done.format(made=made))
            return redirect(reverse("shoot", kwargs={"project_id": project.pk}) + anchor)
    context = _shoot_context(request, project, **{form_key: form})
    context["open_form"] = form_key
    return render(request, "shoot/shoot.html", context, status=400)


@login_required
@require_POST
def location_create(request, project_id):
    return _create(
        request,
        project_id,
        form_class=LocationForm,
        form_key="location_form",
        service=services.location_create,
        done="Location “{made.name}” added.",
        anchor="#locations",
    )


@login_required
@require_POST
def person_create(request, project_id):
    return _create(
        request,
        project_id,
        form_class=PersonForm,
        form_key="person_form",
        service=services.person_create,
        done="{made.name} added.",
        anchor="#people",
    )


@login_required
@require_POST
def equipment_create(request, project_id):
    return _create(
        request,
        project_id,
        form_class=EquipmentForm,
        form_key="equipment_form",
        service=services.equipment_create,
        done="{made.item} added.",
        anchor="#equipment",
    )


@login_required
@require_POST
def budget_line_create(request, project_id):
    return _create(
        request,
        project_id,
        form_class=BudgetLineForm,
        form_key="budget_form",
        service=services.budget_line_create,
        done="Budget line added.",
        anchor="#budget",
    )


@login_required
@require_POST
def settings_update(request, project_id):
    return _create(
        request,
        project_id,
        form_class=SettingsForm,
        form_key="settings_form",
        service=lambda project, by, **f: services.settings_update(project=project, by=by, **f),
        done="Shoot settings saved.",
        anchor="#budget",
    )


@login_required
@require_POST
def project_feed_reset(request, project_id):
    project = selectors.shoot_project_for(user=request.user, project_id=project_id)
    services.project_feed_reset(project=project, by=request.user)
    messages.success(request, "The project calendar has a new address; the old one no longer works.")
    return redirect(reverse("shoot", kwargs={"project_id": project.pk}) + "#calendars")


# --- Editing one row -----------------------------------------------------------------------------


def _edit(request, row, *, form_class, fields, template_title: str, service, done: str, anchor: str, extra=None):
    project = row.project
    may_write = can_write(request.user, project)
    if request.method == "POST":
        _refuse_reader(request, project)
        form = form_class(request.POST)
        if form.is_valid():
            data = {k: ("" if v is None else v) for k, v in form.cleaned_data.items()}
            try:
                service(row, **data)
            except (ValidationError, PermissionDenied) as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, done)
                return redirect(reverse("shoot", kwargs={"project_id": project.pk}) + anchor)
        status = 400
    else:
        form = form_class(initial={name: getattr(row, name) for name in fields})
        status = 200
    context = {"project": project, "row": row, "form": form if may_write else None, "title": template_title,
               "may_write": may_write, "back": reverse("shoot", kwargs={"project_id": project.pk}) + anchor,
               **(extra or {})}  # fmt: skip
    return render(request, "shoot/edit.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def location_detail(request, location_id):
    location = selectors.location_for(user=request.user, location_id=location_id)
    return _edit(
        request, location, form_class=LocationForm, fields=services.LOCATION_RULES, template_title=location.name,
        service=lambda row, **f: services.location_update(location=row, by=request.user, **f),
        done="Location saved.", anchor="#locations",
        extra={"location": location, "photos": list(location.photos.all()), "photo_form": PhotoForm(),
               "permit_flag": location.permit_state(timezone.localdate())},
    )  # fmt: skip


@login_required
@require_POST
def location_delete(request, location_id):
    location = selectors.location_for(user=request.user, location_id=location_id)
    services.location_delete(location=location, by=request.user)
    messages.success(request, f"Location “{location.name}” removed.")
    return redirect(reverse("shoot", kwargs={"project_id": location.project_id}) + "#locations")


@login_required
@require_POST
def location_photo_add(request, location_id):
    location = selectors.location_for(user=request.user, location_id=location_id)
    _refuse_reader(request, location.project)
    form = PhotoForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.location_photo_add(
                location=location, by=request.user, data=form.cleaned_data["photo"].read(),
                caption=form.cleaned_data["caption"],
            )  # fmt: skip
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, "Photo added.")
            return redirect("shoot-location", location_id=location.pk)
    for error in form_errors(form):
        messages.error(request, error)
    return redirect("shoot-location", location_id=location.pk)


@login_required
@require_GET
def location_photo(request, locationphoto_id):
    photo = selectors.photo_for(user=request.user, photo_id=locationphoto_id)
    picture = photo.thumbnail if request.GET.get("size") == "thumb" else photo.image
    return media_files.serve(request, picture.name)


@login_required
@require_POST
def location_photo_delete(request, locationphoto_id):
    photo = selectors.photo_for(user=request.user, photo_id=locationphoto_id)
    services.location_photo_remove(photo=photo, by=request.user)
    messages.success(request, "Photo removed.")
    return redirect("shoot-location", location_id=photo.location_id)


@login_required
@require_http_methods(["GET", "POST"])
def person_detail(request, person_id):
    person = selectors.person_for(user=request.user, person_id=person_id)
    if not selectors.private_fields_visible(request.user, person.project):
        raise Http404("No such person.")  # their page is their contact details: the producers'
    return _edit(
        request, person, form_class=PersonForm, fields=services.PERSON_RULES, template_title=person.name,
        service=lambda row, **f: services.person_update(person=row, by=request.user, **f),
        done=f"{person.name} saved.", anchor="#people",
        extra={"person": person, "feed_url": _feed_url(request, "shoot-person-feed", person.feed_token)},
    )  # fmt: skip


@login_required
@require_POST
def person_delete(request, person_id):
    person = selectors.person_for(user=request.user, person_id=person_id)
    services.person_delete(person=person, by=request.user)
    messages.success(request, f"{person.name} removed.")
    return redirect(reverse("shoot", kwargs={"project_id": person.project_id}) + "#people")


@login_required
@require_POST
def person_feed_reset(request, person_id):
    person = selectors.person_for(user=request.user, person_id=person_id)
    services.person_feed_reset(person=person, by=request.user)
    messages.success(request, f"{person.name}'s calendar has a new address; the old one no longer works.")
    return redirect("shoot-person", person_id=person.pk)


@login_required
@require_http_methods(["GET", "POST"])
def equipment_detail(request, equipment_id):
    item = selectors.equipment_for(user=request.user, equipment_id=equipment_id)
    if not can_write(request.user, item.project):
        raise Http404("No such item.")
    return _edit(
        request, item, form_class=EquipmentForm, fields=services.EQUIPMENT_RULES, template_title=item.item,
        service=lambda row, **f: services.equipment_update(equipment=row, by=request.user, **f),
        done="Equipment saved.", anchor="#equipment",
    )  # fmt: skip


@login_required
@require_POST
def equipment_delete(request, equipment_id):
    item = selectors.equipment_for(user=request.user, equipment_id=equipment_id)
    services.equipment_delete(equipment=item, by=request.user)
    messages.success(request, f"{item.item} removed.")
    return redirect(reverse("shoot", kwargs={"project_id": item.project_id}) + "#equipment")


@login_required
@require_http_methods(["GET", "POST"])
def budget_line_detail(request, budgetline_id):
    line = selectors.budget_line_for(user=request.user, line_id=budgetline_id)
    return _edit(
        request, line, form_class=BudgetLineForm, fields=services.BUDGET_RULES, template_title=line.description,
        service=lambda row, **f: services.budget_line_update(line=row, by=request.user, **f),
        done="Budget line saved.", anchor="#budget",
    )  # fmt: skip


@login_required
@require_POST
def budget_line_delete(request, budgetline_id):
    line = selectors.budget_line_for(user=request.user, line_id=budgetline_id)
    services.budget_line_delete(line=line, by=request.user)
    messages.success(request, "Budget line removed.")
    return redirect(reverse("shoot", kwargs={"project_id": line.project_id}) + "#budget")


# --- Shoot days ----------------------------------------------------------------------------------


def _day_form(request, project, data=None, *, initial=None) -> ShootDayForm:
    return ShootDayForm(
        data,
        initial=initial,
        locations=selectors.locations_of(user=request.user, project=project),
        people=selectors.people_of(user=request.user, project=project),
    )


@login_required
@require_http_methods(["GET", "POST"])
def day_create(request, project_id):
    project = selectors.shoot_project_for(user=request.user, project_id=project_id)
    _refuse_reader(request, project)
    if request.method == "POST":
        form = _day_form(request, project, request.POST)
        if form.is_valid():
            try:
                day = services.day_create(project=project, by=request.user, **form.service_fields())
            except (ValidationError, PermissionDenied) as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, f"Shoot day on {day.date:%a %-d %b %Y} scheduled.")
                return redirect("shoot-day", shootday_id=day.pk)
        status = 400
    else:
        zone = selectors.project_time_zone(project) if selectors.settings_of(project) else request.user.time_zone
        form = _day_form(request, project, initial={"time_zone": zone})
        status = 200
    return render(request, "shoot/day_form.html", {"project": project, "form": form, "day": None}, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def day_edit(request, shootday_id):
    day = selectors.day_for(user=request.user, day_id=shootday_id)
    _refuse_reader(request, day.project)
    if request.method == "POST":
        form = _day_form(request, day.project, request.POST)
        if form.is_valid():
            try:
                services.day_update(day=day, by=request.user, **form.service_fields())
            except (ValidationError, PermissionDenied) as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, "Shoot day saved.")
                return redirect("shoot-day", shootday_id=day.pk)
        status = 400
    else:
        form = _day_form(request, day.project, initial=ShootDayForm.initial_of(day, day.calls.all()))
        status = 200
    return render(request, "shoot/day_form.html", {"project": day.project, "form": form, "day": day}, status=status)


@login_required
@require_POST
def day_delete(request, shootday_id):
    day = selectors.day_for(user=request.user, day_id=shootday_id)
    services.day_delete(day=day, by=request.user)
    messages.success(request, f"Shoot day on {day.date:%a %-d %b %Y} removed.")
    return redirect(reverse("shoot", kwargs={"project_id": day.project_id}) + "#days")


@login_required
@require_GET
def day_detail(request, shootday_id):
    day = selectors.day_for(user=request.user, day_id=shootday_id)
    project = day.project
    calls = selectors.calls_of(day)
    sheet = getattr(day, "call_sheet", None)
    context = {
        "project": project,
        "day": day,
        "calls": calls,
        "locations": list(day.locations.all()),
        "sheet": sheet,
        "status_rows": selectors.sheet_status(sheet, calls) if can_write(request.user, project) else [],
        "checklist": selectors.equipment_checklist(user=request.user, day=day),
        "may_write": can_write(request.user, project),
        **schedule_views.schedule_context(request, day),
    }
    return render(request, "shoot/day.html", context)


@login_required
@require_POST
def day_equipment(request, shootday_id):
    """The day's equipment checklist: every item's ticks, as the form sends them."""
    day = selectors.day_for(user=request.user, day_id=shootday_id)
    _refuse_reader(request, day.project)
    for item in selectors.equipment_of(user=request.user, project=day.project):
        key = item.pk.hex
        services.equipment_check_set(
            day=day, equipment=item, by=request.user,
            **{step: request.POST.get(f"{step}_{key}") == "on" for step in services.CHECK_STEPS},
        )  # fmt: skip
    messages.success(request, "Equipment checklist saved.")
    return redirect(reverse("shoot-day", kwargs={"shootday_id": day.pk}) + "#equipment")


# --- Call sheets ---------------------------------------------------------------------------------


@login_required
@require_GET
def call_sheet(request, shootday_id):
    day = selectors.day_for(user=request.user, day_id=shootday_id)
    context = sheets.sheet_context(day)
    may_write = can_write(request.user, day.project)
    context.update(
        may_write=may_write,
        status_rows=selectors.sheet_status(context["sheet"], context["calls"]) if may_write else [],
    )
    return render(request, "shoot/call_sheet.html", context)


@login_required
@require_GET
def call_sheet_pdf(request, shootday_id):
    day = selectors.day_for(user=request.user, day_id=shootday_id)
    response = HttpResponse(sheets.sheet_pdf(day), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{sheets.file_name(day)}"'
    return response


@login_required
@require_POST
def call_sheet_send(request, shootday_id):
    day = selectors.day_for(user=request.user, day_id=shootday_id)
    try:
        sending = services.call_sheet_send(day=day, by=request.user)
    except ValidationError as exc:
        for error in exc.messages:
            messages.error(request, error)
    else:
        what = "Revised call sheet" if sending.revised else "Call sheet"
        messages.success(
            request, f"{what} sent to {len(sending.sent_to)} {'person' if len(sending.sent_to) == 1 else 'people'}."
        )
        if sending.skipped:
            messages.warning(
                request, "Not sent to " + ", ".join(p.name for p in sending.skipped) + ": no email address."
            )
    return redirect("shoot-call-sheet", shootday_id=day.pk)


# --- Doors without an account --------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def call_sheet_confirm(request, callsheet_id, calltoken):
    """A person's confirm link: the GET shows their call and a Confirm button (opening it counts
    as opened; a mail scanner that follows links confirms nothing); the POST confirms. A wrong,
    used, expired, superseded or other sheet's token changes nothing and says so."""
    if request.method == "POST":
        check = services.call_sheet_confirm(sheet_id=callsheet_id, token=calltoken)
        confirmed = check.state == "ok"
    else:
        check = services.confirm_link_check(sheet_id=callsheet_id, token=calltoken)
        confirmed = False
        if check.state == "ok":
            services.call_sheet_opened(copy=check.copy)
    context = {"check": check, "confirmed": confirmed, "calltoken": calltoken, "callsheet_id": callsheet_id}
    if check.state == "ok":
        day = selectors.day_for_system(check.copy.sheet.day_id)
        call = next((c for c in day.calls.all() if c.person_id == check.copy.person_id), None)
        context.update(day=day, project=day.project, person=check.copy.person, call=call,
                       locations=list(day.locations.all()))  # fmt: skip
    status = {"ok": 200, "used": 200, "wrong": 404, "other_sheet": 404, "superseded": 410, "expired": 410}[check.state]
    response = render(request, "shoot/confirm.html", context, status=status)
    response["Referrer-Policy"] = "same-origin"  # the token never leaves in a Referer; the form keeps its Origin
    response["Cache-Control"] = "no-store"
    return response


def _feed_response(content: bytes) -> HttpResponse:
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="shoot.ics"'
    response["Cache-Control"] = "no-store"
    return response


@require_GET
def project_feed(request, feedtoken):
    row = ShootSettings.objects.select_related("project").filter(feed_token=feedtoken).first()
    if row is None or not feedtoken:
        raise Http404("No such calendar.")
    return _feed_response(calendar.project_feed(row.project))


@require_GET
def person_feed(request, feedtoken):
    person = Person.objects.select_related("project").filter(feed_token=feedtoken).first()
    if person is None or not feedtoken:
        raise Http404("No such calendar.")
    return _feed_response(calendar.person_feed(person))
