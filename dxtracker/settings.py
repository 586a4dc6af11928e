"""dxtracker settings: one module, driven by environment variables.

Defaults give the embedded mode (`make run`, `make test`): SQLite in the project folder, Celery tasks run
eagerly in-process, e-mail printed to the console. Production sets DATABASE_URL, CELERY_BROKER_URL,
DJANGO_SECRET_KEY and DJANGO_ALLOWED_HOSTS (see README.md for every variable).
"""

from pathlib import Path

import environ
import plotly
from csp.constants import NONE, SELF, UNSAFE_INLINE
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
# A local .env file is optional and never required; the environment always wins.
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)


def env_bool(name: str, default: bool) -> bool:
    """A boolean variable; a value that is not clearly true or false stops the start with a clear message."""
    raw = env.str(name, default="")
    if raw == "":
        return default
    value = raw.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name}={raw!r} is not a boolean: use true or false.")


# Off unless asked for: a start that forgets DJANGO_DEBUG is a production start, never a debug one with the
# development key. `make` (development) and the test configuration (pyproject.toml) turn it on.
DEBUG = env_bool("DJANGO_DEBUG", default=False)

# Keys that appear in documentation, examples and this repository: never acceptable in production.
WEAK_SECRET_KEYS = {
    "changeme",
    "change-me",
    "secret",
    "secret-key",
    "secretkey",
    "password",
    "django-insecure",
    "dev-only-insecure-key-do-not-use-in-production",
    "your-secret-key",
    "your-secret-key-here",
    "replace-me",
    "xxx",
}
SECRET_KEY_MIN_LENGTH = 50
GENERATE_KEY_HINT = (
    "Generate one with: python -c 'import secrets; print(secrets.token_urlsafe(50))'. "
    "For development, set DJANGO_DEBUG=true instead (make run and make test do)."
)


def secret_key_problem(key: str) -> str | None:
    """Why a production secret key is unacceptable, or None. The same rules as Django's security.W009, refused."""
    if not key:
        return "DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is off (production)."
    if key.strip().lower() in WEAK_SECRET_KEYS or key.startswith("django-insecure-"):
        return "DJANGO_SECRET_KEY is a well-known example value: anyone could forge sessions and tokens."
    if len(key) < SECRET_KEY_MIN_LENGTH:
        return f"DJANGO_SECRET_KEY is too short ({len(key)} characters): at least {SECRET_KEY_MIN_LENGTH} are needed."
    if len(set(key)) < 5:
        return "DJANGO_SECRET_KEY repeats too few different characters to be secret."
    return None


SECRET_KEY = env.str("DJANGO_SECRET_KEY", default="")
if DEBUG:
    SECRET_KEY = SECRET_KEY or "dev-only-insecure-key-do-not-use-in-production"
elif problem := secret_key_problem(SECRET_KEY):
    raise ImproperlyConfigured(f"{problem} {GENERATE_KEY_HINT}")

ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_tables2",
    "django_filters",
    "simple_history",
    "django_celery_beat",
    "axes",
    "csp",
    "rules.apps.AutodiscoverRulesConfig",
    "plans",
    "indicators",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "api",
]
# The benchmark commands (devtools/): with debug on, or DXT_DEV_TOOLS=true; never in a production deployment.
if DEBUG or env_bool("DXT_DEV_TOOLS", default=False):
    INSTALLED_APPS.append("devtools")

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "dxtracker.middleware.VietnameseFirstLocaleMiddleware",
    "dxtracker.middleware.RefuseNulInQueryMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # The programme's settings and fields, read once per request (common/request_cache.py).
    "common.request_cache.RequestCacheMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into its lockout response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "dxtracker.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "plans.context_processors.nav_counts",
            ],
        },
    },
]

