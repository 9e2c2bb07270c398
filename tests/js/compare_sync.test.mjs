import assert from "node:assert/strict";
import { test } from "node:test";

import { FrameLock, matchingFrame } from "../../static/js/compare_sync.js";

function fake(frame = 0, fps = 25) {
  const side = {
    frame,
    fps,
    paused: true,
    rate: 1,
    calls: [],
    play() {
      this.paused = false;
      this.calls.push("play");
    },
    pause() {
      this.paused = true;
      this.calls.push("pause");
    },
    seekToFrame(n) {
      this.frame = n;
      this.calls.push(`seek ${n}`);
    },
    setRate(r) {
      this.rate = r;
      this.calls.push(`rate ${r}`);
    },
  };
  return side;
}

test("a seek or a step on either paused side puts the other on exactly that frame", () => {
  const a = fake(), b = fake();
  const lock = new FrameLock(a, b);
  a.frame = 48;
  lock.moved(a);
  assert.equal(b.frame, 48);
  b.frame = 47; // a step back on the other side
  lock.moved(b);
  assert.equal(a.frame, 47);
  assert.deepEqual(a.calls, ["seek 47"]);
});

test("play and pause carry over, and pause lands both on the same frame", () => {
  const a = fake(10), b = fake(10);
  const lock = new FrameLock(a, b);
  a.paused = false;
  lock.played(a);
  assert.equal(b.paused, false);
  a.frame = 120;
  b.frame = 118;
  a.paused = true;
  lock.paused(a);
  assert.equal(b.paused, true);
  assert.equal(b.frame, 120);
});

test("while both play, small jitter is let be and a drift past the tolerance is corrected", () => {
  const a = fake(), b = fake();
  const lock = new FrameLock(a, b, { tolerance: 1 });
  a.paused = b.paused = false;
  a.frame = 100;
  b.frame = 99;
  lock.moved(a);
  assert.deepEqual(b.calls, []);
  b.frame = 96;
  lock.moved(a);
  assert.deepEqual(b.calls, ["seek 100"]);
});

test("a speed change on one side changes the other", () => {
  const a = fake(), b = fake();
  const lock = new FrameLock(a, b);
  a.rate = 0.5;
  lock.rateChanged(a);
  assert.equal(b.rate, 0.5);
  lock.rateChanged(a);
  assert.deepEqual(b.calls, ["rate 0.5"]);
});

test("two rates lock to the same moment, not the same frame number", () => {
  const pal = fake(0, 25), ntsc = fake(0, 30000 / 1001);
  const lock = new FrameLock(pal, ntsc);
  pal.frame = 229; // 9.16 s
  lock.moved(pal);
  assert.equal(ntsc.frame, 275); // 9.176–9.209 s at 29.97 holds the middle of 25 fps frame 229 (9.18 s)
  assert.equal(matchingFrame(ntsc, pal), 229);
  ntsc.frame = 600; // a seek on the other side: 20.02 s
  lock.moved(ntsc);
  assert.equal(pal.frame, 500);
  assert.equal(matchingFrame(fake(7, 25), fake(0, 25)), 7);
});
