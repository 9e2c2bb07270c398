/* One player on a page element ([data-player]): HLS through hls.js (Safari: native HLS;
   otherwise the MP4 proxy), a seek bar with QC markers and scrub previews, the waveform, and a
   frame-accurate SMPTE timecode. A page may hold several (compare). Other code listens to
   "reelflow:frame" events on the element (detail: frame, time, timecode), fired whenever the
   frame on screen changes, and may drive it through ``element.reelflowPlayer``. */

import { Scrub } from "./scrub.js";
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
    if (this.media.paused) this.play();
    else this.pause();
  }

  play() {
    const promise = this.media.play();
    if (promise && promise.catch) promise.catch(() => {});
  }

  /* Pause; with ``snap`` (a person pressed pause), settle on the frame that was on screen, so
     the picture, the timecode and a comment placed now all name the same frame. */
  pause({ snap = true } = {}) {
    const { media } = this;
    const wasPlaying = !media.paused;
    const shown = this.shownTime();
    media.pause();
    if (snap && wasPlaying && this.hasRate) this.seekToFrame(this.frameAt(shown));
  }

  seekTo(t) {
    const d = this.duration();
    if (!d) return;
    this.media.currentTime = Math.max(0, Math.min(d, t));
    this.update();
  }

  seekToFrame(frame) {
    this.seekTo(this.timeOfFrame(frame));
  }

  stepFrames(n) {
    if (!this.hasRate) return this.seekTo(this.media.currentTime + n * 0.1);
    this.pause({ snap: false });
    // Land in the middle of the target frame, so rounding never shows its neighbour.
    this.seekToFrame(Math.max(0, this.frameAt(this.media.currentTime) + n));
  }

  bindControls() {
    const { media, root, el } = this;
    root.querySelectorAll("[data-action=play]").forEach((button) => button.addEventListener("click", () => this.togglePlay()));
    if (media.tagName === "VIDEO") media.addEventListener("click", () => this.togglePlay());
    if (el.mute) el.mute.addEventListener("click", () => (media.muted = !media.muted));
    if (el.fullscreen) {
      el.fullscreen.addEventListener("click", () => {
        if (document.fullscreenElement) document.exitFullscreen();
        else if (root.requestFullscreen) root.requestFullscreen();
        else if (media.webkitEnterFullscreen) media.webkitEnterFullscreen();
      });
    }
    media.addEventListener("play", () => {
      root.classList.add("is-playing", "has-played");
      this.presented = null;
      this.watchFrames();
      this.loop();
    });
    media.addEventListener("loadeddata", () => {
      // The poster is a frame from further in; once the picture can show, show the frame the
      // timecode names.
      if (media.currentTime === 0 && media.paused) media.removeAttribute("poster");
    });
    media.addEventListener("pause", () => {
      root.classList.remove("is-playing");
      this.update();
    });
    media.addEventListener("volumechange", () => {
      root.classList.toggle("is-muted", media.muted || media.volume === 0);
      if (el.mute) el.mute.setAttribute("aria-label", media.muted ? "Unmute" : "Mute");
    });
    for (const name of ["timeupdate", "seeked", "loadedmetadata", "durationchange", "progress"]) {
      media.addEventListener(name, () => this.update());
    }
    root.addEventListener("keydown", (event) => {
      if (event.target.closest("button") && (event.key === " " || event.key === "Enter")) return;
      let handled = true;
      if (event.key === " " || event.key === "k") this.togglePlay();
      else if (event.key === "ArrowLeft") event.shiftKey ? this.seekTo(media.currentTime - 1) : this.stepFrames(-1);
      else if (event.key === "ArrowRight") event.shiftKey ? this.seekTo(media.currentTime + 1) : this.stepFrames(1);
      else if (event.key === "m") media.muted = !media.muted;
      else handled = false;
      if (handled) event.preventDefault();
    });
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
      if (event.key === "Home") this.seekToFrame(0);
      else if (event.key === "End") this.hasRate ? this.seekToFrame(this.finalFrame()) : this.seekTo(this.duration());
      else return;
      event.preventDefault();
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
