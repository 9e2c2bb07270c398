"""Upload targets: what a later stage does with an asset that was uploaded to one of its things.

Media comes before the stages in the pipeline, so it never imports them. A stage that wants
uploads (the edit stage: "each file sent to a cut becomes its next version") subclasses
:class:`UploadTarget` and registers it in its ``AppConfig.ready``; an upload then names its
target by name and id (``Upload.target``, ``Upload.target_ref``), and media asks the registry
whenever an answer depends on what the asset is part of: may a client see it, what is it
called for them, may it be deleted, what happens when it turns out unusable. The same
pattern as the pipeline's gates and demo steps in ``projects``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db.models import Q

if TYPE_CHECKING:
    from projects.models import Project, User

    from .models import MediaAsset


@dataclass(frozen=True)
class Sibling:
    """Another asset of the same thing (another version of the cut), for the asset page."""

    asset_id: Any
    number: int
    name: str
    status: str
    status_label: str
    current: bool


@dataclass(frozen=True)
class AssetOwner:
    """What an asset is part of, as the asset page shows it ("Hero film", v3)."""

    title: str  # the thing's title ("Hero film")
    number: int | None  # the asset's number within it (version 3), if it has one
    noun: str  # what the asset is to it ("version")
    upload_query: str  # appended to the upload page's URL to upload the next one ("?cut=…")
    siblings: list[Sibling] = field(default_factory=list)
    links: list[tuple[str, str]] = field(default_factory=list)  # (label, url) the thing's stages offer
    plural: str = ""  # the noun's plural when it is not noun + "s" ("dailies")


class UploadTarget:
    """A kind of thing an upload can go to. Subclasses override what applies to them."""

    name: str = ""  # the name uploads use ("cut")
    purpose: str = "other"  # the MediaAsset.Purpose its assets get
    # select_related paths from MediaAsset that the methods below read (one query, not N).
    related: tuple[str, ...] = ()

    def resolve(self, *, project: Project, ref) -> Any:
        """The thing ``ref`` names in ``project``; ValidationError if there is none."""
        raise NotImplementedError

    def project_of(self, *, user: User, ref) -> Project | None:
        """The project of the thing ``ref`` names, if ``user`` can see it (else None, also for a
        malformed ref): an upload that names only its target (tus metadata ``cut=…``)."""
        return None

    def upload_panel(self, *, user: User, project: Project) -> tuple[str, dict] | None:
        """A template and its context for the upload page's side column (e.g. "New cut")."""
        return None

    def choices(self, *, user: User, project: Project) -> tuple[str, list[tuple[str, str]]]:
        """The upload page's choices for this target: a group label and ("name:id", label) pairs."""
        return "", []

    def arrived(self, *, asset: MediaAsset, ref, by: User) -> None:
        """The asset was just made for ``ref`` (inside its transaction): do what follows, and
        record the timeline event that says so."""
        raise NotImplementedError

    def owns(self, asset: MediaAsset) -> bool:
        """Whether ``asset`` belongs to one of this target's things (related paths loaded)."""
        return False

    def client_assets(self) -> Q | None:
        """Which assets (a filter on MediaAsset) a client may see through this target."""
        return None

    def client_label(self, asset: MediaAsset) -> str | None:
        """What a client calls the asset ("Version 3"); None when it is not this target's."""
        return None

    def owner(self, *, user: User, asset: MediaAsset) -> AssetOwner | None:
        return None

    def keep_reason(self, asset: MediaAsset) -> str | None:
        """Why the asset must not be deleted, or None."""
        return None

    def detach(self, *, asset: MediaAsset, by: User) -> tuple[str, dict] | None:
        """The asset is being deleted (``keep_reason`` said nothing): let go of it, and say how the
        timeline should put it (a summary and extra data), or None to leave it to media."""
        return None

    def unusable(self, asset: MediaAsset) -> None:
        """The asset turned out unusable (it never played)."""

    def ready(self, asset: MediaAsset) -> None:
        """The asset plays now: its first playback render succeeded."""


_targets: dict[str, UploadTarget] = {}


def register(target: UploadTarget) -> None:
    _targets[target.name] = target


def get(name: str) -> UploadTarget | None:
    return _targets.get(name)


def all_targets() -> list[UploadTarget]:
    return list(_targets.values())


def related_paths() -> list[str]:
    return [path for target in _targets.values() for path in target.related]


def client_assets() -> Q:
    """The assets a client may see through any target (none if no target lets them)."""
    q = Q(pk__in=[])
    for target in _targets.values():
        rule = target.client_assets()
        if rule is not None:
            q |= rule
    return q


def owner_of(asset: MediaAsset) -> UploadTarget | None:
    return next((t for t in _targets.values() if t.owns(asset)), None)
