/* The audio waveform on a canvas (peaks from the render's waveform.json on a decibel scale), with
   the QC findings as bands behind it and the playhead. */

const MARKER_COLOURS = { black: "#a78bfa", silence: "#38bdf8", freeze: "#fbbf24", true_peak: "#f87171", loudness: "#f87171" };

export class Waveform {
  constructor(canvas, { findings = [] } = {}) {
    this.canvas = canvas;
    this.findings = findings;
    this.peaks = null;
    this.duration = 0;
  }

  async load(url) {
    const response = await fetch(url, { credentials: "same-origin" });
    const data = response.ok ? await response.json() : null;
    if (!data || !data.peaks) return 0;
    this.peaks = data.peaks;
    this.duration = data.duration || 0;
    return this.peaks.length;
  }

  /* ``played`` and ``duration`` in seconds; findings are drawn at their own (picture) times. */
  draw(played, duration) {
    const { canvas, peaks } = this;
    if (!canvas || !peaks) return;
    const ratio = window.devicePixelRatio || 1;
    const width = canvas.clientWidth;
    const height = canvas.clientHeight;
    if (!width || !height) return;
    if (canvas.width !== Math.round(width * ratio) || canvas.height !== Math.round(height * ratio)) {
      canvas.width = Math.round(width * ratio);
      canvas.height = Math.round(height * ratio);
    }
    const ctx = canvas.getContext("2d");
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    ctx.clearRect(0, 0, width, height);
    const d = duration || this.duration;
    for (const f of this.findings) {
      if (f.start == null || !d) continue;
      const x0 = (f.start / d) * width;
      const x1 = ((f.end != null ? f.end : f.start) / d) * width;
      ctx.fillStyle = MARKER_COLOURS[f.kind] || "#f87171";
      ctx.globalAlpha = 0.22;
      ctx.fillRect(x0, 0, Math.max(2, x1 - x0), height);
      ctx.globalAlpha = 1;
      ctx.fillRect(x0, 0, 2, 4);
    }
    const bar = 2;
    const gap = 1;
    const columns = Math.max(1, Math.floor(width / (bar + gap)));
    const per = peaks.length / columns;
    const playedX = d ? (played / d) * width : 0;
    const mid = height / 2;
    for (let c = 0; c < columns; c++) {
      const from = Math.floor(c * per);
      const to = Math.max(from + 1, Math.floor((c + 1) * per));
      let peak = 0;
      for (let i = from; i < to && i < peaks.length; i++) if (peaks[i] > peak) peak = peaks[i];
      // A decibel scale (-60 dBFS to 0), so quiet dialogue still shows its shape.
      const level = peak > 0 ? Math.max(0, (20 * Math.log10(peak) + 60) / 60) : 0;
      const h = Math.max(1, level * (height - 4));
      const x = c * (bar + gap);
      ctx.fillStyle = x < playedX ? "#818cf8" : "rgba(255,255,255,0.38)";
      ctx.fillRect(x, mid - h / 2, bar, h);
    }
    ctx.fillStyle = "#ffffff";
    ctx.fillRect(Math.min(width - 2, Math.max(0, playedX - 1)), 0, 2, height);
  }
}
