/* Reelflow player: HLS through hls.js (Safari: native HLS; otherwise the MP4 proxy), a seek bar
   with sprite-sheet scrub previews from the WebVTT thumbnails track, the audio waveform with the
   playhead and QC markers (click to seek), and a frame-accurate SMPTE timecode. */
(function () {
  "use strict";

  var root = document.querySelector("[data-player]");
  var configNode = document.getElementById("player-config");
  if (!root || !configNode) return;
  var config = JSON.parse(configNode.textContent);
  var media = root.querySelector("[data-media]");
  var seek = root.querySelector("[data-seek]");
  var played = root.querySelector("[data-played]");
  var buffered = root.querySelector("[data-buffered]");
  var handle = root.querySelector("[data-handle]");
  var markers = root.querySelector("[data-markers]");
  var scrub = root.querySelector("[data-scrub]");
  var scrubImg = root.querySelector("[data-scrub-img]");
  var scrubTc = root.querySelector("[data-scrub-tc]");
  var tcText = root.querySelector("[data-timecode]");
  var errorText = root.querySelector("[data-player-error]");
  var canvas = root.querySelector("[data-waveform-canvas]");

  /* ---- Timecode (same arithmetic as production/timecode.py) ---- */
  var fpsNum = config.fpsNum;
  var fpsDen = config.fpsDen;
  var hasRate = !!(fpsNum && fpsDen);
  var nominal = hasRate ? Math.max(1, Math.round(fpsNum / fpsDen)) : 0;
  var dropRate = hasRate && fpsDen === 1001 && (nominal === 30 || nominal === 60);
  var start = config.startTimecode || "";
  var dropFrame = dropRate && (start ? /[;.]/.test(start) : true);
  var dropPerMinute = nominal === 30 ? 2 : 4;

  function pad(n) {
    return String(n).padStart(2, "0");
  }

  function timecodeToFrames(tc) {
    var m = /^(\d{1,2}):(\d{2}):(\d{2})([:;.])(\d{2,3})$/.exec(tc || "");
    if (!m) return 0;
    var hh = +m[1], mm = +m[2], ss = +m[3], ff = +m[5];
    var frames = (hh * 3600 + mm * 60 + ss) * nominal + ff;
    if (m[4] !== ":" && dropRate) {
      var minutes = hh * 60 + mm;
      frames -= dropPerMinute * (minutes - Math.floor(minutes / 10));
    }
    return frames;
  }
  var startFrames = hasRate && start ? timecodeToFrames(start) : 0;

  function framesToTimecode(frames) {
    if (dropFrame) {
      var perMinute = nominal * 60 - dropPerMinute;
      var perTen = nominal * 600 - 9 * dropPerMinute;
      var tens = Math.floor(frames / perTen);
      var rest = frames % perTen;
      frames += 9 * dropPerMinute * tens;
      if (rest > dropPerMinute) frames += dropPerMinute * Math.floor((rest - dropPerMinute) / perMinute);
    }
    var ff = frames % nominal;
    var seconds = Math.floor(frames / nominal);
    return (
      pad(Math.floor(seconds / 3600) % 24) + ":" + pad(Math.floor(seconds / 60) % 60) + ":" + pad(seconds % 60) +
      (dropFrame ? ";" : ":") + pad(ff)
    );
  }

  /* Where the first video frame sits on the media element's timeline. hls.js places a
     stream's timeline at its first decode time, so with B-frames (a reorder delay) the first
     frame is *shown* from e.g. 0.08 s, not 0: every time <-> frame mapping goes through this,
     or the timecode runs two frames ahead of the picture. The MP4 proxy's edit list already
     starts its picture at 0. */
  var videoStart = 0;

  function frameAt(t) {
    return Math.max(0, Math.floor(((t - videoStart) * fpsNum) / fpsDen + 0.01));
  }

  /* The media time at which ``frame`` is on screen: the middle of its display interval, so
     rounding never shows a neighbour. */
  function timeOfFrame(frame) {
    return videoStart + ((Math.max(0, frame) + 0.5) * fpsDen) / fpsNum;
  }

  /* ``t`` is a time on the media element's timeline (currentTime). */
  function timecode(t) {
    t = Math.max(0, t || 0);
    if (!hasRate) return clockTime(t);
    return framesToTimecode(startFrames + frameAt(t));
  }

  /* ``seconds`` from the start of the picture (QC findings, thumbnails: the file's own times). */
  function contentTimecode(seconds) {
    return timecode(videoStart + Math.max(0, seconds || 0));
  }

  function clockTime(t) {
    var ms = Math.round(t * 1000);
    return pad(Math.floor(ms / 3600000)) + ":" + pad(Math.floor(ms / 60000) % 60) + ":" +
      pad(Math.floor(ms / 1000) % 60) + "." + String(ms % 1000).padStart(3, "0");
  }
  window.ReelflowTimecode = {
    at: timecode,
    frameAt: frameAt,
    timeOfFrame: timeOfFrame,
    videoStart: function () {
      return videoStart;
    },
  }; // for tests and the review tools

  function duration() {
    var d = media.duration;
    return isFinite(d) && d > 0 ? d : config.duration || 0;
  }

  /* ---- Sources: hls.js, native HLS (Safari), or the MP4 proxy ---- */
  var hls = null;
  function showError(text) {
    if (errorText) {
      errorText.textContent = text;
      errorText.hidden = false;
    }
  }
  function useProxy() {
    if (hls) {
      hls.destroy();
      hls = null;
    }
    if (config.proxy) {
      root.setAttribute("data-player-engine", "mp4");
      media.src = config.proxy;
    } else {
      showError("This browser cannot play the stream. Try a current Chrome, Firefox, Safari or Edge.");
    }
  }
  var nativeHls = media.canPlayType("application/vnd.apple.mpegurl");
  var isSafari = /^((?!chrome|chromium|android|crios|fxios).)*safari/i.test(navigator.userAgent);
  if (config.hls && nativeHls && isSafari) {
    root.setAttribute("data-player-engine", "native");
    media.src = config.hls;
  } else if (config.hls && window.Hls && window.Hls.isSupported()) {
    root.setAttribute("data-player-engine", "hls.js");
    hls = new window.Hls({ capLevelToPlayerSize: true, maxBufferLength: 30, xhrSetup: function (xhr) {
      xhr.withCredentials = true;
    } });
    var recovered = false;
    hls.on(window.Hls.Events.ERROR, function (event, data) {
      if (!data.fatal) return;
      if (data.type === window.Hls.ErrorTypes.MEDIA_ERROR && !recovered) {
        recovered = true;
        hls.recoverMediaError();
      } else {
        useProxy();
      }
    });
    hls.on(window.Hls.Events.FRAG_BUFFERED, function (event, data) {
      var frag = data.frag;
      var video = frag && frag.elementaryStreams && frag.elementaryStreams.video;
      // The first segment's video start is the picture's zero (see videoStart).
      if (frag && frag.sn === 0 && video && isFinite(video.startPTS) && video.startPTS !== videoStart) {
        videoStart = Math.max(0, video.startPTS);
        root.setAttribute("data-video-start", videoStart.toFixed(4));
        update();
      }
    });
    hls.loadSource(config.hls);
    hls.attachMedia(media);
  } else if (config.hls && nativeHls) {
    root.setAttribute("data-player-engine", "native");
    media.src = config.hls;
  } else {
    useProxy();
  }
  /* Other engines (the browser's own HLS, the MP4 proxy): ask the browser when the first
     frame it shows is stamped — requestVideoFrameCallback reports the presented frame's time on
     the currentTime timeline. A TS stream whose audio starts before its picture (AAC priming)
     puts that frame a fraction of a frame after zero. */
  function measureVideoStart() {
    if (hls || media.tagName !== "VIDEO" || !media.requestVideoFrameCallback || !hasRate) return;
    if (!media.paused || media.currentTime > 0) return;
    media.requestVideoFrameCallback(function (now, meta) {
      var frame = fpsDen / fpsNum;
      if (hls || !isFinite(meta.mediaTime) || meta.mediaTime < 0 || meta.mediaTime > 3 * frame) return;
      if (media.currentTime > meta.mediaTime + frame) return; // someone seeked meanwhile: not the first frame
      videoStart = meta.mediaTime;
      root.setAttribute("data-video-start", videoStart.toFixed(4));
      update();
    });
    media.currentTime = 0; // a seek presents a frame, even with a poster and nothing played
  }
  media.addEventListener("loadeddata", measureVideoStart);
  media.addEventListener("error", function () {
    if (root.getAttribute("data-player-engine") !== "mp4" && config.proxy) useProxy();
    else showError("The video could not be loaded. Reload the page to try again.");
  });

  /* ---- Controls ---- */
  function togglePlay() {
    if (media.paused) {
      var p = media.play();
      if (p && p.catch) p.catch(function () {});
    } else {
      media.pause();
    }
  }
  root.querySelectorAll("[data-action=play]").forEach(function (b) {
    b.addEventListener("click", togglePlay);
  });
  if (media.tagName === "VIDEO") media.addEventListener("click", togglePlay);
  var muteButton = root.querySelector("[data-action=mute]");
  if (muteButton) {
    muteButton.addEventListener("click", function () {
      media.muted = !media.muted;
    });
  }
  var fullButton = root.querySelector("[data-action=fullscreen]");
  if (fullButton) {
    fullButton.addEventListener("click", function () {
      if (document.fullscreenElement) document.exitFullscreen();
      else if (root.requestFullscreen) root.requestFullscreen();
      else if (media.webkitEnterFullscreen) media.webkitEnterFullscreen();
    });
  }
  media.addEventListener("play", function () {
    root.classList.add("is-playing", "has-played");
    loop();
  });
  media.addEventListener("pause", function () {
    root.classList.remove("is-playing");
    update();
  });
  media.addEventListener("volumechange", function () {
    root.classList.toggle("is-muted", media.muted || media.volume === 0);
    if (muteButton) muteButton.setAttribute("aria-label", media.muted ? "Unmute" : "Mute");
  });
  ["timeupdate", "seeked", "loadedmetadata", "durationchange", "progress"].forEach(function (name) {
    media.addEventListener(name, update);
  });

  function seekTo(t) {
    var d = duration();
    if (!d) return;
    media.currentTime = Math.max(0, Math.min(d, t));
    update();
  }

  function stepFrames(n) {
    if (!hasRate) return seekTo(media.currentTime + n * 0.1);
    media.pause();
    // Land in the middle of the target frame, so rounding never shows its neighbour.
    seekTo(timeOfFrame(frameAt(media.currentTime) + n));
  }

  root.addEventListener("keydown", function (event) {
    if (event.target.closest("button") && (event.key === " " || event.key === "Enter")) return;
    var handled = true;
    if (event.key === " " || event.key === "k") togglePlay();
    else if (event.key === "ArrowLeft") event.shiftKey ? seekTo(media.currentTime - 1) : stepFrames(-1);
    else if (event.key === "ArrowRight") event.shiftKey ? seekTo(media.currentTime + 1) : stepFrames(1);
    else if (event.key === "m") media.muted = !media.muted;
    else handled = false;
    if (handled) event.preventDefault();
  });

  /* ---- The seek bar, its markers and the scrub preview ---- */
  function fractionAt(clientX, element) {
    var rect = element.getBoundingClientRect();
    return Math.max(0, Math.min(1, (clientX - rect.left) / rect.width));
  }

  var findings = config.findings || [];
  function placeMarkers() {
    if (!markers) return;
    markers.innerHTML = "";
    var d = duration();
    if (!d) return;
    findings.forEach(function (f) {
      if (f.start == null) return;
      var el = document.createElement("span");
      var lane = f.kind === "black" || f.kind === "freeze" ? "picture" : "sound";
      el.className = "seek__marker seek__marker--" + lane + " mk-" + f.kind;
      el.style.left = (f.start / d) * 100 + "%";
      var end = f.end != null ? f.end : f.start;
      el.style.width = Math.max(0, ((end - f.start) / d) * 100) + "%";
      el.title = f.label + " at " + contentTimecode(f.start);
      markers.appendChild(el);
    });
  }

  var cues = [];
  if (config.thumbnails) {
    fetch(config.thumbnails, { credentials: "same-origin" })
      .then(function (r) {
        return r.ok ? r.text() : "";
      })
      .then(function (text) {
        cues = parseThumbnails(text, new URL(config.thumbnails, window.location.href));
        root.setAttribute("data-thumbnails", String(cues.length));
      })
      .catch(function () {});
  }

  function vttTime(text) {
    var parts = text.trim().split(":");
    var seconds = 0;
    for (var i = 0; i < parts.length; i++) seconds = seconds * 60 + parseFloat(parts[i]);
    return seconds;
  }

  /* WebVTT cues of the form `sprite.jpg#xywh=x,y,w,h`, resolved against the VTT's own URL (so
     the sprite goes through the same checked /media/renders/<id>/ prefix). */
  function parseThumbnails(text, base) {
    var out = [];
    var blocks = text.replace(/\r/g, "").split(/\n\n+/);
    blocks.forEach(function (block) {
      var lines = block.split("\n").filter(Boolean);
      var timing = -1;
      for (var i = 0; i < lines.length; i++) if (lines[i].indexOf("-->") !== -1) timing = i;
      if (timing < 0 || !lines[timing + 1]) return;
      var times = lines[timing].split("-->");
      var target = lines[timing + 1].trim();
      var hash = target.indexOf("#xywh=");
      if (hash < 0) return;
      var box = target.slice(hash + 6).split(",").map(Number);
      if (box.length !== 4 || box.some(isNaN)) return;
      out.push({
        start: vttTime(times[0]),
        end: vttTime(times[1].trim().split(/\s+/)[0]),
        url: new URL(target.slice(0, hash), base).href,
        x: box[0], y: box[1], w: box[2], h: box[3],
      });
    });
    return out;
  }

  function cueAt(t) {
    for (var i = 0; i < cues.length; i++) if (t >= cues[i].start && t < cues[i].end) return cues[i];
    return cues.length && t >= cues[cues.length - 1].start ? cues[cues.length - 1] : null;
  }

  function showScrub(clientX) {
    var d = duration();
    if (!d || !scrub) return;
    var fraction = fractionAt(clientX, seek);
    var t = fraction * d;
    var cue = cueAt(t - videoStart);
    if (cue) {
      scrubImg.hidden = false;
      scrubImg.style.width = cue.w + "px";
      scrubImg.style.height = cue.h + "px";
      scrubImg.style.backgroundImage = 'url("' + cue.url + '")';
      scrubImg.style.backgroundPosition = -cue.x + "px " + -cue.y + "px";
    } else {
      scrubImg.hidden = true;
    }
    scrubTc.textContent = timecode(t);
    scrub.hidden = false;
    // Keep the preview inside the window at both ends of the bar.
    var rect = seek.getBoundingClientRect();
    var half = (cue ? cue.w : 80) / 2 + 4;
    var x = Math.max(half - rect.left, Math.min(fraction * rect.width, window.innerWidth - rect.left - half));
    scrub.style.left = x + "px";
  }

  var dragging = false;
  if (seek) {
    seek.addEventListener("pointermove", function (event) {
      showScrub(event.clientX);
      if (dragging) seekTo(fractionAt(event.clientX, seek) * duration());
    });
    seek.addEventListener("pointerleave", function () {
      if (!dragging && scrub) scrub.hidden = true;
    });
    seek.addEventListener("pointerdown", function (event) {
      dragging = true;
      seek.setPointerCapture(event.pointerId);
      showScrub(event.clientX);
      seekTo(fractionAt(event.clientX, seek) * duration());
    });
    seek.addEventListener("pointerup", function (event) {
      dragging = false;
      seek.releasePointerCapture(event.pointerId);
      if (event.pointerType !== "mouse" && scrub) scrub.hidden = true;
    });
    seek.addEventListener("keydown", function (event) {
      if (event.key === "Home") seekTo(0);
      else if (event.key === "End") seekTo(duration());
      else return;
      event.preventDefault();
    });
  }

  /* ---- The waveform ---- */
  var peaks = null;
  var peaksDuration = 0;
  if (canvas && config.waveform) {
    fetch(config.waveform, { credentials: "same-origin" })
      .then(function (r) {
        return r.ok ? r.json() : null;
      })
      .then(function (data) {
        if (!data || !data.peaks) return;
        peaks = data.peaks;
        peaksDuration = data.duration || 0;
        root.setAttribute("data-waveform-peaks", String(peaks.length));
        drawWaveform();
      })
      .catch(function () {});
    canvas.addEventListener("click", function (event) {
      seekTo(fractionAt(event.clientX, canvas) * duration());
    });
    window.addEventListener("resize", drawWaveform);
  }

  var MARKER_COLOURS = { black: "#a78bfa", silence: "#38bdf8", freeze: "#fbbf24", true_peak: "#f87171", loudness: "#f87171" };

  function drawWaveform() {
    if (!canvas || !peaks) return;
    var ratio = window.devicePixelRatio || 1;
    var width = canvas.clientWidth;
    var height = canvas.clientHeight;
    if (!width || !height) return;
    if (canvas.width !== Math.round(width * ratio) || canvas.height !== Math.round(height * ratio)) {
      canvas.width = Math.round(width * ratio);
      canvas.height = Math.round(height * ratio);
    }
    var ctx = canvas.getContext("2d");
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    ctx.clearRect(0, 0, width, height);
    var d = duration() || peaksDuration;
    // QC findings as bands behind the waveform.
    findings.forEach(function (f) {
      if (f.start == null || !d) return;
      var x0 = (f.start / d) * width;
      var x1 = ((f.end != null ? f.end : f.start) / d) * width;
      ctx.fillStyle = MARKER_COLOURS[f.kind] || "#f87171";
      ctx.globalAlpha = 0.22;
      ctx.fillRect(x0, 0, Math.max(2, x1 - x0), height);
      ctx.globalAlpha = 1;
      ctx.fillRect(x0, 0, 2, 4);
    });
    var bar = 2;
    var gap = 1;
    var columns = Math.max(1, Math.floor(width / (bar + gap)));
    var per = peaks.length / columns;
    var playedX = d ? (media.currentTime / d) * width : 0;
    var mid = height / 2;
    for (var c = 0; c < columns; c++) {
      var from = Math.floor(c * per);
      var to = Math.max(from + 1, Math.floor((c + 1) * per));
      var peak = 0;
      for (var i = from; i < to && i < peaks.length; i++) if (peaks[i] > peak) peak = peaks[i];
      // A decibel scale (-60 dBFS to 0), so quiet dialogue still shows its shape.
      var level = peak > 0 ? Math.max(0, (20 * Math.log10(peak) + 60) / 60) : 0;
      var h = Math.max(1, level * (height - 4));
      var x = c * (bar + gap);
      ctx.fillStyle = x < playedX ? "#818cf8" : "rgba(255,255,255,0.38)";
      ctx.fillRect(x, mid - h / 2, bar, h);
    }
    ctx.fillStyle = "#ffffff";
    ctx.fillRect(Math.min(width - 2, Math.max(0, playedX - 1)), 0, 2, height);
  }

  /* ---- Keeping everything in step ---- */
  function update() {
    var d = duration();
    var t = media.currentTime || 0;
    var fraction = d ? Math.min(1, t / d) : 0;
    if (played) played.style.width = fraction * 100 + "%";
    if (handle) handle.style.left = fraction * 100 + "%";
    if (seek) {
      seek.setAttribute("aria-valuenow", t.toFixed(2));
      seek.setAttribute("aria-valuetext", timecode(t));
    }
    if (buffered && d && media.buffered.length) {
      buffered.style.width = (media.buffered.end(media.buffered.length - 1) / d) * 100 + "%";
    }
    if (tcText) tcText.textContent = timecode(t);
    if (markers && !markers.childElementCount && findings.length) placeMarkers();
    drawWaveform();
  }

  var looping = false;
  function loop() {
    if (looping) return;
    looping = true;
    (function frame() {
      update();
      if (!media.paused && !media.ended) window.requestAnimationFrame(frame);
      else looping = false;
    })();
  }

  // QC findings in the report seek the player.
  document.querySelectorAll("[data-seek-to]").forEach(function (button) {
    button.addEventListener("click", function () {
      media.pause();
      seekTo(videoStart + (parseFloat(button.getAttribute("data-seek-to")) || 0));
      root.scrollIntoView({ behavior: "smooth", block: "nearest" });
      root.focus({ preventScroll: true });
    });
  });

  update();
})();
