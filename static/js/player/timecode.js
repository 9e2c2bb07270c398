/* SMPTE timecode from media time: frame-accurate, drop-frame aware (29.97 and 59.94 fps).
   The same arithmetic as production/media/engine/timecode.py; both are tested against one table
   (tests/timecode_cases.json: pytest and node's test runner). No DOM here. */

const TC = /^(\d{1,2}):(\d{2}):(\d{2})([:;.])(\d{2,3})$/;
// A tiny tolerance, so a time stored as 0.39999 for frame 10 at 25 fps still reads as frame 10.
const EPSILON = 0.01;

export function nominalRate(fpsNum, fpsDen) {
  return Math.max(1, Math.round(fpsNum / fpsDen));
}

/* 29.97 and 59.94 (30000/1001, 60000/1001) count in drop-frame timecode. */
export function isDropFrameRate(fpsNum, fpsDen) {
  const nominal = nominalRate(fpsNum, fpsDen);
  return fpsDen === 1001 && (nominal === 30 || nominal === 60);
}

function dropPerMinute(nominal) {
  return nominal === 30 ? 2 : 4;
}

/* The frame shown at ``seconds`` (0-based). */
export function frameAt(seconds, fpsNum, fpsDen) {
  return Math.max(0, Math.floor((seconds * fpsNum) / fpsDen + EPSILON));
}

/* The middle of ``frame``'s display interval, in seconds: seeking there never shows a neighbour. */
export function timeOfFrame(frame, fpsNum, fpsDen) {
  return ((Math.max(0, frame) + 0.5) * fpsDen) / fpsNum;
}

const pad = (n) => String(n).padStart(2, "0");

/* ``HH:MM:SS:FF`` (``HH:MM:SS;FF`` in drop-frame) for a frame count. */
export function framesToTimecode(frames, fpsNum, fpsDen, { dropFrame = null } = {}) {
  const nominal = nominalRate(fpsNum, fpsDen);
  const drop = (dropFrame === null ? true : dropFrame) && isDropFrameRate(fpsNum, fpsDen);
  frames = Math.max(0, Math.trunc(frames));
  if (drop) {
    const dropped = dropPerMinute(nominal);
    const perMinute = nominal * 60 - dropped;
    const perTen = nominal * 600 - 9 * dropped;
    const tens = Math.floor(frames / perTen);
    const rest = frames % perTen;
    frames += 9 * dropped * tens;
    if (rest > dropped) frames += dropped * Math.floor((rest - dropped) / perMinute);
  }
  const ff = frames % nominal;
  const seconds = Math.floor(frames / nominal);
  const hh = Math.floor(seconds / 3600) % 24;
  const mm = Math.floor(seconds / 60) % 60;
  return `${pad(hh)}:${pad(mm)}:${pad(seconds % 60)}${drop ? ";" : ":"}${pad(ff)}`;
}

/* Frames from ``HH:MM:SS:FF`` (``;`` marks drop-frame); null when it is not a timecode. */
export function timecodeToFrames(timecode, fpsNum, fpsDen) {
  const m = TC.exec((timecode || "").trim());
  if (!m) return null;
  const [hh, mm, ss, ff] = [+m[1], +m[2], +m[3], +m[5]];
  const nominal = nominalRate(fpsNum, fpsDen);
  let frames = (hh * 3600 + mm * 60 + ss) * nominal + ff;
  if (m[4] !== ":" && isDropFrameRate(fpsNum, fpsDen)) {
    const minutes = hh * 60 + mm;
    frames -= dropPerMinute(nominal) * (minutes - Math.floor(minutes / 10));
  }
  return frames;
}

function clockTime(seconds) {
  const ms = Math.round(Math.max(0, seconds) * 1000);
  return `${pad(Math.floor(ms / 3600000))}:${pad(Math.floor(ms / 60000) % 60)}:${pad(Math.floor(ms / 1000) % 60)}.${String(ms % 1000).padStart(3, "0")}`;
}

/* The timecode of frame ``frame`` (0 is the first) of media whose first frame is ``start``
   (``HH:MM:SS:FF``; drop-frame if the start says so with ``;``), or 00:00:00:00. */
export function timecodeOfFrame(frame, fpsNum, fpsDen, { start = "" } = {}) {
  const offset = start ? timecodeToFrames(start, fpsNum, fpsDen) || 0 : 0;
  let dropFrame = null;
  if (start && isDropFrameRate(fpsNum, fpsDen)) dropFrame = /[;.]/.test(start);
  return framesToTimecode(offset + frame, fpsNum, fpsDen, { dropFrame });
}

/* The timecode shown at ``seconds`` into the media, counted from its start timecode if it has
   one. Without a frame rate (audio), ``HH:MM:SS.mmm``. */
export function timecodeAt(seconds, fpsNum, fpsDen, { start = "" } = {}) {
  if (!fpsNum || !fpsDen) return clockTime(seconds);
  return timecodeOfFrame(frameAt(Math.max(0, seconds), fpsNum, fpsDen), fpsNum, fpsDen, { start });
}
