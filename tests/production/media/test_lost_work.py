"""Work the database holds is never lost to the broker: a failed publish after a commit is
logged (never a 500 for a saved change), and the sweep queues again what no worker picked up."""

import base64
import datetime as dt
import logging
import os

import pytest
from django.test import Client as HttpClient
from django.utils import timezone
from kombu.exceptions import OperationalError

from config import queueing
from production.edit.models import Version
from production.media import services, tasks
from production.media.models import MediaAsset, Render, Upload
from tests.production.media import clips


def b64(value) -> str:
    return base64.b64encode(str(value).encode()).decode()


def tus(token: str, **extra) -> dict:
    return {"HTTP_AUTHORIZATION": f"Token {token}", "HTTP_TUS_RESUMABLE": "1.0.0", **extra}


@pytest.fixture
def broker_down(monkeypatch):
    """Every publish fails as it does when Redis refuses the connection."""

    def refuse(*args, **kwargs):
        raise OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    for task in (tasks.ingest_assemble, tasks.render_ladder):
        monkeypatch.setattr(task, "apply_async", refuse)


@pytest.mark.django_db(transaction=True)
def test_the_last_patch_answers_success_when_the_broker_is_down(studio, cut, editor_token, broker_down, caplog):
    body = os.urandom(50_000)
    http = HttpClient()
    created = http.post(
        "/api/uploads/",
        **tus(
            editor_token,
            HTTP_UPLOAD_LENGTH=str(len(body)),
            HTTP_UPLOAD_METADATA=f"filename {b64('clip.mp4')},cut {b64(cut.pk)}",
        ),
    )
    assert created.status_code == 201, created.content
    url = created["Location"]
    first = http.generic(
        "PATCH",
        url,
        body[:30_000],
        content_type="application/offset+octet-stream",
        **tus(editor_token, HTTP_UPLOAD_OFFSET="0"),
    )
    assert first.status_code == 204
    with caplog.at_level(logging.WARNING, logger="config.queueing"):
        last = http.generic(
            "PATCH",
            url,
            body[30_000:],
            content_type="application/offset+octet-stream",
            **tus(editor_token, HTTP_UPLOAD_OFFSET="30000"),
        )
    assert last.status_code == 204, last.content  # the bytes and the version are saved: not an error
    assert last["Upload-Offset"] == str(len(body))
    head = http.head(url, **tus(editor_token))
    assert head["Upload-Offset"] == head["Upload-Length"] == str(len(body))
    upload = Upload.objects.get()
    assert upload.status == Upload.Status.COMPLETE
    version = Version.objects.get(cut=cut)
    assert version.asset_id == upload.asset_id
    assert version.asset.status == MediaAsset.Status.PROCESSING and not version.asset.renders.exists()
    assert "Could not queue production.media.tasks.ingest_assemble" in caplog.text
    assert "the sweep will queue it again" in caplog.text


# --- The sweep ------------------------------------------------------------------------------


@pytest.fixture
def published(monkeypatch):
    """What the sweep queues, by task name and id, instead of running it inline."""
    sent: list[tuple[str, str]] = []
    monkeypatch.setattr(queueing, "publish", lambda task, *args: sent.append((task.name.rsplit(".", 1)[1], *args)))
    return sent


def asset(project, status=MediaAsset.Status.PROCESSING, **fields) -> MediaAsset:
    return MediaAsset.objects.create(project=project, original_name="a.mp4", status=status, **fields)


