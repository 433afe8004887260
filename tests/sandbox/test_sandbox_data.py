"""The seeded data: volumes, variety, the demo records and determinism."""

from collections import Counter
from datetime import date, timedelta

from loyalty.sandbox import DEMO_PHONES, Sandbox, get_sandbox
from loyalty.sandbox.data import build_data, digits, get_data


def test_there_are_enough_clients_memberships_and_gift_cards() -> None:
    data = get_data()
    assert len(data.clients) >= 2000
    assert len(data.memberships) >= 10_000
    assert len(data.gift_cards) >= 1000


def test_memberships_cover_all_four_statuses_in_both_chains() -> None:
    data = get_data()
    statuses = Counter((item.chain_id, item.status_id) for item in data.memberships.values())
    for chain_id in (145071, 706028):
        assert all(statuses[chain_id, status] > 100 for status in (1, 2, 3, 4))


def test_memberships_include_every_balance_situation() -> None:
    data = get_data()
    week = data.today + timedelta(days=7)
    active = [item for item in data.memberships.values() if item.status_id == 2]
    assert sum(item.is_frozen and item.freeze_period > 0 for item in active) > 50
    assert sum(item.is_united_balance_unlimited for item in active) > 50
    assert sum(any(link.is_unlimited for link in item.links) for item in active) > 50
    assert sum(item.is_united_balance and not item.is_united_balance_unlimited for item in active)
    assert sum(item.expires is not None and item.expires.date() <= week for item in active) > 50
    assert sum(any(link.count == 1 for link in item.links) for item in active) > 50
    assert sum(
        item.is_united_balance and item.united_balance_services_count == 1 for item in active
    )
    assert any(link.service_id for item in active for link in item.links)
    assert any(link.category_id for item in active for link in item.links)


def test_issued_memberships_have_no_activation_or_burn_date() -> None:
    issued = [item for item in get_data().memberships.values() if item.status_id == 1]
    assert all(item.activated is None and item.expires is None for item in issued)


def test_gift_cards_include_nearly_spent_and_soon_expiring_ones() -> None:
    data = get_data()
    fortnight = data.today + timedelta(days=14)
    active = [card for card in data.gift_cards.values() if card.status_id == 2]
    assert Counter(card.status_id for card in data.gift_cards.values()).keys() == {1, 2, 3, 4}
    assert sum(card.balance < 0.1 * card.default_balance for card in active) > 20
    assert sum(card.expires is not None and card.expires.date() <= fortnight for card in active)


def test_catalogues_have_enough_types_and_some_are_archived() -> None:
    data = get_data()
    membership_types = list(data.membership_types.values())
    card_types = list(data.gift_card_types.values())
    assert len(membership_types) >= 30
    assert len(card_types) >= 15
    assert sum(kind.is_archived for kind in membership_types) >= 3
    assert sum(kind.is_archived for kind in card_types) >= 2
    assert any(kind.availability for kind in membership_types)


def test_phones_are_us_and_russian_with_some_in_national_form() -> None:
    phones = [digits(client.phone) for client in get_data().clients.values()]
    assert sum(phone.startswith("1315555") for phone in phones) > 1000
    assert sum(phone.startswith("79") for phone in phones) > 700
    assert sum(phone.startswith("89") for phone in phones) >= 20


def test_every_demo_phone_names_a_real_client_or_the_short_form() -> None:
    data = get_data()
    for phone in DEMO_PHONES:
        if len(digits(phone)) == 10:
            continue
        assert data.clients_by_phone.get(digits(phone)), phone


def test_two_builds_for_the_same_day_are_equal() -> None:
    day = date(2026, 9, 1)
    first, second = build_data(day), build_data(day)
    assert first == second
    assert first.memberships[659878].number == 788376


def test_dates_move_with_the_build_day() -> None:
    earlier = build_data(date(2026, 1, 10))
    later = build_data(date(2026, 1, 20))
    soon = later.memberships[659882].expires
    assert soon is not None
    assert soon.date() == date(2026, 1, 25)
    assert earlier.memberships[659882].expires != soon


def test_get_sandbox_is_one_sandbox_per_process() -> None:
    assert get_sandbox() is get_sandbox()
    assert isinstance(get_sandbox(), Sandbox)


def test_sandboxes_share_the_process_wide_data() -> None:
    assert Sandbox().data is Sandbox().data
