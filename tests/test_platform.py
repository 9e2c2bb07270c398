"""The platform around the app: settings safety, /healthz, seed data, docker-compose."""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from django.core.management import call_command

from config.celery import app as celery_app
from production.edit.models import Version
from production.media.models import MediaAsset, Render
from projects.models import Membership, Project, Role, Stage, TimelineEvent, User

ROOT = Path(__file__).resolve().parents[1]


def require_tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        if os.environ.get("CI"):
            pytest.fail(f"{name} is required in CI (scripts/system-deps.sh installs it)")
        pytest.skip(f"{name} is not installed (run `make system-deps` as root)")
    return path


def _django_check(env_overrides: dict) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DEBUG"}}
    env.update(env_overrides, DJANGO_SETTINGS_MODULE="config.settings.base")
    return subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )


def test_debug_off_refuses_the_default_secret_key():
    refused = _django_check({"DEBUG": "false"})
    assert refused.returncode != 0
    assert "SECRET_KEY must be set when DEBUG is off" in refused.stderr
    accepted = _django_check({"DEBUG": "false", "SECRET_KEY": "a-real-secret-" * 4})
    assert accepted.returncode == 0, accepted.stderr


def test_media_serve_is_django_or_nginx_and_nginx_needs_local_files():
    secret = {"DEBUG": "false", "SECRET_KEY": "a-real-secret-" * 4}
    assert _django_check({**secret, "MEDIA_SERVE": "nginx"}).returncode == 0
    typo = _django_check({**secret, "MEDIA_SERVE": "ngnix"})
    assert typo.returncode != 0 and "MEDIA_SERVE must be 'django' or 'nginx'" in typo.stderr
    remote = _django_check({**secret, "MEDIA_SERVE": "nginx", "STORAGE_BACKEND": "storages.backends.s3.S3Storage"})
    assert remote.returncode != 0 and "needs local file storage" in remote.stderr


# Stands in for .venv/bin/python and honcho: records its arguments and environment.
FAKE_TOOL = """#!/bin/sh
exec "$REELFLOW_REAL_PYTHON" -c '
import json, os, sys
call = {"argv": [os.path.basename(sys.argv[1]), *sys.argv[2:]], "env": dict(os.environ)}
print(json.dumps(call))
' "$0" "$@" >> "$REELFLOW_RECORD"
"""

MAKE_RUN_PAGES = """
import json, os, re
import django
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")  # as manage.py does
django.setup()
from django.test import Client
from projects.models import Client as Company, Membership, Organization, Role, User
org = Organization.objects.create(name="Northlight", slug="northlight")
acme = Company.objects.create(organization=org, name="Acme")
user = User.objects.create_user(email="client@example.com", password="x-unused-x-123")
Membership.objects.create(organization=org, user=user, role=Role.CLIENT, client=acme)
browser = Client()
browser.force_login(user)
out = {}
for url in ("/clients/", "/no-such-page/"):
    response = browser.get(url)
    out[url] = {"status": response.status_code, "html": response.content.decode()}
css = re.search(r'href="(/static/[^"]+[.]css)"', out["/no-such-page/"]["html"]).group(1)
out["css"] = Client().get(css).status_code
print(json.dumps(out))
"""


