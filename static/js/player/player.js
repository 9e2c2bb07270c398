/* One player on a page element ([data-player]): HLS through hls.js (Safari: native HLS;
   otherwise the MP4 proxy), a seek bar with QC markers and scrub previews, the waveform, and a
   frame-accurate SMPTE timecode; frame steps, J/K/L shuttle, playback speeds, in and out points
   with a loop between them, full screen and a list of its keyboard shortcuts. A page may hold
   several (compare). Other code listens to events on the element — "reelflow:frame" (detail:
   frame, time, timecode) whenever the frame on screen changes, "reelflow:range" (in, out and
   their timecodes) when a mark changes, "reelflow:state" (running: playing or shuttling
   backwards) — and may drive it through ``element.reelflowPlayer``. Keys reach it through
   ``handleKey`` (index.js sends the page's key presses to the player in use). */

import { isCommentRange, loopBounds, markIn, markOut, NO_RANGE } from "./range.js";
import { Scrub } from "./scrub.js";
import { actionFor, SHORTCUTS } from "./shortcuts.js";
import { framesBack, shuttle, STOPPED } from "./shuttle.js";
import { frameAt, timecodeAt, timecodeOfFrame, timeOfFrame } from "./timecode.js";
import { Waveform } from "./waveform.js";

const isSafari = /^((?!chrome|chromium|android|crios|fxios).)*safari/i.test(navigator.userAgent);

export class Player {
  constructor(root, config) {
    this.root = root;
    this.config = config;
    const $ = (selector) => root.querySelector(selector);
    this.media = $("[data-media]");
    this.el = {
      seek: $("[data-seek]"),
      played: $("[data-played]"),
      buffered: $("[data-buffered]"),
      handle: $("[data-handle]"),
      markers: $("[data-markers]"),
      timecode: $("[data-timecode]"),
      error: $("[data-player-error]"),
      mute: $("[data-action=mute]"),
      fullscreen: $("[data-action=fullscreen]"),
      speed: $("[data-speed]"),
      range: $("[data-range]"),
      rangeLabel: $("[data-range-label]"),
      loop: $("[data-action=loop]"),
      shuttle: $("[data-shuttle]"),
      shortcuts: $("[data-shortcuts]"),
    };
    this.fpsNum = config.fpsNum;
    this.fpsDen = config.fpsDen;
    this.hasRate = !!(this.fpsNum && this.fpsDen);
    // Drop-frame counting follows the start timecode's separator (";" drop, ":" not) when there is one.
    this.start = config.startTimecode || "";
    this.findings = config.findings || [];
    this.comments = config.comments || []; // review comments: {frame, end_frame, label}, markers on the seek bar
    /* Where the first video frame sits on the media element's timeline. hls.js places a stream's
       timeline at its first decode time, so with B-frames (a reorder delay) the first frame is
       *shown* from e.g. 0.08 s, not 0; a TS stream whose audio starts first (AAC priming) shows
       it a fraction of a frame late. Every time <-> frame mapping goes through this, or the
       timecode runs ahead of the picture. */
    this.videoStart = 0;
    this.hls = null;
    this.lastFrame = null;
    this.presented = null; // media time of the frame on screen while playing (requestVideoFrameCallback)
    this.watching = false;
    this.looping = false;
    this.range = NO_RANGE; // in and out points, frames
    this.loopRange = false; // play between them, round and round
    this.shuttleState = STOPPED; // J/K/L
    this.reversing = null; // the backwards shuttle's timer state
    this.extraShortcuts = []; // a page's own keys, listed in the Shortcuts dialog: {keys, label}
    this.scrub = new Scrub({ box: $("[data-scrub]"), img: $("[data-scrub-img]"), label: $("[data-scrub-tc]"), seek: this.el.seek });
    const canvas = $("[data-waveform-canvas]");
    this.waveform = canvas ? new Waveform(canvas, { findings: this.findings }) : null;
    root.reelflowPlayer = this;
    this.attachSource();
    this.bindControls();
    this.bindSeekBar();
    this.loadExtras();
    this.update();
  }

  /* ---- Time and frames ---- */

