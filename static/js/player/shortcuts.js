/* The player's keyboard: which key does what (one list, shown in the Shortcuts dialog), and
   whether a key press is the player's at all — never while someone types in a field, never with
   Ctrl, Cmd or Alt (the browser's own shortcuts). No DOM here beyond reading an event's target. */

export const SHORTCUTS = [
  { keys: ["Space", "K"], action: "toggle", label: "Play or pause" },
  { keys: ["←", ","], action: "back", label: "One frame back" },
  { keys: ["→", "."], action: "forward", label: "One frame forward" },
  { keys: ["Shift ←", "Shift →"], action: null, label: "One second back or forward" },
  { keys: ["L"], action: "shuttleForward", label: "Play forward; again for 2×" },
  { keys: ["J"], action: "shuttleBack", label: "Play backwards by stepping back frame by frame (no sound); again for 2×" },
  { keys: ["I"], action: "markIn", label: "Set the in point at this frame" },
  { keys: ["O"], action: "markOut", label: "Set the out point at this frame" },
  { keys: ["\\"], action: "loop", label: "Loop between in and out, on or off" },
  { keys: ["Home", "End"], action: null, label: "First or last frame" },
  { keys: ["M"], action: "mute", label: "Sound off or on" },
  { keys: ["F"], action: "fullscreen", label: "Full screen, on or off" },
  { keys: ["?"], action: "shortcuts", label: "This list" },
];

const KEYS = {
  " ": "toggle",
  k: "toggle",
  arrowleft: "back",
  ",": "back",
  arrowright: "forward",
  ".": "forward",
  l: "shuttleForward",
  j: "shuttleBack",
  i: "markIn",
  o: "markOut",
  "\\": "loop",
  home: "first",
  end: "last",
  m: "mute",
  f: "fullscreen",
  "?": "shortcuts",
};

const TYPING = new Set(["INPUT", "TEXTAREA", "SELECT"]);

/* True when ``target`` takes typing (a field, a select, an editable element). */
export function isTyping(target) {
  if (!target) return false;
  if (TYPING.has(target.tagName) || target.isContentEditable) return true;
  return !!(target.closest && target.closest("[contenteditable=''], [contenteditable=true]"));
}

/* The player's action for a keydown ``event`` ({key, shiftKey, ctrlKey, metaKey, altKey, target}),
   or null when the key is not the player's: typing in a field, a browser shortcut, Space or Enter
   on a button or link (they press it), or a key the player does not use. */
export function actionFor(event) {
  if (event.ctrlKey || event.metaKey || event.altKey || isTyping(event.target)) return null;
  const key = (event.key || "").toLowerCase();
  const pressable = event.target && event.target.closest && event.target.closest("button, a[href], summary");
  if (pressable && (key === " " || key === "enter")) return null;
  const action = KEYS[key] || null;
  if (event.shiftKey && action === "back") return key === "arrowleft" ? "secondBack" : null;
  if (event.shiftKey && action === "forward") return key === "arrowright" ? "secondForward" : null;
  return action;
}
