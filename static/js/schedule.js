// A shoot day's schedule: drag a shot to a new place in the shooting order
// (static/js/sortable.js). The server answers an accepted order with the schedule card
// redrawn — each shot's start and end, the total and any overrun computed again — and the card
// is swapped for it. Without this script the up/down buttons on each shot do the same.
import { sortable, statusLine } from "./sortable.js";

function start() {
  const card = document.querySelector("#schedule");
  const table = card && card.querySelector(".sched__table[data-reorder-url]");
  if (!table) return;
  sortable(table, {
    itemSelector: "tr.sched-row",
    groups: () => Array.from(table.querySelectorAll(":scope > tbody.sched__rows")),
    say: statusLine(card.querySelector("[data-reorder-status]")),
    restored: "The schedule is back as it was.",
    csrfToken: () => {
      const input = card.querySelector("#schedule-actions input[name=csrfmiddlewaretoken]");
      return input ? input.value : "";
    },
    onSaved: (body) => {
      if (!body.html) return;
      const open = card.querySelector("details.sched__picker")?.open;
      card.outerHTML = body.html;
      const fresh = document.querySelector("#schedule");
      const picker = fresh.querySelector("details.sched__picker");
      if (picker && open !== undefined) picker.open = open;
      const status = fresh.querySelector("[data-reorder-status]");
      if (status) status.textContent = "Order saved.";
      start();
    },
  });
}

start();
