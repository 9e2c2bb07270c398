// The storyboard page: drag a frame to a new place. The new order is sent whole to the board's
// reorder endpoint; if it is refused (or the network fails) the board goes back as it was and
// says why. Without this script the up/down buttons on each frame do the same.
import { dropsAfter, moveNextTo, sameOrder } from "./storyboard/order.js";

const board = document.querySelector(".sboard[data-reorder-url]");
const status = document.querySelector("[data-reorder-status]");

function cards() {
  return Array.from(board.querySelectorAll(":scope > .sframe"));
}

function currentOrder() {
  return cards().map((card) => card.dataset.frameId);
}

function csrfToken() {
  const input = document.querySelector("input[name=csrfmiddlewaretoken]");
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
  const byId = new Map(cards().map((card) => [card.dataset.frameId, card]));
  order.forEach((id, index) => {
    const card = byId.get(id);
    board.appendChild(card);
    const number = card.querySelector(".sframe__num");
    if (number) number.textContent = String(index + 1);
    const up = card.querySelector("input[name=direction][value=up] ~ button");
    const down = card.querySelector("input[name=direction][value=down] ~ button");
    if (up) up.disabled = index === 0;
    if (down) down.disabled = index === order.length - 1;
  });
}

function clearMarks() {
  cards().forEach((card) => card.classList.remove("is-drop-before", "is-drop-after", "is-dragging"));
}

function oneColumn() {
  const list = cards();
  return list.length > 1 && list[0].getBoundingClientRect().left === list[1].getBoundingClientRect().left;
}

async function save(order, before) {
  board.setAttribute("aria-busy", "true");
  try {
    const response = await fetch(board.dataset.reorderUrl, {
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
    say(`${error.message || "The new order was not saved."} The board is back as it was.`, true);
  } finally {
    board.removeAttribute("aria-busy");
  }
}

if (board) {
  let dragged = null;

  board.addEventListener("dragstart", (event) => {
    const card = event.target.closest(".sframe");
    if (!card) return;
    dragged = card.dataset.frameId;
    card.classList.add("is-dragging");
    event.dataTransfer.effectAllowed = "move";
    event.dataTransfer.setData("text/plain", dragged);
  });

  board.addEventListener("dragover", (event) => {
    const card = event.target.closest(".sframe");
    if (!dragged || !card || card.dataset.frameId === dragged) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = "move";
    const after = dropsAfter(card.getBoundingClientRect(), event.clientX, event.clientY, oneColumn());
    cards().forEach((c) => c.classList.remove("is-drop-before", "is-drop-after"));
    card.classList.add(after ? "is-drop-after" : "is-drop-before");
  });

  board.addEventListener("drop", (event) => {
    const card = event.target.closest(".sframe");
    if (!dragged || !card) return;
    event.preventDefault();
    const after = dropsAfter(card.getBoundingClientRect(), event.clientX, event.clientY, oneColumn());
    const before = currentOrder();
    const order = moveNextTo(before, dragged, card.dataset.frameId, after);
    clearMarks();
    dragged = null;
    if (sameOrder(before, order)) return;
    layOut(order);
    save(order, before);
  });

  board.addEventListener("dragend", () => {
    clearMarks();
    dragged = null;
  });
}
