"""Real processes for integration and browser tests: Celery workers, a gunicorn web server
and an nginx in front of it.

The worker runs ``celery -A config worker`` with the test settings, pointed at the test
database this session created and at the same broker (Redis when ``REDIS_URL`` is set,
otherwise a private filesystem-transport folder).
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from config.celery import app as celery_app

ROOT = Path(__file__).resolve().parents[1]


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

    def kill(self) -> None:
        """The worker dies without warning (OOM killer, lost machine): SIGKILL, no cleanup."""
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait(timeout=10)

    def stop(self) -> None:
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(timeout=5)


def subprocess_env(**extra) -> dict:
    """Environment for a Django process that shares this test session's database, media
    folder and broker, and queues tasks instead of running them inline."""
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "REELFLOW_TEST_DB_NAME": str(connection.settings_dict["NAME"]),
        "TEST_MEDIA_ROOT": str(settings.MEDIA_ROOT),
        "CELERY_TASK_ALWAYS_EAGER": "false",
        **extra,
    }


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class WebServer:
    """gunicorn serving the app against the test database; can be killed and restarted.
    ``workers`` processes of ``threads`` threads each (one of four for the tests)."""

    def __init__(self, tmp_path: Path, *, workers: int = 1, threads: int = 4, **env_extra: str):
        self.workers, self.threads = workers, threads
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = tmp_path / "web.log"
        self.env_extra = env_extra
        self.proc: subprocess.Popen | None = None

    def start(self) -> None:
        with self.log.open("ab") as out:
            self.proc = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "gunicorn",
                    "config.wsgi:application",
                    "--bind",
                    f"127.0.0.1:{self.port}",
                    "--workers",
                    str(self.workers),
                    "--threads",
                    str(self.threads),
                    "--timeout",
                    "120",
                ],
                cwd=ROOT,
                env=subprocess_env(**self.env_extra),
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:  # ready when it answers HTTP, not merely when it listens
            try:
                with urllib.request.urlopen(f"{self.url}/healthz", timeout=5):
                    return
            except urllib.error.HTTPError:
                return  # 503 from /healthz is an answer too
            except OSError:
                if self.proc.poll() is not None:
                    break
                time.sleep(0.2)
        raise AssertionError(f"gunicorn did not start:\n{self.log.read_text(errors='replace')}")

    def kill(self) -> None:
        """Hard stop, as a crash or a deploy would: no graceful shutdown."""
        if self.proc and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait(timeout=10)

    def rss_kb(self) -> int:
        """Resident memory of the server's processes (master and workers), in KiB."""
        total = 0
        for pid in _group_pids(self.proc.pid):
            try:
                for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1])
            except FileNotFoundError:
                continue
        return total


def _group_pids(pgid: int) -> list[int]:
    pids = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if os.getpgid(int(entry.name)) == pgid:
                    pids.append(int(entry.name))
            except ProcessLookupError:
                continue
    return pids


@pytest.fixture
def web_server(transactional_db, tmp_path) -> Iterator[WebServer]:
    server = WebServer(tmp_path)
    server.start()
    try:
        yield server
    finally:
        server.kill()


QUEUES = "default,ingest,render,metrics"


def start_worker(tmp_path: Path, name: str = "worker", *, queues: str = QUEUES, **env_extra: str) -> WorkerProcess:
    email_dir = tmp_path / "email"
    email_dir.mkdir(exist_ok=True)
    env = subprocess_env(REELFLOW_TEST_EMAIL_DIR=str(email_dir), **env_extra)
    log = tmp_path / f"{name}.log"
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
                "--hostname",
                f"{name}@%h",
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
    worker = WorkerProcess(proc, log, email_dir)
    try:
        worker.wait_until(lambda: "ready." in worker.output(), timeout=60, what="worker ready")
    except BaseException:
        worker.stop()
        raise
    return worker


@pytest.fixture
def queue_to_workers(transactional_db) -> Iterator[None]:
    """Tasks queued by this process go to the broker (not run inline), starting from empty queues."""
    with celery_app.connection_for_write() as conn:  # drop anything an earlier run left queued
        for name in QUEUES.split(","):
            conn.default_channel.queue_purge(name)
    eager = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = False
    try:
        yield
    finally:
        celery_app.conf.task_always_eager = eager


@pytest.fixture
def celery_worker_process(queue_to_workers, tmp_path) -> Iterator[WorkerProcess]:
    worker = start_worker(tmp_path)
    try:
        yield worker
    finally:
        worker.stop()


@pytest.fixture
def worker_factory(queue_to_workers, tmp_path) -> Iterator:
    """Start workers on demand (e.g. one to kill and one to take over); all stopped at the end."""
    started: list[WorkerProcess] = []

    def start(name: str, *, queues: str = QUEUES, **env: str) -> WorkerProcess:
        worker = start_worker(tmp_path, name, queues=queues, **env)
        started.append(worker)
        return worker

    try:
        yield start
    finally:
        for worker in started:
            worker.stop()


NGINX_TEMPLATE = ROOT / "deploy" / "nginx.conf.template"


def nginx_binary() -> str:
    """Debian's nginx (scripts/system-deps.sh installs it); in CI its absence is a failure."""
    found = shutil.which("nginx") or next((p for p in ("/usr/sbin/nginx",) if os.access(p, os.X_OK)), None)
    if found is None:
        if os.environ.get("CI"):
            pytest.fail("nginx is required in CI (scripts/system-deps.sh installs it)")
        pytest.skip("nginx is not installed (scripts/system-deps.sh installs it)")
    return found


