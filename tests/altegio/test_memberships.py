"""Memberships and membership types, endpoints M1–M9 (docs/altegio.md §2.5, samples §5.3–§5.10)."""

from datetime import UTC, datetime, timedelta, timezone
from decimal import Decimal

import pytest

from loyalty.altegio import AltegioBadResponse
from loyalty.altegio.catalogue import MEMBERSHIP_TYPES
from loyalty.altegio.memberships import (
    check_membership_for_event,
    list_chain_memberships,
    list_client_memberships,
    list_user_memberships,
    search_memberships_for_event,
)
from loyalty.services.cards.memberships import period_words, status_title, type_period_words

from . import payloads
from .fake import PARTNER_TOKEN, USER_TOKEN, FakeAltegio, query

BOTH_TOKENS = f"Bearer {PARTNER_TOKEN}, User {USER_TOKEN}"
CENTRAL = timezone(timedelta(hours=-5))


# --- M1: a client's memberships by phone --------------------------------------------------------


def test_client_memberships_are_asked_by_location_and_phone(altegio: FakeAltegio) -> None:
    altegio.answer(payloads.CLIENT_MEMBERSHIPS)

    altegio.call(list_client_memberships, location_id=720441, phone_digits="13155550178")

    request = altegio.last
    assert request.method == "GET"
    assert request.url.path == "/api/v1/loyalty/abonements"
    assert query(request) == [("company_id", "720441"), ("phone", "13155550178")]
    assert request.headers["Authorization"] == BOTH_TOKENS
    assert request.headers["Accept"] == "application/vnd.api.v2+json"


def test_client_membership_shows_number_status_balance_and_dates(altegio: FakeAltegio) -> None:
    altegio.answer(payloads.CLIENT_MEMBERSHIPS)

    [membership] = altegio.call(
        list_client_memberships, location_id=720441, phone_digits="13155550178"
    )

    assert membership.id == 659878
    assert membership.number == "788376"
    assert membership.balance_string == "Surfing (x10)"
    assert status_title(membership) == "Activated"
    assert membership.status_slug == "active"
    assert membership.is_frozen is False
    assert membership.visits_left == 8
    assert period_words(membership) == "3 months"
    assert membership.expires == datetime(2026, 12, 31, 23, 59, 59, tzinfo=CENTRAL)
    assert membership.activated == datetime(2026, 9, 2, 9, 30, tzinfo=CENTRAL)
    assert membership.type.title == "Surf x10"
    assert membership.type.cost == Decimal(500)
    # The freeze rules are never read from a row's embedded type (docs/altegio.md §4.4a).
    assert not hasattr(membership.type, "allow_freeze")


def test_client_membership_balance_line_is_a_category(altegio: FakeAltegio) -> None:
    altegio.answer(payloads.CLIENT_MEMBERSHIPS)

    [membership] = altegio.call(list_client_memberships, location_id=720441, phone_digits="1")

    [line] = membership.links
    assert line.count == 8
    assert line.is_category is True
    assert line.target.title == "Surfing"


def test_client_without_memberships_gets_an_empty_list(altegio: FakeAltegio) -> None:
    altegio.answer({"success": True, "data": [], "meta": {"count": 0}})

    assert altegio.call(list_client_memberships, location_id=720441, phone_digits="1") == []


# --- M2: the signed-in user's own memberships --------------------------------------------------


def test_my_memberships_are_asked_by_location_only(altegio: FakeAltegio) -> None:
    altegio.answer(payloads.CLIENT_MEMBERSHIPS)

    [membership] = altegio.call(list_user_memberships, location_id=720441)

    assert altegio.last.method == "GET"
    assert altegio.last.url.path == "/api/v1/user/loyalty/abonements"
    assert query(altegio.last) == [("company_id", "720441")]
    assert altegio.last.headers["Authorization"] == BOTH_TOKENS
    assert membership.number == "788376"


# --- M3: chain memberships ---------------------------------------------------------------------


