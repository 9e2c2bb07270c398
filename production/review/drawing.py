"""Drawings on a paused frame, as vector data in 0 to 1 coordinates of the picture (so they scale
with the player): a list of shapes, each a tool, a colour from the palette and its points.
``clean`` returns the drawing as stored, or raises ValidationError saying what is wrong."""

from __future__ import annotations

import math
from typing import Any

from django.core.exceptions import ValidationError

# The palette the drawing layer offers: readable on light and dark pictures.
COLORS = {
    "#ef4444": "Red",
    "#f59e0b": "Amber",
    "#22c55e": "Green",
    "#3b82f6": "Blue",
    "#a855f7": "Purple",
    "#ffffff": "White",
    "#111827": "Black",
}
TOOLS = {"arrow": 2, "rect": 2, "ellipse": 2, "pen": None, "text": 1}  # points each takes (None: 2 or more)
MAX_SHAPES = 50
MAX_PEN_POINTS = 1000
MAX_TEXT = 200


def _point(value: Any) -> list[float]:
    if not isinstance(value, list | tuple) or len(value) != 2:
        raise ValueError("a point is [x, y]")
    x, y = value
    if isinstance(x, bool) or isinstance(y, bool) or not isinstance(x, int | float) or not isinstance(y, int | float):
        raise ValueError("a point is two numbers")
    if not (math.isfinite(x) and math.isfinite(y)) or not (0 <= x <= 1 and 0 <= y <= 1):
        raise ValueError("points lie within the picture (0 to 1)")
    return [round(float(x), 4), round(float(y), 4)]


def clean(drawing: Any) -> list[dict]:
    if drawing in (None, "", []):
        return []
    if not isinstance(drawing, list):
        raise ValidationError("A drawing is a list of shapes.")
    if len(drawing) > MAX_SHAPES:
        raise ValidationError(f"A drawing holds at most {MAX_SHAPES} shapes.")
    shapes = []
    for n, shape in enumerate(drawing, start=1):
        try:
            if not isinstance(shape, dict):
                raise ValueError("it is not a shape")
            tool = shape.get("tool")
            if tool not in TOOLS:
                raise ValueError(f"the tool is one of {', '.join(TOOLS)}")
            color = str(shape.get("color", "")).lower()
            if color not in COLORS:
                raise ValueError(f"the colour is one of {', '.join(COLORS)}")
            points = shape.get("points")
            if not isinstance(points, list):
                raise ValueError("points is a list of [x, y]")
            wanted = TOOLS[tool]
            if wanted is not None and len(points) != wanted:
                raise ValueError(f"a {tool} has {wanted} point{'s' if wanted > 1 else ''}")
            if wanted is None and not 2 <= len(points) <= MAX_PEN_POINTS:
                raise ValueError(f"a pen stroke has 2 to {MAX_PEN_POINTS} points")
            cleaned = {"tool": tool, "color": color, "points": [_point(p) for p in points]}
            if tool == "text":
                text = str(shape.get("text", "")).strip()
                if not text or len(text) > MAX_TEXT:
                    raise ValueError(f"a text shape has 1 to {MAX_TEXT} characters")
                cleaned["text"] = text
        except ValueError as exc:
            raise ValidationError(f"Shape {n} of the drawing is not right: {exc}.") from exc
        shapes.append(cleaned)
    return shapes
