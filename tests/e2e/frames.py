"""Reading the frame a browser *shows*: the test clips carry their own index as a pattern of
black and white columns (tests/production/media/clips.py: frame_index_clip), read back here
through a canvas. What the picture shows is compared with what the player's timecode says."""

from __future__ import annotations

from production.media.engine.timecode import timecode_to_frames
from tests.production.media.clips import INDEX_BITS

# Draw the video's current frame at its own size and read the centre of each column.
_SHOWN_INDEX = """
(bits) => {
  const v = document.querySelector('video');
  const c = document.createElement('canvas');
  c.width = v.videoWidth; c.height = v.videoHeight;
  const ctx = c.getContext('2d', { willReadFrequently: true });
  ctx.drawImage(v, 0, 0, c.width, c.height);
  const y = Math.floor(c.height / 4);
  let index = 0;
  for (let b = 0; b < bits; b++) {
    const x = Math.floor((b + 0.5) * c.width / bits);
    if (ctx.getImageData(x, y, 1, 1).data[0] > 127) index += 1 << b;
  }
  return index;
}
"""

# Note when the video last finished a seek and when it last handed a frame to the compositor
# (requestVideoFrameCallback, re-armed on every frame), from before the first action on.
_WATCH = """
() => {
  const v = document.querySelector('video');
  const w = (window.__frameWatch = { seekedAt: -1, presentedAt: -1 });
  v.addEventListener('seeked', () => { w.seekedAt = performance.now(); });
  if (v.requestVideoFrameCallback) {
    const presented = () => { w.presentedAt = performance.now(); v.requestVideoFrameCallback(presented); };
    v.requestVideoFrameCallback(presented);
  }
}
"""

# Wait until the seek has finished and the new frame has been handed to the compositor: when
# the watch saw a frame presented after the last seek finished, it has been; otherwise wait for
# the next presented frame.
_SETTLED = """
async () => {
  const v = document.querySelector('video');
  if (v.seeking) await new Promise(r => v.addEventListener('seeked', r, { once: true }));
  const w = window.__frameWatch;
  if (!(w && w.presentedAt > w.seekedAt)) {
    await new Promise(r => {
      const timer = setTimeout(r, 400);   // a seek within the frame already shown presents nothing new
      if (v.requestVideoFrameCallback) v.requestVideoFrameCallback(() => { clearTimeout(timer); r(); });
    });
  }
  await new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
}
"""


def watch_frames(page) -> None:
    """Start noting seeks and presented frames; call once the video is ready, before acting."""
    page.evaluate(_WATCH)


def settle(page) -> None:
    page.evaluate(_SETTLED)


def shown_index(page) -> int:
    settle(page)
    return page.evaluate(_SHOWN_INDEX, INDEX_BITS)


def timecode_frame(page, fps_num: int, fps_den: int, start: str) -> int:
    """The frame the player's timecode names, counted from the first frame of the clip."""
    text = page.locator("[data-timecode]").text_content().strip()
    start_frames = timecode_to_frames(start, fps_num, fps_den) if start else 0
    return timecode_to_frames(text, fps_num, fps_den) - start_frames
