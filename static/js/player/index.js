/* Starts a Player on every [data-player] element; its config is the JSON script whose id the
   element names in data-player-config. Buttons with data-seek-to (seconds into the picture)
   seek the player named by data-seek-player, or the page's first player; data-seek-frame (a
   frame number of the picture, 0 the first) lands on exactly that frame. */

import { Player } from "./player.js";

const players = [];
for (const root of document.querySelectorAll("[data-player]")) {
  const node = document.getElementById(root.dataset.playerConfig || "player-config");
  if (node) players.push(new Player(root, JSON.parse(node.textContent)));
}

document.addEventListener("click", (event) => {
  const button = event.target.closest("[data-seek-to], [data-seek-frame]");
  if (!button) return;
  const target = button.dataset.seekPlayer ? document.getElementById(button.dataset.seekPlayer) : null;
  const player = (target && target.reelflowPlayer) || players[0];
  if (!player) return;
  player.pause({ snap: false });
  if (button.dataset.seekFrame != null && player.hasRate) player.seekToFrame(parseInt(button.dataset.seekFrame, 10) || 0);
  else player.seekTo(player.videoStart + (parseFloat(button.dataset.seekTo) || 0));
  player.root.scrollIntoView({ behavior: "smooth", block: "nearest" });
  player.root.focus({ preventScroll: true });
});
