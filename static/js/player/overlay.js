/* The drawing layer over a player's picture: an SVG laid exactly over the picture's displayed
   box (the video is letterboxed with object-fit: contain, so the box is computed, not the
   element's), redrawn when the player changes size (resize, full screen, a phone turning). It
   shows comments' drawings ("saved") and the drawing being made ("pending"), and, with a tool
   chosen, turns pointer drags (mouse, pen or touch) into shapes in 0 to 1 coordinates of the
   picture (drawing.js). The page decides what to show when (review.js). */

import { addPenPoint, contentRect, finishShape, MAX_TEXT, shapeElements, toUnit } from "./drawing.js";

const SVG = "http://www.w3.org/2000/svg";

function svgElement(tag, attrs = {}) {
  const el = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attrs)) el.setAttribute(name, value);
  return el;
}

export class DrawingOverlay {
  /* ``onShape(shape)`` is called with each finished shape. */
  constructor(player, { onShape }) {
    this.player = player;
    this.media = player.media;
    this.stage = player.root.querySelector("[data-stage]");
    this.onShape = onShape;
    this.tool = null;
    this.color = "#ef4444";
    this.saved = []; // [{id, drawing}]
    this.pending = [];
    this.live = null; // the shape under the pointer
    this.rect = { x: 0, y: 0, width: 0, height: 0 };
    this.svg = svgElement("svg", { class: "draw-layer", "data-draw-layer": "", "aria-hidden": "true" });
    this.groups = {
      saved: svgElement("g", { "data-draw-saved": "" }),
      pending: svgElement("g", { "data-draw-pending": "" }),
      live: svgElement("g", { "data-draw-live": "" }),
    };
    this.svg.append(this.groups.saved, this.groups.pending, this.groups.live);
    this.stage.append(this.svg);
    this.bindPointer();
    const relayout = () => this.layout();
    if (window.ResizeObserver) new ResizeObserver(relayout).observe(this.stage);
    for (const name of ["loadedmetadata", "resize"]) this.media.addEventListener(name, relayout);
    document.addEventListener("fullscreenchange", relayout);
    window.addEventListener("resize", relayout);
    this.layout();
  }

  /* Lay the SVG over the picture's box inside the stage, and draw everything at that size. */
  layout() {
    const box = { width: this.stage.clientWidth, height: this.stage.clientHeight };
    this.rect = contentRect(box.width, box.height, this.media.videoWidth, this.media.videoHeight);
    const { x, y, width, height } = this.rect;
    Object.assign(this.svg.style, { left: `${x}px`, top: `${y}px`, width: `${width}px`, height: `${height}px` });
    this.svg.setAttribute("viewBox", `0 0 ${Math.max(1, width)} ${Math.max(1, height)}`);
    this.svg.setAttribute("data-picture-box", [x, y, width, height].map((v) => Math.round(v * 10) / 10).join(" "));
    this.render();
  }

  drawShapes(group, shapes, attrs = {}) {
    const g = svgElement("g", attrs);
    for (const shape of shapes) {
      const shapeGroup = svgElement("g", { "data-shape": shape.tool });
      for (const { tag, attrs: a, text } of shapeElements(shape, this.rect.width, this.rect.height)) {
        const el = svgElement(tag, a);
        if (text != null) el.textContent = text;
        shapeGroup.append(el);
      }
      g.append(shapeGroup);
    }
    group.append(g);
  }

  render() {
    for (const group of Object.values(this.groups)) group.replaceChildren();
    for (const comment of this.saved) {
      this.drawShapes(this.groups.saved, comment.drawing, { class: "is-saved", "data-comment-drawing": comment.id });
    }
    this.drawShapes(this.groups.pending, this.pending);
    if (this.live) this.drawShapes(this.groups.live, [this.live]);
    // Nothing else sits on a drawing (the big play button gives way).
    this.stage.classList.toggle("has-drawing", !!(this.saved.length || this.pending.length || this.live));
  }

  /* The comments whose drawings show now: [{id, drawing}]. Redrawn only when they change. */
  showSaved(comments) {
    const ids = comments.map((c) => c.id).join(" ");
    if (ids === this.savedIds) return;
    this.savedIds = ids;
    this.saved = comments;
    this.render();
  }

  showPending(shapes) {
    this.pending = shapes;
    this.render();
  }

  setTool(tool, color) {
    this.tool = tool;
    if (color) this.color = color;
    this.svg.classList.toggle("is-drawing", !!tool);
    this.stage.classList.toggle("is-drawing", !!tool); // a click beside the picture does not play
    if (!tool) this.cancelText();
  }

  /* ---- Pointer input ---- */

  pointAt(event) {
    return toUnit(event.clientX, event.clientY, this.svg.getBoundingClientRect());
  }

  bindPointer() {
    const { svg } = this;
    svg.addEventListener("pointerdown", (event) => {
      if (!this.tool || event.button > 0) return;
      event.preventDefault();
      event.stopPropagation();
      const point = this.pointAt(event);
      if (this.tool === "text") return; // on click, once the press has moved the focus
      svg.setPointerCapture(event.pointerId);
      this.live = { tool: this.tool, color: this.color, points: this.tool === "pen" ? [point] : [point, point] };
      this.render();
    });
    svg.addEventListener("pointermove", (event) => {
      if (!this.live) return;
      const point = this.pointAt(event);
      if (this.live.tool === "pen") this.live.points = addPenPoint(this.live.points, point);
      else this.live.points = [this.live.points[0], point];
      this.render();
    });
    const finish = (event) => {
      if (!this.live) return;
      if (svg.hasPointerCapture(event.pointerId)) svg.releasePointerCapture(event.pointerId);
      const shape = finishShape(this.live);
      this.live = null;
      this.render();
      if (shape) this.onShape(shape);
    };
    svg.addEventListener("pointerup", finish);
    svg.addEventListener("pointercancel", finish);
    svg.addEventListener("click", (event) => {
      event.stopPropagation();
      if (this.tool === "text") this.askText(this.pointAt(event));
    });
  }

  /* The text tool: a small field where the picture was clicked; Enter places the text. */
  askText(point) {
    this.cancelText();
    const input = document.createElement("input");
    input.type = "text";
    input.className = "draw-text";
    input.maxLength = MAX_TEXT;
    input.setAttribute("aria-label", "Text to place on the picture");
    input.setAttribute("data-draw-text", "");
    input.placeholder = "Type, then Enter";
    const left = this.rect.x + point[0] * this.rect.width;
    const top = this.rect.y + point[1] * this.rect.height;
    Object.assign(input.style, { left: `${Math.min(left, this.stage.clientWidth - 140)}px`, top: `${Math.min(top, this.stage.clientHeight - 32)}px` });
    const place = () => {
      if (!input.isConnected) return;
      const shape = finishShape({ tool: "text", color: this.color, points: [point], text: input.value });
      input.remove();
      if (shape) this.onShape(shape);
    };
    input.addEventListener("keydown", (event) => {
      if (event.key === "Enter") {
        event.preventDefault();
        place();
      } else if (event.key === "Escape") {
        event.preventDefault();
        input.remove();
      }
    });
    input.addEventListener("blur", place);
    this.textInput = input;
    this.stage.append(input);
    input.focus();
  }

  cancelText() {
    if (this.textInput && this.textInput.isConnected) this.textInput.remove();
    this.textInput = null;
  }
}
