"""The parameters of a platform variant render (``specs.variant``): checked, made canonical, and
turned into the engine's :class:`~production.media.engine.VariantPlan`.

A variant's spec is JSON (``Render.spec``), hashed over its canonical form, so two requests that
mean the same variant must write the same JSON: every default is filled in, numbers that may be
fractional are floats rounded to a fixed precision (``2`` and ``2.0`` are one time), texts are
normalized as they are drawn, and unknown keys are refused rather than ignored (a misspelt
``captoins`` must not quietly make a variant without captions). The checks return every problem
at once, by field (``trim.out``, ``captions.3``), in :class:`VariantParamsError`.

Files (the logo, the end card's image) are named by their storage name: storage gives every
upload a name of its own and never writes over one, so the name is the content's identity in
the hash. The render opens them from storage when it runs; a missing file fails that render
saying so.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import replace
from pathlib import PurePosixPath
from typing import Any

from production.media.engine.variant import (
    Caption,
    EndCard,
    Logo,
    LoudnessTarget,
    VariantPlan,
    caption_text,
)

IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".webp")
DEFAULT_LOUDNESS = {"i": -14.0, "tp": -1.0, "lra": 11.0}  # the streaming platforms' common target
DEFAULTS: dict[str, Any] = {
    "fit": "crop",
    "offsets": [[0.0, 0.5]],
    "trim": None,
    "captions": [],
    "caption_margin": None,
    "logo": None,
    "end_card": None,
    "loudness": DEFAULT_LOUDNESS,
    "max_fps": 60.0,
    "keyframe_seconds": 2.0,
    "max_video_kbps": None,
}
LOGO_DEFAULTS = {"corner": "top-right", "width": 0.15, "margin": 0.04, "opacity": 0.85}
CARD_DEFAULTS = {"seconds": 3.0, "color": "#000000", "image": None, "text": "", "text_color": "#FFFFFF"}
TIME_PLACES = 3  # seconds to the millisecond
SHARE_PLACES = 4  # shares (offsets, widths, opacity) to 1/10000

# the engine's field names, as the spec writes them
_ENGINE_FIELDS = {
    "trim_in": "trim.in",
    "trim_out": "trim.out",
    "trim_unit": "trim.unit",
    "loudness.integrated": "loudness.i",
    "loudness.true_peak": "loudness.tp",
    "logo.path": "logo.file",
    "end_card.image": "end_card.image",
}


class VariantParamsError(ValueError):
    """The parameters cannot make a variant; ``problems`` maps each field to what is wrong."""

    def __init__(self, problems: dict[str, str]) -> None:
        self.problems = dict(problems)
        super().__init__("The variant cannot be made: " + " ".join(f"{k}: {v}" for k, v in self.problems.items()))


class _Reader:
    """Reads one JSON object field by field, noting each problem under its field's name."""

    def __init__(self, problems: dict[str, str]) -> None:
        self.problems = problems

    def fail(self, name: str, message: str) -> None:
        self.problems.setdefault(name, message)

    def known(self, data: Mapping, allowed, prefix: str = "") -> None:
        for key in data:
            if key not in allowed:
                self.fail(f"{prefix}{key}", f"Unknown parameter {key!r}.")

    def number(self, value, name: str, places: int | None = TIME_PLACES, *, whole: bool = False):
        if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
            self.fail(name, "This must be a number.")
            return None
        if whole:
            if value != int(value):
                self.fail(name, "This must be a whole number.")
                return None
            return int(value)
        return round(float(value), places) if places is not None else float(value)

    def text(self, value, name: str) -> str | None:
        if not isinstance(value, str):
            self.fail(name, "This must be text.")
            return None
        return value

    def mapping(self, value, name: str) -> Mapping | None:
        if value is None:
            return None
        if not isinstance(value, Mapping):
            self.fail(name, "This must be an object (or null for none).")
            return None
        return value

    def file(self, value, name: str) -> str | None:
        text = self.text(value, name)
        if text is None:
            return None
        path = PurePosixPath(text)
        if (
            not text
            or len(text) > 300
            or text.startswith("/")
            or "\\" in text
            or any(part in ("", ".", "..") for part in text.split("/"))
        ):
            self.fail(name, "This must be a stored file's name (a relative path, no '..').")
            return None
        if path.suffix.lower() not in IMAGE_SUFFIXES:
            self.fail(name, f"This must be an image ({', '.join(IMAGE_SUFFIXES)}).")
            return None
        return text


