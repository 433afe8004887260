"""Loyalty Desk settings: one module, every value from the environment (docs/operating.md)."""

from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

from dashboard.startup_checks import check_altegio_base_url, check_secret_key
from dashboard.static_headers import add_security_headers

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
if (BASE_DIR / ".env").is_file():
    environ.Env.read_env(BASE_DIR / ".env")

DEBUG = env.bool("DEBUG", default=False)

# A development-only secret is allowed with DEBUG on; production must set its own.
_DEV_SECRET_KEY = "dev-only-insecure-secret-key-do-not-use-in-production"  # noqa: S105
SECRET_KEY = env.str("SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = _DEV_SECRET_KEY
elif not DEBUG:
    check_secret_key(SECRET_KEY)

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1"])

# Altegio: where the API is, the partner token, the request budget.
SANDBOX = "sandbox"


def _altegio_base_url(raw: str) -> str:
    """Accept the base URL with or without the reference's `/api/v1` suffix."""
    raw = raw.strip().rstrip("/")
    if raw == SANDBOX:
        return SANDBOX
    return raw if raw.endswith("/api/v1") else f"{raw}/api/v1"


_RAW_BASE_URL = env.str("ALTEGIO_BASE_URL", default="")
if not _RAW_BASE_URL.strip() and not DEBUG:
    # A production start must say where Altegio is; the sandbox only when it is named.
    raise ImproperlyConfigured(
        "ALTEGIO_BASE_URL must be set when DEBUG is off "
        "(e.g. https://api.alteg.io/api/v1, or `sandbox` for the built-in emulator)."
    )
ALTEGIO_BASE_URL = _altegio_base_url(_RAW_BASE_URL or SANDBOX)
ALTEGIO_SANDBOX = ALTEGIO_BASE_URL == SANDBOX
# The client is handed an httpx transport by dotted path: the emulator answers in-process and is
# never imported on the production path (empty = the network).
ALTEGIO_TRANSPORT = ""
ALTEGIO_PARTNER_TOKEN = env.str("ALTEGIO_PARTNER_TOKEN", default="")
if not ALTEGIO_SANDBOX and not DEBUG:
    check_altegio_base_url(ALTEGIO_BASE_URL)
if ALTEGIO_SANDBOX:
    ALTEGIO_BASE_URL = "https://sandbox.altegio.invalid/api/v1"
    ALTEGIO_TRANSPORT = "loyalty.sandbox.demo.transport"
    # The sandbox's public demo token (loyalty/sandbox/app.py PARTNER_TOKEN): not a secret.
    ALTEGIO_PARTNER_TOKEN = ALTEGIO_PARTNER_TOKEN or "sandbox-partner-token"
elif not ALTEGIO_PARTNER_TOKEN:
    raise ImproperlyConfigured(
        "ALTEGIO_PARTNER_TOKEN must be set when ALTEGIO_BASE_URL points at a real Altegio API."
    )
ALTEGIO_TIMEOUT = env.float("ALTEGIO_TIMEOUT", default=5.0)
ALTEGIO_RATE_LIMIT = env.float("ALTEGIO_RATE_LIMIT", default=5.0)
ALTEGIO_RATE_LIMIT_PER_MINUTE = env.int("ALTEGIO_RATE_LIMIT_PER_MINUTE", default=200)
# While interactive calls were made this recently, bulk work (summary, export) leaves one lookup's
# worth of calls free in every second and uses at most this share of the per-minute limit.
ALTEGIO_INTERACTIVE_WINDOW_SECONDS = env.float("ALTEGIO_INTERACTIVE_WINDOW_SECONDS", default=60.0)
ALTEGIO_BULK_SHARE = env.float("ALTEGIO_BULK_SHARE", default=0.6)
# Simulated upstream latency for the in-process sandbox (demo and benchmarks only).
SANDBOX_LATENCY_MS = env.int("SANDBOX_LATENCY_MS", default=0)

# What the dashboard itself allows: sessions, lookups, caches, proxies, metrics.
SESSION_IDLE_MINUTES = env.int("SESSION_IDLE_MINUTES", default=30)
SESSION_MAX_HOURS = env.int("SESSION_MAX_HOURS", default=12)
# Locations and rights reload from Altegio this often (and always before the audit log).
RIGHTS_RELOAD_MINUTES = env.float("RIGHTS_RELOAD_MINUTES", default=10)
DEFAULT_PHONE_REGION = env.str("DEFAULT_PHONE_REGION", default="US")
LOOKUPS_PER_MINUTE = env.int("LOOKUPS_PER_MINUTE", default=30)
CATALOGUE_CACHE_SECONDS = env.int("CATALOGUE_CACHE_SECONDS", default=300)
# A membership screen shows a type this much older as it is, and reads it again meanwhile.
CATALOGUE_STALE_SECONDS = env.int("CATALOGUE_STALE_SECONDS", default=3600)
SUMMARY_CACHE_SECONDS = env.int("SUMMARY_CACHE_SECONDS", default=600)
EVENT_LIST_CACHE_SECONDS = env.int("EVENT_LIST_CACHE_SECONDS", default=60)
# A location's classes this much older are shown as they are while they are read again.
EVENT_LIST_STALE_SECONDS = env.int("EVENT_LIST_STALE_SECONDS", default=300)
# One "expires soon" threshold everywhere: the desk's cards, the chain list and its summary.
EXPIRES_SOON_DAYS = env.int("EXPIRES_SOON_DAYS", default=14)
LOGIN_FAILURE_LIMIT = env.int("LOGIN_FAILURE_LIMIT", default=5)
LOGIN_LOCKOUT_MINUTES = env.int("LOGIN_LOCKOUT_MINUTES", default=15)
# Client addresses come from REMOTE_ADDR unless the request arrives through one of these proxies.
TRUSTED_PROXIES = env.list("TRUSTED_PROXIES", default=[])
TOKEN_ENCRYPTION_KEY = env.str("TOKEN_ENCRYPTION_KEY", default="")
# /metrics (Prometheus) opens to `Authorization: Bearer <METRICS_TOKEN>` or to these addresses or
# networks; with neither set it is a 404 (docs/operating.md).
METRICS_TOKEN = env.str("METRICS_TOKEN", default="")
METRICS_ALLOWED_IPS = env.list("METRICS_ALLOWED_IPS", default=[])
# Mounts /__bench/bare, the do-nothing view `make bench` compares the lookup with.
BENCH_BARE_VIEW = env.bool("BENCH_BARE_VIEW", default=False)

# Django: apps, middleware, templates, the database and the cache.
INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_htmx",
    "dashboard.accounts",
    "loyalty",
]

