"""Per-feature chain rights: each chain screen needs its own right when Altegio sends it."""

import pytest
from django.test import Client
from django.urls import reverse

from loyalty.altegio.types import Chain
from loyalty.rights import (
    BALANCE,
    CHAIN_LOOKUP,
    EXPORT,
    EXTEND,
    FREEZE,
    GIFT_CARD_TYPES,
    MEMBERSHIP_TYPES,
    MEMBERSHIPS,
    SCREENS,
    SUMMARY,
)
from loyalty.sandbox import Sandbox
from tests.helpers import HARBOR_CHAIN, htmx_headers, sign_in

SUPERVISOR = {"username": "supervisor@sandbox.example", "password": "supervisor-demo"}


@pytest.fixture
def supervisor(db: None, sandbox: Sandbox) -> Client:
    """Harbor: loyalty and membership types, but no membership history or gift-card types.

    The gift-card types key is none the docs list: /groups sends it under `extra_access_keys`.
    """
    sandbox.set_quirk("extra_access_keys", True)
    return sign_in(Client(), SUPERVISOR)


def test_without_the_undocumented_key_altegios_own_403_decides_the_gift_card_types(
    db: None, sandbox: Sandbox
) -> None:
    # Altegio's least /groups carries no gift-card types key: loyalty_access opens the screen,
    # and Altegio's own 403 is what the supervisor reads.
    browser = sign_in(Client(), SUPERVISOR)
    response = browser.get(
        f"/chains/{HARBOR_CHAIN}/gift-card-types/", headers=htmx_headers("types-results")
    )
    assert "You have no rights in Harbor Wellness in Altegio." in response.content.decode()


@pytest.mark.parametrize(
    ("url", "words"),
    [
        (f"/chains/{HARBOR_CHAIN}/memberships/", "membership history"),
        (f"/chains/{HARBOR_CHAIN}/memberships/summary/", "membership history"),
        (f"/chains/{HARBOR_CHAIN}/memberships/export.csv", "membership history"),
        (f"/chains/{HARBOR_CHAIN}/gift-card-types/", "gift-card types"),
        (f"/chains/{HARBOR_CHAIN}/gift-card-types/27840/", "gift-card types"),
    ],
)
def test_a_screen_without_its_right_is_refused_without_asking_altegio(
    supervisor: Client, sandbox: Sandbox, url: str, words: str
) -> None:
    sandbox.calls.clear()

    response = supervisor.get(url)

    assert response.status_code == 403
    assert f"no rights to the {words} of this chain" in response.content.decode()
    assert [call.endpoint for call in sandbox.calls if call.endpoint[0] in "MC"] == []


def test_a_screen_with_its_right_opens(supervisor: Client) -> None:
    response = supervisor.get(
        f"/chains/{HARBOR_CHAIN}/membership-types/", headers=htmx_headers("types-results")
    )

    assert response.status_code == 200


def test_the_navigation_offers_only_the_screens_they_may_open(supervisor: Client) -> None:
    page = supervisor.get(f"/chains/{HARBOR_CHAIN}/membership-types/").content.decode()

    assert f'href="/chains/{HARBOR_CHAIN}/membership-types/"' in page
    assert f'href="/chains/{HARBOR_CHAIN}/memberships/"' not in page
    assert f'href="/chains/{HARBOR_CHAIN}/gift-card-types/"' not in page
    assert 'href="/audit/"' in page  # loyalty rights in the chain: the audit log is theirs


def test_a_manager_with_every_right_sees_every_chain_screen(manager: Client) -> None:
    page = manager.get(f"/chains/{HARBOR_CHAIN}/membership-types/").content.decode()

    for screen in ("memberships", "membership-types", "gift-card-types"):
        assert f'href="/chains/{HARBOR_CHAIN}/{screen}/"' in page


def test_altegios_own_403_stays_final_for_a_screen_the_rights_allow(
    manager: Client, sandbox: Sandbox
) -> None:
    sandbox.inject("M6", status=403)

    response = manager.get(
        f"/chains/{HARBOR_CHAIN}/membership-types/", headers=htmx_headers("types-results")
    )

    assert "You have no rights in Harbor Wellness in Altegio." in response.content.decode()


