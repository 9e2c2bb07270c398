/* Frame lock for two players (the compare page). Pure logic over a small interface, so node can
   test it: each side is {frame, fps, paused, rate, play(), pause(), seekToFrame(n), setRate(r)}.
   Whatever a person does to one side — play, pause, seek, step, change speed — the other
   follows to the same moment of the picture: the same frame when both run at one rate, else the
   frame on screen at that time (25 fps frame 229 is 29.97 fps frame 274); while both play, the
   follower is pulled back when it drifts more than ``tolerance`` of its frames. */

/* The frame of ``to`` on screen at the middle of ``from``'s frame. */
export function matchingFrame(from, to) {
  if (from.frame == null) return null;
  if (!from.fps || !to.fps || from.fps === to.fps) return from.frame;
  return Math.floor(((from.frame + 0.5) * to.fps) / from.fps);
}

export class FrameLock {
  constructor(a, b, { tolerance = 1 } = {}) {
    this.sides = [a, b];
    this.tolerance = tolerance;
  }

  other(side) {
    return side === this.sides[0] ? this.sides[1] : this.sides[0];
  }

  /* ``side`` started playing: the other starts from the same frame. */
  played(side) {
    const other = this.other(side);
    const target = matchingFrame(side, other);
    if (target != null && other.frame !== target) other.seekToFrame(target);
    if (other.paused) other.play();
  }

  /* ``side`` paused (it settles on the frame it showed): the other stops on that frame. */
  paused(side) {
    const other = this.other(side);
    if (!other.paused) other.pause();
    const target = matchingFrame(side, other);
    if (target != null && other.frame !== target) other.seekToFrame(target);
  }

  /* ``side`` shows a new frame (a seek, a step, or playback). Paused: the other goes to exactly
     that frame. Playing: only a drift past the tolerance is corrected (a seek mid-play costs a
     stall, so small jitter between two decoders is let be). */
  moved(side) {
    const other = this.other(side);
    const target = matchingFrame(side, other);
    if (target == null) return;
    if (side.paused) {
      if (other.frame !== target) other.seekToFrame(target);
    } else if (other.paused) {
      this.played(side);
    } else if (Math.abs(other.frame - target) > this.tolerance) {
      other.seekToFrame(target);
    }
  }

  rateChanged(side) {
    const other = this.other(side);
    if (other.rate !== side.rate) other.setRate(side.rate);
  }
}
