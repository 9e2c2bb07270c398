import assert from "node:assert/strict";
import { test } from "node:test";

import { dropsAfter, moveNextTo, sameOrder } from "../../static/js/storyboard/order.js";

test("a frame dropped before another lands in its place", () => {
  assert.deepEqual(moveNextTo(["a", "b", "c", "d"], "d", "b", false), ["a", "d", "b", "c"]);
});

test("a frame dropped after another lands behind it", () => {
  assert.deepEqual(moveNextTo(["a", "b", "c", "d"], "a", "c", true), ["b", "c", "a", "d"]);
  assert.deepEqual(moveNextTo(["a", "b", "c"], "a", "c", true), ["b", "c", "a"]);
});

test("dropping on itself or an unknown frame changes nothing", () => {
  const order = ["a", "b", "c"];
  assert.deepEqual(moveNextTo(order, "b", "b", true), order);
  assert.deepEqual(moveNextTo(order, "x", "b", true), order);
  assert.deepEqual(moveNextTo(order, "a", "x", true), order);
  assert.notEqual(moveNextTo(order, "a", "x", true), order); // a copy, never the same array
});

test("the right half of a card (lower half in one column) drops after it", () => {
  const box = { left: 100, top: 50, width: 200, height: 100 };
  assert.equal(dropsAfter(box, 250, 60, false), true);
  assert.equal(dropsAfter(box, 150, 140, false), false);
  assert.equal(dropsAfter(box, 250, 60, true), false);
  assert.equal(dropsAfter(box, 150, 140, true), true);
});

test("sameOrder compares ids in order", () => {
  assert.equal(sameOrder(["a", "b"], ["a", "b"]), true);
  assert.equal(sameOrder(["a", "b"], ["b", "a"]), false);
  assert.equal(sameOrder(["a"], ["a", "b"]), false);
});
