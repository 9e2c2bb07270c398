"""The storyboard's part of ``seed_demo``: a short Fountain script on the first demo project and a
storyboard of a few frames (drawn placeholders: a coloured card with the shot written on it)."""

from __future__ import annotations

import io
from pathlib import Path

from projects.demo import DemoContext

from . import services

DEMO_PROJECT = "Trail Runner launch film"
SCRIPT = Path(__file__).with_name("demo_script.fountain")

FRAMES = [
    {"shot_size": "EWS", "angle": "high", "movement": "drone", "duration": "4", "notes": "Dawn over the ridge; "
     "the runner is a dot on the trail.", "colour": (38, 70, 83)},
    {"shot_size": "MS", "angle": "eye", "movement": "tracking", "duration": "3", "notes": "Track alongside; "
     "breath visible in the cold.", "dialogue": "MAYA (V.O.): Nobody tells you about the hour before dawn.",
     "colour": (42, 157, 143)},
    {"shot_size": "ECU", "angle": "low", "movement": "static", "duration": "1.5", "notes": "The shoe hits a "
     "puddle: slow motion, 120 fps.", "colour": (233, 196, 106)},
    {"shot_size": "WS", "angle": "eye", "movement": "crane", "duration": "5", "notes": "Crane up as the sun "
     "clears the hills; logo lands.", "colour": (231, 111, 81)},
]  # fmt: skip


SCENE_OF_FRAME = [0, 1, 1, 2]  # the ridge, the forest path twice, the summit


def placeholder(text: str, colour: tuple[int, int, int]) -> bytes:
    """A 16:9 card in ``colour`` with ``text`` on it, as a PNG."""
    from PIL import Image, ImageDraw, ImageFont

    image = Image.new("RGB", (640, 360), colour)
    draw = ImageDraw.Draw(image)
    draw.rectangle((16, 16, 623, 343), outline=(255, 255, 255), width=3)
    draw.text((320, 180), text, fill=(255, 255, 255), font=ImageFont.load_default(size=44), anchor="mm")
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def seed(context: DemoContext) -> None:
    project = context.projects.get(DEMO_PROJECT)
    if project is None:
        return
    version = services.script_import(
        project=project, name=SCRIPT.name, data=SCRIPT.read_bytes(), by=context.producer, note="First draft"
    )
    scenes = list(version.scenes.order_by("position"))
    for index, spec in enumerate(FRAMES):
        spec = dict(spec)
        colour = spec.pop("colour")
        scene = scenes[min(SCENE_OF_FRAME[index], len(scenes) - 1)] if scenes else None
        services.frame_create(
            project=project,
            by=context.producer,
            image=(f"frame-{index + 1}.png", placeholder(spec["shot_size"], colour)),
            scene=scene.pk if scene else None,
            **spec,
        )
