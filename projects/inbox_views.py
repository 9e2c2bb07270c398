"""The inbox: a person's notifications (newest first, unread marked), opening one marks it read,
"mark all read", and the page where each kind's inbox and email are turned on or off."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from . import notifications
from .models import Notification


@login_required
@require_GET
def inbox(request):
    items = Notification.objects.filter(user=request.user, inbox=True).select_related("project")
    page = Paginator(items, 30).get_page(request.GET.get("page"))
    return render(
        request,
        "projects/inbox.html",
        {"page": page, "items": page.object_list, "unread": notifications.unread_count(request.user)},
    )


@login_required
@require_GET
def notification_open(request, notification_id):
    """Mark it read and go where it points (a path on this site; anything else: the inbox)."""
    notification = get_object_or_404(Notification, pk=notification_id, user=request.user)
    notifications.mark_read(user=request.user, ids=[notification.pk])
    target = notification.url
    if target.startswith("/") and url_has_allowed_host_and_scheme(target, {request.get_host()}):
        return redirect(target)
    return redirect("inbox")


@login_required
@require_POST
def inbox_mark_read(request):
    count = notifications.mark_read(user=request.user)
    messages.success(
        request, f"{count} notification{'s' if count != 1 else ''} marked read." if count else "Nothing unread."
    )
    return redirect("inbox")


@login_required
@require_http_methods(["GET", "POST"])
def notification_settings(request):
    current = notifications.preferences(request.user)
    if request.method == "POST":
        chosen = {
            key: (request.POST.get(f"{key}:inbox") == "on", request.POST.get(f"{key}:email") == "on") for key in current
        }
        notifications.preferences_set(user=request.user, chosen=chosen)
        messages.success(request, "Saved: you hear about what you chose.")
        return redirect("notification-settings")
    rows = [(kind, *current[kind.key]) for kind in notifications.kinds()]
    return render(request, "projects/notification_settings.html", {"rows": rows})
