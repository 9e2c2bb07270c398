// The player's timecode module behind a pipe, so Python can put the same cases to both
// implementations (tests/production/media/engine/test_timecode_properties.py).
// Each line on stdin is a JSON array of cases; each gets one line on stdout: the JSON array of
// their results, in order. A case is {op, args}; ops name the functions of timecode.js.
import { createInterface } from "node:readline";

import {
  frameAt,
  framesToTimecode,
  nominalRate,
  timecodeAt,
  timecodeOfFrame,
  timecodeToFrames,
  timeOfFrame,
} from "../../static/js/player/timecode.js";

const OPS = {
  nominalRate: ([num, den]) => nominalRate(num, den),
  frameAt: ([seconds, num, den]) => frameAt(seconds, num, den),
  timeOfFrame: ([frame, num, den]) => timeOfFrame(frame, num, den),
  framesToTimecode: ([frames, num, den, dropFrame]) => framesToTimecode(frames, num, den, { dropFrame }),
  timecodeToFrames: ([text, num, den]) => timecodeToFrames(text, num, den),
  timecodeAt: ([seconds, num, den, start]) => timecodeAt(seconds, num, den, { start }),
  timecodeOfFrame: ([frame, num, den, start]) => timecodeOfFrame(frame, num, den, { start }),
};

const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
for await (const line of lines) {
  if (!line.trim()) continue;
  const results = JSON.parse(line).map(({ op, args }) => {
    try {
      return { value: OPS[op](args) };
    } catch (error) {
      return { error: String(error) };
    }
  });
  process.stdout.write(`${JSON.stringify(results)}\n`);
}
