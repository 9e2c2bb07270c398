"""Reads of production data, always scoped by the acting user."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from projects.models import STAFF_ROLES
from projects.permissions import memberships_by_org
from projects.selectors import projects_visible_to

from .models import Cut, MediaAsset, Render, Upload


def _staff_org_ids(user) -> list:
    return [org_id for org_id, m in memberships_by_org(user).items() if m.role in STAFF_ROLES]


def cuts_visible_to(user) -> QuerySet[Cut]:
    """Staff see every cut of their projects; clients only client-visible cuts."""
    return Cut.objects.filter(project__in=projects_visible_to(user)).filter(
        Q(project__organization_id__in=_staff_org_ids(user)) | Q(client_visible=True)
    )


def assets_visible_to(user) -> QuerySet[MediaAsset]:
    """Staff see every asset of their projects; clients only versions of client-visible cuts."""
    return (
        MediaAsset.objects.filter(project__in=projects_visible_to(user))
        .filter(Q(project__organization_id__in=_staff_org_ids(user)) | Q(version__cut__client_visible=True))
        .select_related("project", "uploaded_by")
    )


def asset_for(*, user, asset_id) -> MediaAsset:
    return get_object_or_404(assets_visible_to(user), pk=asset_id)


def renders_visible_to(user) -> QuerySet[Render]:
    return Render.objects.filter(asset__in=assets_visible_to(user)).select_related("asset")


def render_for(*, user, render_id) -> Render:
    return get_object_or_404(renders_visible_to(user), pk=render_id)


def uploads_of(user) -> QuerySet[Upload]:
    """An upload belongs to the person uploading it; nobody else can see or resume it."""
    if not getattr(user, "is_authenticated", False):
        return Upload.objects.none()
    return Upload.objects.filter(user=user, project__in=projects_visible_to(user))


def latest_render(asset: MediaAsset) -> Render | None:
    return asset.renders.order_by("-created_at").first()
