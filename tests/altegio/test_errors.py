"""Every way a call can fail ends in one AltegioError subclass with a message fit for staff."""

import httpx
import pytest

from loyalty.altegio import (
    AltegioAuthError,
    AltegioBadResponse,
    AltegioError,
    AltegioForbidden,
    AltegioInvalid,
    AltegioLicenceExpired,
    AltegioNotFound,
    AltegioRateLimited,
    AltegioTimeout,
    AltegioUnavailable,
    AltegioUnreachable,
    RetryPolicy,
)
from loyalty.altegio.catalogue import MEMBERSHIP_TYPES
from loyalty.altegio.memberships import (
    list_client_memberships,
)
from loyalty.services.failures import failure_words

from . import payloads
from .fake import PARTNER_TOKEN, USER_TOKEN, FakeAltegio

ONE_TRY = RetryPolicy(attempts=1)


def lookup(altegio: FakeAltegio):
    """M1 through a client that tries once, so the first failure is the one raised."""
    return altegio.run(
        lambda client: list_client_memberships(
            client.as_user(USER_TOKEN), location_id=720441, phone_digits="13155550178"
        ),
        retry=ONE_TRY,
    )


def failure(altegio: FakeAltegio) -> AltegioError:
    with pytest.raises(AltegioError) as caught:
        lookup(altegio)
    return caught.value


# --- Transport ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "error", [httpx.ReadTimeout("timed out"), httpx.ConnectTimeout("timed out")]
)
def test_a_timeout_says_altegio_did_not_answer_in_time(
    altegio: FakeAltegio, error: Exception
) -> None:
    altegio.fail(error)

    error = failure(altegio)

    assert type(error) is AltegioTimeout
    assert isinstance(error, AltegioUnavailable)
    assert failure_words(error) == "Altegio did not answer in time. Please try again in a moment."
    assert error.status is None


def test_a_refused_connection_says_altegio_could_not_be_reached(altegio: FakeAltegio) -> None:
    altegio.fail(httpx.ConnectError("[Errno 111] Connection refused"))

    error = failure(altegio)

    assert type(error) is AltegioUnreachable
    assert failure_words(error) == "Could not reach Altegio. Please try again in a moment."


def test_a_dropped_connection_mid_answer_says_altegio_could_not_be_reached(
    altegio: FakeAltegio,
) -> None:
    altegio.fail(httpx.RemoteProtocolError("peer closed connection"))

    assert type(failure(altegio)) is AltegioUnreachable


def test_the_readable_message_never_carries_the_tokens_or_the_phone(altegio: FakeAltegio) -> None:
    altegio.fail(httpx.ConnectError(f"refused Bearer {PARTNER_TOKEN}, User {USER_TOKEN}"))

    error = failure(altegio)

    for secret in (PARTNER_TOKEN, USER_TOKEN, "13155550178"):
        assert secret not in failure_words(error)
        assert secret not in str(error)


# --- HTTP status -------------------------------------------------------------------------------


def test_401_asks_the_staff_member_to_sign_in_again(altegio: FakeAltegio) -> None:
    altegio.answer(payloads.AUTH_NEEDED, status=401)

    error = failure(altegio)

    assert type(error) is AltegioAuthError
    assert error.status == 401
    assert failure_words(error) == "Your Altegio session has ended, please sign in again."
    assert error.api_message == "Authentication needed."


def test_403_says_the_account_has_no_access(altegio: FakeAltegio) -> None:
    altegio.answer(payloads.ACCESS_DENIED, status=403)

    error = failure(altegio)

    assert type(error) is AltegioForbidden
    assert error.status == 403
    assert failure_words(error) == "Your Altegio account has no rights to do this."
    assert error.api_message == "Access denied."