def variant_params(params: Mapping[str, Any]) -> dict[str, Any]:
    """The canonical parameters of a variant (every default filled in), or VariantParamsError
    naming every problem. ``width`` and ``height`` are required; see docs/architecture.md."""
    if not isinstance(params, Mapping):
        raise VariantParamsError({"params": "The parameters must be an object."})
    problems: dict[str, str] = {}
    read = _Reader(problems)
    read.known(params, {"width", "height", *DEFAULTS})
    data = {**DEFAULTS, **{k: v for k, v in params.items() if k in DEFAULTS}}
    out: dict[str, Any] = {}
    for side in ("width", "height"):
        if side not in params:
            read.fail(side, f"The {side} in pixels is required.")
        else:
            out[side] = read.number(params[side], side, whole=True)
    out["fit"] = read.text(data["fit"], "fit")

    offsets = data["offsets"]
    out["offsets"] = []
    if not isinstance(offsets, list):
        read.fail("offsets", "The crop offsets are a list of [seconds, offset] pairs.")
    else:
        for index, pair in enumerate(offsets):
            if not isinstance(pair, list | tuple) or len(pair) != 2:
                read.fail(f"offsets.{index}", "A crop keyframe is a pair: [seconds, offset from 0 to 1].")
                continue
            at = read.number(pair[0], f"offsets.{index}")
            offset = read.number(pair[1], f"offsets.{index}", SHARE_PLACES)
            out["offsets"].append([at, offset])

    trim = read.mapping(data["trim"], "trim")
    if trim is not None:
        read.known(trim, {"in", "out", "unit"}, "trim.")
        unit = read.text(trim.get("unit", "seconds"), "trim.unit")
        frames = unit == "frames"
        out["trim"] = {
            "in": read.number(trim["in"], "trim.in", whole=frames) if trim.get("in") is not None else None,
            "out": read.number(trim["out"], "trim.out", whole=frames) if trim.get("out") is not None else None,
            "unit": unit,
        }
        if not out["trim"]["in"] and out["trim"]["out"] is None and "trim.in" not in problems:
            out["trim"] = None  # nothing cut: the same variant as no trim
    else:
        out["trim"] = None

    cues = data["captions"]
    out["captions"] = []
    if not isinstance(cues, list):
        read.fail("captions", "The captions are a list of [start, end, text] cues.")
    else:
        for index, cue in enumerate(cues):
            if not isinstance(cue, list | tuple) or len(cue) != 3:
                read.fail(f"captions.{index}", "A caption is [start seconds, end seconds, text].")
                continue
            start = read.number(cue[0], f"captions.{index}")
            end = read.number(cue[1], f"captions.{index}")
            text = read.text(cue[2], f"captions.{index}")
            out["captions"].append([start, end, caption_text(text) if text is not None else None])
    margin = data["caption_margin"]
    out["caption_margin"] = None if margin is None else read.number(margin, "caption_margin", SHARE_PLACES)

    logo = read.mapping(data["logo"], "logo")
    if logo is not None:
        read.known(logo, {"file", *LOGO_DEFAULTS}, "logo.")
        logo = {**LOGO_DEFAULTS, **logo}
        if "file" not in logo:
            read.fail("logo.file", "The logo needs its stored image file.")
        out["logo"] = {
            "file": read.file(logo.get("file"), "logo.file"),
            "corner": read.text(logo["corner"], "logo.corner"),
            "width": read.number(logo["width"], "logo.width", SHARE_PLACES),
            "margin": read.number(logo["margin"], "logo.margin", SHARE_PLACES),
            "opacity": read.number(logo["opacity"], "logo.opacity", SHARE_PLACES),
        }
    else:
        out["logo"] = None

    card = read.mapping(data["end_card"], "end_card")
    if card is not None:
        read.known(card, CARD_DEFAULTS, "end_card.")
        card = {**CARD_DEFAULTS, **card}
        text = read.text(card["text"], "end_card.text")
        out["end_card"] = {
            "seconds": read.number(card["seconds"], "end_card.seconds"),
            "color": (read.text(card["color"], "end_card.color") or "").upper(),
            "image": read.file(card["image"], "end_card.image") if card["image"] is not None else None,
            "text": caption_text(text) if text is not None else "",
            "text_color": (read.text(card["text_color"], "end_card.text_color") or "").upper(),
        }
    else:
        out["end_card"] = None

    loudness = read.mapping(data["loudness"], "loudness")
    if loudness is not None:
        read.known(loudness, DEFAULT_LOUDNESS, "loudness.")
        loudness = {**DEFAULT_LOUDNESS, **loudness}
        out["loudness"] = {key: read.number(loudness[key], f"loudness.{key}", 1) for key in ("i", "tp", "lra")}
    else:
        out["loudness"] = None
    out["max_fps"] = read.number(data["max_fps"], "max_fps")
    out["keyframe_seconds"] = read.number(data["keyframe_seconds"], "keyframe_seconds")
    kbps = data["max_video_kbps"]
    out["max_video_kbps"] = None if kbps is None else read.number(kbps, "max_video_kbps", whole=True)

    if not problems:
        # one variant, one form: a held offset is held from the start, a pad has no offset, and
        # the order captions were listed in changes nothing drawn
        if out["fit"] == "pad_blur":
            out["offsets"] = [list(pair) for pair in DEFAULTS["offsets"]]
        elif len(out["offsets"]) == 1:
            out["offsets"] = [[0.0, out["offsets"][0][1]]]
    if not problems:  # the engine's own rules (sizes, ranges, order of keyframes, cue texts…)
        for name, message in plan_of(out).problems().items():
            read.fail(_ENGINE_FIELDS.get(name, name), message)
    if problems:
        raise VariantParamsError(problems)
    out["captions"] = sorted(out["captions"])  # after the checks, whose messages count as given
    return out


