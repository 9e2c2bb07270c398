/* The review page: the comment form follows the frame on screen (the player's "reelflow:frame"
   events), so a comment is pinned to exactly the frame the reviewer paused on; with in and out
   points marked (I, O) it takes them as its range (frame, end_frame). The drawing tools draw on
   the paused frame over the picture into the form's ``drawing`` field (review/drawing.py's
   shapes), and the comments' drawings show on their frames.

   An unsaved drawing is pinned to the frame it was drawn on: playing hides it but keeps it, the
   comment stays at that frame, and it shows again there (nothing drawn is lost by pressing play);
   "Clear" removes it. While a range is marked, drawings go on its first frame (the frame the
   comment is at). */

import { drawingsAt, MAX_SHAPES, parseDrawing, serialize } from "./player/drawing.js";
import { DrawingOverlay } from "./player/overlay.js";
import { isCommentRange } from "./player/range.js";

const form = document.querySelector("[data-comment-form]");
const root = document.querySelector("[data-player]");
const player = root && root.reelflowPlayer;

if (form && player) {
  const $ = (selector) => form.querySelector(selector);
  const frameInput = $("[data-comment-frame]");
  const endInput = $("[data-comment-end]");
  const drawingInput = $("[data-comment-drawing]");
  const label = document.querySelector("[data-comment-at]");
  const labelOn = document.querySelector("[data-comment-on]");
  const scope = document.querySelector("[data-comment-scope]");
  const bar = root.querySelector("[data-drawbar]");
  const status = bar && bar.querySelector("[data-draw-status]");
  let comments = [];
  const takeComments = (all) => (comments = all.filter((c) => c.drawing && c.drawing.length));
  takeComments(player.comments || []);
  root.addEventListener("reelflow:comments", (event) => {
    takeComments(event.detail.comments);
    showDrawings();
  });
  const holdFrames = player.hasRate ? Math.max(1, Math.round(player.fpsNum / player.fpsDen)) : 25;

  const state = {
    frame: null, // on screen
    range: { in: null, out: null },
    shapes: [], // the unsaved drawing
    drawnAt: null, // its frame
    tool: null,
    color: bar ? bar.querySelector("[data-color]")?.dataset.color : "#ef4444",
  };

  const overlay = player.hasRate && player.root.querySelector("[data-stage]") ? new DrawingOverlay(player, { onShape: addShape }) : null;
  if (overlay && state.color) overlay.color = state.color;
  player.extraShortcuts = [
    { keys: ["Esc"], label: "Put the drawing tool down" },
    { keys: ["Ctrl Z"], label: "Undo the last shape of your drawing" },
  ];

  /* The frame the comment is at: the range's first frame, else the drawing's, else the frame on screen. */
  function anchor() {
    if (isCommentRange(state.range)) return state.range.in;
    if (state.shapes.length) return state.drawnAt;
    return state.frame;
  }

  function sync() {
    const at = anchor();
    const ranged = isCommentRange(state.range);
    if (at != null) frameInput.value = String(at);
    if (endInput) endInput.value = ranged ? String(state.range.out) : "";
    if (drawingInput) drawingInput.value = serialize(state.shapes);
    if (label && at != null) label.textContent = ranged ? `${player.frameTimecode(at)}–${player.frameTimecode(state.range.out)}` : player.frameTimecode(at);
    if (labelOn) labelOn.textContent = ranged ? "Comment on" : "Comment at";
    if (scope) {
      scope.querySelectorAll("[data-scope-range]").forEach((el) => (el.hidden = !ranged));
      const drawingBadge = scope.querySelector("[data-scope-drawing]");
      const n = state.shapes.length;
      drawingBadge.hidden = !n;
      drawingBadge.textContent = `Drawing: ${n} shape${n === 1 ? "" : "s"}`;
      const away = n > 0 && (state.frame !== state.drawnAt || player.running);
      scope.querySelector("[data-scope-goto]").hidden = !away;
      scope.hidden = !ranged && !n;
    }
    showDrawings();
    syncBar();
  }

  function showDrawings() {
    if (!overlay) return;
    const running = player.running;
    overlay.showSaved(drawingsAt(comments, state.frame, { running, holdFrames }));
    overlay.showPending(!running && state.frame === state.drawnAt ? state.shapes : []);
  }

  function syncBar() {
    if (!bar) return;
    const running = player.running;
    const full = state.shapes.length >= MAX_SHAPES;
    bar.querySelectorAll("[data-tool]").forEach((button) => {
      button.disabled = running || full || !overlay;
      button.setAttribute("aria-pressed", String(button.dataset.tool === state.tool));
    });
    bar.querySelectorAll("[data-color]").forEach((button) => button.setAttribute("aria-pressed", String(button.dataset.color === state.color)));
    bar.querySelector("[data-draw=undo]").disabled = !state.shapes.length;
    bar.querySelector("[data-draw=clear]").disabled = !state.shapes.length;
    if (!status) return;
    const n = state.shapes.length;
    const where = state.drawnAt != null ? player.frameTimecode(state.drawnAt) : "";
    if (running) status.textContent = n ? `Your drawing is kept at ${where}; pause to draw.` : "Pause to draw on a frame.";
    else if (full) status.textContent = `A drawing holds at most ${MAX_SHAPES} shapes.`;
    else if (n && state.frame !== state.drawnAt) status.textContent = `Your drawing is at ${where}; drawing takes you back there.`;
    else if (state.tool) status.textContent = state.tool === "text" ? "Click the picture where the text goes." : "Drag on the picture to draw.";
    else if (n) status.textContent = `${n} shape${n === 1 ? "" : "s"} at ${where}: saved with your comment.`;
    else status.textContent = "Pause, pick a tool, draw on the picture.";
  }

  function setTool(tool) {
    if (tool && player.running) return;
    state.tool = tool;
    if (tool) {
      const at = isCommentRange(state.range) ? state.range.in : state.shapes.length ? state.drawnAt : null;
      if (at != null && at !== state.frame) player.seekToFrame(at);
    }
    if (overlay) overlay.setTool(tool, state.color);
    syncBar();
  }

  function addShape(shape) {
    if (state.shapes.length >= MAX_SHAPES) return;
    if (!state.shapes.length) state.drawnAt = isCommentRange(state.range) ? state.range.in : state.frame;
    state.shapes = [...state.shapes, shape];
    sync();
  }

  function undo() {
    state.shapes = state.shapes.slice(0, -1);
    if (!state.shapes.length) state.drawnAt = null;
    sync();
  }

  function clearDrawing() {
    state.shapes = [];
    state.drawnAt = null;
    sync();
  }

  player.root.addEventListener("reelflow:frame", (event) => {
    state.frame = event.detail.frame;
    if (state.frame == null) return;
    sync();
  });
  player.root.addEventListener("reelflow:range", (event) => {
    state.range = { in: event.detail.in, out: event.detail.out };
    sync();
  });
  player.root.addEventListener("reelflow:state", () => {
    if (player.running && state.tool) setTool(null);
    sync();
  });

  if (bar) {
    bar.querySelectorAll("[data-tool]").forEach((button) =>
      button.addEventListener("click", () => setTool(state.tool === button.dataset.tool ? null : button.dataset.tool)),
    );
    bar.querySelectorAll("[data-color]").forEach((button) =>
      button.addEventListener("click", () => {
        state.color = button.dataset.color;
        if (overlay) overlay.setTool(state.tool, state.color);
        syncBar();
      }),
    );
    bar.querySelector("[data-draw=undo]").addEventListener("click", undo);
    bar.querySelector("[data-draw=clear]").addEventListener("click", clearDrawing);
  }
  if (scope) {
    scope.querySelector("[data-action=clear-range]").addEventListener("click", () => player.clearRange());
    scope.querySelector("[data-scope-goto]").addEventListener("click", () => {
      player.pause({ snap: false });
      player.seekToFrame(state.drawnAt);
    });
  }

  document.addEventListener("keydown", (event) => {
    const typing = event.target.closest && event.target.closest("input, textarea, select, [contenteditable]");
    if (event.key === "Escape" && state.tool && !typing) {
      setTool(null);
      event.preventDefault();
    } else if ((event.ctrlKey || event.metaKey) && !event.shiftKey && event.key.toLowerCase() === "z" && !typing && state.shapes.length) {
      undo();
      event.preventDefault();
    }
  });

  // A timecode chip selects its comment: the player lands on its frame (index.js), where its
  // drawing shows; the thread is marked as the one on screen.
  document.addEventListener("click", (event) => {
    const chip = event.target.closest(".thread [data-seek-frame]");
    if (!chip) return;
    document.querySelectorAll(".thread.is-selected").forEach((t) => t.classList.remove("is-selected"));
    chip.closest(".thread").classList.add("is-selected");
  });

  // The brief's checklist (loaded beside the player): "Mark here" marks the frame on screen. In
  // the capture phase, so the value is in place before htmx (or the browser) reads the form.
  document.addEventListener(
    "submit",
    (event) => {
      const markForm = event.target.closest("[data-mark-form]");
      const input = markForm && markForm.querySelector("[data-mark-frame]");
      const submitter = event.submitter;
      if (input && state.frame != null && (!submitter || submitter.value === "mark")) input.value = String(state.frame);
    },
    true,
  );

  // A form sent back with a problem keeps what was drawn and marked, at its frame.
  const restored = parseDrawing(drawingInput && drawingInput.value);
  const postedFrame = parseInt(frameInput.value, 10);
  const postedEnd = endInput ? parseInt(endInput.value, 10) : NaN;
  if (Number.isInteger(postedEnd) && Number.isInteger(postedFrame) && postedEnd > postedFrame) {
    player.setRange({ in: postedFrame, out: postedEnd });
  }
  if (restored.length && Number.isInteger(postedFrame)) {
    state.shapes = restored;
    state.drawnAt = postedFrame;
  }
  if ((restored.length || state.range.in != null) && postedFrame > 0) {
    const go = () => player.seekToFrame(postedFrame);
    if (player.duration()) go();
    else player.media.addEventListener("loadedmetadata", go, { once: true });
  }
  sync();
}