def _make_run_environment(tmp_path) -> tuple[list[dict], dict]:
    """What `make run` runs, and the environment web, worker and beat get: the Makefile's
    recipe with python and honcho replaced by recorders."""
    fake_bin = tmp_path / "bin"
    fake_bin.mkdir()
    for tool in ("python", "honcho"):
        (fake_bin / tool).write_text(FAKE_TOOL)
        (fake_bin / tool).chmod(0o755)
    record = tmp_path / "record.jsonl"
    ours = {"DJANGO_SETTINGS_MODULE", "SECRET_KEY", "SECRET_KEY_FILE", "DEBUG"}
    ours |= {"SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE", "STATIC_ROOT", "DATABASE_URL"}
    env = {k: v for k, v in os.environ.items() if k not in ours}
    env.update(REELFLOW_REAL_PYTHON=sys.executable, REELFLOW_RECORD=str(record))
    done = subprocess.run(
        ["make", "--no-print-directory", "-o", ".venv/.installed", "run", f"BIN={fake_bin}"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    calls = [json.loads(line) for line in record.read_text().splitlines()]
    return calls, calls[-1]["env"]


def test_make_run_serves_branded_error_pages_not_debug_pages(tmp_path):
    require_tool("make")
    calls, served_env = _make_run_environment(tmp_path)
    steps = [c["argv"][:3] for c in calls]
    assert steps[-1][:2] == ["honcho", "-f"]
    assert ["python", "manage.py", "collectstatic"] in steps
    assert "DEBUG" not in served_env
    assert served_env["SECRET_KEY_FILE"] == str(ROOT / "var" / "secret_key")
    # The same environment, with its files under tmp_path instead of this checkout's var/.
    env = {
        **served_env,
        "SECRET_KEY_FILE": str(tmp_path / "var" / "secret_key"),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'run.sqlite3'}",
        "STATIC_ROOT": str(tmp_path / "static"),
    }
    for command in (["migrate", "--noinput"], ["collectstatic", "--noinput"]):
        done = subprocess.run(
            [sys.executable, "manage.py", *command, "-v0"], cwd=ROOT, env=env, capture_output=True, text=True
        )
        assert done.returncode == 0, done.stderr
    key = (tmp_path / "var" / "secret_key").read_text()
    assert len(key) >= 50
    done = subprocess.run(
        [sys.executable, "-c", MAKE_RUN_PAGES], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    pages = json.loads(done.stdout.splitlines()[-1])
    for url in ("/clients/", "/no-such-page/"):
        page = pages[url]
        assert page["status"] == 404
        assert "This page does not exist" in page["html"]
        for debug_sign in ("URLconf", "urlpatterns", "Raised by", "DEBUG = True", "admin/", "api/schema/"):
            assert debug_sign not in page["html"], (url, debug_sign)
    assert pages["css"] == 200  # static files are still served, by whitenoise
    assert (tmp_path / "var" / "secret_key").read_text() == key  # kept, not remade
    readme = (ROOT / "README.md").read_text()
    assert "| `DEBUG` | `false` (also under `make run`) |" in readme


@pytest.mark.django_db
def test_healthz_reports_database_broker_and_ffmpeg(client):
    require_tool("ffmpeg")
    response = client.get("/healthz")
    body = response.json()
    assert response.status_code == 200, body
    assert body["ok"] is True
    assert body["checks"]["database"]["ok"] is True
    assert body["checks"]["broker"]["ok"] is True
    assert body["checks"]["ffmpeg"]["version"]
    assert body["checks"]["ffprobe"]["path"].endswith("ffprobe")


@pytest.mark.django_db
def test_healthz_is_503_when_the_broker_is_down(client, monkeypatch):
    monkeypatch.setattr(celery_app.conf, "broker_url", "redis://127.0.0.1:1/0")
    response = client.get("/healthz")
    assert response.status_code == 503
    body = json.loads(response.content)
    assert body["ok"] is False
    assert body["checks"]["broker"]["ok"] is False
    assert body["checks"]["database"]["ok"] is True


@pytest.mark.django_db
def test_seed_demo_creates_a_user_per_role_and_is_idempotent_with_if_empty(
    capsys, django_capture_on_commit_callbacks, settings, tmp_path
):
    require_tool("ffmpeg")
    settings.MEDIA_ROOT = str(tmp_path)
    with django_capture_on_commit_callbacks(execute=True):  # the worker's part runs inline here
        call_command("seed_demo", "--if-empty")
    out = capsys.readouterr().out
    roles = set(Membership.objects.values_list("role", flat=True))
    assert roles == set(Role.values)
    assert Membership.objects.filter(role=Role.CLIENT).values("client").distinct().count() == 2
    assert Project.objects.count() == 5
    assert len(set(Project.objects.values_list("stage", flat=True))) == 5
    assert TimelineEvent.objects.filter(kind="project.stage_changed").exists()
    for user in User.objects.all():
        assert user.email in out
        assert user.check_password("frame-by-frame-42")
    done = Project.objects.get(stage=Stage.DONE)
    assert TimelineEvent.objects.filter(project=done).count() >= len(Stage.values)
    # gates the old projects could not pass are overridden, with the reason kept
    override = TimelineEvent.objects.filter(project=done, data__to="planning").get()
    assert override.data["override_reason"] and not override.data["gates"][0]["passed"]
    # a generated cut, rendered, with a QC report and a playable master playlist
    version = Version.objects.select_related("asset", "cut").get()
    assert version.cut.title == "Hero film" and version.cut.client_visible
    asset = version.asset
    assert asset.status == MediaAsset.Status.READY, asset.unusable_reason
    assert (asset.width, asset.height, asset.media_type) == (1280, 720, "video")
    assert asset.start_timecode == "01:00:00:00"
    assert asset.loudness_lufs is not None
    render = asset.renders.get()
    assert render.status == Render.Status.SUCCEEDED
    assert "hls_master" in render.outputs["main"] and "proxy" in render.outputs["main"]
    call_command("seed_demo", "--if-empty")
    assert Project.objects.count() == 5
    assert "already has users" in capsys.readouterr().out


def test_docker_compose_file_is_valid():
    compose = require_tool("docker-compose")
    env = {**os.environ, "SECRET_KEY": "validate-only"}
    result = subprocess.run([compose, "config", "-q"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    services = subprocess.run(
        [compose, "config", "--services"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    ).stdout.split()
    assert {"postgres", "redis", "web", "nginx", "worker", "worker-render", "beat"} <= set(services)
    config = subprocess.run([compose, "config"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
    assert config.returncode == 0, config.stderr
    stack = yaml.safe_load(config.stdout)["services"]
    assert stack["web"]["environment"]["MEDIA_SERVE"] == "nginx"  # media bytes leave through nginx
    assert "ports" not in stack["web"] and stack["nginx"]["ports"]  # nginx is the only way in
    mounts = {target: (source, mode) for source, target, mode in (v.split(":") for v in stack["nginx"]["volumes"])}
    assert mounts["/app/var/media"] == ("media", "ro")  # the same volume web and the workers write
    template, _mode = mounts["/etc/nginx/templates/default.conf.template"]  # the image renders it into conf.d
    assert Path(template).resolve() == ROOT / "deploy" / "nginx.conf.template"
    env.pop("SECRET_KEY")
    missing = subprocess.run([compose, "config", "-q"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
    assert missing.returncode != 0
    assert "SECRET_KEY" in missing.stderr
