// The shot list: drag a shot to a new place within its scene (static/js/sortable_rows.js). The
// new order (every shot, scene group after scene group) is sent whole to the list's reorder
// endpoint; if it is refused (or the network fails) the list goes back as it was and says why.
// Without this script the up/down buttons on each shot do the same.
import { sortableRows, statusLine } from "./sortable_rows.js";

const table = document.querySelector(".sshots[data-reorder-url]");

if (table) {
  sortableRows(table, {
    rowSelector: "tr.sshot",
    groupSelector: ":scope > tbody.sshots__group",
    say: statusLine(document.querySelector("[data-reorder-status]")),
    restored: "The list is back as it was.",
    csrfToken: () => {
      const input = document.querySelector("#shot-actions input[name=csrfmiddlewaretoken]");
      return input ? input.value : "";
    },
  });
}
