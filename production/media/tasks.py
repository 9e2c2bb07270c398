"""Celery tasks of media: thin, take ids, idempotent. Queues are set in config/celery.py.

Each task imports its service inside the function: services queue these tasks, so a module-level
import would make a circle (HackSoft's styleguide does the same)."""

from __future__ import annotations

from celery import shared_task
from django.conf import settings


@shared_task(acks_late=True)
def ingest_assemble(asset_id: str) -> None:
    """Join an upload's parts, hash, probe, then queue the render. Safe to deliver twice."""
    from production.media import services

    asset = services.ingest_claim(asset_id=asset_id)
    if asset is None:  # gone, done, or another delivery is at it
        return
    services.asset_assemble(asset=asset)


@shared_task(
    acks_late=True, time_limit=settings.RENDER_TIME_LIMIT + 60, soft_time_limit=settings.RENDER_TIME_LIMIT + 30
)
def render_ladder(render_id: str) -> None:
    """Make a queued render, whatever its preset (the ladder, a viewer's watermarked copy, a
    platform variant): ``services.render_run`` makes what the render's spec says. The name is
    the first preset's."""
    from production.media import services

    render = services.render_claim(render_id=render_id)
    if render is None:  # finished, cancelled, or already running elsewhere: nothing to do
        return
    services.render_run(render=render)


@shared_task
def reap_renders() -> dict:
    from production.media import services

    return services.renders_reap()


@shared_task
def requeue_lost_work() -> dict:
    from production.media import services

    return services.work_requeue_lost()


@shared_task
def expire_uploads() -> int:
    from production.media import services

    return services.uploads_expire()
