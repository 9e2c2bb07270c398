"""Render specs: what a render makes, as data, and its hash.

A render is keyed by its spec, as Wagtail keys an image's renditions on (image, filter spec):
the same spec of the same asset is rendered once and then reused. A spec is a preset name and
its parameters; the hash is taken over the canonical JSON (sorted keys, no spaces), so two
requests that mean the same thing hash the same. Each preset's spec carries the engine's
version of it (``v``): a change to what the preset makes bumps it, and the next request
renders anew instead of reusing the old output.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from typing import Any

LADDER = "ladder"
LADDER_VERSION = 1  # bump when the ladder's outputs change (renditions, sprite, QC…)

PRESETS = frozenset({LADDER})


@dataclass(frozen=True)
class RenderSpec:
    preset: str
    params: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self):
        if self.preset not in PRESETS:
            raise ValueError(f"Unknown render preset {self.preset!r}.")

    def as_data(self) -> dict[str, Any]:
        return {"preset": self.preset, **self.params}

    @property
    def digest(self) -> str:
        canonical = json.dumps(self.as_data(), sort_keys=True, separators=(",", ":"), ensure_ascii=False)
        return hashlib.sha256(canonical.encode()).hexdigest()

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> RenderSpec:
        data = dict(data)
        return cls(preset=data.pop("preset"), params=data)


def of_render(spec_data: dict[str, Any]) -> RenderSpec:
    """The spec a render was made with; a row without one (made by hand, not by
    ``render_request``) was a ladder, the only preset there was before specs."""
    return RenderSpec.from_data(spec_data) if spec_data.get("preset") else ladder()


def ladder() -> RenderSpec:
    """The playback ladder (HLS renditions, MP4 proxy, poster, sprite, waveform, QC). How hard
    the encoder works (``RENDER_X264_PRESET``) is the rendering worker's own setting, like an
    image library's default quality: a change to it does not make every ladder stale."""
    return RenderSpec(LADDER, {"v": LADDER_VERSION})