def test_402_says_the_licence_expired_with_altegios_words_not_no_rights(
    altegio: FakeAltegio,
) -> None:
    altegio.answer(
        {"success": False, "data": None, "meta": {"message": "renew the licence in location 1"}},
        status=402,
    )

    error = failure(altegio)

    assert type(error) is AltegioLicenceExpired
    assert not isinstance(error, AltegioForbidden)
    assert failure_words(error) == "The Altegio licence of this location has expired."
    assert error.api_message == "renew the licence in location 1"


@pytest.mark.parametrize(
    ("payload", "api_message"),
    [
        (payloads.EVENT_NOT_FOUND, "Event not found"),
        (payloads.NOT_FOUND_BARE, None),
        # The chain client search's documented 404 has no envelope (docs/altegio.md §4.4).
        ({"message": "Client not found"}, "Client not found"),
    ],
)
def test_404_says_altegio_could_not_find_it(
    altegio: FakeAltegio, payload: object, api_message: str | None
) -> None:
    altegio.answer(payload, status=404)

    error = failure(altegio)

    assert type(error) is AltegioNotFound
    assert failure_words(error) == "Altegio could not find it."
    assert error.api_message == api_message
    assert error.errors == {}


def test_422_carries_altegios_message_and_the_field_errors(altegio: FakeAltegio) -> None:
    altegio.answer(payloads.INVALID_ARCHIVED, status=422)

    with pytest.raises(AltegioInvalid) as caught:
        altegio.call(MEMBERSHIP_TYPES.list_in_chain, chain_id=123, archived=True)

    assert caught.value.status == 422
    assert failure_words(caught.value) == "Altegio rejected the request."
    assert caught.value.api_message == "An error occurred"
    assert caught.value.errors == {"[is_archived]": ["The value you selected is invalid"]}


@pytest.mark.parametrize("status", [400, 409, 422])
def test_validation_statuses_are_rejections(altegio: FakeAltegio, status: int) -> None:
    altegio.answer(payloads.FREEZE_LIMIT, status=status)

    error = failure(altegio)

    assert type(error) is AltegioInvalid
    assert error.api_message == "Freeze period exceeds limit"


def test_429_without_retry_after_says_altegio_is_busy(altegio: FakeAltegio) -> None:
    altegio.answer(status=429)

    error = failure(altegio)

    assert type(error) is AltegioRateLimited
    assert (
        failure_words(error)
        == "Altegio is busy (too many requests). Please try again in a few seconds."
    )
    assert error.retry_after is None


def test_429_with_retry_after_in_seconds_remembers_the_wait(altegio: FakeAltegio) -> None:
    altegio.answer(status=429, headers={"Retry-After": "7"})

    error = failure(altegio)

    assert isinstance(error, AltegioRateLimited)
    assert error.retry_after == 7.0


def test_429_with_retry_after_as_a_past_http_date_means_no_wait(altegio: FakeAltegio) -> None:
    altegio.answer(status=429, headers={"Retry-After": "Wed, 21 Oct 2015 07:28:00 GMT"})

    error = failure(altegio)

    assert isinstance(error, AltegioRateLimited)
    assert error.retry_after == 0.0


def test_429_with_an_unreadable_retry_after_is_still_a_busy_answer(altegio: FakeAltegio) -> None:
    altegio.answer(status=429, headers={"Retry-After": "soon"})

    error = failure(altegio)

    assert type(error) is AltegioRateLimited
    assert error.retry_after is None


@pytest.mark.parametrize("status", [500, 502, 503, 504])
def test_server_errors_say_altegio_is_not_answering(altegio: FakeAltegio, status: int) -> None:
    altegio.answer({"success": False, "data": None, "meta": {"message": "oops"}}, status=status)

    error = failure(altegio)

    assert type(error) is AltegioUnavailable
    assert error.status == status
    assert (
        failure_words(error) == "Altegio is not answering right now. Please try again in a moment."
    )