WSGI_APPLICATION = "dxtracker.wsgi.application"

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Write-ahead log: readers never wait for a writer (the development server's threads and the tasks it runs
    # in-process), and a commit appends to the log instead of syncing a journal and the file. synchronous=NORMAL
    # is the level the log is made for: a power cut may lose the last commits, never corrupt the file.
    # Production runs on PostgreSQL.
    DATABASES["default"].setdefault("OPTIONS", {})["init_command"] = (
        "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL"
    )
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("DJANGO_CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    # django-axes first, so that a locked-out user is refused before the password is even checked.
    "axes.backends.AxesStandaloneBackend",
    # Who may do what: plans/rules.py and indicators/rules.py, nothing else (Django's model permissions grant nothing).
    "rules.permissions.ObjectPermissionBackend",
    "plans.rules.SignInBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/"

# Failed-login throttling (django-axes): lock a username+address pair after repeated failures.
AXES_FAILURE_LIMIT = env.int("DXT_LOGIN_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = env.float("DXT_LOGIN_COOLOFF_HOURS", default=0.25)  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/lockout.html"
AXES_VERBOSE = False

# Internationalisation: Vietnamese first, English second.
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
# dd/mm/yyyy in both languages: the province's officials read dates this way whatever the interface language.
FORMAT_MODULE_PATH = ["dxtracker.formats"]

STATIC_URL = "static/"
STATIC_ROOT = Path(env.str("DJANGO_STATIC_ROOT", default=str(BASE_DIR / "staticfiles")))
# plotly.js comes from the plotly package itself, so that its version always matches the Python figures.
STATICFILES_DIRS = [BASE_DIR / "static", ("plotly", Path(plotly.__file__).resolve().parent / "package_data")]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": env.str(
            "DJANGO_STATICFILES_STORAGE",
            default="whitenoise.storage.CompressedManifestStaticFilesStorage"
            if not DEBUG
            else "django.contrib.staticfiles.storage.StaticFilesStorage",
        )
    },
}
MEDIA_ROOT = Path(env.str("DJANGO_MEDIA_ROOT", default=str(BASE_DIR / "media")))
MEDIA_URL = "/media/"

# E-mail: printed to the console unless an SMTP server is configured.
EMAIL_BACKEND = env.str("DJANGO_EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env.str("DJANGO_EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("DJANGO_EMAIL_PORT", default=25)
EMAIL_HOST_USER = env.str("DJANGO_EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env.str("DJANGO_EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env_bool("DJANGO_EMAIL_USE_TLS", default=False)
DEFAULT_FROM_EMAIL = env.str("DJANGO_DEFAULT_FROM_EMAIL", default="dxtracker <no-reply@dxtracker.local>")

# Celery: with no broker configured, tasks run eagerly in-process (embedded mode).
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_RESULT_BACKEND = env.str("CELERY_RESULT_BACKEND", default=CELERY_BROKER_URL or None) or None
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_SOFT_TIME_LIMIT = env.int("CELERY_TASK_SOFT_TIME_LIMIT", default=300)
CELERY_TASK_TIME_LIMIT = env.int("CELERY_TASK_TIME_LIMIT", default=360)
# A task is acknowledged when it ends, not when it starts: a worker killed mid-task leaves the message
# unacknowledged, and Redis hands it out again after the visibility timeout (which must exceed the longest
# task plus its countdown). A pool child that dies is requeued at once. Every task is idempotent.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# A broker that is down must cost a web request about a second, not ~19 s: short connect timeouts and one
# quick retry when publishing; the request is kept in the database and enqueued later (indicators.services).
CELERY_BROKER_CONNECTION_TIMEOUT = env.float("CELERY_BROKER_CONNECTION_TIMEOUT", default=1.0)
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", default=900),
    "socket_connect_timeout": CELERY_BROKER_CONNECTION_TIMEOUT,
    "socket_timeout": 5,
    "max_retries": 1,
    "interval_start": 0,
    "interval_step": 0.2,
    "interval_max": 0.2,
}
CELERY_TASK_PUBLISH_RETRY = True
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 1, "interval_start": 0, "interval_step": 0.2, "interval_max": 0.2}
CELERY_REDIS_SOCKET_CONNECT_TIMEOUT = CELERY_BROKER_CONNECTION_TIMEOUT
CELERY_REDIS_SOCKET_TIMEOUT = 5
CELERY_RESULT_BACKEND_TRANSPORT_OPTIONS = {
    "visibility_timeout": CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"],
    "retry_policy": {"max_retries": 1, "interval_start": 0, "interval_step": 0.2, "interval_max": 0.2},
}
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
# The periodic jobs live in django-celery-beat's tables only (created by data migrations, see common/beat.py),
# so that an edit in the admin is never undone: nothing is copied from here.
CELERY_BEAT_SCHEDULE: dict = {}

