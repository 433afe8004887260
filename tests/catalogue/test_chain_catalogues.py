"""A chain's membership and gift-card type catalogues (M6, M7, C5, C6), cached per chain."""

import pytest
from django.test import Client

from loyalty.sandbox import Sandbox
from loyalty.services.catalogue import finders
from tests.helpers import (
    HARBOR_CHAIN,
    NEVSKY_CHAIN,
    calls_to,
    htmx_headers,
    readable,
    visible_text,
)

MEMBERSHIP_TYPES = f"/chains/{HARBOR_CHAIN}/membership-types/"
GIFT_CARD_TYPES = f"/chains/{HARBOR_CHAIN}/gift-card-types/"
YOGA_8 = 97801  # "Yoga 8 visits": $160, 1 month, on first visit, freeze up to 14 days
GIFT_50 = 27840  # "Gift card $50": several uses, 12 months from sale


def endpoints(sandbox: Sandbox) -> list[str]:
    """The sandbox endpoints called so far, in order."""
    return [call.endpoint for call in sandbox.calls]


def test_chain_membership_types_list_price_validity_activation_and_sales(
    manager: Client,
) -> None:
    response = manager.get(MEMBERSHIP_TYPES)

    text = visible_text(response)
    assert response.status_code == 200
    assert "Yoga 8 visits $160 1 month On first visit Up to 14 days in total" in text
    assert f'href="{MEMBERSHIP_TYPES}{YOGA_8}/"' in response.content.decode()


def test_title_search_and_the_archived_toggle_go_upstream(manager: Client, upstream: list) -> None:
    manager.get(MEMBERSHIP_TYPES, {"title": "yoga", "archived": "on"})

    [request] = calls_to(upstream, "/loyalty/abonement_types")
    assert request.url.params["title"] == "yoga"
    assert request.url.params["is_archived"] == "1"


def test_a_search_shows_only_matching_types(manager: Client) -> None:
    response = manager.get(
        MEMBERSHIP_TYPES, {"title": "surf"}, headers=htmx_headers("types-results")
    )

    body = response.content.decode()
    assert body.lstrip().startswith('<section id="types-results"')
    assert "Surf" in visible_text(response)
    assert "Yoga 8 visits" not in visible_text(response)
    assert "HX-Request" in response["Vary"]


