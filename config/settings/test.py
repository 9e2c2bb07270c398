"""Test settings: the same environment-driven settings, plus fast hashing and a file SQLite test DB.

A file (not in-memory) SQLite test database lets a real Celery worker process and the
browser's live server share the test data when PostgreSQL is not configured.
"""

import os

# Tests run with debug off, as a deployment does. Their key is not a secret; set here, in
# the environment, so the worker and web processes the tests start share it.
os.environ.setdefault("SECRET_KEY", "reelflow-tests-only-not-a-secret-0123456789")

from .base import *  # noqa: F403
from .base import CELERY_BROKER_URL, DATABASES, VAR_DIR

# The live servers of the browser tests speak plain http.
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
MEDIA_ROOT = os.environ.get("TEST_MEDIA_ROOT", str(VAR_DIR / "test-media"))
SENDFILE_ROOT = MEDIA_ROOT  # what nginx's internal location serves, when MEDIA_SERVE=nginx

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / "test.sqlite3")}

# A worker process started by the integration tests points at the test database the
# test session created (tests/integration/conftest.py sets this).
if os.environ.get("REELFLOW_TEST_DB_NAME"):
    DATABASES["default"]["NAME"] = os.environ["REELFLOW_TEST_DB_NAME"]

# Tests never share a filesystem broker with a running dev worker.
if CELERY_BROKER_URL.startswith("filesystem"):
    _test_queue = os.environ.get("REELFLOW_TEST_BROKER_DIR", str(VAR_DIR / "test-broker"))
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": _test_queue + "/queue",
        "data_folder_out": _test_queue + "/queue",
        "processed_folder": _test_queue + "/processed",
        "control_folder": _test_queue + "/control",
        "store_processed": False,
    }
if os.environ.get("REELFLOW_TEST_EMAIL_DIR"):
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = os.environ["REELFLOW_TEST_EMAIL_DIR"]

# Unit tests run tasks inline; the integration tests start a real worker process and
# switch this off for the duration (tests/integration/test_worker.py).
CELERY_TASK_ALWAYS_EAGER = os.environ.get("CELERY_TASK_ALWAYS_EAGER", "true").lower() == "true"
CELERY_TASK_EAGER_PROPAGATES = True

# A version's transcript is made when a test asks for it (tests/production/media/test_transcripts.py
# and the worker test turn this on): the other tests' renders stay as they were.
TRANSCRIBE_AUTO = os.environ.get("TRANSCRIBE_AUTO", "false").lower() == "true"

# Tests never collect static files; whitenoise serves them from the finders.
STATIC_ROOT = None

# Renders in tests encode with the fastest x264 preset; the pipeline is the same.
RENDER_X264_PRESET = os.environ.get("RENDER_X264_PRESET", "ultrafast")

# Django's live server serves MEDIA_URL straight from MEDIA_ROOT, in front of every view: under
# "/media/" it would answer for production's checked media views (no access check, no byte
# ranges) and the browser tests would never reach them. Stored files have no public URL in
# Reelflow, so the live server's shortcut is pointed at a prefix nothing links to.
MEDIA_URL = "/unserved-media/"