def test_chain_memberships_by_sale_dates_send_iso_dates_page_and_count(
    altegio: FakeAltegio,
) -> None:
    altegio.answer(payloads.CHAIN_MEMBERSHIPS)

    altegio.call(
        list_chain_memberships,
        chain_id=145071,
        created_after=datetime(2026, 9, 1, tzinfo=CENTRAL),
        created_before=datetime(2026, 9, 30, 23, 59, 59, tzinfo=CENTRAL),
        page=2,
        count=50,
    )

    request = altegio.last
    assert request.method == "GET"
    assert request.url.path == "/api/v1/chain/145071/loyalty/abonements"
    assert query(request) == [
        ("created_after", "2026-09-01T00:00:00-05:00"),
        ("created_before", "2026-09-30T23:59:59-05:00"),
        ("page", "2"),
        ("count", "50"),
    ]
    assert request.headers["Authorization"] == BOTH_TOKENS


def test_chain_memberships_by_id_send_abonements_ids_as_an_array(altegio: FakeAltegio) -> None:
    altegio.answer(payloads.CHAIN_MEMBERSHIPS)

    altegio.call(list_chain_memberships, chain_id=145071, ids=[1, 2])

    assert query(altegio.last) == [
        ("abonements_ids[]", "1"),
        ("abonements_ids[]", "2"),
        ("page", "1"),
        ("count", "25"),
    ]
    assert b"abonements_ids%5B%5D=1&abonements_ids%5B%5D=2" in altegio.last.url.query


def test_ids_and_sale_dates_never_go_together_and_the_ids_win(altegio: FakeAltegio) -> None:
    altegio.answer(payloads.CHAIN_MEMBERSHIPS)

    altegio.call(
        list_chain_memberships,
        chain_id=145071,
        ids=[659878],
        created_after=datetime(2026, 9, 1, tzinfo=CENTRAL),
        created_before=datetime(2026, 9, 30, tzinfo=CENTRAL),
    )

    names = [name for name, _ in query(altegio.last)]
    assert names == ["abonements_ids[]", "page", "count"]


def test_chain_memberships_are_never_asked_without_ids_or_dates(altegio: FakeAltegio) -> None:
    with pytest.raises(ValueError, match="never by neither"):
        altegio.call(list_chain_memberships, chain_id=145071)
    assert altegio.requests == []


def test_chain_memberships_page_shows_expired_united_balance(altegio: FakeAltegio) -> None:
    altegio.answer(payloads.CHAIN_MEMBERSHIPS)

    page = altegio.call(list_chain_memberships, chain_id=145071, ids=[659878])

    [membership] = page.items
    assert status_title(membership) == "Expired"
    assert membership.status_slug == "expired"
    assert membership.is_united_balance is True
    assert membership.visits_left == 3
    assert membership.links[0].target.title == "Yoga class"
    assert membership.links[0].is_category is False
    assert membership.type.title == "Yoga 8 visits"


def test_chain_memberships_page_has_no_total_and_a_short_page_is_the_last(
    altegio: FakeAltegio,
) -> None:
    altegio.answer(payloads.CHAIN_MEMBERSHIPS)

    page = altegio.call(list_chain_memberships, chain_id=145071, ids=[659878], page=1, count=25)

    # meta.count is undocumented here (Unknowns 4), so it is not taken for a total.
    assert page.total is None
    assert page.number == 1
    assert page.size == 25
    assert page.has_next is False
    assert page.has_previous is False


def test_a_full_chain_memberships_page_offers_a_next_page(altegio: FakeAltegio) -> None:
    altegio.answer(payloads.CHAIN_MEMBERSHIPS)

    page = altegio.call(list_chain_memberships, chain_id=145071, ids=[1, 2, 3, 4], page=3, count=1)

    assert page.has_next is True
    assert page.has_previous is True


# --- M4/M5: membership types at a location -----------------------------------------------------


