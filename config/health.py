"""/healthz: is the database reachable, the broker reachable, ffmpeg and ffprobe found?"""

from __future__ import annotations

from django.db import connection
from django.http import JsonResponse

from production.media.engine import binaries


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


def _media() -> tuple[dict, dict]:
    """Which ffmpeg/ffprobe the media engine uses (the system's, or the bundled static build)."""
    try:
        info = binaries.ffmpeg_info()
    except Exception as exc:
        failed = {"ok": False, "error": str(exc)}
        return failed, failed
    ffmpeg = {"ok": True, "path": info["path"], "version": info["version"], "source": info["source"]}
    ffprobe = {"ok": True, "path": info["ffprobe_path"], "version": info["version"], "source": info["source"]}
    return ffmpeg, ffprobe


def healthz(request):
    ffmpeg, ffprobe = _media()
    checks = {"database": _database(), "broker": _broker(), "ffmpeg": ffmpeg, "ffprobe": ffprobe}
    ok = all(c["ok"] for c in checks.values())
    return JsonResponse({"ok": ok, "checks": checks}, status=200 if ok else 503)
