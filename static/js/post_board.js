/* The post board: drag a task card to another column to move it (the card's buttons do the same
   without a mouse or without JavaScript). The move is posted as the buttons post it, asking for
   JSON; the server may refuse (the task waits on another one) and then the card stays where it
   was and the refusal is shown under the board. */

const board = document.querySelector("[data-post-board][data-movable]");
const status = document.querySelector("[data-board-status]");

function csrfToken(card) {
  const input = card.querySelector("input[name=csrfmiddlewaretoken]");
  return input ? input.value : "";
}

function recount() {
  board.querySelectorAll(".board__col").forEach((col) => {
    const cards = col.querySelectorAll(".tcard").length;
    col.querySelector("[data-count]").textContent = String(cards);
    let empty = col.querySelector("[data-empty]");
    if (!cards && !empty) {
      empty = document.createElement("p");
      empty.className = "board__empty";
      empty.dataset.empty = "";
      empty.textContent = "Nothing here";
      col.querySelector("[data-drop]").appendChild(empty);
    } else if (cards && empty) {
      empty.remove();
    }
  });
}

/* The board as the server now has it (what is overdue, what still waits, the counts), swapped
   in after a move so no card shows a state from before it. */
async function refresh() {
  const response = await fetch(location.href, { credentials: "same-origin", headers: { Accept: "text/html" } });
  if (!response.ok) return;
  const fresh = new DOMParser().parseFromString(await response.text(), "text/html");
  const freshBoard = fresh.querySelector("[data-post-board]");
  const sub = document.querySelector(".pagehead__sub");
  const freshSub = fresh.querySelector(".pagehead__sub");
  if (freshBoard) board.innerHTML = freshBoard.innerHTML;
  if (sub && freshSub) sub.innerHTML = freshSub.innerHTML;
}

async function move(card, to) {
  const body = new FormData();
  body.append("status", to);
  const response = await fetch(card.dataset.moveUrl, {
    method: "POST",
    body,
    credentials: "same-origin",
    headers: { Accept: "application/json", "X-CSRFToken": csrfToken(card) },
  });
  const answer = await response.json().catch(() => ({ error: "The board could not be saved; reload the page." }));
  if (!response.ok) throw new Error(answer.error || "The task could not be moved.");
  return answer;
}

if (board) {
  let dragged = null;
  board.addEventListener("dragstart", (event) => {
    const card = event.target.closest(".tcard");
    if (!card) return;
    dragged = card;
    card.classList.add("is-dragging");
    event.dataTransfer.effectAllowed = "move";
    event.dataTransfer.setData("text/plain", card.dataset.task);
  });
  board.addEventListener("dragend", () => {
    if (dragged) dragged.classList.remove("is-dragging");
    board.querySelectorAll(".is-target").forEach((el) => el.classList.remove("is-target"));
    dragged = null;
  });
  board.addEventListener("dragover", (event) => {
    const drop = event.target.closest("[data-drop]");
    if (!drop || !dragged) return;
    event.preventDefault();
    board.querySelectorAll(".is-target").forEach((el) => el !== drop && el.classList.remove("is-target"));
    drop.classList.add("is-target");
  });
  board.addEventListener("drop", async (event) => {
    const drop = event.target.closest("[data-drop]");
    const card = dragged;
    if (!drop || !card) return;
    event.preventDefault();
    drop.classList.remove("is-target");
    const from = card.closest("[data-drop]");
    if (from === drop) return;
    status.textContent = "";
    drop.appendChild(card); // at once; put back if the server says no
    recount();
    try {
      const moved = await move(card, drop.dataset.drop);
      card.querySelectorAll(".tcard__move button").forEach((button) => (button.hidden = button.value === moved.status));
      status.textContent = "";
      await refresh();
      board.dataset.lastMove = `${moved.id} ${moved.status}`;
    } catch (error) {
      from.appendChild(card);
      recount();
      status.textContent = error.message;
    }
  });
}
