// The shot list: drag a shot to a new place within its scene. The new order (every shot, scene
// group after scene group) is sent whole to the list's reorder endpoint; if it is refused (or the
// network fails) the list goes back as it was and says why. Without this script the up/down
// buttons on each shot do the same.
import { moveNextTo, sameOrder } from "./storyboard/order.js";

const table = document.querySelector(".sshots[data-reorder-url]");
const status = document.querySelector("[data-reorder-status]");

function groups() {
  return Array.from(table.querySelectorAll(":scope > tbody.sshots__group"));
}

function rows(group) {
  return Array.from(group.querySelectorAll(":scope > tr.sshot"));
}

function currentOrder() {
  return groups().flatMap((group) => rows(group).map((row) => row.dataset.shotId));
}

function csrfToken() {
  const input = document.querySelector("#shot-actions input[name=csrfmiddlewaretoken]");
  return input ? input.value : "";
}

function say(text, isError) {
  if (!status) return;
  status.textContent = text;
  status.classList.toggle("sr-only", !isError);
  status.classList.toggle("alert", Boolean(isError));
  status.classList.toggle("alert--danger", Boolean(isError));
}

function layOut(order) {
  const byId = new Map(groups().flatMap((group) => rows(group).map((row) => [row.dataset.shotId, row])));
  const position = new Map(order.map((id, index) => [id, index]));
  groups().forEach((group) => {
    const mine = rows(group).sort((a, b) => position.get(a.dataset.shotId) - position.get(b.dataset.shotId));
    mine.forEach((row, index) => {
      group.appendChild(byId.get(row.dataset.shotId));
      const up = row.querySelector("button[name=direction][value=up]");
      const down = row.querySelector("button[name=direction][value=down]");
      if (up) up.disabled = index === 0;
      if (down) down.disabled = index === mine.length - 1;
    });
  });
}

function clearMarks() {
  table.querySelectorAll("tr.sshot").forEach((row) => row.classList.remove("is-drop-before", "is-drop-after", "is-dragging"));
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
  } catch (error) {
    layOut(before);
    say(`${error.message || "The new order was not saved."} The list is back as it was.`, true);
  } finally {
    table.removeAttribute("aria-busy");
  }
}

if (table) {
  let dragged = null;

  // A shot moves within its scene only: its scene is what groups it on the page.
  function target(event) {
    const row = event.target.closest("tr.sshot");
    if (!dragged || !row || row.dataset.shotId === dragged.dataset.shotId) return null;
    return row.parentElement === dragged.parentElement ? row : null;
  }

  table.addEventListener("dragstart", (event) => {
    const row = event.target.closest("tr.sshot");
    if (!row) return;
    dragged = row;
    row.classList.add("is-dragging");
    event.dataTransfer.effectAllowed = "move";
    event.dataTransfer.setData("text/plain", row.dataset.shotId);
  });

  table.addEventListener("dragover", (event) => {
    const row = target(event);
    if (!row) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = "move";
    table.querySelectorAll("tr.sshot").forEach((r) => r.classList.remove("is-drop-before", "is-drop-after"));
    row.classList.add(dropsAfter(row, event.clientY) ? "is-drop-after" : "is-drop-before");
  });

  table.addEventListener("drop", (event) => {
    const row = target(event);
    if (!row) return;
    event.preventDefault();
    const before = currentOrder();
    const order = moveNextTo(before, dragged.dataset.shotId, row.dataset.shotId, dropsAfter(row, event.clientY));
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
