"""The WebVTT track that tells a player which part of ``sprite.jpg`` to show at each time."""

from __future__ import annotations

from pathlib import Path

from production.media.engine.ladder import SpritePlan


def vtt_timestamp(seconds: float) -> str:
    millis = round(max(0.0, seconds) * 1000)
    hours, rest = divmod(millis, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    secs, millis = divmod(rest, 1000)
    return f"{hours:02d}:{minutes:02d}:{secs:02d}.{millis:03d}"


def thumbnail_cues(sprite: SpritePlan, duration: float) -> list[tuple[float, float, tuple[int, int, int, int]]]:
    """(start, end, (x, y, w, h)) per thumbnail; the last cue runs to the end of the media."""
    cues = []
    for index in range(sprite.count):
        start = index * sprite.interval
        end = duration if index == sprite.count - 1 else (index + 1) * sprite.interval
        column, row = index % sprite.columns, index // sprite.columns
        box = (column * sprite.thumb_width, row * sprite.thumb_height, sprite.thumb_width, sprite.thumb_height)
        cues.append((start, max(end, start + 0.001), box))
    return cues


def write_thumbnails_vtt(path: Path, sprite: SpritePlan, duration: float, *, sprite_url: str = "sprite.jpg") -> None:
    lines = ["WEBVTT", ""]
    for start, end, (x, y, w, h) in thumbnail_cues(sprite, duration):
        lines += [f"{vtt_timestamp(start)} --> {vtt_timestamp(end)}", f"{sprite_url}#xywh={x},{y},{w},{h}", ""]
    Path(path).write_text("\n".join(lines), "utf-8")
