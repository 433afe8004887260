"""POST /company/{id}/clients/search: who is behind a phone number (docs/altegio.md §4.1)."""

import httpx
import pytest

from loyalty.altegio import AltegioInvalid, AltegioTimeout
from loyalty.altegio.clients import search_clients_by_phone
from loyalty.services.lookup.client_card import client_name

from . import payloads
from .fake import PARTNER_TOKEN, USER_TOKEN, FakeAltegio, body, query


def test_client_search_posts_a_quick_search_on_the_phone_digits(altegio: FakeAltegio) -> None:
    altegio.answer(payloads.CLIENT_SEARCH)

    altegio.call(search_clients_by_phone, location_id=720441, phone_digits="13155550178")

    request = altegio.last
    assert request.method == "POST"
    assert request.url.path == "/api/v1/company/720441/clients/search"
    assert query(request) == []
    assert body(request) == {
        "page": 1,
        "page_size": 10,
        "fields": ["id", "name", "phone", "email"],
        "filters": [{"type": "quick_search", "state": {"value": "13155550178"}}],
    }
    assert request.headers["Authorization"] == f"Bearer {PARTNER_TOKEN}, User {USER_TOKEN}"
    assert request.headers["Content-Type"] == "application/json"


def test_client_search_page_size_follows_the_limit(altegio: FakeAltegio) -> None:
    altegio.answer(payloads.CLIENT_SEARCH)

    altegio.call(search_clients_by_phone, location_id=720441, phone_digits="1315", limit=25)

    assert body(altegio.last)["page_size"] == 25


def test_client_search_finds_the_client_with_name_and_phone(altegio: FakeAltegio) -> None:
    altegio.answer(payloads.CLIENT_SEARCH)

    [client] = altegio.call(search_clients_by_phone, location_id=720441, phone_digits="13155550178")

    assert client.id == 16
    assert client_name(client) == "James Smith"
    assert client.phone == "+13155550178"


def test_client_without_a_name_is_shown_as_unnamed(altegio: FakeAltegio) -> None:
    altegio.answer({"success": True, "data": [{"id": "16"}], "meta": {"total_count": "1"}})

    [client] = altegio.call(search_clients_by_phone, location_id=720441, phone_digits="1")

    assert client.id == 16
    assert client_name(client) == "Unnamed client"


def test_nobody_behind_the_phone_is_an_empty_list(altegio: FakeAltegio) -> None:
    altegio.answer({"success": True, "data": [], "meta": {"total_count": 0}})

    assert altegio.call(search_clients_by_phone, location_id=720441, phone_digits="1") == []


def test_invalid_filter_value_is_rejected_with_altegios_reasons(altegio: FakeAltegio) -> None:
    altegio.answer(payloads.INVALID_FILTER, status=400)

    with pytest.raises(AltegioInvalid) as caught:
        altegio.call(search_clients_by_phone, location_id=720441, phone_digits="")

    assert caught.value.api_message == "Invalid filter value"
    assert caught.value.errors == {"filters": ["quick_search: value is required"]}


def test_client_search_is_a_post_and_is_not_retried_after_a_timeout(altegio: FakeAltegio) -> None:
    altegio.fail(httpx.ReadTimeout("read timed out")).answer(payloads.CLIENT_SEARCH)

    with pytest.raises(AltegioTimeout):
        altegio.call(search_clients_by_phone, location_id=720441, phone_digits="13155550178")

    assert len(altegio.requests) == 1