# Reminders: tasks due within N days, and tasks with no update for M days, go into each head's daily digest.
DXT_REMINDER_DUE_DAYS = env.int("DXT_REMINDER_DUE_DAYS", default=7)
DXT_REMINDER_STALE_DAYS = env.int("DXT_REMINDER_STALE_DAYS", default=30)
# The public address of the site, for links in e-mails.
DXT_SITE_URL = env.str("DXT_SITE_URL", default="http://127.0.0.1:8000")
# Evidence uploads: at most this many megabytes.
DXT_EVIDENCE_MAX_MB = env.int("DXT_EVIDENCE_MAX_MB", default=10)
# Evidence files: kept outside MEDIA_ROOT (never served by a public URL); a shared volume when several web hosts run.
DXT_EVIDENCE_ROOT = Path(env.str("DXT_EVIDENCE_ROOT", default=str(MEDIA_ROOT.parent / "private-media")))

# The first values of the programme settings (plans.ProgrammeSettings, kept in the admin since): the province the
# dashboard is about and the DTI rank it aims for, read by the migration that creates the settings row.
DXT_PROVINCE = env.str("DXT_PROVINCE", default="")
DXT_TARGET_RANK = env.int("DXT_TARGET_RANK", default=20)
# A burst of observation edits or an import causes one recomputation per framework-year, this many seconds later.
DXT_RECOMPUTE_DEBOUNCE_SECONDS = env.int("DXT_RECOMPUTE_DEBOUNCE_SECONDS", default=5)

# The progress pages are public by default (transparency); true makes every page login-only.
DXT_LOGIN_REQUIRED = env_bool("DXT_LOGIN_REQUIRED", default=False)

# Django's own cache: the local memory cache unless one is configured (used for debouncing and locks).
CACHES = {"default": env.cache("DJANGO_CACHE_URL", default="locmemcache://")}
# Public pages served to visitors who are not signed in from the cache, keyed by a data version that every write
# moves (common/page_cache.py): "auto" is on with a cache every process shares (Redis), off with locmem.
DXT_PAGE_CACHE = env.str("DXT_PAGE_CACHE", default="auto")
DXT_PAGE_CACHE_SECONDS = env.int("DXT_PAGE_CACHE_SECONDS", default=300)
DXT_PAGE_CACHE_APPS = ("plans", "indicators", "reports")

DJANGO_TABLES2_TEMPLATE = "django_tables2/bootstrap5.html"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("DJANGO_LOG_LEVEL", default="INFO")},
}