  /* The frame on screen at media time ``t`` (currentTime), counted from the first frame; at or
     past the end, the last frame (the picture stays on it). */
  frameAt(t) {
    return Math.min(frameAt(t - this.videoStart, this.fpsNum, this.fpsDen), this.finalFrame());
  }

  /* The index of the last frame: from the probe's frame count, else from the duration. */
  finalFrame() {
    if (this.config.frameCount) return this.config.frameCount - 1;
    const d = this.duration();
    return d ? Math.max(0, Math.ceil(((d - this.videoStart) * this.fpsNum) / this.fpsDen) - 1) : Infinity;
  }

  /* The media time at which ``frame`` is on screen (the middle of its display interval). */
  timeOfFrame(frame) {
    return this.videoStart + timeOfFrame(frame, this.fpsNum, this.fpsDen);
  }

  /* The timecode shown at media time ``t``. */
  timecode(t) {
    if (!this.hasRate) return timecodeAt(t, null, null);
    return this.frameTimecode(this.frameAt(t));
  }

  /* The timecode of ``frame`` (0 the first), counted from the start timecode, as the server
     writes it (engine.timecode.timecode_of_frame). */
  frameTimecode(frame) {
    return timecodeOfFrame(frame, this.fpsNum, this.fpsDen, { start: this.start });
  }

  /* The media time of what is on screen: while playing, the frame the browser last presented
     (currentTime runs on the audio clock, a frame either side of the picture). */
  shownTime() {
    const { media } = this;
    return !media.paused && this.presented != null ? this.presented : media.currentTime || 0;
  }

  /* The timecode of ``seconds`` into the picture (QC findings, thumbnails: the file's own times). */
  contentTimecode(seconds) {
    return this.timecode(this.videoStart + Math.max(0, seconds || 0));
  }

  get frame() {
    return this.hasRate ? this.frameAt(this.shownTime()) : null;
  }

  duration() {
    const d = this.media.duration;
    return Number.isFinite(d) && d > 0 ? d : this.config.duration || 0;
  }

  setVideoStart(seconds) {
    if (!Number.isFinite(seconds) || seconds === this.videoStart) return;
    this.videoStart = Math.max(0, seconds);
    this.root.setAttribute("data-video-start", this.videoStart.toFixed(4));
    this.update();
  }

  /* ---- Sources: hls.js, native HLS (Safari), or the MP4 proxy ---- */

  showError(text) {
    if (this.el.error) {
      this.el.error.textContent = text;
      this.el.error.hidden = false;
    }
  }

  useProxy() {
    if (this.hls) {
      this.hls.destroy();
      this.hls = null;
    }
    if (this.config.proxy) {
      this.root.setAttribute("data-player-engine", "mp4");
      this.media.src = this.config.proxy;
    } else {
      this.showError("This browser cannot play the stream. Try a current Chrome, Firefox, Safari or Edge.");
    }
  }

  attachSource() {
    const { config, media, root } = this;
    const nativeHls = media.canPlayType("application/vnd.apple.mpegurl");
    const Hls = window.Hls;
    if (config.hls && nativeHls && isSafari) {
      root.setAttribute("data-player-engine", "native");
      media.src = config.hls;
    } else if (config.hls && Hls && Hls.isSupported()) {
      root.setAttribute("data-player-engine", "hls.js");
      const hls = new Hls({
        capLevelToPlayerSize: true,
        maxBufferLength: 30,
        xhrSetup: (xhr) => {
          xhr.withCredentials = true;
        },
      });
      this.hls = hls;
      let recovered = false;
      hls.on(Hls.Events.ERROR, (event, data) => {
        if (!data.fatal) return;
        if (data.type === Hls.ErrorTypes.MEDIA_ERROR && !recovered) {
          recovered = true;
          hls.recoverMediaError();
        } else {
          this.useProxy();
        }
      });
      hls.on(Hls.Events.FRAG_BUFFERED, (event, data) => {
        // The first segment's video start is the picture's zero.
        const frag = data.frag;
        const video = frag && frag.elementaryStreams && frag.elementaryStreams.video;
        if (frag && frag.sn === 0 && video) this.setVideoStart(video.startPTS);
      });
      hls.loadSource(config.hls);
      hls.attachMedia(media);
    } else if (config.hls && nativeHls) {
      root.setAttribute("data-player-engine", "native");
      media.src = config.hls;
    } else {
      this.useProxy();
    }
    media.addEventListener("loadeddata", () => this.measureVideoStart());
    media.addEventListener("error", () => {
      if (root.getAttribute("data-player-engine") !== "mp4" && config.proxy) this.useProxy();
      else this.showError("The video could not be loaded. Reload the page to try again.");
    });
  }

