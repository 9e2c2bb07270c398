// Rows of a table dragged to a new place within their group (a <tbody>): the shot list (a shot
// within its scene) and a shoot day's schedule use it. The new order — every row, group after
// group — is posted whole as JSON to the table's `data-reorder-url`; if it is refused (or the
// network fails) the rows go back as they were and the status line says why. Without the script
// each row's up/down buttons do the same. The order arithmetic is ./storyboard/order.js (tested
// under node).
import { moveNextTo, sameOrder } from "./storyboard/order.js";

/**
 * Make `table`'s rows draggable.
 * options: rowSelector (the rows, "tr[data-shot-id]"), groupSelector (":scope > tbody"),
 * idOf (a row's id, its data-shot-id), csrfToken(), say(text, isError), restored (what the status
 * says after a refusal), onSaved(body, order) (after an accepted save, with the server's answer).
 */
export function sortableRows(table, options = {}) {
  const rowSelector = options.rowSelector || "tr[data-shot-id]";
  const groupSelector = options.groupSelector || ":scope > tbody";
  const idOf = options.idOf || ((row) => row.dataset.shotId);
  const say = options.say || (() => {});
  const restored = options.restored || "The list is back as it was.";
  const csrfToken = options.csrfToken || (() => "");

  const groups = () => Array.from(table.querySelectorAll(groupSelector));
  const rows = (group) => Array.from(group.querySelectorAll(`:scope > ${rowSelector}`));
  const allRows = () => groups().flatMap(rows);
  const currentOrder = () => allRows().map(idOf);

  function layOut(order) {
    const position = new Map(order.map((id, index) => [id, index]));
    groups().forEach((group) => {
      const mine = rows(group).sort((a, b) => position.get(idOf(a)) - position.get(idOf(b)));
      mine.forEach((row, index) => {
        group.appendChild(row);
        const up = row.querySelector("button[name=direction][value=up]");
        const down = row.querySelector("button[name=direction][value=down]");
        if (up) up.disabled = index === 0;
        if (down) down.disabled = index === mine.length - 1;
      });
    });
  }

  function clearMarks() {
    allRows().forEach((row) => row.classList.remove("is-drop-before", "is-drop-after", "is-dragging"));
  }

  function dropsAfter(row, y) {
    const box = row.getBoundingClientRect();
    return y > box.top + box.height / 2;
  }

  async function save(order, before) {
    table.setAttribute("aria-busy", "true");
    try {
      const response = await fetch(table.dataset.reorderUrl, {
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
      table.removeAttribute("aria-busy");
    }
  }

  let dragged = null;

  // A row moves within its group only.
  function target(event) {
    const row = event.target.closest(rowSelector);
    if (!dragged || !row || idOf(row) === idOf(dragged)) return null;
    return row.parentElement === dragged.parentElement ? row : null;
  }

  table.addEventListener("dragstart", (event) => {
    const row = event.target.closest(rowSelector);
    if (!row) return;
    dragged = row;
    row.classList.add("is-dragging");
    event.dataTransfer.effectAllowed = "move";
    event.dataTransfer.setData("text/plain", idOf(row));
  });

  table.addEventListener("dragover", (event) => {
    const row = target(event);
    if (!row) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = "move";
    allRows().forEach((r) => r.classList.remove("is-drop-before", "is-drop-after"));
    row.classList.add(dropsAfter(row, event.clientY) ? "is-drop-after" : "is-drop-before");
  });

  table.addEventListener("drop", (event) => {
    const row = target(event);
    if (!row) return;
    event.preventDefault();
    const before = currentOrder();
    const order = moveNextTo(before, idOf(dragged), idOf(row), dropsAfter(row, event.clientY));
    clearMarks();
    dragged = null;
    if (sameOrder(before, order)) return;
    layOut(order);
    save(order, before);
  });

  table.addEventListener("dragend", () => {
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
