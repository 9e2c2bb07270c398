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


# --- Drawing a drawing: the shapes in pixels of a picture, for an inline SVG (the PDF report) ---
# An arrow points from its first point to its second; a rectangle and an ellipse fill the box
# between their two points; a pen stroke joins its points; a text starts at its point.


def svg_shapes(drawing: list[dict], width: int, height: int) -> list[dict]:
    """The stored shapes of ``drawing`` as SVG geometry on a ``width`` x ``height`` picture:
    each a dict with its ``tool``, ``color`` and the attributes its template needs."""
    stroke = max(2.0, round(width / 160, 1))
    shapes = []
    for shape in clean(drawing):
        points = [(x * width, y * height) for x, y in shape["points"]]
        out = {"tool": shape["tool"], "color": shape["color"], "stroke": stroke}
        if shape["tool"] == "arrow":
            (x1, y1), (x2, y2) = points
            out.update(x1=x1, y1=y1, x2=x2, y2=y2, head=_arrow_head(x1, y1, x2, y2, size=stroke * 5))
        elif shape["tool"] in ("rect", "ellipse"):
            (x1, y1), (x2, y2) = points
            left, top, w, h = min(x1, x2), min(y1, y2), abs(x2 - x1), abs(y2 - y1)
            out.update(x=left, y=top, width=w, height=h, cx=left + w / 2, cy=top + h / 2, rx=w / 2, ry=h / 2)
        elif shape["tool"] == "pen":
            out["points"] = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
        else:  # text
            (x, y), size = points[0], max(10.0, round(height / 14, 1))
            out.update(x=x, y=y + size, size=size, text=shape["text"])
        shapes.append(out)
    return shapes


def _arrow_head(x1: float, y1: float, x2: float, y2: float, *, size: float) -> str:
    """The points of an arrow's head at (x2, y2), pointing away from (x1, y1)."""
    angle = math.atan2(y2 - y1, x2 - x1)
    wing = math.radians(28)
    left = (x2 - size * math.cos(angle - wing), y2 - size * math.sin(angle - wing))
    right = (x2 - size * math.cos(angle + wing), y2 - size * math.sin(angle + wing))
    return " ".join(f"{x:.1f},{y:.1f}" for x, y in ((x2, y2), left, right))