  /* Other engines (the browser's own HLS, the MP4 proxy): ask the browser when the first frame it
     shows is stamped — requestVideoFrameCallback reports the presented frame's time on the
     currentTime timeline. */
  measureVideoStart() {
    const { media } = this;
    if (this.hls || media.tagName !== "VIDEO" || !media.requestVideoFrameCallback || !this.hasRate) return;
    if (!media.paused || media.currentTime > 0) return;
    const frame = this.fpsDen / this.fpsNum;
    media.requestVideoFrameCallback((now, meta) => {
      if (this.hls || !Number.isFinite(meta.mediaTime) || meta.mediaTime < 0 || meta.mediaTime > 3 * frame) return;
      if (media.currentTime > meta.mediaTime + frame) return; // someone seeked meanwhile: not the first frame
      this.setVideoStart(meta.mediaTime);
    });
    media.currentTime = 0; // a seek presents a frame, even with a poster and nothing played
  }

  /* ---- Controls ---- */

  togglePlay() {
    if (this.running) this.pause();
    else this.play();
  }

  /* Playing forward, or shuttling backwards. */
  get running() {
    return !this.media.paused || !!this.reversing;
  }

  play() {
    this.stopReverse();
    if (this.loopRange && this.hasRate) {
      // Looping starts inside the range.
      const { start, end } = loopBounds(this.range, this.finalFrame());
      const frame = this.frame;
      if (frame < start || frame >= end) this.seekToFrame(start);
    }
    const promise = this.media.play();
    if (promise && promise.catch) promise.catch(() => {});
  }

  /* ---- J/K/L shuttle, speeds ---- */

  setSpeed(rate) {
    this.media.playbackRate = rate;
  }

  /* ``key`` is "j", "k" or "l". Forward plays at 1× then 2×; backwards steps back a frame at a
     time at the shuttle's rate (a <video> cannot play backwards), without sound. */
  shuttle(key) {
    const next = shuttle(this.shuttleState, key);
    if (next.direction === 0) return this.pause();
    const wasReversing = !!this.reversing;
    this.shuttleState = next;
    if (next.direction > 0) {
      this.setSpeed(next.speed);
      if (this.media.paused || wasReversing) this.play();
    } else {
      this.startReverse(next.speed);
    }
    this.showShuttle();
  }

  startReverse(speed) {
    if (!this.hasRate) return;
    const { media } = this;
    const shown = this.shownTime();
    const wasPlaying = !media.paused;
    media.pause();
    if (wasPlaying) this.seekToFrame(this.frameAt(shown));
    const from = wasPlaying ? this.frameAt(shown) : this.frame;
    const state = { from, speed, started: performance.now() };
    const already = !!this.reversing;
    this.reversing = state;
    if (!already) this.stateChanged();
    const tick = () => {
      if (this.reversing !== state) return;
      if (!media.seeking) {
        let target = state.from - framesBack((performance.now() - state.started) / 1000, speed, this.fpsNum, this.fpsDen);
        if (this.loopRange) {
          const { start, end } = loopBounds(this.range, this.finalFrame());
          if (target < start) {
            state.from = end;
            state.started = performance.now();
            target = end;
          }
        }
        if (target <= 0) {
          this.seekToFrame(0);
          this.pause({ snap: false });
          return;
        }
        if (target !== this.frame) this.seekToFrame(target);
      }
      window.requestAnimationFrame(tick);
    };
    window.requestAnimationFrame(tick);
  }

  stopReverse() {
    if (!this.reversing) return;
    this.reversing = null;
    this.showShuttle();
    this.stateChanged();
  }

  showShuttle() {
    const { shuttle } = this.el;
    if (!shuttle) return;
    const { direction, speed } = this.shuttleState;
    shuttle.hidden = !this.reversing;
    shuttle.textContent = direction < 0 ? `◀◀ ${speed}×` : "";
    shuttle.title = direction < 0 ? `Playing backwards at ${speed}× by stepping back one frame at a time (no sound). K stops.` : "";
  }