def test_an_html_error_page_from_a_proxy_is_a_server_error(altegio: FakeAltegio) -> None:
    altegio.answer(status=502, text=payloads.HTML_ERROR_PAGE, headers={"Content-Type": "text/html"})

    error = failure(altegio)

    assert type(error) is AltegioUnavailable
    assert error.api_message is None
    assert "<html" not in failure_words(error)


def test_an_html_page_on_403_is_still_no_access(altegio: FakeAltegio) -> None:
    altegio.answer(status=403, text="<html><body>Forbidden</body></html>")

    error = failure(altegio)

    assert type(error) is AltegioForbidden
    assert error.api_message is None


def test_an_unexpected_redirect_is_an_altegio_error(altegio: FakeAltegio) -> None:
    altegio.answer(status=302, headers={"Location": "https://alteg.io/login"})

    error = failure(altegio)

    assert type(error) is AltegioError
    assert error.status == 302
    assert failure_words(error) == "Altegio could not answer this request."


# --- A 2xx that is not an answer ---------------------------------------------------------------


def test_success_false_on_a_200_is_a_refusal_quoting_altegio(altegio: FakeAltegio) -> None:
    altegio.answer(payloads.ACCESS_DENIED, status=200)

    error = failure(altegio)

    assert isinstance(error, AltegioBadResponse)
    assert error.status == 200
    assert failure_words(error) == "Altegio refused: Access denied."


def test_success_false_without_a_message_is_an_unreadable_answer(altegio: FakeAltegio) -> None:
    altegio.answer({"success": False, "data": None, "meta": []}, status=200)

    error = failure(altegio)

    assert isinstance(error, AltegioBadResponse)
    assert failure_words(error) == "Altegio sent an answer we could not read."


def test_a_non_json_body_on_a_200_is_an_unreadable_answer(altegio: FakeAltegio) -> None:
    altegio.answer(status=200, text="OK")

    error = failure(altegio)

    assert isinstance(error, AltegioBadResponse)
    assert failure_words(error) == "Altegio sent an answer we could not read."


def test_an_html_page_on_a_200_is_an_unreadable_answer(altegio: FakeAltegio) -> None:
    altegio.answer(status=200, text=payloads.HTML_ERROR_PAGE, headers={"Content-Type": "text/html"})

    assert type(failure(altegio)) is AltegioBadResponse


def test_a_body_that_is_not_utf8_is_an_unreadable_answer(altegio: FakeAltegio) -> None:
    altegio.answers.append(httpx.Response(200, content=b"\xff\xfe\xfa{"))

    assert type(failure(altegio)) is AltegioBadResponse


@pytest.mark.parametrize("body", [[1, 2, 3], "memberships", 42, [], [{"id": 1}, {"id": 2}]])
def test_a_json_body_that_is_not_an_envelope_is_an_unreadable_answer(
    altegio: FakeAltegio, body: object
) -> None:
    altegio.answer(body)

    assert type(failure(altegio)) is AltegioBadResponse


def test_an_empty_200_reads_as_no_memberships(altegio: FakeAltegio) -> None:
    altegio.answer(status=200)

    assert lookup(altegio) == []


def test_an_object_answer_without_data_is_unreadable(altegio: FakeAltegio) -> None:
    altegio.answer({"success": True, "meta": []})

    with pytest.raises(AltegioBadResponse):
        altegio.call(MEMBERSHIP_TYPES.get_in_chain, chain_id=123, type_id=468039)


def test_every_failure_is_an_altegio_error_and_nothing_else(altegio: FakeAltegio) -> None:
    for answer in (
        httpx.Response(200, text="<html>"),
        httpx.Response(418),
        httpx.Response(500, text="\x00"),
        httpx.Response(200, json={"success": True, "data": {"title": "no id"}}),
    ):
        altegio.answers[:] = [answer]
        with pytest.raises(AltegioError):
            altegio.run(
                lambda client: MEMBERSHIP_TYPES.get_in_chain(
                    client.as_user(USER_TOKEN), chain_id=1, type_id=2
                ),
                retry=ONE_TRY,
            )