MIDDLEWARE = [
    # X-Forwarded-* (the scheme, the client address) only from TRUSTED_PROXIES: before anything
    # reads them (SecurityMiddleware's HTTPS redirect, the sign-in lockout).
    "dashboard.proxies.trusted_proxy_headers",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # request.htmx for everything after it: the sign-in redirects and the session clock answer
    # htmx requests with HX-Redirect.
    "django_htmx.middleware.HtmxMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # The signed-in person's own language comes before the browser's Accept-Language.
    "dashboard.accounts.language.StaffLanguageMiddleware",
    # Deny by default (Django's LoginRequiredMiddleware), with an HX-Redirect for htmx requests.
    "dashboard.accounts.middleware.StaffLoginRequiredMiddleware",
    "dashboard.accounts.middleware.StaffSessionMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "dashboard.urls"
ASGI_APPLICATION = "dashboard.asgi.application"
WSGI_APPLICATION = "dashboard.wsgi.application"

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
                "dashboard.context_processors.dashboard",
                # Demo logins, phones and events on the pages, only while the sandbox answers.
                *(["loyalty.sandbox.demo.hints"] if ALTEGIO_SANDBOX else []),
            ],
        },
    },
]

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Several workers write sessions and tokens at once: take the write lock at BEGIN (a lock
    # upgrade inside a transaction fails at once with "database is locked"), wait for it, and
    # let readers run beside the writer (WAL).
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"transaction_mode": "IMMEDIATE", "timeout": 20, "init_command": "PRAGMA journal_mode=WAL"}
    )