  stateChanged() {
    this.root.classList.toggle("is-running", this.running);
    this.root.dispatchEvent(new CustomEvent("reelflow:state", { bubbles: true, detail: { running: this.running } }));
  }

  /* ---- In and out points, looping between them ---- */

  markIn(frame = this.frame) {
    if (frame == null) return;
    this.setRange(markIn(this.range, frame));
  }

  markOut(frame = this.frame) {
    if (frame == null) return;
    this.setRange(markOut(this.range, frame));
  }

  clearRange() {
    this.setRange(NO_RANGE);
  }

  setRange(range) {
    this.range = { in: range.in, out: range.out };
    this.placeRange();
    const tc = (f) => (f == null ? "" : this.frameTimecode(f));
    this.root.dispatchEvent(
      new CustomEvent("reelflow:range", {
        bubbles: true,
        detail: { ...this.range, inTimecode: tc(this.range.in), outTimecode: tc(this.range.out), isRange: isCommentRange(this.range) },
      }),
    );
  }

  setLoop(on) {
    this.loopRange = !!on;
    if (this.el.loop) {
      this.el.loop.setAttribute("aria-pressed", String(this.loopRange));
      this.el.loop.classList.toggle("is-on", this.loopRange);
    }
  }

  /* The range on the seek bar (from the in frame's start to the out frame's end) and in words. */
  placeRange() {
    const { range, rangeLabel } = this.el;
    const { in: start, out: end } = this.range;
    const d = this.duration();
    if (range) {
      range.hidden = !this.hasRate || !d || (start == null && end == null);
      if (!range.hidden) {
        const at = (frame) => Math.min(1, (this.videoStart + (frame * this.fpsDen) / this.fpsNum) / d) * 100;
        const left = start != null ? at(start) : 0;
        const right = end != null ? at(end + 1) : 100;
        range.style.left = `${left}%`;
        range.style.width = `${Math.max(0, right - left)}%`;
        range.classList.toggle("has-in", start != null);
        range.classList.toggle("has-out", end != null);
      }
    }
    if (rangeLabel) {
      const tc = (f) => (f == null ? "–" : this.frameTimecode(f));
      rangeLabel.textContent = start == null && end == null ? "No in or out point" : `${tc(start)} → ${tc(end)}`;
      rangeLabel.closest("[data-range-box]")?.classList.toggle("is-set", start != null || end != null);
    }
  }

  /* While playing with the loop on: past the out point, back to the in point. */
  keepInLoop() {
    if (!this.loopRange || !this.hasRate || this.media.paused) return;
    const { start, end } = loopBounds(this.range, this.finalFrame());
    if (this.frameAt(this.media.currentTime) > end || this.media.ended) this.seekToFrame(start);
  }

  /* ---- Full screen, the shortcuts dialog, keys ---- */

  toggleFullscreen() {
    const { root, media } = this;
    if (document.fullscreenElement) document.exitFullscreen();
    else if (root.requestFullscreen) root.requestFullscreen().catch(() => {});
    else if (media.webkitEnterFullscreen) media.webkitEnterFullscreen();
  }

  openShortcuts() {
    const dialog = this.el.shortcuts;
    if (!dialog || dialog.open) return;
    const list = dialog.querySelector("[data-shortcuts-list]");
    if (list) {
      list.innerHTML = "";
      for (const { keys, label } of [...SHORTCUTS, ...this.extraShortcuts]) {
        const row = document.createElement("div");
        row.className = "shortcuts__row";
        const dt = document.createElement("dt");
        keys.forEach((key, n) => {
          if (n) dt.append(" ");
          const kbd = document.createElement("kbd");
          kbd.textContent = key;
          dt.append(kbd);
        });
        const dd = document.createElement("dd");
        dd.textContent = label;
        row.append(dt, dd);
        list.append(row);
      }
    }
    if (dialog.showModal) dialog.showModal();
    else dialog.setAttribute("open", "");
  }