# HTTPS. Production defaults assume what README.md describes: gunicorn behind a proxy that ends TLS and sets
# X-Forwarded-Proto (overwriting any value the client sent). Without the proxy header, the SSL redirect would
# loop behind such a proxy, so the two go together (.ci/run's production check sends the header as the proxy would).
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", default=not DEBUG)
if env_bool("DJANGO_SECURE_PROXY_SSL_HEADER", default=not DEBUG):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# HSTS: a year by default in production; README.md says how to start lower on a first deployment.
SECURE_HSTS_SECONDS = env.int("DJANGO_SECURE_HSTS_SECONDS", default=0 if DEBUG else 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
SECURE_HSTS_PRELOAD = env_bool("DJANGO_SECURE_HSTS_PRELOAD", default=True)
SECURE_CONTENT_TYPE_NOSNIFF = True
SESSION_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", default=not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE

# Content-Security-Policy (django-csp), in debug too so that development meets the same rules. Scripts come only
# from our own origin (our static files, plotly.js from the plotly package): no inline <script>, no on*= handlers,
# no eval. Styles allow 'unsafe-inline' because plotly.js writes <style> elements and style attributes as it draws
# (and the admin sets style attributes); inline styles cannot run code. Images allow data: and blob: for the
# chart toolbar's icons and its "download as PNG". Known gap: django-celery-beat's periodic-task admin form has an
# inline script (a readable crontab hint); it is blocked, and the form works without it.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF, UNSAFE_INLINE],
        "img-src": [SELF, "data:", "blob:"],
        "font-src": [SELF, "data:"],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

# Periodic reports (reports/): the app, the rating thresholds (plans/ratings.py; shown on the "how ratings work"
# page) and the first defaults of the report document's heading and signature (then kept in the admin).
INSTALLED_APPS.append("reports")
DXT_RATING_BEHIND_POINTS = env.int("DXT_RATING_BEHIND_POINTS", default=15)
DXT_RATING_DUE_SOON_DAYS = env.int("DXT_RATING_DUE_SOON_DAYS", default=30)
DXT_RATING_DUE_SOON_PROGRESS = env.int("DXT_RATING_DUE_SOON_PROGRESS", default=80)
DXT_RATING_RED_SHARE = env.int("DXT_RATING_RED_SHARE", default=20)
DXT_RATING_AMBER_SHARE = env.int("DXT_RATING_AMBER_SHARE", default=20)
DXT_REPORT = {
    # Empty: from the programme settings' province ("UBND TỈNH …", its name).
    "parent_body": env.str("DXT_REPORT_PARENT_BODY", default=""),
    "issuing_body": env.str("DXT_REPORT_ISSUING_BODY", default="SỞ KHOA HỌC VÀ CÔNG NGHỆ"),
    "symbol": env.str("DXT_REPORT_SYMBOL", default="SKHCN"),
    "place": env.str("DXT_REPORT_PLACE", default=""),
    "signer_authority": env.str("DXT_REPORT_SIGNER_AUTHORITY", default="KT. GIÁM ĐỐC"),
    "signer_title": env.str("DXT_REPORT_SIGNER_TITLE", default="PHÓ GIÁM ĐỐC"),
    "signer_name": env.str("DXT_REPORT_SIGNER_NAME", default=""),
    "recipients": env.str("DXT_REPORT_RECIPIENTS", default="- UBND tỉnh;\n- Tỉnh ủy;\n- Bộ KH&CN;\n- Lưu: VT."),
}
# The data API (api/): Django REST framework, its OpenAPI schema by drf-spectacular, Swagger UI from our own
# static files (drf-spectacular-sidecar, no CDN). Reads are as public as the pages (DXT_LOGIN_REQUIRED).
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "api.authentication.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend", "api.ordering.TableOrdering"],
    "DEFAULT_PAGINATION_CLASS": "api.pagination.PageNumberPagination",
    "DEFAULT_SCHEMA_CLASS": "api.schema.AutoSchema",
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_THROTTLE_CLASSES": ["api.throttling.TokenRateThrottle", "api.throttling.AnonRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {
        "token": env.str("DXT_API_RATE", default="600/hour"),
        "anon": env.str("DXT_API_ANON_RATE", default="1200/hour"),
    },
}
SPECTACULAR_SETTINGS = {
    "TITLE": "dxtracker API",
    "DESCRIPTION": (
        "Dữ liệu mở của chương trình chuyển đổi số tỉnh: văn bản, kế hoạch, mục tiêu, nhiệm vụ, cập nhật tiến độ, "
        "đơn vị, người đứng đầu và chỉ số DTI. Đọc công khai khi các trang công khai; báo cáo tiến độ bằng khóa API "
        "(Authorization: Bearer <khóa>)."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["api.permissions.PublicRead"],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "SCHEMA_PATH_PREFIX": r"/api/v[0-9]+",
    "ENUM_NAME_OVERRIDES": {"TaskStatusEnum": "plans.models.Status"},
}
