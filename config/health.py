"""/healthz: is the database reachable, the broker reachable, ffmpeg and ffprobe found?"""

from __future__ import annotations

import shutil
import subprocess

from django.db import connection
from django.http import JsonResponse


def _database() -> dict:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        return {"ok": True, "vendor": connection.vendor}
    except Exception as exc:
        return {"ok": False, "error": str(exc)}


def _broker() -> dict:
    from config.celery import app

    try:
        with app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
            transport = conn.transport_cls
        return {"ok": True, "transport": str(transport)}
    except Exception as exc:
        return {"ok": False, "error": str(exc)}


def _binary(name: str) -> dict:
    path = shutil.which(name)
    if not path:
        return {"ok": False, "error": f"{name} not found on PATH"}
    try:
        out = subprocess.run([path, "-version"], capture_output=True, text=True, timeout=5, check=True).stdout  # noqa: S603
    except (OSError, subprocess.SubprocessError) as exc:
        return {"ok": False, "path": path, "error": str(exc)}
    first = out.splitlines()[0] if out else ""
    version = first.split(" version ")[1].split(" ")[0] if " version " in first else first
    return {"ok": True, "path": path, "version": version}


def healthz(request):
    checks = {"database": _database(), "broker": _broker(), "ffmpeg": _binary("ffmpeg"), "ffprobe": _binary("ffprobe")}
    ok = all(c["ok"] for c in checks.values())
    return JsonResponse({"ok": ok, "checks": checks}, status=200 if ok else 503)