  /* A key press on the page; true when the player took it. */
  handleKey(event) {
    const action = actionFor(event);
    if (!action || event.defaultPrevented) return false;
    const { media } = this;
    const video = media.tagName === "VIDEO";
    switch (action) {
      case "toggle":
        this.togglePlay();
        break;
      case "back":
        this.stepFrames(-1);
        break;
      case "forward":
        this.stepFrames(1);
        break;
      case "secondBack":
        this.pause({ snap: false });
        this.seekTo(media.currentTime - 1);
        break;
      case "secondForward":
        this.pause({ snap: false });
        this.seekTo(media.currentTime + 1);
        break;
      case "shuttleForward":
        this.shuttle("l");
        break;
      case "shuttleBack":
        this.shuttle("j");
        break;
      case "markIn":
        this.markIn();
        break;
      case "markOut":
        this.markOut();
        break;
      case "loop":
        this.setLoop(!this.loopRange);
        break;
      case "first":
        this.pause({ snap: false });
        this.seekToFrame(0);
        break;
      case "last":
        this.pause({ snap: false });
        this.hasRate ? this.seekToFrame(this.finalFrame()) : this.seekTo(this.duration());
        break;
      case "mute":
        media.muted = !media.muted;
        break;
      case "fullscreen":
        if (!video) return false;
        this.toggleFullscreen();
        break;
      case "shortcuts":
        this.openShortcuts();
        break;
      default:
        return false;
    }
    event.preventDefault();
    return true;
  }

  /* Pause; with ``snap`` (a person pressed pause), settle on the frame that was on screen, so
     the picture, the timecode and a comment placed now all name the same frame. */
  pause({ snap = true } = {}) {
    const { media } = this;
    this.stopReverse();
    this.shuttleState = STOPPED;
    const wasPlaying = !media.paused;
    const shown = this.shownTime();
    media.pause();
    if (snap && wasPlaying && this.hasRate) this.seekToFrame(this.frameAt(shown));
  }

  seekTo(t) {
    const d = this.duration();
    if (!d) return;
    this.media.currentTime = Math.max(0, Math.min(d, t));
    this.presented = null; // the last presented frame is from before the seek
    this.update();
  }

  seekToFrame(frame) {
    this.seekTo(this.timeOfFrame(frame));
  }

  stepFrames(n) {
    this.pause({ snap: false });
    if (!this.hasRate) return this.seekTo(this.media.currentTime + n * 0.1);
    // Land in the middle of the target frame, so rounding never shows its neighbour.
    this.seekToFrame(Math.max(0, this.frameAt(this.media.currentTime) + n));
  }