def test_the_sweep_queues_only_work_no_worker_picked_up(
    studio, settings, published, django_capture_on_commit_callbacks
):
    project = studio.acme_project
    now = timezone.now()
    later = now + dt.timedelta(seconds=settings.INGEST_REQUEUE_AFTER + 1)
    lease_over = now - dt.timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT + 61)
    never_ingested = asset(project)
    dead_ingest = asset(project, ingest_started_at=lease_over)
    live_ingest = asset(project, ingest_started_at=later - dt.timedelta(seconds=5))
    ready = asset(project, status=MediaAsset.Status.READY)
    rendering = asset(project)
    running = Render.objects.create(asset=rendering, status=Render.Status.RUNNING, attempts=1)
    queued_asset = asset(project)
    queued = Render.objects.create(asset=queued_asset)

    # Too soon for anything: the tasks queued at commit may simply not have run yet.
    with django_capture_on_commit_callbacks(execute=True):
        assert services.work_requeue_lost(now=now) == {"ingests": 0, "renders": 0}
    assert published == []

    with django_capture_on_commit_callbacks(execute=True):
        counts = services.work_requeue_lost(now=later)
    assert counts == {"ingests": 2, "renders": 0}  # the render is not yet RENDER_REQUEUE_AFTER old
    assert sorted(published) == sorted(
        [("ingest_assemble", str(never_ingested.pk)), ("ingest_assemble", str(dead_ingest.pk))]
    )
    assert str(live_ingest.pk) not in str(published) and str(ready.pk) not in str(published)
    assert str(running.pk) not in str(published) and str(rendering.pk) not in str(published)

    published.clear()
    much_later = now + dt.timedelta(seconds=settings.RENDER_REQUEUE_AFTER + 1)
    with django_capture_on_commit_callbacks(execute=True):
        counts = services.work_requeue_lost(now=much_later)
    assert ("render_ladder", str(queued.pk)) in published
    assert counts["renders"] == 1


def test_the_sweep_queues_each_item_once_per_period(studio, settings, published, django_capture_on_commit_callbacks):
    lost = asset(studio.acme_project)
    render = Render.objects.create(asset=asset(studio.acme_project))
    later = timezone.now() + dt.timedelta(seconds=max(settings.INGEST_REQUEUE_AFTER, settings.RENDER_REQUEUE_AFTER) + 1)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.work_requeue_lost(now=later) == {"ingests": 1, "renders": 1}
        # the next sweep a minute on finds them touched: nothing is queued twice
        assert services.work_requeue_lost(now=later + dt.timedelta(seconds=60)) == {"ingests": 0, "renders": 0}
    assert sorted(published) == sorted([("ingest_assemble", str(lost.pk)), ("render_ladder", str(render.pk))])
    lost.refresh_from_db()
    assert lost.status == MediaAsset.Status.PROCESSING  # the sweep only queues; the worker does the work


def test_the_sweep_queues_nothing_when_a_rollback_undoes_it(
    studio, settings, published, django_capture_on_commit_callbacks
):
    asset(studio.acme_project)
    later = timezone.now() + dt.timedelta(seconds=settings.INGEST_REQUEUE_AFTER + 1)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.work_requeue_lost(now=later)
    assert len(callbacks) == 1 and published == []  # queued only on commit


def test_a_second_delivery_of_an_ingest_leaves_it_to_the_first(studio, settings):
    lost = asset(studio.acme_project)
    now = timezone.now()
    assert services.ingest_claim(asset_id=lost.pk, now=now) is not None
    assert services.ingest_claim(asset_id=lost.pk, now=now + dt.timedelta(seconds=30)) is None
    # past the task's hard time limit the first delivery is surely dead: the work is free again
    expired = now + dt.timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT + 61)
    assert services.ingest_claim(asset_id=lost.pk, now=expired) is not None


def test_an_ingest_run_twice_queues_one_render(studio, tmp_path, django_capture_on_commit_callbacks, published):
    path = tmp_path / "tiny.mp4"
    clips.tiny(path)
    with django_capture_on_commit_callbacks(execute=True):
        imported = services.asset_import(project=studio.acme_project, path=path, by=studio.editor)
    imported.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        services.asset_probe(asset=imported)
        services.asset_probe(asset=imported)  # the sweep's second delivery, after the first finished
    assert imported.renders.count() == 1
    assert [name for name, _ in published].count("render_ladder") == 1


def test_a_task_queued_while_the_broker_is_down_is_logged_not_raised(studio, broker_down, caplog):
    with caplog.at_level(logging.WARNING, logger="config.queueing"):
        assert queueing.publish(tasks.render_ladder, "some-id") is False
    assert "Could not queue production.media.tasks.render_ladder('some-id',)" in caplog.text
    assert "OperationalError" in caplog.text


def test_beat_runs_the_sweep_every_minute():
    from config.celery import app

    entry = app.conf.beat_schedule["requeue-lost-work"]
    assert entry["task"] == tasks.requeue_lost_work.name and entry["schedule"] <= 60
    assert app.amqp.router.route({}, tasks.requeue_lost_work.name)["queue"].name == "default"
