// The player's pure pieces: keys, J/K/L shuttle, in and out points. Run by `make test`.
import assert from "node:assert/strict";
import { test } from "node:test";

import { isCommentRange, loopBounds, markIn, markOut, NO_RANGE } from "../../static/js/player/range.js";
import { actionFor, isTyping, SHORTCUTS } from "../../static/js/player/shortcuts.js";
import { framesBack, MAX_SPEED, shuttle, STOPPED } from "../../static/js/player/shuttle.js";

const element = (tagName, { editable = false, inside = null } = {}) => ({
  tagName,
  isContentEditable: editable,
  closest: (selector) => (inside && selector.split(",").some((s) => s.trim().startsWith(inside.toLowerCase())) ? {} : null),
});
const press = (key, extra = {}) => actionFor({ key, target: element("DIV"), ...extra });

test("each key of the list does its action", () => {
  assert.equal(press(" "), "toggle");
  assert.equal(press("k"), "toggle");
  assert.equal(press("K"), "toggle"); // caps lock on
  assert.equal(press("ArrowLeft"), "back");
  assert.equal(press(","), "back");
  assert.equal(press("ArrowRight"), "forward");
  assert.equal(press("."), "forward");
  assert.equal(press("ArrowLeft", { shiftKey: true }), "secondBack");
  assert.equal(press("ArrowRight", { shiftKey: true }), "secondForward");
  assert.equal(press("l"), "shuttleForward");
  assert.equal(press("j"), "shuttleBack");
  assert.equal(press("i"), "markIn");
  assert.equal(press("o"), "markOut");
  assert.equal(press("\\"), "loop");
  assert.equal(press("f"), "fullscreen");
  assert.equal(press("m"), "mute");
  assert.equal(press("?", { shiftKey: true }), "shortcuts");
  assert.equal(press("Home"), "first");
  assert.equal(press("End"), "last");
  assert.equal(press("q"), null);
  // Every action the keys do is in the list people read.
  const listed = new Set(SHORTCUTS.map((s) => s.action));
  for (const key of [" ", "ArrowLeft", "ArrowRight", "l", "j", "i", "o", "\\", "f", "m", "?"]) {
    assert.ok(listed.has(press(key)), key);
  }
});

test("no key is the player's while typing, with a modifier, or on a button it presses", () => {
  for (const tag of ["INPUT", "TEXTAREA", "SELECT"]) {
    assert.equal(actionFor({ key: "k", target: element(tag) }), null, tag);
    assert.equal(actionFor({ key: " ", target: element(tag) }), null, tag);
  }
  assert.equal(actionFor({ key: "i", target: element("DIV", { editable: true }) }), null);
  assert.ok(isTyping(element("TEXTAREA")));
  assert.ok(!isTyping(element("BUTTON")));
  assert.equal(press("f", { ctrlKey: true }), null); // the browser's find
  assert.equal(press("l", { metaKey: true }), null); // the address bar
  assert.equal(press("ArrowLeft", { altKey: true }), null); // history back
  assert.equal(actionFor({ key: " ", target: element("BUTTON", { inside: "button" }) }), null);
  assert.equal(actionFor({ key: "Enter", target: element("A", { inside: "a[href]" }) }), null);
  assert.equal(actionFor({ key: "k", target: element("BUTTON", { inside: "button" }) }), "toggle");
});

test("J/K/L: the same way again doubles up to the top speed, the other way starts at 1×, K stops", () => {
  let s = shuttle(STOPPED, "l");
  assert.deepEqual(s, { direction: 1, speed: 1 });
  s = shuttle(s, "l");
  assert.deepEqual(s, { direction: 1, speed: 2 });
  s = shuttle(s, "l");
  assert.deepEqual(s, { direction: 1, speed: MAX_SPEED });
  s = shuttle(s, "j");
  assert.deepEqual(s, { direction: -1, speed: 1 });
  s = shuttle(s, "j");
  assert.deepEqual(s, { direction: -1, speed: 2 });
  assert.deepEqual(shuttle(s, "k"), STOPPED);
  assert.deepEqual(shuttle(null, "j"), { direction: -1, speed: 1 });
  assert.deepEqual(shuttle(s, "x"), s);
});

test("backwards at 1× steps back as many frames as play in that time", () => {
  assert.equal(framesBack(1, 1, 25, 1), 25);
  assert.equal(framesBack(1, 2, 25, 1), 50);
  assert.equal(framesBack(0.5, 1, 30000, 1001), 14);
  assert.equal(framesBack(-1, 1, 25, 1), 0);
});

test("in and out points: never crossed, a comment range needs two frames", () => {
  let r = markIn(NO_RANGE, 10);
  assert.deepEqual(r, { in: 10, out: null });
  assert.ok(!isCommentRange(r));
  r = markOut(r, 40);
  assert.deepEqual(r, { in: 10, out: 40 });
  assert.ok(isCommentRange(r));
  assert.deepEqual(markIn(r, 50), { in: 50, out: null }); // past the out: the out goes
  assert.deepEqual(markOut(r, 5), { in: null, out: 5 }); // before the in: the in goes
  assert.deepEqual(markIn(r, 40), { in: 40, out: 40 });
  assert.ok(!isCommentRange({ in: 40, out: 40 }));
  assert.deepEqual(loopBounds(r, 99), { start: 10, end: 40 });
  assert.deepEqual(loopBounds({ in: 10, out: null }, 99), { start: 10, end: 99 });
  assert.deepEqual(loopBounds(NO_RANGE, 99), { start: 0, end: 99 });
});
