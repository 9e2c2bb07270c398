// The drawing layer's maths: where the picture is inside the player, pointer <-> picture
// coordinates, shapes as production/review/drawing.py stores them, and which drawings show when.
import assert from "node:assert/strict";
import { test } from "node:test";

import {
  addPenPoint,
  contentRect,
  drawingsAt,
  finishShape,
  MAX_PEN_POINTS,
  parseDrawing,
  serialize,
  shapeElements,
  thinPoints,
  toUnit,
} from "../../static/js/player/drawing.js";

test("a 16:9 picture fills a 16:9 frame; a 9:16 one is letterboxed in the middle", () => {
  assert.deepEqual(contentRect(1280, 720, 1920, 1080), { x: 0, y: 0, width: 1280, height: 720 });
  const upright = contentRect(1280, 720, 1080, 1920);
  assert.equal(upright.height, 720);
  assert.equal(upright.width, 405);
  assert.equal(upright.x, (1280 - 405) / 2);
  assert.equal(upright.y, 0);
  // A wide picture in a tall box: bars above and below.
  assert.deepEqual(contentRect(400, 800, 1600, 900), { x: 0, y: 287.5, width: 400, height: 225 });
  // Before the picture's size is known: the whole box.
  assert.deepEqual(contentRect(640, 360, 0, 0), { x: 0, y: 0, width: 640, height: 360 });
});

test("a pointer lands in 0 to 1 coordinates of the picture, clamped to it", () => {
  const rect = { left: 100, top: 50, width: 400, height: 200 };
  assert.deepEqual(toUnit(100, 50, rect), [0, 0]);
  assert.deepEqual(toUnit(500, 250, rect), [1, 1]);
  assert.deepEqual(toUnit(200, 100, rect), [0.25, 0.25]);
  assert.deepEqual(toUnit(50, 400, rect), [0, 1]); // on the letterbox bar: the picture's edge
  assert.deepEqual(toUnit(100 + 400 / 3, 50, rect), [0.3333, 0]); // four places, as the server keeps
});

test("shapes are kept as drawing.py stores them; a click without a drag draws nothing", () => {
  assert.deepEqual(finishShape({ tool: "arrow", color: "#ef4444", points: [[0.1, 0.2], [0.5, 0.6]] }), {
    tool: "arrow",
    color: "#ef4444",
    points: [[0.1, 0.2], [0.5, 0.6]],
  });
  assert.equal(finishShape({ tool: "rect", color: "#ef4444", points: [[0.5, 0.5], [0.501, 0.5]] }), null);
  assert.equal(finishShape({ tool: "star", color: "#ef4444", points: [[0, 0], [1, 1]] }), null);
  assert.deepEqual(finishShape({ tool: "text", color: "#ffffff", points: [[0.2, 0.3]], text: "  Logo  " }), {
    tool: "text",
    color: "#ffffff",
    points: [[0.2, 0.3]],
    text: "Logo",
  });
  assert.equal(finishShape({ tool: "text", color: "#ffffff", points: [[0.2, 0.3]], text: "  " }), null);
  assert.equal(serialize([]), "");
  const shapes = [{ tool: "ellipse", color: "#22c55e", points: [[0.1, 0.1], [0.3, 0.4]] }];
  assert.deepEqual(JSON.parse(serialize(shapes)), shapes);
  assert.deepEqual(parseDrawing(serialize(shapes)), shapes);
  assert.deepEqual(parseDrawing("not json"), []);
});

test("a pen stroke drops points closer than a step and is thinned to the server's limit", () => {
  let points = [[0.1, 0.1]];
  points = addPenPoint(points, [0.1005, 0.1]);
  assert.equal(points.length, 1);
  points = addPenPoint(points, [0.2, 0.1]);
  assert.equal(points.length, 2);
  const long = Array.from({ length: 2500 }, (_, i) => [i / 2500, 0.5]);
  const thin = thinPoints(long);
  assert.ok(thin.length <= MAX_PEN_POINTS && thin.length > MAX_PEN_POINTS / 2, thin.length);
  assert.deepEqual(thin[0], long[0]);
  assert.deepEqual(thin[thin.length - 1], long[long.length - 1]);
  assert.ok(finishShape({ tool: "pen", color: "#ef4444", points: long }).points.length <= MAX_PEN_POINTS);
});

