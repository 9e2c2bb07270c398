// The shot list: drag a shot to a new place within its scene (static/js/sortable.js). The new
// order (every shot, scene group after scene group) is sent whole to the list's reorder endpoint;
// if it is refused (or the network fails) the list goes back as it was and says why. Without this
// script the up/down buttons on each shot do the same.
import { sortable, statusLine } from "./sortable.js";

const table = document.querySelector(".sshots[data-reorder-url]");

if (table) {
  sortable(table, {
    itemSelector: "tr.sshot",
    groups: () => Array.from(table.querySelectorAll(":scope > tbody.sshots__group")),
    say: statusLine(document.querySelector("[data-reorder-status]")),
    restored: "The list is back as it was.",
    csrfToken: () => {
      const input = document.querySelector("#shot-actions input[name=csrfmiddlewaretoken]");
      return input ? input.value : "";
    },
  });
}
