"""GET /companies?my=1 and GET /groups: where a staff member may work (docs/altegio.md §4.5)."""

from loyalty.altegio.locations import LOCATIONS_PAGE_SIZE, list_my_chains, list_my_locations
from loyalty.rights import MEMBERSHIPS

from . import payloads
from .fake import PARTNER_TOKEN, USER_TOKEN, FakeAltegio, query


def test_my_locations_asks_companies_with_my_and_paging(altegio: FakeAltegio) -> None:
    altegio.answer(payloads.LOCATIONS)

    altegio.call(list_my_locations)

    request = altegio.requests[0]
    assert request.method == "GET"
    assert request.url.path == "/api/v1/companies"
    assert query(request) == [("my", "1"), ("count", "100"), ("page", "1")]
    assert request.headers["Authorization"] == f"Bearer {PARTNER_TOKEN}, User {USER_TOKEN}"
    assert request.headers["Accept"] == "application/vnd.api.v2+json"


def test_my_locations_come_back_with_title_city_timezone_and_currency(
    altegio: FakeAltegio,
) -> None:
    altegio.answer(payloads.LOCATIONS)

    [location] = altegio.call(list_my_locations)

    assert location.id == 720441
    assert location.title == "Studio Downtown"
    assert location.city == "Austin"
    assert location.country == "United States"
    assert location.timezone == "America/Chicago"
    assert location.currency == "$"


def test_location_id_sent_as_a_string_is_read_as_a_number(altegio: FakeAltegio) -> None:
    altegio.answer(payloads.variant(payloads.LOCATIONS, id="720441", country_id="1"))

    [location] = altegio.call(list_my_locations)

    assert location.id == 720441
    assert location.country_id == 1


def test_altegios_timezone_name_wins_over_the_yclients_timezone(altegio: FakeAltegio) -> None:
    altegio.answer(payloads.variant(payloads.LOCATIONS, timezone_name="America/New_York"))

    [location] = altegio.call(list_my_locations)

    assert location.timezone == "America/New_York"


def test_the_locations_are_paged_until_an_empty_page(altegio: FakeAltegio) -> None:
    row = payloads.LOCATIONS["data"][0]
    full = {"success": True, "data": [{**row, "id": n} for n in range(LOCATIONS_PAGE_SIZE)]}
    altegio.answer(full).answer({"success": True, "data": [{**row, "id": 999}], "meta": []})
    altegio.answer({"success": True, "data": [], "meta": []})

    locations = altegio.call(list_my_locations)

    assert len(locations) == LOCATIONS_PAGE_SIZE + 1
    assert [dict(query(r))["page"] for r in altegio.requests] == ["1", "2", "3"]


def test_a_short_page_is_not_the_end_when_the_server_keeps_its_pages_shorter(
    altegio: FakeAltegio,
) -> None:
    # A server that pages by 2 whatever `count` says: the third location is on page 2.
    row = payloads.LOCATIONS["data"][0]
    altegio.answer({"success": True, "data": [{**row, "id": 1}, {**row, "id": 2}], "meta": []})
    altegio.answer({"success": True, "data": [{**row, "id": 3}], "meta": []})
    altegio.answer({"success": True, "data": [], "meta": []})

    assert [location.id for location in altegio.call(list_my_locations)] == [1, 2, 3]


def test_a_server_that_ignores_the_page_number_is_read_once(altegio: FakeAltegio) -> None:
    altegio.answer(payloads.LOCATIONS)  # the same page, whatever page is asked

    assert len(altegio.call(list_my_locations)) == 1
    assert len(altegio.requests) == 2


def test_no_locations_is_an_empty_list(altegio: FakeAltegio) -> None:
    altegio.answer({"success": True, "data": [], "meta": []})

    assert altegio.call(list_my_locations) == []
    assert len(altegio.requests) == 1


def test_my_chains_asks_groups_with_both_tokens(altegio: FakeAltegio) -> None:
    altegio.answer(payloads.CHAINS)

    altegio.call(list_my_chains)

    assert altegio.last.method == "GET"
    assert altegio.last.url.path == "/api/v1/groups"
    assert query(altegio.last) == []
    assert altegio.last.headers["Authorization"] == f"Bearer {PARTNER_TOKEN}, User {USER_TOKEN}"


def test_chain_lists_its_locations_and_access_flags_sent_as_text(altegio: FakeAltegio) -> None:
    altegio.answer(payloads.CHAINS)

    [chain] = altegio.call(list_my_chains)

    assert chain.id == 145071
    assert chain.title == "Studio chain"
    assert [(place.id, place.title) for place in chain.locations] == [
        (720441, "Studio Downtown"),
        (720442, "Studio North"),
    ]
    assert chain.access.flags["loyalty_access"] is True
    assert chain.access.flags["clients_access"] is True
    assert MEMBERSHIPS.held_in(chain) is True


def test_chain_access_flag_zero_as_text_means_no_right(altegio: FakeAltegio) -> None:
    chains = payloads.variant(payloads.CHAINS)
    chains["data"][0]["access"]["loyalty_access"] = "0"
    altegio.answer(chains)

    [chain] = altegio.call(list_my_chains)

    assert MEMBERSHIPS.held_in(chain) is False


def test_chain_locations_under_the_docs_name_locations_are_read_too(altegio: FakeAltegio) -> None:
    chains = payloads.variant(payloads.CHAINS)
    chains["data"][0]["locations"] = chains["data"][0].pop("companies")
    altegio.answer(chains)

    [chain] = altegio.call(list_my_chains)

    assert [place.id for place in chain.locations] == [720441, 720442]


def test_chain_with_access_as_an_empty_array_has_no_rights(altegio: FakeAltegio) -> None:
    altegio.answer(payloads.variant(payloads.CHAINS, access=[], companies=[]))

    [chain] = altegio.call(list_my_chains)

    assert MEMBERSHIPS.held_in(chain) is False
    assert chain.locations == []
