// Drag to reorder, shared by the storyboard (frame cards), the shot list (a shot within its
// scene) and a shoot day's schedule (its shots). Items move within their group only (a scene's
// <tbody>; the board is one group). The new order — every item, group after group — is posted
// whole as JSON to the container's `data-reorder-url`; if it is refused (or the network fails)
// the items go back as they were and the status line says why. Without the script each item's
// up/down buttons do the same. The order arithmetic is ./storyboard/order.js (tested under node).
import { moveNextTo, sameOrder } from "./storyboard/order.js";

/** Whether a pointer at `y` over a row drops after it (its lower half). */
export function belowMiddle(item, event) {
  const box = item.getBoundingClientRect();
  return event.clientY > box.top + box.height / 2;
}

/**
 * Make `container`'s items draggable.
 * options:
 *  - itemSelector: the items, direct children of a group ("tr[data-shot-id]");
 *  - groups(): the groups, in order (default: the container's own <tbody>s);
 *  - idOf(item): an item's id (default: its data-shot-id);
 *  - dropsAfter(item, event): whether a drop on `item` lands after it (default: `belowMiddle`);
 *  - placed(item, index, count): after an item is laid out at `index` of its group's `count`
 *    (default: enables or disables its up/down buttons, `button[name=direction]`);
 *  - csrfToken(), say(text, isError), restored (what the status adds after a refusal);
 *  - onSaved(body, order): after an accepted save, with the server's answer.
 */
export function sortable(container, options = {}) {
  const itemSelector = options.itemSelector || "tr[data-shot-id]";
  const groups = options.groups || (() => Array.from(container.querySelectorAll(":scope > tbody")));
  const idOf = options.idOf || ((item) => item.dataset.shotId);
  const dropsAfter = options.dropsAfter || belowMiddle;
  const say = options.say || (() => {});
  const restored = options.restored || "The list is back as it was.";
  const csrfToken = options.csrfToken || (() => "");
  const placed =
    options.placed ||
    ((item, index, count) => {
      const up = item.querySelector("button[name=direction][value=up]");
      const down = item.querySelector("button[name=direction][value=down]");
      if (up) up.disabled = index === 0;
      if (down) down.disabled = index === count - 1;
    });

  const items = (group) => Array.from(group.querySelectorAll(`:scope > ${itemSelector}`));
  const allItems = () => groups().flatMap(items);
  const currentOrder = () => allItems().map(idOf);

  function layOut(order) {
    const position = new Map(order.map((id, index) => [id, index]));
    groups().forEach((group) => {
      const mine = items(group).sort((a, b) => position.get(idOf(a)) - position.get(idOf(b)));
      mine.forEach((item, index) => {
        group.appendChild(item);
        placed(item, index, mine.length);
      });
    });
  }

  function clearMarks() {
    allItems().forEach((item) => item.classList.remove("is-drop-before", "is-drop-after", "is-dragging"));
  }

  async function save(order, before) {
    container.setAttribute("aria-busy", "true");
    try {
      const response = await fetch(container.dataset.reorderUrl, {
        method: "POST",
        credentials: "same-origin",
        headers: { "Content-Type": "application/json", "X-CSRFToken": csrfToken(), Accept: "application/json" },
        body: JSON.stringify({ order }),
      });
      const body = await response.json().catch(() => ({}));
      if (!response.ok) {
        const errors = (body.errors && body.errors.order) || [body.detail || "The new order was not saved."];
        throw new Error(errors.join(" "));
      }
      say("Order saved.", false);
      if (options.onSaved) options.onSaved(body, order);
    } catch (error) {
      layOut(before);
      say(`${error.message || "The new order was not saved."} ${restored}`, true);
    } finally {
      container.removeAttribute("aria-busy");
    }
  }

  let dragged = null;

  // An item moves within its group only.
  function target(event) {
    const item = event.target.closest(itemSelector);
    if (!dragged || !item || idOf(item) === idOf(dragged)) return null;
    return item.parentElement === dragged.parentElement ? item : null;
  }

  container.addEventListener("dragstart", (event) => {
    const item = event.target.closest(itemSelector);
    if (!item) return;
    dragged = item;
    item.classList.add("is-dragging");
    event.dataTransfer.effectAllowed = "move";
    event.dataTransfer.setData("text/plain", idOf(item));
  });

  container.addEventListener("dragover", (event) => {
    const item = target(event);
    if (!item) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = "move";
    allItems().forEach((other) => other.classList.remove("is-drop-before", "is-drop-after"));
    item.classList.add(dropsAfter(item, event) ? "is-drop-after" : "is-drop-before");
  });

  container.addEventListener("drop", (event) => {
    const item = target(event);
    if (!item) return;
    event.preventDefault();
    const before = currentOrder();
    const order = moveNextTo(before, idOf(dragged), idOf(item), dropsAfter(item, event));
    clearMarks();
    dragged = null;
    if (sameOrder(before, order)) return;
    layOut(order);
    save(order, before);
  });

  container.addEventListener("dragend", () => {
    clearMarks();
    dragged = null;
  });
}

/** Say `text` in a status line: quietly (for screen readers) or, for an error, as an alert. */
export function statusLine(element) {
  return (text, isError) => {
    if (!element) return;
    element.textContent = text;
    element.classList.toggle("sr-only", !isError);
    element.classList.toggle("alert", Boolean(isError));
    element.classList.toggle("alert--danger", Boolean(isError));
  };
}
