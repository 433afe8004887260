"""Settings for the test suite: production settings with test-only secrets and no throttling."""

import os

os.environ.setdefault("SECRET_KEY", "test-only-secret-key-0123456789abcdefghijklmnopqrstuvwxyz")
os.environ.setdefault("ALTEGIO_BASE_URL", "sandbox")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")
os.environ.setdefault("SECURE_COOKIES", "false")

from dashboard.settings import *  # noqa: F403

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
