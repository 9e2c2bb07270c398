"""Test settings: the same environment-driven settings, plus fast hashing and a file SQLite test DB.

A file (not in-memory) SQLite test database lets a real Celery worker process and the
browser's live server share the test data when PostgreSQL is not configured.
"""

import os

from .base import *  # noqa: F403
from .base import DATABASES, VAR_DIR

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
MEDIA_ROOT = os.environ.get("TEST_MEDIA_ROOT", str(VAR_DIR / "test-media"))

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / "test.sqlite3")}

# Unit tests run tasks inline; the integration tests start a real worker process and
# switch this off for the duration (tests/integration/test_worker.py).
CELERY_TASK_ALWAYS_EAGER = True
CELERY_TASK_EAGER_PROPAGATES = True
