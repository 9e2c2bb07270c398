/* Drawings over the picture, as production/review/drawing.py stores them: a list of shapes
   {tool, color, points[, text]}, points [x, y] in 0 to 1 coordinates of the *picture* (not of the
   player: a 9:16 picture is letterboxed inside a 16:9 frame, and 0 to 1 spans the picture only).
   The maths only: where the picture is, pointer <-> picture coordinates, the shapes as SVG
   elements, and which comments' drawings show at a frame. No DOM here (overlay.js draws). */

export const TOOLS = { arrow: 2, rect: 2, ellipse: 2, pen: null, text: 1 }; // points each takes
export const MAX_SHAPES = 50;
export const MAX_PEN_POINTS = 1000;
export const MAX_TEXT = 200;
const MIN_SIZE = 0.005; // a click without a drag draws nothing
const PEN_STEP = 0.002; // pen points closer than this to the last one are dropped

/* Where a picture of ``mediaW`` x ``mediaH`` shows inside a box of ``boxW`` x ``boxH`` with
   object-fit: contain — centred, scaled to fit, bars on two sides: {x, y, width, height} relative
   to the box. Without the picture's size yet, the whole box. */
export function contentRect(boxW, boxH, mediaW, mediaH) {
  if (!(boxW > 0 && boxH > 0)) return { x: 0, y: 0, width: 0, height: 0 };
  if (!(mediaW > 0 && mediaH > 0)) return { x: 0, y: 0, width: boxW, height: boxH };
  const scale = Math.min(boxW / mediaW, boxH / mediaH);
  const width = mediaW * scale;
  const height = mediaH * scale;
  return { x: (boxW - width) / 2, y: (boxH - height) / 2, width, height };
}

const clamp01 = (v) => Math.max(0, Math.min(1, v));
export const round4 = (v) => Math.round(v * 10000) / 10000;

/* A pointer at (clientX, clientY) as [x, y] of the picture whose on-screen box is ``rect``
   ({left, top, width, height}), clamped to the picture. */
export function toUnit(clientX, clientY, rect) {
  return [round4(clamp01((clientX - rect.left) / rect.width)), round4(clamp01((clientY - rect.top) / rect.height))];
}

/* [x, y] of the picture as pixels of a box ``width`` x ``height``. */
export function toPixels([x, y], width, height) {
  return [x * width, y * height];
}

/* Add a pen point unless it is too close to the last one. */
export function addPenPoint(points, point) {
  const last = points[points.length - 1];
  if (last && Math.hypot(point[0] - last[0], point[1] - last[1]) < PEN_STEP) return points;
  return [...points, point];
}

/* At most ``max`` points: every other one dropped until it fits, the last always kept. */
export function thinPoints(points, max = MAX_PEN_POINTS) {
  let out = points;
  while (out.length > max) {
    const last = out[out.length - 1];
    out = out.filter((_, i) => i % 2 === 0);
    if (out[out.length - 1] !== last) out.push(last);
  }
  return out;
}

/* The shape as drawing.py stores it, or null when it is too small or not a shape at all. */
export function finishShape(shape) {
  if (!shape || !(shape.tool in TOOLS)) return null;
  const points = (shape.tool === "pen" ? thinPoints(shape.points) : shape.points).map(([x, y]) => [
    round4(clamp01(x)),
    round4(clamp01(y)),
  ]);
  const wanted = TOOLS[shape.tool];
  if (wanted !== null && points.length !== wanted) return null;
  if (wanted === null && points.length < 2) return null;
  if (shape.tool === "text") {
    const text = String(shape.text || "").trim().slice(0, MAX_TEXT);
    return text ? { tool: "text", color: shape.color, points, text } : null;
  }
  const xs = points.map((p) => p[0]);
  const ys = points.map((p) => p[1]);
  if (Math.max(...xs) - Math.min(...xs) < MIN_SIZE && Math.max(...ys) - Math.min(...ys) < MIN_SIZE) return null;
  return { tool: shape.tool, color: shape.color, points };
}

/* The form's hidden field: the shapes as JSON, or "" for none. */
export function serialize(shapes) {
  return shapes.length ? JSON.stringify(shapes.slice(0, MAX_SHAPES)) : "";
}

