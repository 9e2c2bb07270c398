"""The drawing layer (static/js/player/drawing.js) keeps the rules of production/review/drawing.py:
the same tools with the same number of points, the same limits, and what it makes passes
``drawing.clean`` unchanged. Needs node (skipped without it, except in CI)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from production.review import drawing

ROOT = Path(__file__).resolve().parents[3]

_SCRIPT = """
import * as d from "./static/js/player/drawing.js";
const made = [
  d.finishShape({ tool: "arrow", color: "#ef4444", points: [[0.123456, 0.5], [1.2, -0.1]] }),
  d.finishShape({ tool: "rect", color: "#3b82f6", points: [[0.1, 0.1], [0.4, 0.3]] }),
  d.finishShape({ tool: "ellipse", color: "#22c55e", points: [[0.5, 0.5], [0.2, 0.9]] }),
  d.finishShape({ tool: "pen", color: "#ffffff", points: Array.from({ length: 2500 }, (_, i) => [i / 2500, 0.5]) }),
  d.finishShape({ tool: "text", color: "#111827", points: [[0.3, 0.1]], text: "  " + "x".repeat(300) }),
];
console.log(JSON.stringify({ tools: d.TOOLS, maxShapes: d.MAX_SHAPES, maxPen: d.MAX_PEN_POINTS, maxText: d.MAX_TEXT,
                             field: d.serialize(made) }));
"""


@pytest.fixture(scope="module")
def js() -> dict:
    node = shutil.which("node")
    if node is None:
        if os.environ.get("CI"):
            pytest.fail("node is missing: the drawing layer cannot be checked against drawing.py")
        pytest.skip("node is not installed: skipping the drawing layer's checks")
    out = subprocess.run(
        [node, "--input-type=module", "-e", _SCRIPT], cwd=ROOT, capture_output=True, text=True, timeout=30, check=True
    )
    return json.loads(out.stdout)


def test_the_drawing_layer_has_the_servers_tools_and_limits(js):
    assert js["tools"] == drawing.TOOLS
    assert (js["maxShapes"], js["maxPen"], js["maxText"]) == (
        drawing.MAX_SHAPES,
        drawing.MAX_PEN_POINTS,
        drawing.MAX_TEXT,
    )


def test_what_the_drawing_layer_makes_is_stored_as_it_is(js):
    shapes = json.loads(js["field"])
    assert [s["tool"] for s in shapes] == ["arrow", "rect", "ellipse", "pen", "text"]
    assert shapes[0]["points"] == [[0.1235, 0.5], [1, 0]]  # four places, clamped to the picture
    assert len(shapes[3]["points"]) <= drawing.MAX_PEN_POINTS
    assert len(shapes[4]["text"]) == drawing.MAX_TEXT
    assert drawing.clean(shapes) == shapes
