"""The storyboard's part of ``seed_demo``: a short Fountain script on the first demo project, a
storyboard of a few frames (drawn placeholders: a coloured card with the shot written on it), and
its shot list: a shot for each frame, one framed 9:16 and one protecting 9:16 for the brief's
vertical cutdowns, linked to the brief's messages and assets (ideation seeds the brief first)."""

from __future__ import annotations

import io
from pathlib import Path

from projects.demo import DemoContext

from . import brief, services
from .services import shots as shot_services

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

# One shot per frame. ``messages``/``assets``: indexes of the brief's mandatory messages and
# required assets it serves; ``vertical``: it serves the brief's first 9:16 asset.
SHOTS = [
    {"description": "Dawn over the ridge: the runner is a dot on the trail.", "framing": "16:9", "lens": "24mm",
     "location": "Ridge trail, north face", "cast": "Maya", "setup_minutes": 45, "shoot_minutes": 30,
     "status": "scheduled", "messages": [], "landscape": True},
    {"description": "Track alongside at running pace; breath in the cold.", "framing": "16:9+9:16", "lens": "35mm",
     "location": "Forest path, km 3", "cast": "Maya", "setup_minutes": 30, "shoot_minutes": 45,
     "status": "scheduled", "messages": [0], "vertical": True},
    {"description": "The shoe hits the puddle, 120 fps.", "framing": "9:16", "lens": "100mm macro",
     "location": "Forest path, km 3", "cast": "Maya (shoe double)", "setup_minutes": 20, "shoot_minutes": 25,
     "messages": [0], "vertical": True},
    {"description": "Crane up as the sun clears the hills; the logo lands.", "framing": "16:9", "lens": "18mm",
     "location": "Summit", "cast": "Maya", "setup_minutes": 60, "shoot_minutes": 20, "messages": [],
     "landscape": True},
]  # fmt: skip


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
    frames = []
    for index, spec in enumerate(FRAMES):
        spec = dict(spec)
        colour = spec.pop("colour")
        scene = scenes[min(SCENE_OF_FRAME[index], len(scenes) - 1)] if scenes else None
        frame = services.frame_create(
            project=project,
            by=context.producer,
            image=(f"frame-{index + 1}.png", placeholder(spec["shot_size"], colour)),
            scene=scene.pk if scene else None,
            **spec,
        )
        frames.append(frame)
    messages, assets = brief.brief_rows(project)
    vertical = [a.key for a in assets if a.aspect_ratio == "9:16"][:1]
    landscape = [a.key for a in assets if a.aspect_ratio == "16:9"][:1]
    for frame, spec in zip(frames, SHOTS, strict=True):
        spec = dict(spec)
        status = spec.pop("status", "planned")
        message_keys = [messages[i].key for i in spec.pop("messages") if i < len(messages)]
        asset_keys = (vertical if spec.pop("vertical", False) else []) + (
            landscape if spec.pop("landscape", False) else []
        )
        shot = shot_services.shot_create(
            project=project,
            by=context.producer,
            scene=frame.scene,
            frame=frame,
            shot_size=frame.shot_size,
            angle=frame.angle,
            movement=frame.movement,
            message_keys=message_keys,
            asset_keys=asset_keys,
            **spec,
        )
        if status != shot.status:
            shot_services.shot_set_status(shot=shot, status=status, by=context.producer)
