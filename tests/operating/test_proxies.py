"""X-Forwarded-* headers count only from TRUSTED_PROXIES: the scheme as the client address does."""

import pytest
from django.test import Client, override_settings

pytestmark = pytest.mark.django_db

SECURE = {
    "TRUSTED_PROXIES": ["10.0.0.0/8"],
    "SECURE_PROXY_SSL_HEADER": ("HTTP_X_FORWARDED_PROTO", "https"),
    "SECURE_SSL_REDIRECT": True,
}


@override_settings(**SECURE)
def test_an_untrusted_client_cannot_claim_https_to_skip_the_redirect():
    response = Client(REMOTE_ADDR="203.0.113.7").get(
        "/accounts/login/", HTTP_X_FORWARDED_PROTO="https"
    )

    assert response.status_code == 301
    assert response["Location"].startswith("https://")


@override_settings(**SECURE)
def test_the_trusted_proxy_says_the_client_spoke_https():
    response = Client(REMOTE_ADDR="10.1.2.3").get(
        "/accounts/login/", HTTP_X_FORWARDED_PROTO="https"
    )

    assert response.status_code == 200
    assert response.wsgi_request.is_secure()


@override_settings(**SECURE)
def test_every_forwarded_header_of_an_untrusted_peer_is_dropped():
    response = Client(REMOTE_ADDR="203.0.113.7").get(
        "/healthz",
        secure=True,
        HTTP_X_FORWARDED_FOR="10.9.9.9",
        HTTP_X_FORWARDED_HOST="evil.example",
        HTTP_FORWARDED="for=10.9.9.9;proto=https",
    )

    meta = response.wsgi_request.META
    assert not [name for name in meta if "FORWARDED" in name]
