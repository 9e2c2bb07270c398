// The player's timecode module against the table production/media/engine/timecode.py is tested with.
// Run by `make test` (node --test tests/js/).
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";

import {
  frameAt,
  framesToTimecode,
  timecodeAt,
  timecodeOfFrame,
  timecodeToFrames,
  timeOfFrame,
} from "../../static/js/player/timecode.js";

const table = JSON.parse(readFileSync(new URL("../timecode_cases.json", import.meta.url), "utf8"));

test("timecode at a media time, per the shared table", () => {
  for (const c of table.timecode_at) {
    assert.equal(timecodeAt(c.seconds, c.fps_num, c.fps_den, { start: c.start }), c.expected, JSON.stringify(c));
  }
});

test("frames <-> timecode round trip at every standard rate, drop-frame included", () => {
  for (const [num, den] of table.round_trip_rates) {
    for (let frames = 0; frames < 200_000; frames += 331) {
      assert.equal(timecodeToFrames(framesToTimecode(frames, num, den), num, den), frames, `${frames} @ ${num}/${den}`);
    }
  }
});

test("seeking to a frame's time shows that frame", () => {
  for (const [num, den] of table.round_trip_rates) {
    for (let frame = 0; frame < 100_000; frame += 997) {
      assert.equal(frameAt(timeOfFrame(frame, num, den), num, den), frame);
    }
  }
});

test("what is not a timecode is refused", () => {
  for (const text of table.not_timecodes) assert.equal(timecodeToFrames(text, 25, 1), null, text);
});

test("a frame's timecode is the timecode shown at that frame's time, from a start timecode", () => {
  for (const [num, den] of table.round_trip_rates) {
    for (const start of ["", "01:00:00:00", "00:59:59;29"]) {
      for (let frame = 0; frame < 50_000; frame += 773) {
        assert.equal(timecodeOfFrame(frame, num, den, { start }), timecodeAt(timeOfFrame(frame, num, den), num, den, { start }));
      }
    }
  }
});
