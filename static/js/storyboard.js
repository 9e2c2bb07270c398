// The storyboard page: drag a frame to a new place (static/js/sortable.js). The new order is sent
// whole to the board's reorder endpoint; if it is refused (or the network fails) the board goes
// back as it was and says why. Without this script the up/down buttons on each frame do the same.
import { sortable, statusLine } from "./sortable.js";
import { dropsAfter } from "./storyboard/order.js";

const board = document.querySelector(".sboard[data-reorder-url]");

function oneColumn() {
  const cards = board.querySelectorAll(":scope > .sframe");
  return cards.length > 1 && cards[0].getBoundingClientRect().left === cards[1].getBoundingClientRect().left;
}

if (board) {
  sortable(board, {
    itemSelector: ".sframe",
    groups: () => [board],
    idOf: (card) => card.dataset.frameId,
    dropsAfter: (card, event) => dropsAfter(card.getBoundingClientRect(), event.clientX, event.clientY, oneColumn()),
    placed: (card, index, count) => {
      const number = card.querySelector(".sframe__num");
      if (number) number.textContent = String(index + 1);
      const up = card.querySelector("input[name=direction][value=up] ~ button");
      const down = card.querySelector("input[name=direction][value=down] ~ button");
      if (up) up.disabled = index === 0;
      if (down) down.disabled = index === count - 1;
    },
    say: statusLine(document.querySelector("[data-reorder-status]")),
    restored: "The board is back as it was.",
    csrfToken: () => {
      const input = document.querySelector("input[name=csrfmiddlewaretoken]");
      return input ? input.value : "";
    },
  });
}
