"""Reads of the edit stage (cuts, versions, the project's media section), scoped by the acting user."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Max, Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404

from production.media.models import MediaAsset
from production.media.selectors import assets_visible_to, attach_renders, renders_for_lists, sees_file_names
from projects.selectors import project_visibility, staff_organization_ids

from . import links
from .models import Cut, Version

__all__ = ["sees_file_names"]


def cuts_visible_to(user) -> QuerySet[Cut]:
    """Staff see every cut of their projects; clients only client-visible cuts."""
    return Cut.objects.filter(project_visibility(user, "project__")).filter(
        Q(project__organization_id__in=staff_organization_ids(user)) | Q(client_visible=True)
    )


def cut_for(*, user, cut_id) -> Cut:
    return get_object_or_404(
        cuts_visible_to(user).select_related("project__client", "project__organization"), pk=cut_id
    )


# A client sees the versions of client-visible cuts, except a file that cannot be played (the
# team replaces it; the client never needs to know it was there).
_CLIENT_VERSIONS = Q(cut__client_visible=True) & ~Q(asset__status=MediaAsset.Status.UNUSABLE)


def versions_visible_to(user) -> QuerySet[Version]:
    """Staff see every version of their projects' cuts; clients the playable versions of
    client-visible cuts (the one rule for versions: pages, API, review and emails)."""
    return Version.objects.filter(project_visibility(user, "cut__project__")).filter(
        Q(cut__project__organization_id__in=staff_organization_ids(user)) | _CLIENT_VERSIONS
    )


def _versions_visible_to(user, versions: QuerySet[Version], project_organization_id) -> QuerySet[Version]:
    if project_organization_id in staff_organization_ids(user):
        return versions
    return versions.filter(_CLIENT_VERSIONS)


@dataclass(frozen=True)
class ProjectMedia:
    cuts: list[Cut]  # each with ``version_list`` (newest first), assets with their renders attached
    other_assets: list[MediaAsset]  # dailies and other material (staff only)

    @property
    def is_empty(self) -> bool:
        return not self.cuts and not self.other_assets


def project_media(*, user, project) -> ProjectMedia:
    """The cuts with their versions, and the other assets, of a project the user can see, in a
    fixed number of queries. Clients get client-visible cuts only and no other assets."""
    renders = Prefetch("renders", queryset=renders_for_lists(), to_attr="render_list")
    versions = _versions_visible_to(
        user,
        Version.objects.select_related("asset__uploaded_by", "created_by")
        .prefetch_related(Prefetch("asset__renders", queryset=renders_for_lists(), to_attr="render_list"))
        .order_by("-number"),
        project.organization_id,
    )
    cuts = list(
        cuts_visible_to(user)
        .filter(project=project)
        .annotate(last_number=Max("versions__number"))
        .prefetch_related(Prefetch("versions", queryset=versions, to_attr="version_list"))
        .order_by("title")
    )
    for cut in cuts:
        for version in cut.version_list:
            attach_renders(version.asset)
            version.links = links.links_for(version)
    others = list(assets_visible_to(user).filter(project=project, version__isnull=True).prefetch_related(renders))
    return ProjectMedia(cuts=cuts, other_assets=[attach_renders(a) for a in others])


def cuts_for_upload(*, user, project) -> QuerySet[Cut]:
    """The cuts a new version can go to, with the number the next one will get."""
    return cuts_visible_to(user).filter(project=project).annotate(last_number=Max("versions__number")).order_by("title")


def versions_of_cut(*, user, cut: Cut) -> QuerySet[Version]:
    """Every version of a cut the user can see (visibility is per cut, so all or none)."""
    versions = (
        Version.objects.filter(cut__in=cuts_visible_to(user), cut=cut).select_related("asset").order_by("-number")
    )
    return _versions_visible_to(user, versions, cut.project.organization_id)
