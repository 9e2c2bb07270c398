/* The compare page: two players (static/js/player, started by player/index.js) frame-locked by
   FrameLock, side by side or as a wipe (the second picture over the first, cut at the slider). */

import { FrameLock } from "./compare_sync.js";

const root = document.querySelector("[data-compare]");
const roots = root ? [...root.querySelectorAll("[data-player]")] : [];

function side(player) {
  const media = player.media;
  return {
    player,
    get frame() {
      return player.frame;
    },
    fps: player.hasRate ? player.fpsNum / player.fpsDen : null,
    get paused() {
      return media.paused;
    },
    get rate() {
      return media.playbackRate;
    },
    play: () => player.play(),
    pause: () => player.pause({ snap: false }),
    seekToFrame: (n) => player.seekToFrame(n),
    setRate: (r) => {
      media.playbackRate = r;
    },
  };
}

if (roots.length === 2 && roots.every((r) => r.reelflowPlayer)) {
  const [a, b] = roots.map((r) => side(r.reelflowPlayer));
  const lock = new FrameLock(a, b);
  root.reelflowLock = lock;
  for (const s of [a, b]) {
    const media = s.player.media;
    media.addEventListener("play", () => lock.played(s));
    media.addEventListener("pause", () => {
      // The player snaps to the frame on screen after a person's pause; follow once it settled.
      setTimeout(() => lock.paused(s), 0);
    });
    media.addEventListener("ratechange", () => lock.rateChanged(s));
    s.player.root.addEventListener("reelflow:frame", () => {
      // Only the side a person drives leads: while playing, the first side; paused, whichever moved.
      if (!media.paused && s !== a) return;
      lock.moved(s);
    });
  }
  // Only one soundtrack: the second side is muted.
  b.player.media.muted = true;
}

/* Layout: side by side, or a wipe with a slider. */
if (root) {
  const wipe = root.querySelector("[data-compare-wipe]");
  const input = root.querySelector("[data-compare-wipe-input]");
  document.querySelectorAll("[data-compare-mode]").forEach((button) => {
    button.addEventListener("click", () => {
      const mode = button.dataset.compareMode;
      root.dataset.mode = mode;
      if (wipe) wipe.hidden = mode !== "wipe";
      document.querySelectorAll("[data-compare-mode]").forEach((b) => {
        const on = b === button;
        b.classList.toggle("is-current", on);
        b.setAttribute("aria-pressed", String(on));
      });
    });
  });
  if (input) {
    const place = () => root.style.setProperty("--wipe", `${input.value}%`);
    input.addEventListener("input", place);
    place();
  }
}
