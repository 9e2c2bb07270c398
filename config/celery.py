"""The Celery app: four queues, settings from Django's ``CELERY_*`` settings.

- ``default``: short jobs (emails, housekeeping).
- ``ingest``: assembling, hashing and probing a new upload: seconds, never behind a long render.
- ``render``: ffmpeg jobs; tasks there use ``acks_late`` and workers take one at a time.
- ``metrics``: network pulls from platforms.
"""

import os

from celery import Celery
from celery.schedules import crontab
from kombu import Queue

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")

app = Celery("reelflow")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.conf.task_queues = [Queue(name) for name in ("default", "ingest", "render", "metrics")]
# Queues are chosen here, by task name, not on each task (Celery 5.7 deprecates the
# task-level ``queue`` attribute). Anything not listed runs on ``default``.
app.conf.task_routes = {
    "production.media.tasks.render_*": {"queue": "render"},
    "production.media.tasks.transcribe_*": {"queue": "render"},
    "production.media.tasks.reap_*": {"queue": "default"},
    "production.media.tasks.requeue_*": {"queue": "default"},
    "production.media.tasks.ingest_*": {"queue": "ingest"},
    "analytics.tasks.pull_*": {"queue": "metrics"},
}
app.conf.beat_schedule = {
    "reap-renders": {"task": "production.media.tasks.reap_renders", "schedule": 60.0},
    # Work whose task never reached a worker (broker down at commit) is queued again.
    "requeue-lost-work": {"task": "production.media.tasks.requeue_lost_work", "schedule": 60.0},
    "requeue-lost-transcripts": {"task": "production.media.tasks.requeue_lost_transcripts", "schedule": 60.0},
    "expire-uploads": {"task": "production.media.tasks.expire_uploads", "schedule": crontab(minute=17)},
    "requeue-unsent-invitations": {"task": "projects.tasks.requeue_unsent_invitations", "schedule": 60.0},
    "requeue-unsent-call-sheets": {"task": "production.shoot.tasks.requeue_unsent_call_sheets", "schedule": 60.0},
    # New comments reach people as one email per person per digest.
    "notification-digests": {
        "task": "projects.tasks.send_notification_digests",
        "schedule": float(os.environ.get("NOTIFY_DIGEST_INTERVAL", 300)),
    },
    "expire-invitations": {
        "task": "projects.tasks.expire_invitations",
        "schedule": crontab(minute=7),
    },
}
app.autodiscover_tasks()


def ensure_broker_folders() -> None:
    """The filesystem transport needs its folders to exist before anyone publishes."""
    from django.conf import settings

    options = settings.CELERY_BROKER_TRANSPORT_OPTIONS
    for key in ("data_folder_in", "data_folder_out", "processed_folder", "control_folder"):
        if key in options:
            os.makedirs(options[key], exist_ok=True)


@app.on_after_configure.connect
def _prepare_broker(sender, **kwargs) -> None:
    ensure_broker_folders()
