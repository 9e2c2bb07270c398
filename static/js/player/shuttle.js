/* J/K/L shuttle as a state: {direction, speed}. direction 1 plays forward, -1 backwards (the
   browser cannot play a <video> backwards, so the player steps back a frame at a time at the
   shuttle's rate), 0 stops. Pressing the key of the way it already goes doubles the speed, up to
   MAX_SPEED; the other way starts again at 1×; K stops. No DOM here. */

export const MAX_SPEED = 2;
export const STOPPED = Object.freeze({ direction: 0, speed: 1 });

export function shuttle(state, key) {
  const { direction, speed } = state || STOPPED;
  if (key === "k") return STOPPED;
  const want = key === "l" ? 1 : key === "j" ? -1 : null;
  if (want === null) return state || STOPPED;
  if (direction === want) return { direction, speed: Math.min(MAX_SPEED, speed * 2) };
  return { direction: want, speed: 1 };
}

/* How many frames a backwards shuttle has stepped after ``seconds`` at ``speed``. */
export function framesBack(seconds, speed, fpsNum, fpsDen) {
  return Math.floor((Math.max(0, seconds) * speed * fpsNum) / fpsDen);
}
