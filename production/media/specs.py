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
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from production.media import variants

LADDER = "ladder"
LADDER_VERSION = 1  # bump when the ladder's outputs change (renditions, sprite, QC…)
WATERMARK = "watermark"
WATERMARK_VERSION = 1  # bump when the watermarked copy changes (placement, size, rendition…)
WATERMARK_MAX_CHARS = 120
VARIANT = "variant"
VARIANT_VERSION = 1  # bump when a variant's output changes (encoder settings, caption style, filters…)

PRESETS = frozenset({LADDER, WATERMARK, VARIANT})
# The preset whose render is the asset's own playback: the one the team's pages play, whose QC
# and loudness are the asset's, and whose outcome sets the asset's status. Every other preset
# (a viewer's watermarked copy) is made from the asset and changes nothing of it.
PLAYBACK = LADDER


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


# Characters that never belong in a line of text burned into a picture: control characters
# (PostgreSQL refuses NUL outright), lone surrogates, and the bidirectional overrides that make
# a name read backwards.
_DROPPED_CATEGORIES = {"Cc", "Cs"}
_BIDI_CONTROLS = set("\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def watermark_text(text: str) -> str:
    """``text`` as it is burned in and keyed: Unicode NFC (a composed and a decomposed "Zoë"
    are one viewer), control characters and bidirectional overrides removed, every run of
    whitespace one space, stripped, at most ``WATERMARK_MAX_CHARS`` characters. ValueError when
    nothing is left."""
    text = unicodedata.normalize("NFC", str(text))
    text = "".join(
        " " if c.isspace() else c
        for c in text
        if c.isspace() or (c not in _BIDI_CONTROLS and unicodedata.category(c) not in _DROPPED_CATEGORIES)
    )
    text = " ".join(text.split())[:WATERMARK_MAX_CHARS].rstrip()
    if not text:
        raise ValueError("A watermark needs some text (the viewer's name or email).")
    return text


def watermark(text: str) -> RenderSpec:
    """A copy of the asset for one viewer with ``text`` (their name or email) burned into the
    picture: one 720p HLS rendition, an MP4 proxy and a poster, frame for frame the ladder's
    picture. The text is normalized first (``watermark_text``), so the same viewer on the same
    asset is rendered once and then served from that render."""
    return RenderSpec(WATERMARK, {"v": WATERMARK_VERSION, "text": watermark_text(text)})


def variant(params: dict[str, Any]) -> RenderSpec:
    """A platform variant of the asset (one MP4 and a poster): its size, crop or blurred pad,
    trim, burned-in captions, logo, end card and loudness target, as ``params`` says
    (docs/architecture.md lists them). The parameters are checked and made canonical first
    (``variants.variant_params``: every default filled in), so the same variant asked in two
    ways is rendered once; ``variants.VariantParamsError`` (a ValueError) names every problem
    by field."""
    return RenderSpec(VARIANT, {"v": VARIANT_VERSION, **variants.variant_params(params)})


def variant_plan(spec: RenderSpec) -> variants.VariantPlan:
    """The engine's plan of a variant spec (its files still storage names)."""
    params = {key: value for key, value in spec.params.items() if key != "v"}
    return variants.plan_of(variants.variant_params(params))
