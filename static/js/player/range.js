/* In and out points: a range of frames {in, out}, either end null until set. Setting one end past
   the other drops the other (as an editor's marks do), so in <= out always holds. No DOM here. */

export const NO_RANGE = Object.freeze({ in: null, out: null });

export function markIn(range, frame) {
  const out = range.out != null && range.out >= frame ? range.out : null;
  return { in: frame, out };
}

export function markOut(range, frame) {
  const start = range.in != null && range.in <= frame ? range.in : null;
  return { in: start, out: frame };
}

/* A range a comment can take: both ends set and at least two frames (frame < end_frame). */
export function isCommentRange(range) {
  return range.in != null && range.out != null && range.out > range.in;
}

/* Where looping plays between: the marks, or the clip's ends where a mark is missing. */
export function loopBounds(range, lastFrame) {
  const start = range.in != null ? range.in : 0;
  const end = range.out != null ? range.out : lastFrame;
  return end > start ? { start, end } : { start: 0, end: lastFrame };
}