AUTH_USER_MODEL = "accounts.StaffUser"
AUTHENTICATION_BACKENDS = ["dashboard.accounts.backends.AltegioBackend"]

REDIS_URL = env.str("REDIS_URL", default="")
# Every instance with the same REDIS_URL and prefix shares counters, sessions and the budget.
REDIS_KEY_PREFIX = env.str("REDIS_KEY_PREFIX", default="loyaltydesk")
# A Redis that is down or hung costs at most this long to connect or to answer, then the page says
# so; after a failure each process stops asking it for REDIS_RETRY_SECONDS (docs/operating.md).
REDIS_TIMEOUT = env.float("REDIS_TIMEOUT", default=0.25)
REDIS_RETRY_SECONDS = env.float("REDIS_RETRY_SECONDS", default=1.0)
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "dashboard.shared_cache.GuardedRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": REDIS_KEY_PREFIX,
            "OPTIONS": {"TIMEOUT_SECONDS": REDIS_TIMEOUT},
        }
    }
    # In the database, cached in Redis: a Redis outage or restart signs nobody out.
    SESSION_ENGINE = "dashboard.shared_cache"
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    SESSION_ENGINE = "django.contrib.sessions.backends.db"

# Sessions and cookies.
SECURE_COOKIES = env.bool("SECURE_COOKIES", default=not DEBUG)
SESSION_COOKIE_AGE = SESSION_MAX_HOURS * 3600
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = SECURE_COOKIES
CSRF_COOKIE_SECURE = SECURE_COOKIES
CSRF_COOKIE_HTTPONLY = True
# The language choice is no secret, but gets the session cookie's flags all the same.
LANGUAGE_COOKIE_SECURE = SECURE_COOKIES
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = SESSION_COOKIE_SAMESITE
CSRF_FAILURE_VIEW = "dashboard.errors.csrf_failure"
# Error reports (and the DEBUG 500 page) never show a password, token or secret that was posted.
DEFAULT_EXCEPTION_REPORTER_FILTER = "dashboard.errors.SecretsHiddenFilter"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "/"

# Security headers.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=not DEBUG)
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=SECURE_COOKIES and not DEBUG)
if TRUSTED_PROXIES:
    # Believed only from those proxies: dashboard.proxies drops the header from anyone else.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# No inline script or style anywhere; htmx is configured for this CSP in base.html.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "connect-src": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "object-src": [CSP.NONE],
}

# Static files (whitenoise).
STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
# WhiteNoise answers static files before SecurityMiddleware: give them the pages' headers too.
WHITENOISE_ADD_HEADERS_FUNCTION = add_security_headers
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# Languages.
# The person's choice (kept on their staff user), else the browser's Accept-Language, else this.
LANGUAGE_CODE = env.str("LANGUAGE_CODE", default="en")
LANGUAGES = [("en", "English"), ("ru", "Русский")]
if LANGUAGE_CODE not in dict(LANGUAGES):
    raise ImproperlyConfigured(f"LANGUAGE_CODE must be one of {', '.join(dict(LANGUAGES))}.")
LOCALE_PATHS = [BASE_DIR / "locale"]
# Our own date formats per language ("Dec 5, 2026" / "5 декабря 2026"): dashboard/formats/.
FORMAT_MODULE_PATH = ["dashboard.formats"]
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

# Logging.
# httpx logs every full URL (phones ride in M1/C1 query strings) at INFO: keep it at WARNING.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"scrub": {"()": "loyalty.altegio.logging.ScrubSecretsFilter"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["scrub"]},
    },
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        # Django's own lines (with DEBUG on, "Not Found: /path…") go through the same scrubbing:
        # otherwise its default console handler, which has no filter, would print them.
        "django": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "httpx": {"level": "WARNING"},
        "httpcore": {"level": "WARNING"},
        "django.request": {"level": "WARNING"},
    },
}
