// The board's order as a list of frame ids: where a dragged frame lands. No DOM here, so node's
// test runner checks it (tests/js/storyboard_order.test.mjs).

/**
 * The order after moving `moved` next to `target`: before it, or after it when `after` is true.
 * Unknown ids, or a frame dropped on itself, leave the order as it was (a new array either way).
 */
export function moveNextTo(order, moved, target, after) {
  if (moved === target || !order.includes(moved) || !order.includes(target)) return order.slice();
  const rest = order.filter((id) => id !== moved);
  const at = rest.indexOf(target) + (after ? 1 : 0);
  rest.splice(at, 0, moved);
  return rest;
}

/** Whether a pointer at `x`, `y` over a card's box drops after it (its right half; the lower half
 *  when the board is one column wide). */
export function dropsAfter(box, x, y, oneColumn) {
  if (oneColumn) return y > box.top + box.height / 2;
  return x > box.left + box.width / 2;
}

export function sameOrder(a, b) {
  return a.length === b.length && a.every((id, i) => id === b[i]);
}
