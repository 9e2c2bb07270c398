/* Scrub previews: the WebVTT thumbnails track (cues of the form `sprite.jpg#xywh=x,y,w,h`,
   resolved against the VTT's own URL so the sprite goes through the same checked
   /media/renders/<id>/ prefix), and the preview box that follows the pointer on the seek bar. */

function vttTime(text) {
  return text
    .trim()
    .split(":")
    .reduce((seconds, part) => seconds * 60 + parseFloat(part), 0);
}

export function parseThumbnails(text, base) {
  const out = [];
  for (const block of text.replace(/\r/g, "").split(/\n\n+/)) {
    const lines = block.split("\n").filter(Boolean);
    const timing = lines.findLastIndex((line) => line.includes("-->"));
    if (timing < 0 || !lines[timing + 1]) continue;
    const [from, to] = lines[timing].split("-->");
    const target = lines[timing + 1].trim();
    const hash = target.indexOf("#xywh=");
    if (hash < 0) continue;
    const box = target.slice(hash + 6).split(",").map(Number);
    if (box.length !== 4 || box.some(Number.isNaN)) continue;
    out.push({
      start: vttTime(from),
      end: vttTime(to.trim().split(/\s+/)[0]),
      url: new URL(target.slice(0, hash), base).href,
      x: box[0],
      y: box[1],
      w: box[2],
      h: box[3],
    });
  }
  return out;
}

export class Scrub {
  /* ``box`` holds ``img`` and ``label``; ``seek`` is the bar it follows. */
  constructor({ box, img, label, seek }) {
    Object.assign(this, { box, img, label, seek });
    this.cues = [];
  }

  async load(url) {
    const response = await fetch(url, { credentials: "same-origin" });
    this.cues = response.ok ? parseThumbnails(await response.text(), new URL(url, window.location.href)) : [];
    return this.cues.length;
  }

  cueAt(seconds) {
    const cue = this.cues.find((c) => seconds >= c.start && seconds < c.end);
    if (cue) return cue;
    const last = this.cues[this.cues.length - 1];
    return last && seconds >= last.start ? last : null;
  }

  /* Show the preview for ``seconds`` of picture at ``fraction`` of the bar, labelled ``text``. */
  show(fraction, seconds, text) {
    if (!this.box) return;
    const cue = this.cueAt(seconds);
    if (cue) {
      this.img.hidden = false;
      Object.assign(this.img.style, {
        width: `${cue.w}px`,
        height: `${cue.h}px`,
        backgroundImage: `url("${cue.url}")`,
        backgroundPosition: `${-cue.x}px ${-cue.y}px`,
      });
    } else {
      this.img.hidden = true;
    }
    this.label.textContent = text;
    this.box.hidden = false;
    // Keep the preview inside the window at both ends of the bar.
    const rect = this.seek.getBoundingClientRect();
    const half = (cue ? cue.w : 80) / 2 + 4;
    const x = Math.max(half - rect.left, Math.min(fraction * rect.width, window.innerWidth - rect.left - half));
    this.box.style.left = `${x}px`;
  }

  hide() {
    if (this.box) this.box.hidden = true;
  }
}
