/* The review page: the comment form follows the frame on screen (the player's "reelflow:frame"
   events), so a comment is pinned to exactly the frame the reviewer paused on. */

const form = document.querySelector("[data-comment-form]");
const frameInput = form && form.querySelector("[data-comment-frame]");
const label = document.querySelector("[data-comment-at]");
const player = document.querySelector("[data-player]");

if (form && frameInput && player) {
  player.addEventListener("reelflow:frame", (event) => {
    const { frame, timecode } = event.detail;
    if (frame == null) return;
    frameInput.value = String(frame);
    if (label) label.textContent = timecode;
  });
}