def test_membership_types_by_id_send_ids_as_an_array(altegio: FakeAltegio) -> None:
    altegio.answer(payloads.LOCATION_MEMBERSHIP_TYPES)

    types = altegio.call(
        MEMBERSHIP_TYPES.fetch_at_location, location_id=720441, ids=[12233, 255789]
    )

    request = altegio.last
    assert request.method == "GET"
    assert request.url.path == "/api/v1/company/720441/loyalty/abonement_types/fetch"
    assert query(request) == [("ids[]", "12233"), ("ids[]", "255789")]
    assert request.headers["Authorization"] == BOTH_TOKENS
    assert [t.id for t in types] == [12233, 255789]


def test_membership_type_search_sends_title_page_and_page_size(altegio: FakeAltegio) -> None:
    altegio.answer(payloads.LOCATION_MEMBERSHIP_TYPES)

    altegio.call(
        MEMBERSHIP_TYPES.search_at_location, location_id=720441, title="yoga", page=2, page_size=50
    )

    assert altegio.last.url.path == "/api/v1/company/720441/loyalty/abonement_types/search"
    assert query(altegio.last) == [("title", "yoga"), ("page", "2"), ("page_size", "50")]
    assert altegio.last.headers["Authorization"] == BOTH_TOKENS


def test_membership_type_search_without_a_title_sends_no_title(altegio: FakeAltegio) -> None:
    altegio.answer(payloads.LOCATION_MEMBERSHIP_TYPES)

    altegio.call(MEMBERSHIP_TYPES.search_at_location, location_id=720441)

    assert query(altegio.last) == [("page", "1"), ("page_size", "25")]


def test_membership_type_search_pages_with_meta_count_as_total(altegio: FakeAltegio) -> None:
    altegio.answer(payloads.LOCATION_MEMBERSHIP_TYPES)

    page = altegio.call(MEMBERSHIP_TYPES.search_at_location, location_id=720441, page_size=1)

    assert page.total == 2
    assert page.page_count == 2
    assert page.has_next is True
    first, second = page.items
    assert first.title == "Membership, freeze up to 14 days"
    assert type_period_words(first) == ""
    assert (first.allow_freeze, first.freeze_limit) == (True, 14)
    assert first.freeze_limit_unit_id is None  # M4/M5 send no unit (docs/altegio.md §2.5)
    assert first.is_booking_when_frozen_allowed is None  # nor whether it pays while frozen
    assert first.chain_id == 123
    assert second.title == "6-month membership"
    assert type_period_words(second) == "6 months"
    assert second.allow_freeze is False


# --- M6/M7: the chain catalogue ----------------------------------------------------------------


def test_chain_membership_types_send_title_is_archived_page_and_limit(
    altegio: FakeAltegio,
) -> None:
    altegio.answer(payloads.CHAIN_MEMBERSHIP_TYPES)

    altegio.call(
        MEMBERSHIP_TYPES.list_in_chain,
        chain_id=123,
        title="visit",
        archived=True,
        page=2,
        page_size=10,
    )

    request = altegio.last
    assert request.method == "GET"
    assert request.url.path == "/api/v1/chain/123/loyalty/abonement_types"
    assert query(request) == [
        ("title", "visit"),
        ("is_archived", "1"),
        ("page", "2"),
        ("limit", "10"),
    ]
    assert request.headers["Authorization"] == BOTH_TOKENS


def test_chain_membership_types_ask_for_unarchived_ones_by_default(altegio: FakeAltegio) -> None:
    altegio.answer(payloads.CHAIN_MEMBERSHIP_TYPES)

    page = altegio.call(MEMBERSHIP_TYPES.list_in_chain, chain_id=123)

    assert query(altegio.last) == [("is_archived", "0"), ("page", "1"), ("limit", "25")]
    assert page.total == 31
    assert page.page_count == 2
    assert page.items[0].title == "10-visit subscription"


