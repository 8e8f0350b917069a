"""Settings, read from the environment.

`DATABASE_URL` picks the database (SQLite file when unset); `DEBUG`, `SECRET_KEY`,
`ALLOWED_HOSTS`, `CSRF_TRUSTED_ORIGINS` and the few switches below are the only other
knobs. With DEBUG off the settings are production-grade and refuse to start without a
secret key.
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Set SECRET_KEY in the environment, or DEBUG=1 for local development."
        )
    SECRET_KEY = "django-insecure-development-only-key-do-not-use-in-production"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "django_htmx",
    "django_filters",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "simple_history",
    "django_tasks_db",
    "axes",
    "annotator",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # 503 with Retry-After while a restore runs, before anything reads the database.
    "annotator.maintenance.MaintenanceMiddleware",
    # An API request body over DATA_UPLOAD_MAX_MEMORY_SIZE: a JSON 413, not an HTML 400.
    "annotator.api.middleware.RequestTooLargeMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    # CSRF before htmx, so htmx requests are checked like any other.
    "django.middleware.csrf.CsrfViewMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # The project chosen in the nav narrows the pages (as `?project=` would).
    "annotator.projects_session.CurrentProjectMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    # Records request.user as the author of every history entry.
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks: turns a locked-out login into a clear refusal.
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    # Refuses logins for an account or an address with too many recent failures.
    "axes.backends.AxesStandaloneBackend",
    # Django's ModelBackend, loading the user's role (groups) with the user.
    "annotator.auth.ModelBackendWithRole",
]
AXES_ENABLED = env_bool("AXES_ENABLED", True)
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", 5))
AXES_COOLOFF_TIME = float(os.environ.get("AXES_COOLOFF_HOURS", 0.25))  # hours
# Locked per account-and-address pair, so a stranger cannot lock a user out everywhere;
# an address failing across accounts is locked at a higher count (annotator.auth).
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_ADDRESS_FAILURE_LIMIT = int(os.environ.get("AXES_ADDRESS_FAILURE_LIMIT", 4 * AXES_FAILURE_LIMIT))
# At an address the account signed in from before, the owner is slowed down, not locked
# out: a pause of this many seconds, doubled for each failure past the limit, at most
# AXES_KNOWN_ADDRESS_MAX_DELAY (annotator.auth).
AXES_KNOWN_ADDRESS_DELAY = float(os.environ.get("AXES_KNOWN_ADDRESS_DELAY", 1))
AXES_KNOWN_ADDRESS_MAX_DELAY = float(os.environ.get("AXES_KNOWN_ADDRESS_MAX_DELAY", 15))
AXES_HANDLER = "annotator.auth.LockoutHandler"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "annotator.auth.lockout_response"

ROOT_URLCONF = "annotator.urls"
WSGI_APPLICATION = "annotator.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "annotator.context_processors.roles",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        env="DATABASE_URL",
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # The working set of an archive (about a gigabyte per million statements) lives in
    # memory or on SSD, where a random read costs little more than a sequential one.
    # PostgreSQL's default (4) is for spinning disks: with it the reader's statements
    # were joined to whole hashed tables of actors and propositions (10 ms) instead of
    # looking up the 200 it shows. Set PG_RANDOM_PAGE_COST="" to keep the server's value.
    if random_page_cost := os.environ.get("PG_RANDOM_PAGE_COST", "1.1"):
        options = DATABASES["default"].setdefault("OPTIONS", {})
        # After any options the DATABASE_URL gives (?options=...), not instead of them.
        given = options.get("options", "")
        options["options"] = f"{given} -c random_page_cost={float(random_page_cost)}".strip()
    # No just-in-time compilation: PostgreSQL compiles a query whose estimated cost passes
    # `jit_above_cost`, and the correlated counts and visibility checks of a project
    # member's lists are estimated far above their real cost. At a million statements,
    # 0.8-1.2 s of the proposition list's 1.3 s was compiling a plan that ran in 0.1 s.
    # Pages answer in milliseconds; compiling never pays. PG_JIT=on keeps the server's value.
    if not env_bool("PG_JIT", False):
        options = DATABASES["default"].setdefault("OPTIONS", {})
        options["options"] = f"{options.get('options', '')} -c jit=off".strip()
    # Server-side parameters let `annotator.db.prepared()` keep the few lookups every
    # request makes (session, user, token, an article and its statements) prepared on
    # the connection, so PostgreSQL stops parsing and planning them. Nothing else is
    # prepared: a generic plan, which PostgreSQL adopts for a prepared query after five
    # runs, made searches and the matrix 3-6x slower on the archive-scale benchmark.
    # Behind a transaction-pooling bouncer (pgbouncer < 1.21), which loses prepared
    # statements, set PG_PREPARED_STATEMENTS=0.
    if env_bool("PG_PREPARED_STATEMENTS", True):
        options = DATABASES["default"].setdefault("OPTIONS", {})
        options.setdefault("server_side_binding", True)
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Analysts' writes are short; WAL and a busy timeout keep the embedded database
    # usable while a background task imports.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = False

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Backups (manage.py backup) keep datetimes to the microsecond.
SERIALIZATION_MODULES = {"jsonl": "annotator.serializers_jsonl"}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "article_list"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
# The interface is in English only. With translation on, every date and number a page
# shows asks for the active language first: a tenth of rendering a 50-row list.
USE_I18N = False
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "staticfiles"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))

# Uploads: an article is at most a few hundred kilobytes; a JSONL batch a few megabytes.
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
ANNOTATOR_MAX_UPLOAD_BYTES = int(os.environ.get("ANNOTATOR_MAX_UPLOAD_BYTES", 10 * 1024 * 1024))
# The longest article text (after cleaning, in characters) any import accepts: the form, the
# API, import_articles, import jobs and URL imports all refuse a longer one with this limit.
ANNOTATOR_MAX_ARTICLE_CHARS = int(os.environ.get("ANNOTATOR_MAX_ARTICLE_CHARS", 2_000_000))

# Import from a URL (annotator.ingest.fetch). Only public addresses are fetched, on these
# ports; ALLOW_NETWORKS lists networks let through all the same (tests reach a server on
# 127.0.0.1 with it; an intranet could): empty, the safe default, allows none.
ANNOTATOR_FETCH_ALLOW_NETWORKS = os.environ.get("ANNOTATOR_FETCH_ALLOW_NETWORKS", "")
ANNOTATOR_FETCH_ALLOWED_PORTS = os.environ.get("ANNOTATOR_FETCH_ALLOWED_PORTS", "80,443")
ANNOTATOR_FETCH_MAX_BYTES = int(os.environ.get("ANNOTATOR_FETCH_MAX_BYTES", 5 * 1024 * 1024))
ANNOTATOR_FETCH_TIMEOUT = float(os.environ.get("ANNOTATOR_FETCH_TIMEOUT", 15))
ANNOTATOR_FETCH_MAX_REDIRECTS = int(os.environ.get("ANNOTATOR_FETCH_MAX_REDIRECTS", 5))

# The suggester (annotator.suggest). TAGGER: use the trained tagger's source, cue and
# content spans (the rules' speaker, outlet and stance stages run on top); without its
# weights file the rules run alone. TAGGER_MODEL: another weights file (default: the
# shipped annotator/suggest/tagger/model.crfsuite). TAGGER_MERGE: how its spans combine
# with the rules' (annotator/suggest/tagger/combine.py: "rules", "union", "quotes", "tagger").
# LM_DIR: a local language-model directory (vocab.txt + embeddings.npy, see
# annotator/suggest/tagger/lm.py) whose embeddings the weights were trained with.
ANNOTATOR_SUGGEST_TAGGER = os.environ.get("ANNOTATOR_SUGGEST_TAGGER", "1").lower() not in ("0", "false", "no", "")
ANNOTATOR_SUGGEST_TAGGER_MODEL = os.environ.get("ANNOTATOR_SUGGEST_TAGGER_MODEL", "")
ANNOTATOR_SUGGEST_TAGGER_MERGE = os.environ.get("ANNOTATOR_SUGGEST_TAGGER_MERGE", "rules")
ANNOTATOR_SUGGEST_LM_DIR = os.environ.get("ANNOTATOR_SUGGEST_LM_DIR", "")

# Content Security Policy: scripts only from our origin or with the per-request nonce.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
}

# Background work: the immediate backend runs tasks in-process (development, tests);
# docker-compose sets TASKS_BACKEND=database and runs `manage.py worker` (db_worker that
# also resumes the jobs of a worker that died).
# Imports, suggester runs and the rest (exports) are queued apart, so a worker that
# takes only `imports` (docker-compose has one) never waits behind a suggester run.
TASK_QUEUES = ["default", "imports", "suggestions"]
TASKS = {
    "default": {
        "BACKEND": {
            "immediate": "django.tasks.backends.immediate.ImmediateBackend",
            "database": "django_tasks_db.DatabaseBackend",
        }[os.environ.get("TASKS_BACKEND", "immediate")],
        "QUEUES": TASK_QUEUES,
    }
}

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # First, so an anonymous request is answered 401 with a `Token` challenge.
        "annotator.api.authentication.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_THROTTLE_CLASSES": [
        "rest_framework.throttling.AnonRateThrottle",
        "rest_framework.throttling.UserRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": os.environ.get("API_THROTTLE_ANON", "60/minute"),
        "user": os.environ.get("API_THROTTLE_USER", "6000/minute"),
    },
}

# The API's hand-built hot paths (annotator/api/fast): the statements of an article, a
# statement's creation, the article list and one article. Off, the DRF views answer alone.
API_FAST_PATHS = env_bool("API_FAST_PATHS", True)
# The pages' hand-built parts (the article list's rows, annotator/templatetags/article_rows.py),
# tested byte for byte against the template partials they stand in for. Off, the partials render.
HTML_FAST_PATHS = env_bool("HTML_FAST_PATHS", True)

SPECTACULAR_SETTINGS = {
    "TITLE": "annotator API",
    "DESCRIPTION": "Who claimed what, and who denied it: attributed statements in news articles.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # Swagger UI served from our own static files: no third-party origin in the CSP.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "ENUM_NAME_OVERRIDES": {
        "ActorKindEnum": "annotator.models.ActorKind",
        "SourceKindEnum": "annotator.models.SourceKind",
    },
}

# simple-history: keep the author of every change.
SIMPLE_HISTORY_HISTORY_ID_USE_UUID = False

SESSION_ENGINE = "annotator.sessions"
SESSION_COOKIE_AGE = int(os.environ.get("SESSION_COOKIE_AGE", 60 * 60 * 12))
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False  # htmx reads the token from the page, not the cookie
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

if not DEBUG:
    SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", True)
    CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", True)
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
    if env_bool("SECURE_PROXY_SSL_HEADER", False):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

# Learning from reviews: the suggestion scorer is retrained in the background after this
# many new reviews (accepts, rejects, corrections) since its last training; 0 turns the
# automatic retrain off (`manage.py train_suggester` still trains on demand).
ANNOTATOR_RETRAIN_EVERY = int(os.environ.get("ANNOTATOR_RETRAIN_EVERY", 50))

# Background jobs (annotator.models.Job). An export job writes its file here: a private
# directory, never served as static or media files; the job page's download link reads it
# through a view that checks who asks. docker-compose shares it between web and worker.
ANNOTATOR_EXPORT_DIR = Path(os.environ.get("ANNOTATOR_EXPORT_DIR", MEDIA_ROOT / "exports"))
# `manage.py prune_exports` removes prepared export files older than this.
ANNOTATOR_EXPORT_KEEP_DAYS = float(os.environ.get("ANNOTATOR_EXPORT_KEEP_DAYS", "7"))
# A running job beats (`Job.heartbeat_at`) this often, from a thread beside its work, so
# one long article or batch never looks like a dead worker.
ANNOTATOR_JOB_HEARTBEAT_SECONDS = float(os.environ.get("ANNOTATOR_JOB_HEARTBEAT_SECONDS", 5))
# A running job whose worker has not beaten for this long has lost its worker: it is shown
# as stalled, and the next worker (`manage.py worker`) resumes it where it stopped.
ANNOTATOR_JOB_STALE_SECONDS = int(os.environ.get("ANNOTATOR_JOB_STALE_SECONDS", 30))
# A task that fails (a job, or the suggester on one article) is tried again this many
# times, after ANNOTATOR_TASK_RETRY_DELAY seconds, then twice that, and so on (at most
# ANNOTATOR_TASK_RETRY_MAX_DELAY), before it is shown as failed. Only with a real queue
# (the database backend): the immediate backend would wait inside the request.
ANNOTATOR_TASK_RETRIES = int(os.environ.get("ANNOTATOR_TASK_RETRIES", 4))
ANNOTATOR_TASK_RETRY_DELAY = float(os.environ.get("ANNOTATOR_TASK_RETRY_DELAY", 2))
ANNOTATOR_TASK_RETRY_MAX_DELAY = float(os.environ.get("ANNOTATOR_TASK_RETRY_MAX_DELAY", 300))
# Maintenance mode (`restore` sets it): a file every web worker of the host sees. Requests
# are answered 503 with this Retry-After (seconds) while it exists.
ANNOTATOR_MAINTENANCE_FILE = Path(os.environ.get("ANNOTATOR_MAINTENANCE_FILE", MEDIA_ROOT / "maintenance.json"))
ANNOTATOR_MAINTENANCE_RETRY_AFTER = int(os.environ.get("ANNOTATOR_MAINTENANCE_RETRY_AFTER", 30))
# The suggester stores at most this many suggestions in one article (any review status
# counts); what it proposes beyond is dropped, and the run says how many. An article of a
# million characters yielded 22,222, more than anyone reviews.
ANNOTATOR_MAX_SUGGESTIONS_PER_ARTICLE = int(os.environ.get("ANNOTATOR_MAX_SUGGESTIONS_PER_ARTICLE", 2000))
# Progress is written at most this often (seconds), not once per article.
ANNOTATOR_JOB_PROGRESS_INTERVAL = float(os.environ.get("ANNOTATOR_JOB_PROGRESS_INTERVAL", 0.5))
