"""Loyalty Desk URLs: sign-in under /accounts/, the dashboard pages from the loyalty app."""

from django.conf import settings
from django.urls import include, path

from dashboard.accounts.language import switch_language
from dashboard.accounts.views import home
from loyalty.views.health import healthz, readyz
from loyalty.views.metrics import metrics

urlpatterns = [
    path("", home, name="home"),
    path("healthz", healthz, name="healthz"),
    path("readyz", readyz, name="readyz"),
    path("metrics", metrics, name="metrics"),
    path("accounts/", include("dashboard.accounts.urls")),
    path("i18n/setlang/", switch_language, name="set_language"),
    path("", include("loyalty.urls")),
]

if settings.ALTEGIO_SANDBOX:
    # Sandbox-only tools (e.g. "End my Altegio token"), mounted by name: no import of the emulator.
    urlpatterns.append(path("sandbox/", include("loyalty.sandbox.demo")))

if settings.BENCH_BARE_VIEW:
    from dashboard.bench_views import bare

    urlpatterns.append(path("__bench/bare", bare))

handler403 = "dashboard.errors.permission_denied"
handler404 = "dashboard.errors.page_not_found"
handler500 = "dashboard.errors.server_error"