def test_chain_membership_type_detail_shows_the_whole_type(altegio: FakeAltegio) -> None:
    altegio.answer(payloads.CHAIN_MEMBERSHIP_TYPE)

    kind = altegio.call(MEMBERSHIP_TYPES.get_in_chain, chain_id=123, type_id=468039)

    assert altegio.last.method == "GET"
    assert altegio.last.url.path == "/api/v1/chain/123/loyalty/abonement_types/468039"
    assert query(altegio.last) == []
    assert altegio.last.headers["Authorization"] == BOTH_TOKENS
    assert kind.id == 468039
    assert kind.title == "10-visit subscription"
    assert kind.cost == Decimal(1000)
    assert type_period_words(kind) == "10 months"
    assert (kind.freeze_limit, kind.freeze_limit_unit_id) == (30, 1)
    assert kind.is_booking_when_frozen_allowed is False
    assert kind.is_code_required is True
    assert kind.is_united_balance is True
    assert kind.united_balance_services_count == 10
    assert kind.expiration_type_title == "On sale"
    assert kind.active_count == 42
    assert kind.location_ids == [720441]
    assert kind.availability == [
        {"week_days": [1, 2, 3], "intervals": [{"from": 36000, "to": 72000}]}
    ]
    assert kind.links[0].target.title == "Service in location"
    assert kind.links[0].count == 10


def test_chain_membership_type_answered_with_a_list_is_unreadable(altegio: FakeAltegio) -> None:
    altegio.answer({"success": True, "data": [], "meta": []})

    with pytest.raises(AltegioBadResponse):
        altegio.call(MEMBERSHIP_TYPES.get_in_chain, chain_id=123, type_id=468039)


# --- M8/M9: group events (JSON:API answers) ----------------------------------------------------


def test_memberships_for_an_event_are_asked_by_client_and_event(altegio: FakeAltegio) -> None:
    altegio.answer(payloads.EVENT_MEMBERSHIPS)

    altegio.call(
        search_memberships_for_event, location_id=720441, client_id=146915197, event_id=12345
    )

    request = altegio.last
    assert request.method == "GET"
    assert request.url.path == (
        "/api/v1/company/720441/client/146915197/loyalty/abonements/search_for_activity"
    )
    assert query(request) == [("event_id", "12345")]
    assert request.headers["Authorization"] == BOTH_TOKENS


def test_memberships_for_an_event_read_json_api_with_the_type_title_from_included(
    altegio: FakeAltegio,
) -> None:
    altegio.answer(payloads.EVENT_MEMBERSHIPS)

    [found] = altegio.call(
        search_memberships_for_event, location_id=720441, client_id=146915197, event_id=12345
    )

    assert found.id == 5248829
    assert found.number == "690348"
    assert found.balance == 10
    assert found.type_title == "Group classes x10"


def test_memberships_for_an_event_inside_the_usual_envelope_are_read_too(
    altegio: FakeAltegio,
) -> None:
    altegio.answer({"success": True, **payloads.EVENT_MEMBERSHIPS, "meta": []})

    [found] = altegio.call(
        search_memberships_for_event, location_id=720441, client_id=146915197, event_id=12345
    )

    assert found.type_title == "Group classes x10"


def test_membership_check_for_event_sends_days_comma_separated(altegio: FakeAltegio) -> None:
    altegio.answer(payloads.EVENT_CHECK)

    altegio.call(
        check_membership_for_event,
        location_id=720441,
        client_id=146915197,
        membership_id=5248829,
        event_id=12345,
        schedule_day_ids=[1, 2, 3],
    )

    request = altegio.last
    assert request.method == "GET"
    assert request.url.path == (
        "/api/v1/company/720441/client/146915197/loyalty/abonements/5248829/check_for_activity"
    )
    assert query(request) == [("event_id", "12345"), ("schedule_day_ids", "1,2,3")]
    assert request.headers["Authorization"] == BOTH_TOKENS


def test_membership_check_for_event_says_which_days_can_be_booked(altegio: FakeAltegio) -> None:
    altegio.answer(payloads.EVENT_CHECK)

    check = altegio.call(
        check_membership_for_event,
        location_id=720441,
        client_id=146915197,
        membership_id=5248829,
        event_id=12345,
        schedule_day_ids=[1, 2, 3],
    )

    assert check.available_visits == 10
    assert check.can_book_all_days is True
    assert check.bookable_day_ids == [1, 2, 3]
    assert check.last_booking_date == datetime(2026, 3, 31, 23, 59, 59, tzinfo=UTC)
