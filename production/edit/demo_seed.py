"""The edit stage's part of ``seed_demo``: a generated cut on the first demo project, rendered by
the worker on first start, so a fresh install has something to play and a QC report."""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

from django.utils import timezone

from production.media import services as media_services
from production.media.engine import MediaError
from projects.demo import DemoContext
from projects.models import User

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


def seed_post_tasks(context: DemoContext) -> None:
    """The demo film's post board: the edit under way, the mix and the grade waiting on it, a
    review round and the final export after them — and one task overdue, as real boards have."""
    project = context.projects.get(DEMO_PROJECT)
    if project is None:
        return
    editor = User.objects.filter(email="editor@reelflow.demo").first() or context.producer
    today = timezone.localdate()
    day = dt.timedelta(days=1)
    by = context.producer
    edit = services.post_task_create(
        project=project, by=by, title="Picture lock", kind="edit", assignee=editor, due_date=today - 2 * day,
        notes="Trim the opening to land the title on the beat.",
    )  # fmt: skip
    services.post_task_move(task=edit, by=by, status="doing")
    mix = services.post_task_create(
        project=project, by=by, title="Final mix and loudness pass", kind="sound", due_date=today + 4 * day,
        depends_on=[edit],
    )  # fmt: skip
    grade = services.post_task_create(
        project=project, by=by, title="Colour grade", kind="grade", assignee=editor, due_date=today + 5 * day,
        depends_on=[edit],
    )  # fmt: skip
    review = services.post_task_create(
        project=project, by=by, title="Client review round", kind="review", due_date=today + 7 * day,
        depends_on=[mix, grade],
    )  # fmt: skip
    services.post_task_create(
        project=project, by=by, title="Master export and deliverables", kind="export", due_date=today + 9 * day,
        depends_on=[review],
    )  # fmt: skip
