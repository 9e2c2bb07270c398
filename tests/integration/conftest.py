"""A real Celery worker process for integration tests (not eager mode).

The worker runs ``celery -A config worker`` with the test settings, pointed at the test
database this session created and at the same broker (Redis when ``REDIS_URL`` is set,
otherwise a private filesystem-transport folder).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from config.celery import app as celery_app

ROOT = Path(__file__).resolve().parents[2]


class WorkerProcess:
    def __init__(self, proc: subprocess.Popen, log: Path, email_dir: Path):
        self.proc = proc
        self.log = log
        self.email_dir = email_dir

    def output(self) -> str:
        return self.log.read_text(errors="replace") if self.log.exists() else ""

    def wait_until(self, predicate, timeout: float = 30, what: str = "condition") -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if predicate():
                return
            if self.proc.poll() is not None:
                raise AssertionError(f"worker exited ({self.proc.returncode}) waiting for {what}:\n{self.output()}")
            time.sleep(0.2)
        raise AssertionError(f"timed out after {timeout}s waiting for {what}; worker log:\n{self.output()[-4000:]}")

    def stop(self) -> None:
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(timeout=5)


@pytest.fixture
def celery_worker_process(transactional_db, tmp_path) -> Iterator[WorkerProcess]:
    queues = "default,render,metrics"
    with celery_app.connection_for_write() as conn:  # drop anything an earlier run left queued
        for name in queues.split(","):
            conn.default_channel.queue_purge(name)
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "REELFLOW_TEST_DB_NAME": str(connection.settings_dict["NAME"]),
        "REELFLOW_TEST_EMAIL_DIR": str(tmp_path / "email"),
        "TEST_MEDIA_ROOT": str(settings.MEDIA_ROOT),
    }
    (tmp_path / "email").mkdir()
    log = tmp_path / "worker.log"
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "config",
                "worker",
                "--queues",
                queues,
                "--pool",
                "prefork",
                "--concurrency",
                "1",
                "--loglevel",
                "INFO",
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
            ],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    worker = WorkerProcess(proc, log, tmp_path / "email")
    eager = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = False
    try:
        worker.wait_until(lambda: "ready." in worker.output(), timeout=60, what="worker ready")
        yield worker
    finally:
        celery_app.conf.task_always_eager = eager
        worker.stop()
