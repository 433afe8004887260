"""Settings for the test suite: production settings with test-only secrets and no throttling."""

import os
from urllib.parse import urlsplit, urlunsplit

os.environ.setdefault("SECRET_KEY", "test-only-secret-key-0123456789abcdefghijklmnopqrstuvwxyz")
os.environ.setdefault("ALTEGIO_BASE_URL", "sandbox")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")
os.environ.setdefault("SECURE_COOKIES", "false")


def _redis_url_of_this_worker(url: str, worker: str) -> str:
    """`url` with its database number moved by the xdist worker's index (gw0 keeps it)."""
    parts = urlsplit(url)
    base = int(parts.path.strip("/") or 0)
    index = int(worker.removeprefix("gw") or 0)
    database = base - index if base >= index else base + index
    return urlunsplit(parts._replace(path=f"/{database}"))


# Under pytest-xdist each worker process gets its own Redis database: the tests empty the cache
# with `cache.clear()`, which flushes the whole database, keys of the other workers included.
# The URL given is kept aside, so subprocesses of a worker (which inherit both) land on the same db.
if os.environ.get("REDIS_URL") and (_worker := os.environ.get("PYTEST_XDIST_WORKER")):
    _given = os.environ.setdefault("REDIS_URL_GIVEN", os.environ["REDIS_URL"])
    os.environ["REDIS_URL"] = _redis_url_of_this_worker(_given, _worker)

from dashboard.settings import *  # noqa: E402, F403

# The client-side Altegio rate limiter is process-wide; tests that need it build their own.
ALTEGIO_RATE_LIMIT = 0
ALTEGIO_RATE_LIMIT_PER_MINUTE = 0
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Serve static files straight from the source folders (no collectstatic before tests).
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