test("shapes become SVG elements in the picture's pixels", () => {
  const [line, head] = shapeElements({ tool: "arrow", color: "#ef4444", points: [[0, 0.5], [0.5, 0.5]] }, 400, 200);
  assert.equal(line.tag, "line");
  assert.equal(line.attrs.x1, "0");
  assert.equal(line.attrs.y1, "100");
  assert.ok(Number(line.attrs.x2) < 200); // the shaft stops inside the head
  assert.equal(head.tag, "polygon");
  assert.ok(head.attrs.points.startsWith("200,100 "), head.attrs.points); // the head's tip is the second point
  const [rect] = shapeElements({ tool: "rect", color: "#3b82f6", points: [[0.5, 0.5], [0.25, 0.25]] }, 400, 200);
  assert.deepEqual([rect.attrs.x, rect.attrs.y, rect.attrs.width, rect.attrs.height], ["100", "50", "100", "50"]);
  const [ellipse] = shapeElements({ tool: "ellipse", color: "#3b82f6", points: [[0, 0], [1, 1]] }, 400, 200);
  assert.deepEqual([ellipse.attrs.cx, ellipse.attrs.cy, ellipse.attrs.rx, ellipse.attrs.ry], ["200", "100", "200", "100"]);
  const [path] = shapeElements({ tool: "pen", color: "#a855f7", points: [[0, 0], [0.5, 0.5], [1, 0]] }, 400, 200);
  assert.equal(path.attrs.d, "M0 0 L200 100 L400 0");
  const [text] = shapeElements({ tool: "text", color: "#ffffff", points: [[0.5, 0.5]], text: "Here" }, 400, 200);
  assert.equal(text.text, "Here");
  assert.deepEqual([text.attrs.x, text.attrs.y], ["200", "100"]);
  // Strokes keep their share of the picture at any size.
  const wide = shapeElements({ tool: "rect", color: "#3b82f6", points: [[0, 0], [1, 1]] }, 1600, 800)[0];
  assert.ok(Number(wide.attrs["stroke-width"]) > Number(rect.attrs["stroke-width"]));
});

test("a comment's drawing shows at its frame when paused, and for about a second while playing", () => {
  const shape = [{ tool: "rect", color: "#ef4444", points: [[0, 0], [1, 1]] }];
  const comments = [
    { id: "a", frame: 12, end_frame: null, drawing: shape },
    { id: "b", frame: 40, end_frame: 60, drawing: shape },
    { id: "c", frame: 12, end_frame: null, drawing: [] },
  ];
  const ids = (list) => list.map((c) => c.id);
  assert.deepEqual(ids(drawingsAt(comments, 12)), ["a"]);
  assert.deepEqual(ids(drawingsAt(comments, 13)), []);
  assert.deepEqual(ids(drawingsAt(comments, 11)), []);
  assert.deepEqual(ids(drawingsAt(comments, 50)), []); // paused inside a range: only its first frame
  assert.deepEqual(ids(drawingsAt(comments, 40)), ["b"]);
  assert.deepEqual(ids(drawingsAt(comments, 36, { running: true, holdFrames: 25 })), ["a"]);
  assert.deepEqual(ids(drawingsAt(comments, 37, { running: true, holdFrames: 25 })), []);
  assert.deepEqual(ids(drawingsAt(comments, 60, { running: true })), ["b"]);
  assert.deepEqual(ids(drawingsAt(comments, 61, { running: true })), []);
  assert.deepEqual(drawingsAt(comments, null), []);
});
