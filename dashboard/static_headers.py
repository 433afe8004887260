"""Security headers for static files: WhiteNoise answers them before Django's middleware runs."""

from wsgiref.headers import Headers

from django.conf import settings
from django.utils.csp import build_policy


def add_security_headers(headers: Headers, path: str, url: str) -> None:
    """The same security headers pages get (CSP, nosniff, framing, referrer, HSTS)."""
    headers["Content-Security-Policy"] = build_policy(settings.SECURE_CSP)  # type: ignore[arg-type]  # the project's own dict
    headers["X-Content-Type-Options"] = "nosniff"
    headers["X-Frame-Options"] = settings.X_FRAME_OPTIONS
    headers["Referrer-Policy"] = settings.SECURE_REFERRER_POLICY
    headers["Cross-Origin-Opener-Policy"] = settings.SECURE_CROSS_ORIGIN_OPENER_POLICY
    if settings.SECURE_HSTS_SECONDS:
        hsts = f"max-age={settings.SECURE_HSTS_SECONDS}"
        if settings.SECURE_HSTS_INCLUDE_SUBDOMAINS:
            hsts += "; includeSubDomains"
        if settings.SECURE_HSTS_PRELOAD:
            hsts += "; preload"
        headers["Strict-Transport-Security"] = hsts
