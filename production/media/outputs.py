"""What a render made, read one way: the typed view of ``Render.outputs`` that pages, the API,
the template tags and the file view all use.

``Render.outputs`` is JSON written by ``services.render_outputs``: ``files`` (name → kind: the
only files ever served), ``main`` (kind → name: the proxy, poster, master playlist…) and
``renditions``. Anything malformed reads as "nothing there", and a main output whose name the
render did not list is not an output.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.urls import reverse

if TYPE_CHECKING:
    from .models import Render


@dataclass(frozen=True)
class RenditionInfo:
    name: str
    playlist: str
    width: int | None
    height: int | None
    bitrate: int | None

    @property
    def label(self) -> str:
        size = f" {self.width}x{self.height}" if self.width else ""
        rate = f", {self.bitrate / 1e6:.1f} Mbit/s" if self.bitrate else ""
        return f"{self.name}{size}{rate}"


def _mapping(value: Any) -> Mapping[str, str]:
    if not isinstance(value, dict):
        return {}
    return {str(k): str(v) for k, v in value.items() if isinstance(k, str) and isinstance(v, str)}


def _number(value: Any) -> int | None:
    return int(value) if isinstance(value, int | float) and value > 0 else None


@dataclass(frozen=True)
class RenderOutputs:
    render_id: Any
    directory: str
    files: Mapping[str, str]  # name → kind; the only names ever served
    main: Mapping[str, str]  # kind → name, listed names only
    renditions: tuple[RenditionInfo, ...]

    @classmethod
    def of(cls, render: Render) -> RenderOutputs:
        raw = render.outputs if isinstance(render.outputs, dict) else {}
        files = _mapping(raw.get("files"))
        main = {kind: name for kind, name in _mapping(raw.get("main")).items() if name in files}
        renditions = tuple(
            RenditionInfo(
                name=str(r.get("name", "")),
                playlist=str(r.get("playlist", "")),
                width=_number(r.get("width")),
                height=_number(r.get("height")),
                bitrate=_number(r.get("bitrate")),
            )
            for r in raw.get("renditions") or []
            if isinstance(r, dict)
        )
        return cls(render_id=render.pk, directory=render.output_dir, files=files, main=main, renditions=renditions)

    def serves(self, name: str) -> bool:
        """Whether ``name`` is a file this render made and listed (so it may be served)."""
        return bool(self.directory) and name in self.files

    def storage_name(self, name: str) -> str:
        """Where a listed file is stored; a name the render did not list raises LookupError."""
        if not self.serves(name):
            raise LookupError(name)
        return f"{self.directory}/{name}"

    def url(self, kind: str) -> str:
        """The checked URL of the main output of ``kind`` (``hls_master``, ``proxy``, ``poster``…), or ""."""
        name = self.main.get(kind)
        return file_url(self.render_id, name) if name else ""

    def urls(self, url_for=None) -> dict[str, str]:
        """The main outputs' URLs; ``url_for(render_id, name)`` builds them for another door
        than the signed-in one (a share link's)."""
        url_for = url_for or file_url
        return {kind: url_for(self.render_id, name) for kind, name in self.main.items()}

    @property
    def frame_ratio(self) -> str:
        """The player frame's shape for an upright or square picture ("1080 / 1920"), from the
        rendition as shown (rotation and pixel aspect applied); "" keeps the 16:9 frame."""
        first = self.renditions[0] if self.renditions else None
        if first is None or not first.width or not first.height or first.width > first.height:
            return ""
        return f"{first.width} / {first.height}"


def file_url(render_id, name: str) -> str:
    return reverse("render-file", kwargs={"render_id": render_id, "name": name})
