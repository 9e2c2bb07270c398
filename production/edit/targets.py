"""The ``cut`` upload target: each file sent to a cut becomes its next version. Registered with
media (``production.media.targets``) in ``EditConfig.ready``, so media never imports the edit."""

from __future__ import annotations

import uuid

from django.core.exceptions import ValidationError
from django.db.models import Q

from production.media.models import MediaAsset
from production.media.targets import AssetOwner, Sibling, UploadTarget

from . import hooks, links, selectors, services
from .forms import CutForm
from .models import Cut, Version


class CutTarget(UploadTarget):
    name = "cut"
    purpose = MediaAsset.Purpose.VERSION
    related = ("version__cut", "version__created_by")

    def resolve(self, *, project, ref) -> Cut:
        try:
            cut_id = uuid.UUID(str(ref))
        except ValueError as exc:
            raise ValidationError({"cut": "Say which cut this version belongs to (cut)."}) from exc
        cut = Cut.objects.filter(pk=cut_id).first()
        if cut is None:
            raise ValidationError({"cut": "There is no such cut."})
        if cut.project_id != project.pk:
            raise ValidationError({"cut": "That cut belongs to another project."})
        return cut

    def project_of(self, *, user, ref):
        try:
            cut_id = uuid.UUID(str(ref))
        except ValueError:
            return None
        cut = selectors.cuts_visible_to(user).select_related("project").filter(pk=cut_id).first()
        return cut.project if cut is not None else None

    def upload_panel(self, *, user, project):
        cuts = list(selectors.cuts_for_upload(user=user, project=project))
        return "edit/_upload_panel.html", {"cuts": cuts, "cut_form": CutForm(), "project": project}

    def choices(self, *, user, project):
        cuts = selectors.cuts_for_upload(user=user, project=project)
        return "A new version of a cut", [
            (f"cut:{cut.pk}", f"{cut.title} — next version v{(cut.last_number or 0) + 1}") for cut in cuts
        ]

    def arrived(self, *, asset, ref, by) -> None:
        services.version_add(cut_id=ref, asset=asset, by=by)

    def owns(self, asset) -> bool:
        return getattr(asset, "version", None) is not None

    def client_assets(self) -> Q:
        # A client sees the versions of client-visible cuts, except a file that cannot be played
        # (the team replaces it; the client never needs to know it was there).
        return Q(version__cut__client_visible=True) & ~Q(status=MediaAsset.Status.UNUSABLE)

    def client_label(self, asset) -> str | None:
        version = getattr(asset, "version", None)
        return f"Version {version.number}" if version is not None else None

    def owner(self, *, user, asset) -> AssetOwner | None:
        version = getattr(asset, "version", None)
        if version is None:
            return None
        staff = selectors.sees_file_names(user, asset)
        siblings = [
            Sibling(
                asset_id=v.asset_id,
                number=v.number,
                name=v.asset.display_name if staff else f"Version {v.number}",
                status=v.asset.status,
                status_label=v.asset.get_status_display(),
                current=v.pk == version.pk,
            )
            for v in selectors.versions_of_cut(user=user, cut=version.cut)
        ]
        return AssetOwner(
            title=version.cut.title,
            number=version.number,
            noun="version",
            upload_query=f"?cut={version.cut_id}",
            siblings=siblings,
            links=links.links_for(version),
        )

    def keep_reason(self, asset) -> str | None:
        # A cut's version is part of the cut's history (and what a review or an approval points
        # at): it stays unless the file was unusable, so it never played and nobody reviewed it.
        version = getattr(asset, "version", None)
        if version is not None and asset.status != MediaAsset.Status.UNUSABLE:
            return (
                f"This file is version {version.number} of “{version.cut.title}” and stays with the cut. "
                "Upload a new version instead."
            )
        return None

    def detach(self, *, asset, by):
        return services.version_detach(version=asset.version, by=by)

    def unusable(self, asset) -> None:
        version = getattr(asset, "version", None)
        if version is not None:
            services.version_unusable(version=version)

    def ready(self, asset) -> None:
        version = Version.objects.select_related("cut__project", "created_by").filter(asset=asset).first()
        if version is not None:
            hooks.version_ready(version)