  bindControls() {
    const { media, root, el } = this;
    root.querySelectorAll("[data-action=play]").forEach((button) => button.addEventListener("click", () => this.togglePlay()));
    if (media.tagName === "VIDEO") media.addEventListener("click", () => this.togglePlay());
    if (el.mute) el.mute.addEventListener("click", () => (media.muted = !media.muted));
    if (el.fullscreen) el.fullscreen.addEventListener("click", () => this.toggleFullscreen());
    document.addEventListener("fullscreenchange", () => root.classList.toggle("is-fullscreen", document.fullscreenElement === root));
    if (el.speed) {
      el.speed.addEventListener("change", () => this.setSpeed(parseFloat(el.speed.value) || 1));
      media.addEventListener("ratechange", () => {
        const rate = String(media.playbackRate);
        if (![...el.speed.options].some((o) => o.value === rate)) {
          el.speed.append(new Option(`${media.playbackRate}×`, rate));
        }
        el.speed.value = rate;
      });
    }
    if (el.loop) el.loop.addEventListener("click", () => this.setLoop(!this.loopRange));
    // After a click on one of its buttons (or a choice of speed), keys go to the player again:
    // Space plays rather than pressing the button once more. Keyboard users keep their focus.
    root.addEventListener("click", (event) => {
      const control = event.target.closest("button");
      if (control && event.detail > 0 && !control.closest("dialog")) root.focus({ preventScroll: true });
    });
    if (el.speed) el.speed.addEventListener("change", () => root.focus({ preventScroll: true }));
    root.querySelectorAll("[data-action=mark-in]").forEach((b) => b.addEventListener("click", () => this.markIn()));
    root.querySelectorAll("[data-action=mark-out]").forEach((b) => b.addEventListener("click", () => this.markOut()));
    root.querySelectorAll("[data-action=clear-range]").forEach((b) => b.addEventListener("click", () => this.clearRange()));
    root.querySelectorAll("[data-action=shortcuts]").forEach((b) => b.addEventListener("click", () => this.openShortcuts()));
    if (el.shortcuts) {
      el.shortcuts.querySelectorAll("[data-action=close]").forEach((b) => b.addEventListener("click", () => el.shortcuts.close()));
      el.shortcuts.addEventListener("click", (event) => {
        if (event.target === el.shortcuts) el.shortcuts.close(); // a click on the backdrop
      });
    }
    media.addEventListener("play", () => {
      root.classList.add("is-playing", "has-played");
      this.presented = null;
      this.watchFrames();
      this.loop();
      this.stateChanged();
    });
    media.addEventListener("ended", () => {
      if (!this.loopRange || !this.hasRate) return;
      this.seekToFrame(loopBounds(this.range, this.finalFrame()).start);
      this.play();
    });
    media.addEventListener("loadeddata", () => {
      // The poster is a frame from further in; once the picture can show, show the frame the
      // timecode names.
      if (media.currentTime === 0 && media.paused) media.removeAttribute("poster");
    });
    media.addEventListener("pause", () => {
      root.classList.remove("is-playing");
      this.update();
      this.stateChanged();
    });
    media.addEventListener("volumechange", () => {
      root.classList.toggle("is-muted", media.muted || media.volume === 0);
      if (el.mute) el.mute.setAttribute("aria-label", media.muted ? "Unmute" : "Mute");
    });
    for (const name of ["timeupdate", "seeked", "loadedmetadata", "durationchange", "progress"]) {
      media.addEventListener(name, () => this.update());
    }
    for (const name of ["loadedmetadata", "durationchange"]) media.addEventListener(name, () => this.placeRange());
  }

  /* ---- The seek bar, its markers and the scrub preview ---- */

  fractionAt(clientX, element) {
    const rect = element.getBoundingClientRect();
    return Math.max(0, Math.min(1, (clientX - rect.left) / rect.width));
  }

  placeMarkers() {
    const { markers } = this.el;
    if (!markers) return;
    markers.innerHTML = "";
    const d = this.duration();
    if (!d) return;
    for (const f of this.findings) {
      if (f.start == null) continue;
      const mark = document.createElement("span");
      const lane = f.kind === "black" || f.kind === "freeze" ? "picture" : "sound";
      mark.className = `seek__marker seek__marker--${lane} mk-${f.kind}`;
      mark.style.left = `${(f.start / d) * 100}%`;
      const end = f.end != null ? f.end : f.start;
      mark.style.width = `${Math.max(0, ((end - f.start) / d) * 100)}%`;
      mark.title = `${f.label} at ${this.contentTimecode(f.start)}`;
      markers.appendChild(mark);
    }
    if (!this.hasRate) return;
    for (const c of this.comments) {
      const mark = document.createElement("span");
      const start = (c.frame * this.fpsDen) / this.fpsNum; // picture time of the frame
      const end = c.end_frame != null ? (c.end_frame * this.fpsDen) / this.fpsNum : start;
      mark.className = "seek__marker seek__marker--comment";
      mark.style.left = `${(start / d) * 100}%`;
      mark.style.width = `${Math.max(0, ((end - start) / d) * 100)}%`;
      mark.title = c.label;
      markers.appendChild(mark);
    }
  }

  showScrub(clientX) {
    const d = this.duration();
    if (!d) return;
    const fraction = this.fractionAt(clientX, this.el.seek);
    const t = fraction * d;
    this.scrub.show(fraction, t - this.videoStart, this.timecode(t));
  }