/* Shapes from the form's field (a drawing the server sent back with an error), or []. */
export function parseDrawing(text) {
  try {
    const value = JSON.parse(text || "[]");
    return Array.isArray(value) ? value.map(finishShape).filter(Boolean) : [];
  } catch {
    return [];
  }
}

/* Stroke width in pixels for a picture ``height`` pixels tall: the same share of the picture at
   every size of the player. */
export function strokeWidth(height) {
  return Math.max(2.5, Math.round(height * 0.0075 * 10) / 10);
}

const fmt = (v) => String(Math.round(v * 10) / 10);

/* The SVG elements of a shape on a picture of ``width`` x ``height`` pixels: a list of
   {tag, attrs, text?}. Arrows are a line and a filled head at the second point. */
export function shapeElements(shape, width, height) {
  const stroke = strokeWidth(height);
  const px = shape.points.map((p) => toPixels(p, width, height));
  const line = { fill: "none", stroke: shape.color, "stroke-width": fmt(stroke), "stroke-linecap": "round", "stroke-linejoin": "round" };
  if (shape.tool === "arrow") {
    const [[x1, y1], [x2, y2]] = px;
    const angle = Math.atan2(y2 - y1, x2 - x1);
    const head = Math.max(12, stroke * 4.5);
    const back = (a) => [x2 - head * Math.cos(angle + a), y2 - head * Math.sin(angle + a)];
    const [lx, ly] = back(Math.PI / 7);
    const [rx, ry] = back(-Math.PI / 7);
    // The shaft stops inside the head, so its round cap never shows past the point.
    const stop = Math.min(head * 0.6, Math.hypot(x2 - x1, y2 - y1));
    const sx = x2 - stop * Math.cos(angle);
    const sy = y2 - stop * Math.sin(angle);
    return [
      { tag: "line", attrs: { ...line, x1: fmt(x1), y1: fmt(y1), x2: fmt(sx), y2: fmt(sy) } },
      {
        tag: "polygon",
        attrs: { fill: shape.color, stroke: shape.color, "stroke-width": fmt(stroke / 2), "stroke-linejoin": "round", points: [[x2, y2], [lx, ly], [rx, ry]].map((p) => p.map(fmt).join(",")).join(" ") },
      },
    ];
  }
  if (shape.tool === "rect" || shape.tool === "ellipse") {
    const [[x1, y1], [x2, y2]] = px;
    const [x, y, w, h] = [Math.min(x1, x2), Math.min(y1, y2), Math.abs(x2 - x1), Math.abs(y2 - y1)];
    if (shape.tool === "rect") return [{ tag: "rect", attrs: { ...line, x: fmt(x), y: fmt(y), width: fmt(w), height: fmt(h) } }];
    return [{ tag: "ellipse", attrs: { ...line, cx: fmt(x + w / 2), cy: fmt(y + h / 2), rx: fmt(w / 2), ry: fmt(h / 2) } }];
  }
  if (shape.tool === "pen") {
    const d = px.map(([x, y], i) => `${i ? "L" : "M"}${fmt(x)} ${fmt(y)}`).join(" ");
    return [{ tag: "path", attrs: { ...line, d } }];
  }
  if (shape.tool === "text") {
    const [[x, y]] = px;
    const size = Math.max(12, Math.round(height * 0.045));
    // A dark outline under the letters keeps them readable on any picture.
    const outline = shape.color === "#111827" ? "#ffffff" : "#111827";
    return [
      {
        tag: "text",
        attrs: { x: fmt(x), y: fmt(y), fill: shape.color, stroke: outline, "stroke-width": fmt(size / 8), "paint-order": "stroke", "font-size": String(size), "font-weight": "600", "dominant-baseline": "hanging" },
        text: shape.text,
      },
    ];
  }
  return [];
}

/* The comments whose drawings show at ``frame``. Paused (``running`` false): the comments at
   exactly that frame. Playing: a range comment over its frames, a comment at one frame for
   ``holdFrames`` frames from it (about a second), so a drawing is seen at all. */
export function drawingsAt(comments, frame, { running = false, holdFrames = 25 } = {}) {
  if (frame == null) return [];
  return comments.filter((c) => {
    if (!c.drawing || !c.drawing.length) return false;
    if (!running) return c.frame === frame;
    const last = c.end_frame != null ? c.end_frame : c.frame + Math.max(1, holdFrames) - 1;
    return frame >= c.frame && frame <= last;
  });
}
