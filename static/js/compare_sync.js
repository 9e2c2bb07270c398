/* Frame lock for two players (the compare page). Pure logic over a small interface, so node can
   test it: each side is {frame, paused, rate, play(), pause(), seekToFrame(n), setRate(r)}.
   Whatever a person does to one side — play, pause, seek, step, change speed — the other
   follows; while both play, the follower is pulled back onto the leader's frame when it drifts
   more than ``tolerance`` frames. */

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
    if (other.frame !== side.frame) other.seekToFrame(side.frame);
    if (other.paused) other.play();
  }

  /* ``side`` paused (it settles on the frame it showed): the other stops on that frame. */
  paused(side) {
    const other = this.other(side);
    if (!other.paused) other.pause();
    if (side.frame != null && other.frame !== side.frame) other.seekToFrame(side.frame);
  }

  /* ``side`` shows a new frame (a seek, a step, or playback). Paused: the other goes to exactly
     that frame. Playing: only a drift past the tolerance is corrected (a seek mid-play costs a
     stall, so small jitter between two decoders is let be). */
  moved(side) {
    const other = this.other(side);
    if (side.frame == null) return;
    if (side.paused) {
      if (other.frame !== side.frame) other.seekToFrame(side.frame);
    } else if (other.paused) {
      this.played(side);
    } else if (Math.abs(other.frame - side.frame) > this.tolerance) {
      other.seekToFrame(side.frame);
    }
  }

  rateChanged(side) {
    const other = this.other(side);
    if (other.rate !== side.rate) other.setRate(side.rate);
  }
}
