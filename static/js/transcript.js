/* The transcript under the player (templates/media/_transcript.html): the cue being spoken is
   highlighted as the video plays (the player's "reelflow:frame" events), a click on a cue's text
   plays from its start (its timecode chip does so through player/index.js: data-seek-to), the
   search box shows only the cues that hold what is typed, and an address with ?t=<seconds>
   (the project's transcript search links to one) lands the player there.

   The panel may be replaced by htmx (its progress while a transcription runs, a cue saved), so
   everything is looked up when it is needed and listeners sit on the document. */

const root = document.querySelector("[data-player]");
const player = root && root.reelflowPlayer;

const panel = () => document.querySelector("[data-transcript]");
const rows = () => Array.from(document.querySelectorAll("[data-transcript-cues] [data-cue]"));

/* Seconds into the picture: the player's media time less where its first frame sits. */
const pictureTime = (time) => time - ((player && player.videoStart) || 0);

let current = null;

const SLACK = 0.005; // the player's times are rounded (to the microsecond): a seek to a cue's start lands in it

function highlight(seconds) {
  let found = null;
  for (const row of rows()) {
    const start = parseFloat(row.dataset.start);
    const end = parseFloat(row.dataset.end);
    if (seconds + SLACK >= start && seconds < end) found = row; // the latest that started: overlapping cues show the newer
  }
  if (found === current && (!found || found.isConnected)) return;
  document.querySelectorAll("[data-cue].is-current").forEach((row) => row.classList.remove("is-current"));
  current = found;
  if (!found) return;
  found.classList.add("is-current");
  const list = found.closest("[data-transcript-cues]");
  if (list && list.scrollHeight > list.clientHeight && !list.matches(":hover")) {
    const top = found.offsetTop - list.offsetTop;
    if (top < list.scrollTop || top + found.offsetHeight > list.scrollTop + list.clientHeight) {
      list.scrollTo({ top: Math.max(0, top - list.clientHeight / 3), behavior: "smooth" });
    }
  }
}

function filter(query) {
  const words = query.trim().toLowerCase();
  let shown = 0;
  const all = rows();
  for (const row of all) {
    const text = (row.querySelector("[data-cue-text]")?.textContent || "").toLowerCase();
    const match = !words || text.includes(words);
    row.hidden = !match;
    if (match) shown += 1;
  }
  const box = panel();
  if (!box) return;
  const count = box.querySelector("[data-transcript-count]");
  if (count) count.textContent = words ? `${shown} of ${all.length} cues` : `${all.length} cue${all.length === 1 ? "" : "s"}`;
  const none = box.querySelector("[data-transcript-nomatch]");
  if (none) none.hidden = shown > 0;
}

if (player) {
  player.root.addEventListener("reelflow:frame", (event) => {
    if (event.detail.time != null) highlight(pictureTime(event.detail.time));
  });

  // A click on a cue's text plays from its start, as its timecode chip does (not while editing
  // it, nor when someone is selecting words to copy).
  document.addEventListener("click", (event) => {
    const text = event.target.closest("[data-cue] [data-cue-text]");
    if (!text || (window.getSelection && String(window.getSelection()).length)) return;
    text.closest("[data-cue]").querySelector("[data-seek-to]")?.click();
  });

  // ?t=<seconds>: land there once the picture can play (as a comment's address lands on its frame).
  const asked = parseFloat(new URLSearchParams(location.search).get("t"));
  if (Number.isFinite(asked) && asked >= 0) {
    let touched = false;
    for (const type of ["keydown", "pointerdown"]) {
      document.addEventListener(type, () => (touched = true), { once: true, capture: true });
    }
    const go = () => {
      if (!touched && player.media.paused) player.seekTo(player.videoStart + asked);
    };
    if (player.media.readyState >= 1) go();
    else player.media.addEventListener("loadedmetadata", go, { once: true });
    const settle = new MutationObserver(go);
    settle.observe(player.root, { attributes: true, attributeFilter: ["data-video-start"] });
    setTimeout(() => settle.disconnect(), 10_000);
  }
}

// A refusal (400: a caption file's problems by line, an empty cue; 403) comes back as the panel or
// the row saying why: show it where it was asked (htmx leaves error answers unswapped by default).
document.addEventListener("htmx:beforeSwap", (event) => {
  const from = event.detail.requestConfig && event.detail.requestConfig.elt;
  const status = event.detail.xhr.status;
  if (from && from.closest && from.closest("[data-transcript]") && (status === 400 || status === 403)) {
    event.detail.shouldSwap = true;
    event.detail.isError = false;
  }
});

document.addEventListener("input", (event) => {
  if (event.target.matches("[data-transcript-search]")) filter(event.target.value);
});

// After htmx puts a new panel or row in (htmx:load fires on the new content, which is in the page
// by then): keep the search applied and the highlight where it was.
// The review page loads the panel after itself: a link to a cue (#cue-<id>, from the project's
// search) scrolls there once the panel is in.
let landed = !location.hash.startsWith("#cue-");
document.addEventListener("htmx:load", () => {
  if (!landed) {
    const cue = document.getElementById(location.hash.slice(1));
    if (cue) {
      landed = true;
      cue.scrollIntoView({ block: "center" });
    }
  }
  const search = document.querySelector("[data-transcript-search]");
  if (search && search.value) filter(search.value);
  current = null;
  if (player) highlight(pictureTime(player.media.currentTime || 0));
});
