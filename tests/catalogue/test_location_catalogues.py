"""A location's membership and gift-card types: title search (M5, C4) or ids (M4, C3)."""

import re

import pytest
from django.test import Client

from loyalty.sandbox import Sandbox
from tests.helpers import (
    HARBOR_CHAIN,
    HARBOR_NORTH,
    HARBOR_STUDIO,
    calls_to,
    htmx_headers,
    visible_text,
)

MEMBERSHIP_TYPES = f"/locations/{HARBOR_STUDIO}/membership-types/"
GIFT_CARD_TYPES = f"/locations/{HARBOR_STUDIO}/gift-card-types/"


def endpoints(sandbox: Sandbox) -> list[str]:
    """The sandbox endpoints called so far, in order."""
    return [call.endpoint for call in sandbox.calls]


def test_front_desk_sees_the_membership_types_of_their_location(
    front_desk: Client, sandbox: Sandbox
) -> None:
    sandbox.calls.clear()

    response = front_desk.get(MEMBERSHIP_TYPES)

    text = visible_text(response)
    assert response.status_code == 200
    assert "Membership types on sale" in text
    # No chain rights: the location's list (M5) gives no price, and says so rather than "$0".
    assert "Yoga 8 visits — 1 month Up to 14 days in total Per service or category" in text
    assert not re.search(r"\b0 visits, shared", text)
    assert endpoints(sandbox) == ["M5"]
    assert "/chains/" not in response.content.decode()  # no chain rights, no chain links


def test_a_manager_reads_price_and_unlimited_pools_from_the_chains_catalogue(
    manager: Client, sandbox
) -> None:
    text = visible_text(manager.get(MEMBERSHIP_TYPES))
    assert "Yoga 8 visits $160 1 month" in text
    assert "All-access unlimited month $180 1 month Up to 7 days in total Unlimited, shared" in text
    assert not re.search(r"\b0 visits, shared", text)
    sandbox.calls.clear()
    manager.get(MEMBERSHIP_TYPES)
    assert sandbox.calls == []  # both lists come from the cache the second time


def test_a_manager_gets_links_to_the_chain_detail(manager: Client) -> None:
    response = manager.get(MEMBERSHIP_TYPES)

    assert f'href="/chains/{HARBOR_CHAIN}/membership-types/97801/"' in response.content.decode()


def test_the_title_search_and_page_go_to_m5(front_desk: Client, upstream: list) -> None:
    front_desk.get(MEMBERSHIP_TYPES, {"title": "pilates", "page": "2"})

    [request] = calls_to(upstream, "/abonement_types/search")
    assert request.url.params["title"] == "pilates"
    assert request.url.params["page"] == "2"


def test_ids_look_types_up_through_m4(front_desk: Client, upstream: list, sandbox: Sandbox) -> None:
    response = front_desk.get(MEMBERSHIP_TYPES, {"ids": "97801, 97802"})

    [request] = calls_to(upstream, "/abonement_types/fetch")
    assert request.url.params.get_list("ids[]") == ["97801", "97802"]
    assert "Membership types with ids 97801, 97802" in visible_text(response)
    assert "Yoga 8 visits" in visible_text(response)


def test_bad_ids_are_refused_inline_without_a_call(front_desk: Client, sandbox: Sandbox) -> None:
    sandbox.calls.clear()

    response = front_desk.get(
        MEMBERSHIP_TYPES, {"ids": "97801; x"}, headers=htmx_headers("types-results")
    )

    assert response.status_code == 200
    assert "Ids are whole numbers" in visible_text(response)
    assert sandbox.calls == []


def test_gift_card_types_show_face_value_use_and_expiry(front_desk: Client) -> None:
    response = front_desk.get(GIFT_CARD_TYPES)

    text = visible_text(response)
    assert "Gift card $50 $50 Several times Valid for 12 months from sale" in text


def test_gift_card_ids_look_types_up_through_c3(front_desk: Client, upstream: list) -> None:
    front_desk.get(GIFT_CARD_TYPES, {"ids": "27840"})

    [request] = calls_to(upstream, "/certificate_types/fetch")
    assert request.url.params.get_list("ids[]") == ["27840"]


def test_gift_card_title_search_goes_to_c4(front_desk: Client, upstream: list) -> None:
    front_desk.get(GIFT_CARD_TYPES, {"title": "spa"})

    [request] = calls_to(upstream, "/certificate_types/search")
    assert request.url.params["title"] == "spa"


@pytest.mark.backends
def test_a_second_visit_comes_from_the_cache_and_refresh_asks_again(
    front_desk: Client, sandbox: Sandbox
) -> None:
    front_desk.get(GIFT_CARD_TYPES, {"ids": "27840"})
    sandbox.calls.clear()

    front_desk.get(GIFT_CARD_TYPES, {"ids": "27840"})
    assert endpoints(sandbox) == []

    front_desk.get(GIFT_CARD_TYPES, {"ids": "27840", "refresh": "1"})
    assert endpoints(sandbox) == ["C3"]


@pytest.mark.backends
def test_a_cached_catalogue_is_never_shown_for_a_location_that_is_not_yours(
    manager: Client, front_desk: Client, sandbox: Sandbox
) -> None:
    manager.get(f"/locations/{HARBOR_NORTH}/membership-types/")
    sandbox.calls.clear()

    response = front_desk.get(f"/locations/{HARBOR_NORTH}/membership-types/")

    assert response.status_code == 403
    assert sandbox.calls == []


def test_altegio_refusing_the_location_says_there_are_no_rights(
    front_desk: Client, sandbox: Sandbox
) -> None:
    sandbox.inject("M5", status=403)

    response = front_desk.get(MEMBERSHIP_TYPES, headers=htmx_headers("types-results"))

    assert response.status_code == 200
    assert "You have no rights at Harbor Studio in Altegio" in visible_text(response)
