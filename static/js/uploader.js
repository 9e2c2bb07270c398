/* Reelflow uploader: resumable uploads (tus 1.0, tus-js-client) to /api/uploads/.
   Each file is sent in pieces; a dropped connection retries and carries on where it stopped,
   and a file picked again later (same destination) resumes from the server's offset. */
(function () {
  "use strict";

  var root = document.querySelector("[data-uploader]");
  var configNode = document.getElementById("uploader-config");
  if (!root || !configNode) return;
  var config = JSON.parse(configNode.textContent);
  var destination = root.querySelector("[data-destination]");
  var input = root.querySelector("[data-file-input]");
  var dropzone = root.querySelector("[data-dropzone]");
  var queue = root.querySelector("[data-queue]");
  var queueWrap = root.querySelector("[data-queue-wrap]");
  var FINGERPRINT_PREFIX = "reelflow-" + config.project + "-";

  function csrfToken() {
    var match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    if (match) return decodeURIComponent(match[1]);
    var field = document.querySelector("input[name=csrfmiddlewaretoken]");
    return field ? field.value : "";
  }

  function formatBytes(bytes) {
    if (bytes < 1024) return bytes + " B";
    var units = ["KB", "MB", "GB", "TB"];
    var value = bytes;
    var unit = -1;
    do {
      value /= 1024;
      unit += 1;
    } while (value >= 1024 && unit < units.length - 1);
    return (value >= 100 ? value.toFixed(0) : value.toFixed(1)) + " " + units[unit];
  }

  function formatLeft(seconds) {
    if (!isFinite(seconds) || seconds < 0) return "";
    if (seconds < 10) return "a few seconds left";
    if (seconds < 60) return "about " + Math.round(seconds / 5) * 5 + " s left";
    if (seconds < 3600) return "about " + Math.round(seconds / 60) + " min left";
    var minutes = Math.round(seconds / 60);
    return "about " + Math.floor(minutes / 60) + " h " + String(minutes % 60).padStart(2, "0") + " min left";
  }

  function destinationLabel() {
    var option = destination.options[destination.selectedIndex];
    return option ? option.textContent.trim() : "";
  }

  function metadataFor(file) {
    var value = destination.value;
    var meta = { filename: file.name, filetype: file.type || "" };
    var colon = value.indexOf(":");
    if (colon > 0) {
      // one of an upload target's things ("cut:<id>", "daily:<id>"): the target gives the purpose
      meta[value.slice(0, colon)] = value.slice(colon + 1);
    } else {
      meta.project = config.project;
      meta.purpose = value;
    }
    return meta;
  }

  /* The server's own words for a refusal (400 "Files of this kind are not accepted…", 413 …). */
  function describeError(error) {
    var response = error && error.originalResponse;
    if (response) {
      var status = response.getStatus();
      var body = (response.getBody() || "").trim();
      var said = "";
      try {
        // refusals under /api/ are the API's one error shape: {"error": {"message": …}}
        said = ((JSON.parse(body) || {}).error || {}).message || "";
      } catch (e) {
        said = "";
      }
      if (status === 403 && /csrf/i.test(said || body)) return "Your session expired. Reload the page and pick the file again; it resumes.";
      // sometimes prefixed with the metadata key ("filename: …")
      if (said && said.length < 400) return said.replace(/^[a-z_]+: /, "");
      if (status === 413) return "The file is larger than this server accepts.";
      if (status === 404 || status === 410) return "The upload expired on the server. Pick the file again to start over.";
      if (status >= 500) return "The server had a problem (" + status + "). Try again in a moment; what arrived is kept.";
      return "The server refused the upload (" + status + ").";
    }
    if (!navigator.onLine) return "You are offline. The upload carries on when the connection is back: press Resume.";
    return "The connection failed: " + ((error && error.message) || "unknown error") + ". Press Resume to carry on.";
  }

  function button(label, className) {
    var b = document.createElement("button");
    b.type = "button";
    b.className = "btn btn--sm " + className;
    b.textContent = label;
    return b;
  }

  function addFile(file) {
    queueWrap.hidden = false;
    var item = document.createElement("li");
    item.className = "uitem is-uploading";
    item.setAttribute("data-state", "uploading");
    item.innerHTML =
      '<div class="uitem__head"><span class="uitem__name"></span><span class="uitem__dest"></span></div>' +
      '<div class="progress" role="progressbar" aria-valuemin="0" aria-valuemax="100" aria-valuenow="0">' +
      '<span class="progress__bar"></span></div>' +
      '<div class="uitem__stats"><span class="uitem__pct" data-pct>0 %</span><span data-bytes></span>' +
      '<span data-speed></span><span data-eta></span></div>' +
      '<p class="uitem__msg" data-msg>Starting…</p><div class="uitem__actions"></div>';
    item.querySelector(".uitem__name").textContent = file.name;
    item.querySelector(".uitem__dest").textContent = "→ " + destinationLabel();
    item.querySelector(".progress").setAttribute("aria-label", "Upload of " + file.name);
    queue.appendChild(item);

    var bar = item.querySelector(".progress__bar");
    var progressbar = item.querySelector(".progress");
    var pct = item.querySelector("[data-pct]");
    var bytesText = item.querySelector("[data-bytes]");
    var speedText = item.querySelector("[data-speed]");
    var etaText = item.querySelector("[data-eta]");
    var message = item.querySelector("[data-msg]");
    var actions = item.querySelector(".uitem__actions");
    var pause = button("Pause", "btn--secondary");
    var cancel = button("Cancel", "btn--ghost");
    actions.appendChild(pause);
    actions.appendChild(cancel);

    var dest = destination.value;
    var samples = []; // [time ms, bytes] over the last few seconds, for speed and time left
    var paused = false;
    var finished = false;
    var lastSent = 0;
    var waiting = false; // the connection dropped: tus retries after a delay
    var lostConnection = false; // it stopped retrying with no answer from the server: resume when back online
    var countdown = null;

    /* No speed or time left while nothing moves: they come back once bytes flow again. */
    function clearRate() {
      samples = [];
      speedText.textContent = "";
      etaText.textContent = "";
      speedText.hidden = true;
      etaText.hidden = true;
    }

    function stopWaiting() {
      waiting = false;
      item.removeAttribute("data-connection");
      if (countdown) window.clearInterval(countdown);
      countdown = null;
    }

    /* The connection dropped: say that we wait, and when the next try is. */
    function startWaiting(delayMs) {
      stopWaiting();
      waiting = true;
      item.setAttribute("data-connection", "waiting");
      clearRate();
      var retryAt = Date.now() + (delayMs || 0);
      function tick() {
        var seconds = Math.ceil((retryAt - Date.now()) / 1000);
        var offline = navigator.onLine === false ? "You are offline. " : "";
        message.textContent =
          offline +
          "Waiting for the connection… " +
          (seconds > 0 ? "retrying in " + seconds + " s" : "trying again now");
      }
      tick();
      countdown = window.setInterval(tick, 1000);
    }

    function setState(state) {
      item.className = "uitem is-" + state;
      item.setAttribute("data-state", state);
    }

    function show(sent, total) {
      var percent = total ? Math.floor((sent / total) * 100) : 0;
      bar.style.width = percent + "%";
      progressbar.setAttribute("aria-valuenow", String(percent));
      pct.textContent = percent + " %";
      bytesText.textContent = formatBytes(sent) + " of " + formatBytes(total);
      if (waiting) return;
      var now = Date.now();
      samples.push([now, sent]);
      while (samples.length > 2 && now - samples[0][0] > 5000) samples.shift();
      var first = samples[0];
      var seconds = (now - first[0]) / 1000;
      if (seconds > 0.5 && sent > first[1]) {
        var speed = (sent - first[1]) / seconds;
        speedText.textContent = formatBytes(speed) + "/s";
        etaText.textContent = formatLeft((total - sent) / speed);
        speedText.hidden = false;
        etaText.hidden = false;
      }
    }

    var upload = new tus.Upload(file, {
      endpoint: config.endpoint,
      chunkSize: config.chunkSize,
      // then every 30 s for half an hour: a train, a lift, a dropped Wi-Fi; past that, "online" resumes it
      retryDelays: [0, 1000, 3000, 5000, 10000, 20000].concat(new Array(60).fill(30000)),
      metadata: metadataFor(file),
      headers: { "X-CSRFToken": csrfToken() },
      removeFingerprintOnSuccess: true,
      storeFingerprintForResuming: true,
      fingerprint: function (f, options) {
        return Promise.resolve(
          FINGERPRINT_PREFIX + [dest, f.name, f.type, f.size, f.lastModified, options.endpoint].join("-")
        );
      },
      onProgress: function (sent, total) {
        var flowing = sent > lastSent; // a retry first reports the server's offset: no bytes yet
        lastSent = sent;
        if (waiting && flowing) {
          stopWaiting();
          samples = [];
        }
        show(sent, total);
        if (!paused && !waiting) message.textContent = "Uploading…";
      },
      onShouldRetry: function (error, retryAttempt, options) {
        var status = error.originalResponse ? error.originalResponse.getStatus() : 0;
        if (status === 403 || status === 413 || (status >= 400 && status < 500 && status !== 409 && status !== 423)) {
          return false;
        }
        startWaiting(options.retryDelays[retryAttempt]);
        return true;
      },
      onError: function (error) {
        stopWaiting();
        lostConnection = !error.originalResponse; // no answer at all: the network, not the server
        setState("error");
        message.textContent = describeError(error);
        var status = error.originalResponse ? error.originalResponse.getStatus() : 0;
        var canResume = !status || status >= 500 || status === 409 || status === 423;
        pause.textContent = "Resume";
        paused = true;
        if (!canResume) {
          finished = true;
          if (!lastSent) {
            progressbar.hidden = true;
            item.querySelector(".uitem__stats").hidden = true;
          }
          actions.innerHTML = "";
          var dismiss = button("Dismiss", "btn--ghost");
          dismiss.addEventListener("click", function () {
            item.remove();
            active.splice(active.indexOf(item), 1);
            if (!queue.childElementCount) queueWrap.hidden = true;
          });
          actions.appendChild(dismiss);
        }
        speedText.textContent = "";
        etaText.textContent = "";
      },
      onSuccess: function () {
        stopWaiting();
        finished = true;
        setState("done");
        show(file.size, file.size);
        speedText.textContent = "";
        etaText.textContent = "";
        actions.innerHTML = "";
        var id = (upload.url || "").replace(/\/+$/, "").split("/").pop();
        var href = config.doneUrl.replace("00000000-0000-0000-0000-000000000000", id);
        message.innerHTML = "";
        message.appendChild(document.createTextNode("Uploaded. Checking and rendering it now — "));
        var link = document.createElement("a");
        link.href = href;
        link.textContent = "open it";
        message.appendChild(link);
        onUploadFinished(href);
      },
    });

    pause.addEventListener("click", function () {
      if (finished) return;
      if (!paused) {
        paused = true;
        stopWaiting();
        upload.abort();
        setState("paused");
        pause.textContent = "Resume";
        message.textContent = "Paused. What arrived is kept; press Resume to carry on.";
        speedText.textContent = "";
        etaText.textContent = "";
      } else {
        paused = false;
        samples = [];
        setState("uploading");
        pause.textContent = "Pause";
        message.textContent = "Resuming…";
        upload.start();
      }
    });

    cancel.addEventListener("click", function () {
      if (finished) return;
      paused = true;
      finished = true;
      stopWaiting();
      actions.innerHTML = "";
      message.textContent = "Cancelling…";
      upload
        .abort(true)
        .then(function () {
          setState("cancelled");
          message.textContent = "Cancelled. Nothing was kept.";
        })
        .catch(function () {
          setState("cancelled");
          message.textContent = "Cancelled here; the server will delete the part that arrived.";
        });
    });

    // Back online: try now rather than at the end of the retry delay, and pick up an upload that
    // gave up while the connection was gone (the person need not press Resume).
    window.addEventListener("online", function () {
      if (lostConnection && paused && !finished) {
        lostConnection = false;
        pause.click();
        return;
      }
      if (!waiting || paused || finished) return;
      upload.abort().then(function () {
        if (!waiting || paused || finished) return;
        startWaiting(0);
        upload.start();
      });
    });

    upload.findPreviousUploads().then(function (previous) {
      if (previous.length) {
        upload.resumeFromPreviousUpload(previous[0]);
        message.textContent = "Resuming an earlier upload of this file…";
      }
      upload.start();
    });
    active.push(item);
  }

  var active = [];

  /* One file finished and nothing else is going: open its page, where the render's progress shows.
     With several files, each row keeps its own link. */
  function onUploadFinished(href) {
    if (config.stay) {
      // a page that shows the new file itself (the on-set tracker): tell it, and stay
      root.dispatchEvent(new CustomEvent("reelflow:uploaded", { bubbles: true, detail: { href: href } }));
      return;
    }
    var states = active.map(function (item) {
      return item.getAttribute("data-state");
    });
    var running = states.some(function (state) {
      return state === "uploading" || state === "paused";
    });
    var done = states.filter(function (state) {
      return state === "done";
    }).length;
    if (!running && done === 1) {
      window.setTimeout(function () {
        window.location.href = href;
      }, 1200);
    }
  }

  function addFiles(files) {
    if (!window.tus || !tus.isSupported) {
      queueWrap.hidden = false;
      queue.innerHTML = '<li class="uitem is-error"><p class="uitem__msg">This browser cannot upload in pieces. Use a current Chrome, Firefox, Safari or Edge.</p></li>';
      return;
    }
    Array.prototype.forEach.call(files, addFile);
    input.value = "";
  }

  input.addEventListener("change", function () {
    if (input.files && input.files.length) addFiles(input.files);
  });
  ["dragenter", "dragover"].forEach(function (name) {
    dropzone.addEventListener(name, function (event) {
      event.preventDefault();
      dropzone.classList.add("is-over");
    });
  });
  ["dragleave", "drop"].forEach(function (name) {
    dropzone.addEventListener(name, function (event) {
      event.preventDefault();
      dropzone.classList.remove("is-over");
    });
  });
  dropzone.addEventListener("drop", function (event) {
    if (event.dataTransfer && event.dataTransfer.files.length) addFiles(event.dataTransfer.files);
  });

  // Unfinished uploads this browser remembers for this project.
  window.addEventListener("beforeunload", function (event) {
    var running = active.some(function (item) {
      return item.getAttribute("data-state") === "uploading";
    });
    if (running) {
      event.preventDefault();
      event.returnValue = "";
    }
  });
  if (window.tus && tus.defaultOptions && tus.defaultOptions.urlStorage && tus.defaultOptions.urlStorage.findAllUploads) {
    tus.defaultOptions.urlStorage.findAllUploads().then(function (uploads) {
      var mine = uploads.filter(function (u) {
        return (u.urlStorageKey || "").indexOf("tus::" + FINGERPRINT_PREFIX) === 0;
      });
      if (!mine.length) return;
      var wrap = root.querySelector("[data-resumable]");
      var list = root.querySelector("[data-resumable-list]");
      mine.slice(0, 10).forEach(function (u) {
        var li = document.createElement("li");
        var name = (u.metadata && u.metadata.filename) || "a file";
        var when = u.creationTime ? new Date(u.creationTime).toLocaleString() : "";
        li.textContent = name + " (" + formatBytes(u.size || 0) + ")" + (when ? ", started " + when : "");
        list.appendChild(li);
      });
      wrap.hidden = false;
    });
  }
})();
