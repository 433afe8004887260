"""/healthz says the process serves; /readyz says whether the database and Redis answer."""

import pytest
from django.db import DatabaseError
from django.test import Client

from tests.serving.launch import free_port

pytestmark = pytest.mark.django_db


def test_liveness_answers_without_sign_in_or_any_backend(client: Client, sandbox):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert "no-cache" in response["Cache-Control"]
    assert sandbox.calls == []  # Altegio is never asked


def test_readiness_without_redis_checks_the_database_only(client: Client, settings, sandbox):
    settings.REDIS_URL = ""

    response = client.get("/readyz")

    assert response.status_code == 200
    assert response.json() == {"status": "ok", "checks": {"database": "ok"}, "failing": []}
    assert sandbox.calls == []


def test_readiness_names_redis_when_it_does_not_answer(client: Client, settings):
    settings.REDIS_URL = f"redis://127.0.0.1:{free_port()}/0"  # nothing listens there

    response = client.get("/readyz")

    assert response.status_code == 503
    assert response.json() == {
        "status": "unavailable",
        "checks": {"database": "ok", "redis": "unavailable"},
        "failing": ["redis"],
    }


def test_readiness_names_the_database_when_it_does_not_answer(client: Client, monkeypatch):
    def refuse(*args, **kwargs):
        raise DatabaseError("connection refused")

    monkeypatch.setattr("loyalty.views.health.connection.cursor", refuse)

    response = client.get("/readyz")

    assert response.status_code == 503
    assert response.json()["failing"] == ["database"]