  bindSeekBar() {
    const { seek } = this.el;
    if (!seek) return;
    let dragging = false;
    seek.addEventListener("pointermove", (event) => {
      this.showScrub(event.clientX);
      if (dragging) this.seekTo(this.fractionAt(event.clientX, seek) * this.duration());
    });
    seek.addEventListener("pointerleave", () => {
      if (!dragging) this.scrub.hide();
    });
    seek.addEventListener("pointerdown", (event) => {
      this.stopReverse();
      dragging = true;
      seek.setPointerCapture(event.pointerId);
      this.showScrub(event.clientX);
      this.seekTo(this.fractionAt(event.clientX, seek) * this.duration());
    });
    seek.addEventListener("pointerup", (event) => {
      dragging = false;
      seek.releasePointerCapture(event.pointerId);
      if (event.pointerType !== "mouse") this.scrub.hide();
    });
    seek.addEventListener("keydown", (event) => {
      if (event.key === "Home" || event.key === "End") this.handleKey(event);
    });
  }

  loadExtras() {
    const { config, root } = this;
    if (config.thumbnails) {
      this.scrub
        .load(config.thumbnails)
        .then((count) => root.setAttribute("data-thumbnails", String(count)))
        .catch(() => {});
    }
    if (this.waveform && config.waveform) {
      this.waveform
        .load(config.waveform)
        .then((count) => {
          if (!count) return;
          root.setAttribute("data-waveform-peaks", String(count));
          this.drawWaveform();
        })
        .catch(() => {});
      this.waveform.canvas.addEventListener("click", (event) => {
        this.seekTo(this.fractionAt(event.clientX, this.waveform.canvas) * this.duration());
      });
      window.addEventListener("resize", () => this.drawWaveform());
    }
    if (config.commentsUrl) this.loadComments();
  }

  /* The review comments' markers and drawings, every one of them, from the page's JSON (the
     page lists one page of threads; the seek bar shows them all). Announced with
     "reelflow:comments" so the drawing layer takes them up; kept when the fetch fails (the
     list still works). Call again after a change: the server answers 304 when nothing did. */
  loadComments() {
    return fetch(this.config.commentsUrl, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then((response) => (response.ok ? response.json() : null))
      .then((body) => {
        if (!body || !Array.isArray(body.comments)) return;
        this.comments = body.comments;
        if (this.el.markers) this.placeMarkers();
        this.root.setAttribute("data-comment-markers", String(this.comments.length));
        this.root.dispatchEvent(new CustomEvent("reelflow:comments", { detail: { comments: this.comments } }));
      })
      .catch(() => {});
  }

  drawWaveform() {
    if (this.waveform) this.waveform.draw(this.media.currentTime, this.duration());
  }

  /* ---- Keeping everything in step ---- */

  update() {
    const { el, media } = this;
    const d = this.duration();
    const t = media.currentTime || 0;
    const fraction = d ? Math.min(1, t / d) : 0;
    const text = this.timecode(this.shownTime());
    if (el.played) el.played.style.width = `${fraction * 100}%`;
    if (el.handle) el.handle.style.left = `${fraction * 100}%`;
    if (el.seek) {
      el.seek.setAttribute("aria-valuenow", t.toFixed(2));
      el.seek.setAttribute("aria-valuetext", text);
    }
    if (el.buffered && d && media.buffered.length) {
      el.buffered.style.width = `${(media.buffered.end(media.buffered.length - 1) / d) * 100}%`;
    }
    if (el.timecode) el.timecode.textContent = text;
    if (el.markers && !el.markers.childElementCount && (this.findings.length || this.comments.length)) this.placeMarkers();
    this.drawWaveform();
    const frame = this.frame;
    this.keepInLoop();
    if (frame !== this.lastFrame) {
      this.lastFrame = frame;
      this.root.dispatchEvent(
        new CustomEvent("reelflow:frame", { bubbles: true, detail: { frame, time: this.shownTime(), timecode: text } }),
      );
    }
  }

  /* While playing, note each frame the browser presents (its exact media time). */
  watchFrames() {
    const { media } = this;
    if (this.watching || !media.requestVideoFrameCallback) return;
    this.watching = true;
    const onFrame = (now, meta) => {
      this.presented = meta.mediaTime;
      if (!media.paused && !media.ended) media.requestVideoFrameCallback(onFrame);
      else this.watching = false;
    };
    media.requestVideoFrameCallback(onFrame);
  }

  loop() {
    if (this.looping) return;
    this.looping = true;
    const tick = () => {
      this.update();
      if (!this.media.paused && !this.media.ended) window.requestAnimationFrame(tick);
      else this.looping = false;
    };
    tick();
  }
}
