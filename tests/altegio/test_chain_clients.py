"""GET /group/{chain_id}/clients and the chain's locations (docs/altegio.md §4.4, §4.5)."""

import pytest

from loyalty.altegio import AltegioForbidden
from loyalty.altegio.chain_clients import list_chain_locations, search_chain_clients

from . import payloads
from .fake import FakeAltegio, query

# docs/altegio.md §5.16
CHAIN_CLIENTS = {
    "success": True,
    "data": {
        "salon_group_id": 145071,
        "phone": "13155550178",
        "clients": [
            {"id": 4240880, "company_id": 720441, "name": "James", "email": "client@example.com"},
            {"id": 4243272, "company_id": 720442, "name": "James", "email": "client@example.com"},
        ],
    },
    "meta": [],
}


def test_the_chain_search_sends_the_phone_and_reads_each_card_with_its_location(
    altegio: FakeAltegio,
) -> None:
    altegio.answer(CHAIN_CLIENTS)
    cards = altegio.call(search_chain_clients, chain_id=145071, phone_digits="13155550178")
    assert altegio.last.url.path == "/api/v1/group/145071/clients"
    assert query(altegio.last) == [("phone", "13155550178")]
    assert [(card.id, card.location_id) for card in cards] == [(4240880, 720441), (4243272, 720442)]


def test_the_documented_404_client_not_found_is_nobody_found(altegio: FakeAltegio) -> None:
    # A-doc get_chain_client_by_phone_number: no card in the chain is a 404 with a bare message.
    altegio.answer({"message": "Client not found"}, status=404)
    assert altegio.call(search_chain_clients, chain_id=145071, phone_digits="13155550999") == []
    assert len(altegio.requests) == 1  # a 404 is an answer, never retried


def test_a_403_on_the_chain_search_is_still_a_failure(altegio: FakeAltegio) -> None:
    altegio.answer(payloads.ACCESS_DENIED, status=403)
    with pytest.raises(AltegioForbidden):
        altegio.call(search_chain_clients, chain_id=145071, phone_digits="13155550178")


def test_the_chains_locations_are_paged_by_group_until_an_empty_page(
    altegio: FakeAltegio,
) -> None:
    row = payloads.LOCATIONS["data"][0]
    altegio.answer({"success": True, "data": [row], "meta": []})
    altegio.answer({"success": True, "data": [], "meta": []})
    locations = altegio.call(list_chain_locations, chain_id=145071)
    assert [location.id for location in locations] == [720441]
    assert [dict(query(r)).get("group_id") for r in altegio.requests] == ["145071", "145071"]
    assert [dict(query(r))["page"] for r in altegio.requests] == ["1", "2"]