def test_the_catalogue_pages_with_page_n_of_m(
    manager: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(finders, "CATALOGUE_PAGE_SIZE", 5)

    first = manager.get(MEMBERSHIP_TYPES)
    second = manager.get(MEMBERSHIP_TYPES, {"page": "2"}, headers=htmx_headers("types-results"))

    assert "Page 1 of 4" in visible_text(first)
    assert 'href="?page=2"' in first.content.decode()
    assert "Page 2 of 4" in visible_text(second)
    assert 'href="?page=1"' in second.content.decode()


def test_the_search_form_updates_the_results_by_htmx_and_follows_in_the_url(
    manager: Client,
) -> None:
    body = manager.get(MEMBERSHIP_TYPES).content.decode()

    assert f'<form method="get" action="{MEMBERSHIP_TYPES}"' in body
    assert 'hx-target="#types-results"' in body
    assert 'hx-push-url="true"' in body
    assert 'name="archived"' in body
    assert "{#" not in readable(body)  # the template's comments stay comments


def test_membership_type_detail_shows_everything_a_manager_asks_about(
    manager: Client, sandbox: Sandbox
) -> None:
    response = manager.get(f"{MEMBERSHIP_TYPES}{YOGA_8}/")

    text = visible_text(response)
    assert response.status_code == 200
    assert "Yoga 8 visits" in text
    assert "Price $160" in text
    assert "Valid for 1 month" in text
    assert "Activation On first visit" in text
    assert "by itself after" not in text  # §5.6's example has no autoactivation: nothing claimed
    assert "Freezing Up to 14 days in total" in text
    assert "While frozen it cannot pay for visits." in text
    # `abonements_count` is the active memberships of the type, not a sales count.
    assert f"Active memberships {sandbox.data.sold_per_type[YOGA_8]}" in text
    assert "Sold" not in text
    assert "Yoga Category 8" in text  # per-category balance with its visits
    assert "Harbor Studio Harbor North Harbor Lakeside" in text


def test_the_full_type_fields_quirk_shows_when_an_unused_membership_activates(
    manager: Client, sandbox: Sandbox
) -> None:
    sandbox.set_quirk("full_type_fields", True)
    text = visible_text(manager.get(f"{MEMBERSHIP_TYPES}{YOGA_8}/"))
    assert "Activation On first visit; by itself after 30 days unused" in text


def test_a_shared_balance_type_says_so(manager: Client, sandbox: Sandbox) -> None:
    shared = next(
        kind
        for kind in sandbox.data.membership_types.values()
        if kind.chain_id == HARBOR_CHAIN and kind.is_united_balance and not kind.is_archived
    )

    response = manager.get(f"{MEMBERSHIP_TYPES}{shared.id}/")

    assert "One shared pool" in visible_text(response)


def test_a_price_in_the_nevsky_chain_is_in_roubles(manager: Client, sandbox: Sandbox) -> None:
    kind = next(k for k in sandbox.data.membership_types.values() if k.chain_id == NEVSKY_CHAIN)

    response = manager.get(f"/chains/{NEVSKY_CHAIN}/membership-types/{kind.id}/")

    assert "₽" in visible_text(response)


def test_a_type_from_another_chain_is_not_found_in_this_one(
    manager: Client, sandbox: Sandbox
) -> None:
    kind = next(k for k in sandbox.data.membership_types.values() if k.chain_id == NEVSKY_CHAIN)

    response = manager.get(f"{MEMBERSHIP_TYPES}{kind.id}/")

    assert response.status_code == 404
    assert "not in the chain's catalogue" in visible_text(response)


def test_gift_card_types_list_face_value_use_and_what_they_pay_for(manager: Client) -> None:
    response = manager.get(GIFT_CARD_TYPES)

    text = visible_text(response)
    assert "Gift card $50 $50 Several times All services and products" in text
    assert "Valid for 12 months from sale" in text
    assert f'href="{GIFT_CARD_TYPES}{GIFT_50}/"' in response.content.decode()


def test_gift_card_type_title_search_goes_upstream(manager: Client, upstream: list) -> None:
    manager.get(GIFT_CARD_TYPES, {"title": "spa"})

    [request] = calls_to(upstream, "/loyalty/certificate_types")
    assert request.url.params["title"] == "spa"


def test_gift_card_type_detail_shows_value_use_expiry_and_cards_issued(
    manager: Client, sandbox: Sandbox
) -> None:
    response = manager.get(f"{GIFT_CARD_TYPES}{GIFT_50}/")

    text = visible_text(response)
    assert "Face value $50" in text
    assert "Use Several times, until the balance is spent" in text
    assert "Pays for All services and products" in text
    assert "Expiry Valid for 12 months from sale" in text
    assert f"Issued {sandbox.data.released_per_card_type[GIFT_50]}" in text


# --- Caching -----------------------------------------------------------------------------------


@pytest.mark.backends
@pytest.mark.parametrize(
    ("url", "endpoint"),
    [
        (MEMBERSHIP_TYPES, "M6"),
        (f"{MEMBERSHIP_TYPES}{YOGA_8}/", "M7"),
        (GIFT_CARD_TYPES, "C5"),
        (f"{GIFT_CARD_TYPES}{GIFT_50}/", "C6"),
    ],
)
def test_a_second_visit_comes_from_the_cache_and_refresh_asks_altegio_again(
    manager: Client, sandbox: Sandbox, url: str, endpoint: str
) -> None:
    manager.get(url)
    sandbox.calls.clear()

    again = manager.get(url)
    assert endpoint not in endpoints(sandbox)

    refreshed = manager.get(url, {"refresh": "1"})
    assert endpoints(sandbox) == [endpoint]
    assert visible_text(again) == visible_text(refreshed)


@pytest.mark.backends
def test_the_cache_is_kept_per_query(manager: Client, sandbox: Sandbox) -> None:
    manager.get(MEMBERSHIP_TYPES, {"title": "yoga"})
    sandbox.calls.clear()

    manager.get(MEMBERSHIP_TYPES, {"title": "surf"})
    manager.get(MEMBERSHIP_TYPES, {"title": "yoga", "archived": "on"})
    manager.get(f"/chains/{NEVSKY_CHAIN}/membership-types/", {"title": "yoga"})

    assert endpoints(sandbox) == ["M6", "M6", "M6"]


def test_pager_links_do_not_carry_the_refresh(
    manager: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(finders, "CATALOGUE_PAGE_SIZE", 5)

    response = manager.get(MEMBERSHIP_TYPES, {"title": "", "refresh": "1"})

    assert 'href="?title=&amp;page=2"' in response.content.decode()


# --- Errors ------------------------------------------------------------------------------------


def test_altegio_not_answering_shows_a_retry_inside_the_results(
    manager: Client, sandbox: Sandbox
) -> None:
    sandbox.inject("M6", status=503)

    response = manager.get(MEMBERSHIP_TYPES, headers=htmx_headers("types-results"))

    assert response.status_code == 200
    assert "Altegio is not answering" in visible_text(response)
    assert f'hx-get="{MEMBERSHIP_TYPES}"' in response.content.decode()


@pytest.mark.backends
def test_a_failure_is_not_cached(manager: Client, sandbox: Sandbox) -> None:
    sandbox.inject("C5", status=503, times=3)  # the client tries a GET three times
    assert manager.get(GIFT_CARD_TYPES).status_code == 503

    response = manager.get(GIFT_CARD_TYPES)

    assert "Gift card $50" in visible_text(response)


def test_altegio_refusing_the_chain_says_there_are_no_rights(
    manager: Client, sandbox: Sandbox
) -> None:
    sandbox.inject("C6", status=403)

    response = manager.get(f"{GIFT_CARD_TYPES}{GIFT_50}/")

    assert response.status_code == 403
    assert "You have no rights in Harbor Wellness in Altegio" in visible_text(response)


def test_a_long_search_is_refused_inline_without_a_call(manager: Client, sandbox: Sandbox) -> None:
    sandbox.calls.clear()

    response = manager.get(MEMBERSHIP_TYPES, {"title": "y" * 101})

    assert response.status_code == 400
    assert "at most 100 characters" in visible_text(response)
    assert sandbox.calls == []
