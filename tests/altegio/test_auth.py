"""POST /auth: a staff login and password become a user token (docs/altegio.md §1.2)."""

import pytest

from loyalty.altegio import (
    AltegioAuthError,
    AltegioBadResponse,
    AltegioPartnerTokenRefused,
    AltegioUnavailable,
    AltegioWrongCredentials,
)
from loyalty.altegio.auth import authenticate
from loyalty.services.failures import failure_words

from . import payloads
from .fake import PARTNER_TOKEN, FakeAltegio, body


def sign_in(altegio: FakeAltegio, login: str = "anna@example.com", password: str = "s3cret!"):  # noqa: S107
    return altegio.run(lambda client: authenticate(client, login=login, password=password))


def test_sign_in_posts_login_and_password_as_json_to_auth(altegio: FakeAltegio) -> None:
    altegio.answer(payloads.AUTH, status=201)

    sign_in(altegio, login="+13155550175", password="s3cret!")

    request = altegio.last
    assert request.method == "POST"
    assert request.url == "https://api.alteg.io/api/v1/auth"
    assert body(request) == {"login": "+13155550175", "password": "s3cret!"}
    assert request.headers["Content-Type"] == "application/json"


def test_sign_in_sends_the_partner_token_alone(altegio: FakeAltegio) -> None:
    altegio.answer(payloads.AUTH, status=201)

    sign_in(altegio)

    assert altegio.last.headers["Authorization"] == f"Bearer {PARTNER_TOKEN}"
    assert altegio.last.headers["Accept"] == "application/vnd.api.v2+json"


def test_sign_in_returns_the_user_token_and_who_signed_in(altegio: FakeAltegio) -> None:
    altegio.answer(payloads.AUTH, status=201)

    staff = sign_in(altegio)

    assert staff.id == 123456
    assert staff.name == "Anna Admin"
    assert staff.email == "anna@example.com"
    assert staff.user_token.get_secret_value() == "wec23fh8cDfFV4432fc352456"


def test_signed_in_staff_never_shows_the_user_token_in_repr(altegio: FakeAltegio) -> None:
    altegio.answer(payloads.AUTH, status=201)

    staff = sign_in(altegio)

    assert "wec23fh8cDfFV4432fc352456" not in repr(staff)
    assert "wec23fh8cDfFV4432fc352456" not in str(staff)


def test_a_401_naming_the_password_is_wrong_credentials_without_asking_again(
    altegio: FakeAltegio,
) -> None:
    altegio.answer(payloads.AUTH_WRONG_PASSWORD, status=401)

    with pytest.raises(AltegioWrongCredentials) as caught:
        sign_in(altegio)

    assert caught.value.api_message == "Incorrect login or password"
    assert len(altegio.requests) == 1


def test_an_ambiguous_401_with_a_partner_token_altegio_accepts_is_wrong_credentials(
    altegio: FakeAltegio,
) -> None:
    altegio.answer(payloads.AUTH_NEEDED, status=401).answer(payloads.LOCATIONS, status=200)

    with pytest.raises(AltegioWrongCredentials):
        sign_in(altegio)

    probe = altegio.last
    assert probe.method == "GET"
    assert probe.url.path == "/api/v1/companies"
    assert probe.url.params["count"] == "1"
    assert probe.headers["Authorization"] == f"Bearer {PARTNER_TOKEN}"


def test_an_ambiguous_401_that_the_partner_only_call_repeats_blames_the_partner_token(
    altegio: FakeAltegio,
) -> None:
    altegio.answer(payloads.AUTH_NEEDED, status=401).answer(payloads.AUTH_NEEDED, status=401)

    with pytest.raises(AltegioPartnerTokenRefused) as caught:
        sign_in(altegio)

    assert not isinstance(caught.value, AltegioAuthError)
    assert "misconfigured" in failure_words(caught.value)
    assert len(altegio.requests) == 2


def test_refusal_with_success_false_on_a_2xx_is_wrong_credentials(altegio: FakeAltegio) -> None:
    altegio.answer(payloads.AUTH_REFUSED, status=200)

    with pytest.raises(AltegioWrongCredentials) as caught:
        sign_in(altegio)

    assert caught.value.api_message == "Login or password is incorrect"
    assert len(altegio.requests) == 1


def test_sign_in_is_never_retried_after_a_server_error(altegio: FakeAltegio) -> None:
    altegio.answer(status=503).answer(payloads.AUTH, status=201)

    with pytest.raises(AltegioUnavailable):
        sign_in(altegio)

    assert len(altegio.requests) == 1


def test_an_answer_without_a_user_token_is_unreadable(altegio: FakeAltegio) -> None:
    altegio.answer({"success": True, "data": {"id": 1, "name": "Anna"}, "meta": []}, status=201)

    with pytest.raises(AltegioBadResponse) as caught:
        sign_in(altegio)

    assert failure_words(caught.value) == "Altegio sent an answer we could not read."