@pytest.mark.parametrize(
    ("access", "history", "types", "gift_cards"),
    [
        ({"loyalty_access": "1"}, True, True, True),  # absent keys fall back to loyalty_access
        ({"loyalty_access": 0}, False, False, False),
        ({"loyalty_access": "1", "loyalty_abonement_history_access": "0"}, False, True, True),
        ({"loyalty_access": "0", "loyalty_certificate_types_access": 1}, False, False, True),
        ({"loyalty_access": 1, "loyalty_abonement_types_access": "0"}, True, False, True),
    ],
)
def test_a_present_key_decides_and_an_absent_one_falls_back_to_loyalty_access(
    access: dict[str, object], history: bool, types: bool, gift_cards: bool
) -> None:
    chain = Chain.model_validate({"id": 1, "title": "Chain", "access": access})

    assert MEMBERSHIPS.held_in(chain) is history
    assert SUMMARY.held_in(chain) is history
    assert EXPORT.held_in(chain) is history
    assert MEMBERSHIP_TYPES.held_in(chain) is types
    assert GIFT_CARD_TYPES.held_in(chain) is gift_cards


def test_every_access_key_altegio_sends_is_kept() -> None:
    access = {
        "loyalty_access": "1",
        "loyalty_certificate_and_abonement_manual_transactions_access": "1",
        "client_phones_access": "0",
        "some_future_access": 1,
    }
    chain = Chain.model_validate({"id": 1, "access": access})
    again = Chain.model_validate(chain.model_dump(mode="json"))  # as the session keeps it

    assert again.access.flags == {
        "loyalty_access": True,
        "loyalty_certificate_and_abonement_manual_transactions_access": True,
        "client_phones_access": False,
        "some_future_access": True,
    }


@pytest.mark.parametrize(
    ("access", "search_clients"),
    [
        ({"loyalty_access": "1"}, True),  # no clients key: loyalty_access decides
        ({"loyalty_access": "0"}, False),
        ({"loyalty_access": "0", "clients_access": "1"}, True),
        ({"loyalty_access": "1", "clients_access": 0}, False),
        ({"loyalty_access": 1, "loyalty_abonement_history_access": 0, "clients_access": 1}, True),
    ],
)
def test_the_whole_chain_lookup_follows_the_clients_right_of_the_call_it_makes(
    access: dict[str, object], search_clients: bool
) -> None:
    chain = Chain.model_validate({"id": 1, "access": access})

    assert CHAIN_LOOKUP.held_in(chain) is search_clients


@pytest.mark.parametrize(
    ("access", "may_freeze"),
    [
        ({"loyalty_access": "1"}, True),
        ({"loyalty_access": "1", "loyalty_abonement_period_edit_access": "0"}, False),
        # Freezing reads the membership fresh through M3 first: that takes the history right too.
        ({"loyalty_access": "1", "loyalty_abonement_history_access": "0"}, False),
        (
            {
                "loyalty_access": "0",
                "loyalty_abonement_period_edit_access": 1,
                "loyalty_abonement_history_access": 1,
            },
            True,
        ),
    ],
)
def test_the_freeze_button_needs_the_period_right_and_the_history_right(
    access: dict[str, object], may_freeze: bool
) -> None:
    assert FREEZE.held_in(Chain.model_validate({"id": 1, "access": access})) is may_freeze


def test_a_supervisor_without_history_but_with_the_clients_right_may_look_across_the_chain(
    supervisor: Client,
) -> None:
    page = supervisor.get("/locations/720441/clients/").content.decode()

    assert 'name="scope"' in page
    assert "Whole chain" in page


@pytest.mark.parametrize(
    ("access", "extend", "balance"),
    [
        ({"loyalty_access": "1"}, True, True),  # absent keys: loyalty_access decides
        ({"loyalty_access": "0"}, False, False),
        ({"loyalty_access": "1", "loyalty_abonement_period_edit_access": "0"}, False, True),
        ({"loyalty_access": "1", "loyalty_abonement_balance_edit_access": "0"}, True, False),
        # Every write reads the membership through the chain list first: the history too.
        ({"loyalty_access": "1", "loyalty_abonement_history_access": "0"}, False, False),
    ],
)
def test_extending_needs_the_period_right_and_correcting_the_balance_right_each_with_history(
    access: dict[str, object], extend: bool, balance: bool
) -> None:
    chain = Chain.model_validate({"id": 1, "access": access})

    assert EXTEND.held_in(chain) is extend
    assert BALANCE.held_in(chain) is balance


def test_every_chain_page_in_the_navigation_has_its_address_and_words() -> None:
    for page in SCREENS:
        assert reverse(page.screen, args=[HARBOR_CHAIN]).startswith(f"/chains/{HARBOR_CHAIN}/")
        assert str(page.label)
        assert str(page.refusal)