/* Back on the page after posting, replying, editing or resolving (the address names the comment,
   #comment-<id>): land on that comment's frame, not on the first, so the next comment is not
   pinned to 00:00:00:00 by surprise. Waits until the picture can play, when the player knows
   where its first frame sits. */
if (player && player.hasRate && location.hash.startsWith("#comment-")) {
  const named = document.getElementById(location.hash.slice(1));
  const thread = named && named.closest(".thread");
  const chip = thread && thread.querySelector("[data-seek-frame]");
  const frame = chip ? parseInt(chip.dataset.seekFrame, 10) : NaN;
  if (Number.isInteger(frame) && frame > 0) {
    thread.classList.add("is-selected");
    let touched = false; // once a person acts, the page leaves the player alone
    for (const type of ["keydown", "pointerdown"]) {
      document.addEventListener(type, () => (touched = true), { once: true, capture: true });
    }
    const go = () => {
      if (!touched && player.media.paused) player.seekToFrame(frame);
    };
    if (player.media.readyState >= 3) go();
    else player.media.addEventListener("canplay", go, { once: true });
    // Where the first frame sits may be learnt after that (hls.js's first segment, or the
    // browser's first presented frame): land again, so it is exactly this frame.
    const settle = new MutationObserver(go);
    settle.observe(player.root, { attributes: true, attributeFilter: ["data-video-start"] });
    setTimeout(() => settle.disconnect(), 10_000);
  }
}
