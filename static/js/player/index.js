/* Starts a Player on every [data-player] element; its config is the JSON script whose id the
   element names in data-player-config. Buttons with data-seek-to (seconds into the picture)
   seek the player named by data-seek-player, or the page's first player; data-seek-frame (a
   frame number of the picture, 0 the first) lands on exactly that frame. The page's key presses
   go to the player in use (the one last clicked or focused, else the first), except while
   someone types in a field or a dialog is open (player/shortcuts.js). */

import { Player } from "./player.js";

const players = [];
for (const root of document.querySelectorAll("[data-player]")) {
  const node = document.getElementById(root.dataset.playerConfig || "player-config");
  if (node) players.push(new Player(root, JSON.parse(node.textContent)));
}

let active = null;
for (const name of ["pointerdown", "focusin"]) {
  document.addEventListener(name, (event) => {
    const root = event.target.closest && event.target.closest("[data-player]");
    if (root && root.reelflowPlayer) active = root.reelflowPlayer;
  });
}

document.addEventListener("keydown", (event) => {
  if (!players.length || event.defaultPrevented || document.querySelector("dialog[open]")) return;
  const root = event.target.closest && event.target.closest("[data-player]");
  const player = (root && root.reelflowPlayer) || active || players[0];
  player.handleKey(event);
});

document.addEventListener("click", (event) => {
  const button = event.target.closest("[data-seek-to], [data-seek-frame]");
  if (!button) return;
  const target = button.dataset.seekPlayer ? document.getElementById(button.dataset.seekPlayer) : null;
  const player = (target && target.reelflowPlayer) || players[0];
  if (!player) return;
  active = player;
  player.pause({ snap: false });
  if (button.dataset.seekFrame != null && player.hasRate) player.seekToFrame(parseInt(button.dataset.seekFrame, 10) || 0);
  else player.seekTo(player.videoStart + (parseFloat(button.dataset.seekTo) || 0));
  player.root.scrollIntoView({ behavior: "smooth", block: "nearest" });
  player.root.focus({ preventScroll: true });
});
