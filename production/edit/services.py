"""Every write of the edit stage: cuts and their versions. Keyword-only, one transaction each,
timeline events inside it. A version is made when an asset uploaded to the cut arrives
(``CutTarget.arrived``, registered with media's upload targets)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max

from production.media.models import MediaAsset
from projects import timeline
from projects.models import Project, User
from projects.permissions import can_upload
from projects.services import title_problem

from .models import Cut, Version

# --- Cuts ---------------------------------------------------------------------------------


def cut_check(*, project: Project, title: str, cut: Cut | None = None) -> dict[str, str]:
    """Every problem with a cut's title: the title rules of the core, and unique (whatever the
    case) within the project. ``cut`` is the one being renamed (None for a new cut)."""
    problem = title_problem(title, thing="cut")
    if problem:
        return {"title": problem}
    title = title.strip()
    others = Cut.objects.filter(project=project, title__iexact=title)
    if cut is not None:
        others = others.exclude(pk=cut.pk)
    if others.exists():
        return {"title": f"There is already a cut called “{title}”."}
    return {}


@transaction.atomic
def cut_create(*, project: Project, title: str, by: User, client_visible: bool = False) -> Cut:
    if not can_upload(by, project):
        raise PermissionDenied("Only producers and editors can add cuts.")
    errors = cut_check(project=project, title=title)
    if errors:
        raise ValidationError(errors)
    title = title.strip()
    cut = Cut.objects.create(project=project, title=title, client_visible=client_visible, created_by=by)
    timeline.record(
        project=project,
        kind="cut.created",
        summary=f"{by.display_name} started the cut “{title}”",
        actor=by,
        subject=cut,
    )
    return cut


@transaction.atomic
def cut_set_client_visible(*, cut: Cut, visible: bool, by: User) -> Cut:
    """Share a cut with the client (they can watch and follow its versions) or hide it again.
    Producers and editors only; the client is never asked. Setting what is already set changes
    nothing and records nothing."""
    if not can_upload(by, cut.project):
        raise PermissionDenied("Only producers and editors can share a cut with the client.")
    if not isinstance(visible, bool):
        raise ValidationError({"client_visible": "Say true (share with the client) or false (team only)."})
    cut = Cut.objects.select_for_update().select_related("project").get(pk=cut.pk)
    if cut.client_visible == visible:
        return cut
    cut.client_visible = visible
    cut.save(update_fields=["client_visible", "updated_at"])
    client = cut.project.client.name
    timeline.record(
        project=cut.project,
        kind="cut.shared" if visible else "cut.hidden",
        summary=(
            f"{by.display_name} shared the cut “{cut.title}” with {client}"
            if visible
            else f"{by.display_name} made the cut “{cut.title}” team only"
        ),
        actor=by,
        subject=cut,
        data={"client_visible": visible},
        client_visible=visible,  # the client learns of a share, never of a hide
    )
    return cut


@transaction.atomic
def cut_rename(*, cut: Cut, title: str, by: User) -> Cut:
    """Give a cut another title (the same rules as a new cut's)."""
    if not can_upload(by, cut.project):
        raise PermissionDenied("Only producers and editors can rename a cut.")
    cut = Cut.objects.select_for_update().select_related("project").get(pk=cut.pk)
    errors = cut_check(project=cut.project, title=title, cut=cut)
    if errors:
        raise ValidationError(errors)
    old, new = cut.title, title.strip()
    if old == new:
        return cut
    cut.title = new
    cut.save(update_fields=["title", "updated_at"])
    timeline.record(
        project=cut.project,
        kind="cut.renamed",
        summary=f"{by.display_name} renamed the cut “{old}” to “{new}”",
        actor=by,
        subject=cut,
        data={"from": old, "to": new},
        client_visible=cut.client_visible,
    )
    return cut


@transaction.atomic
def cut_update(*, cut: Cut, by: User, title: str | None = None, client_visible: bool | None = None) -> Cut:
    """Rename and/or share or hide a cut in one change (the API's PATCH): all or nothing."""
    if not can_upload(by, cut.project):
        raise PermissionDenied("Only producers and editors can change a cut.")
    if title is not None:
        cut = cut_rename(cut=cut, title=title, by=by)
    if client_visible is not None:
        cut = cut_set_client_visible(cut=cut, visible=client_visible, by=by)
    return cut


# --- Versions ---------------------------------------------------------------------------


def version_add(*, cut_id, asset: MediaAsset, by: User) -> Version:
    """The asset uploaded to a cut becomes its next version (called inside the asset's
    transaction by the cut upload target)."""
    cut = Cut.objects.select_for_update().get(pk=cut_id)
    number = (cut.versions.aggregate(n=Max("number"))["n"] or 0) + 1
    version = Version.objects.create(cut=cut, number=number, asset=asset, created_by=by)
    timeline.record(
        project=cut.project,
        kind="version.uploaded",
        summary=f"{by.display_name} uploaded version {number} of “{cut.title}”",
        actor=by,
        subject=version,
        data={"asset": str(asset.pk), "filename": asset.original_name, "size": asset.size},
        client_visible=cut.client_visible,
    )
    return version


def version_detach(*, version: Version, by: User) -> tuple[str, dict]:
    """An unusable version's file is being deleted: the version goes with it."""
    summary = (
        f"{by.display_name} deleted version {version.number} of “{version.cut.title}” "
        f"({version.asset.display_name}), which could not be used"
    )
    data = {"cut": str(version.cut_id), "version": version.number}
    version.delete()
    return summary, data


def version_unusable(*, version: Version) -> None:
    """Clients never see a version that cannot be played, nor its upload."""
    timeline.withdraw_from_clients(subject=version)