class NginxServer:
    """A real nginx of this test's own, on a free port, running the committed front-server
    config (deploy/nginx.conf.template, rendered as the official image's envsubst does) in
    front of ``upstream`` (host:port) and over ``media_root``. Its access log records, per
    request, the URI nginx finally served, the bytes it sent and the bytes the upstream sent."""

    LOG_FORMAT = (
        "$request_method $request_uri status=$status sent=$body_bytes_sent uri=$uri "
        "upstream_status=$upstream_status upstream_bytes=$upstream_response_length"
    )

    def __init__(self, tmp_path: Path, *, upstream: str, media_root: str):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.dir = tmp_path / "nginx"
        self.dir.mkdir(exist_ok=True)
        self.access_log = self.dir / "access.log"
        self.error_log = self.dir / "error.log"
        self.upstream, self.media_root = upstream, media_root
        self.proc: subprocess.Popen | None = None

    def server_block(self) -> str:
        values = {
            "REELFLOW_WEB": self.upstream,
            "REELFLOW_LISTEN": f"127.0.0.1:{self.port}",
            "REELFLOW_MEDIA_ROOT": self.media_root.rstrip("/"),
        }
        text = NGINX_TEMPLATE.read_text()
        for name, value in values.items():
            text = text.replace("${" + name + "}", value)
        assert "${" not in text, "deploy/nginx.conf.template uses a variable the test does not set"
        return text

    def config(self) -> str:
        temp = {kind: self.dir / kind for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")}
        # As root, nginx's workers would drop to `nobody`, who cannot read pytest's private tmp.
        user = "user root;" if os.geteuid() == 0 else ""
        return f"""
daemon off;
worker_processes 1;
{user}
pid {self.dir / "nginx.pid"};
error_log {self.error_log} info;
events {{ worker_connections 64; }}
http {{
    log_format reelflow '{self.LOG_FORMAT}';
    access_log {self.access_log} reelflow;
    client_body_temp_path {temp["client_body"]};
    proxy_temp_path {temp["proxy"]};
    fastcgi_temp_path {temp["fastcgi"]};
    uwsgi_temp_path {temp["uwsgi"]};
    scgi_temp_path {temp["scgi"]};
{self.server_block()}
}}
"""

    def start(self) -> None:
        binary = nginx_binary()
        conf = self.dir / "nginx.conf"
        conf.write_text(self.config())
        check = subprocess.run(
            [binary, "-t", "-p", str(self.dir), "-e", str(self.error_log), "-c", str(conf)],
            capture_output=True,
            text=True,
            timeout=30,
        )
        assert check.returncode == 0, f"nginx refused the config:\n{check.stderr}"
        self.proc = subprocess.Popen(
            [binary, "-p", str(self.dir), "-e", str(self.error_log), "-c", str(conf)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1):
                    return
            except OSError:
                if self.proc.poll() is not None:
                    break
                time.sleep(0.1)
        raise AssertionError(f"nginx did not start:\n{self.error_log.read_text(errors='replace')}")

    def log_lines(self) -> list[str]:
        return self.access_log.read_text().splitlines() if self.access_log.exists() else []

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGQUIT)  # graceful: the access log is written out
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(timeout=5)


class RedisServer:
    """A redis-server of this test's own, on a free port, that the test may stop and start
    again (never the machine's shared Redis, which other processes use)."""

    def __init__(self, tmp_path: Path):
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.dir = tmp_path / "redis"
        self.dir.mkdir(exist_ok=True)
        self.log = self.dir / "redis.log"
        self.proc: subprocess.Popen | None = None

    def start(self) -> None:
        argv = ["redis-server", "--bind", "127.0.0.1", "--port", str(self.port), "--save", "", "--appendonly", "no"]
        argv += ["--dir", str(self.dir), "--logfile", str(self.log)]
        self.proc = subprocess.Popen(argv, start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1) as sock:
                    sock.sendall(b"PING\r\n")
                    if sock.recv(16).startswith(b"+PONG"):
                        return
            except OSError:
                if self.proc.poll() is not None:
                    break
                time.sleep(0.1)
        raise AssertionError(
            f"redis-server did not start: {self.log.read_text(errors='replace') if self.log.exists() else ''}"
        )

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(timeout=10)


@pytest.fixture
def own_redis(tmp_path) -> Iterator[RedisServer]:
    if not shutil.which("redis-server"):
        if os.environ.get("CI"):
            pytest.fail("redis-server is required in CI (.ci/run installs it)")
        pytest.skip("redis-server is not installed")
    server = RedisServer(tmp_path)
    server.start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def own_redis_broker(own_redis, transactional_db) -> Iterator[RedisServer]:
    """This process queues tasks (not inline) through ``own_redis``; start workers and the web
    server with ``REDIS_URL=own_redis_broker.url`` so they share it."""
    conf = celery_app.conf
    saved = conf.broker_url, conf.broker_transport_options, conf.task_always_eager

    def reconnect() -> None:  # the next publish takes a pool for the broker now configured
        celery_app._pool = None
        celery_app.amqp._producer_pool = None

    conf.broker_url = own_redis.url
    conf.broker_transport_options = {"socket_connect_timeout": 2}
    conf.task_always_eager = False
    reconnect()
    try:
        yield own_redis
    finally:
        conf.broker_url, conf.broker_transport_options, conf.task_always_eager = saved
        reconnect()
