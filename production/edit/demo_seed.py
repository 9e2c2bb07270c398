"""The edit stage's part of ``seed_demo``: a generated cut on the first demo project, rendered by
the worker on first start, so a fresh install has something to play and a QC report."""

from __future__ import annotations

import tempfile
from pathlib import Path

from production.media import services as media_services
from production.media.engine import MediaError
from projects.demo import DemoContext

from . import services
from .demo_media import make_demo_cut

DEMO_PROJECT = "Trail Runner launch film"


def seed(context: DemoContext) -> None:
    project = context.projects.get(DEMO_PROJECT)
    if project is None:
        return
    cut = services.cut_create(project=project, title="Hero film", by=context.producer, client_visible=True)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "trail-runner-hero-v1.mp4"
        try:
            make_demo_cut(path)
        except MediaError as exc:
            context.warn(f"No demo cut: ffmpeg could not make one ({exc}).")
            return
        media_services.asset_import(project=project, path=path, by=context.producer, target="cut", target_ref=cut.pk)