def plan_of(params: Mapping[str, Any]) -> VariantPlan:
    """The engine's plan for canonical ``params``; the logo and the card's image are still
    storage names (``with_files`` puts local paths in their place)."""
    trim = params.get("trim") or {}
    logo, card, loudness = params.get("logo"), params.get("end_card"), params.get("loudness")
    return VariantPlan(
        width=params["width"],
        height=params["height"],
        fit=params["fit"],
        offsets=tuple((at, offset) for at, offset in params["offsets"]),
        trim_in=trim.get("in"),
        trim_out=trim.get("out"),
        trim_unit=trim.get("unit", "seconds"),
        captions=tuple(Caption(start, end, text) for start, end, text in params["captions"]),
        caption_margin=params.get("caption_margin"),
        logo=Logo(
            path=logo["file"],
            corner=logo["corner"],
            width=logo["width"],
            margin=logo["margin"],
            opacity=logo["opacity"],
        )
        if logo
        else None,
        end_card=EndCard(
            seconds=card["seconds"],
            color=card["color"],
            image=card["image"],
            text=card["text"],
            text_color=card["text_color"],
        )
        if card
        else None,
        loudness=LoudnessTarget(integrated=loudness["i"], true_peak=loudness["tp"], lra=loudness["lra"])
        if loudness
        else None,
        max_fps=params["max_fps"],
        keyframe_seconds=params["keyframe_seconds"],
        max_video_kbps=params.get("max_video_kbps"),
    )


def with_files(plan: VariantPlan, local: Mapping[str, str]) -> VariantPlan:
    """``plan`` with its storage names replaced by the local paths ``local`` maps them to."""
    if plan.logo is not None:
        plan = replace(plan, logo=replace(plan.logo, path=local[plan.logo.path]))
    if plan.end_card is not None and plan.end_card.image:
        plan = replace(plan, end_card=replace(plan.end_card, image=local[plan.end_card.image]))
    return plan


def stored_files(plan: VariantPlan) -> list[str]:
    """The storage names a plan reads (logo, end card image)."""
    names = [plan.logo.path] if plan.logo is not None else []
    if plan.end_card is not None and plan.end_card.image:
        names.append(plan.end_card.image)
    return names
