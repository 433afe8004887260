"""How memberships and gift cards read at the desk: warnings, freeze limits and order."""

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from loyalty.altegio.types import GiftCard, Location, Membership, MembershipType
from loyalty.services.cards import gift_card_panels, membership_panels

HARBOR = Location(id=720441, title="Harbor Studio", timezone="America/New_York", currency="$")


def in_days(days: int) -> str:
    """An Altegio burn date: the end of the day `days` from today at the location."""
    today = timezone.now().astimezone(ZoneInfo(HARBOR.timezone)).date()
    return datetime.combine(
        today + timedelta(days=days), time(23, 59, 59), ZoneInfo(HARBOR.timezone)
    ).isoformat()


def membership(**fields) -> Membership:
    """A membership shaped like M1's answer (docs/altegio.md §5.3), overridden by `fields`."""
    wire = {
        "id": 1,
        "number": "788376",
        "status": {"id": 2, "title": "Activated", "slug": "active"},
        "expiration_date": in_days(30),
        "balance_container": {"links": [{"count": 8, "category": {"id": 3, "title": "Yoga"}}]},
        "type": {"id": 97804, "title": "Yoga x10", "freeze_limit": 0},
    }
    return Membership.model_validate(wire | fields)


def panel(**fields):
    return membership_panels([membership(**fields)], HARBOR)[0]


@pytest.mark.parametrize(("days", "soon"), [(0, True), (14, True), (15, False), (-1, False)])
def test_expiry_warning_covers_the_next_fourteen_days_by_default(days, soon):
    assert panel(expiration_date=in_days(days)).expires_soon is soon


def test_the_expiry_warning_follows_the_one_setting(settings):
    settings.EXPIRES_SOON_DAYS = 7
    assert panel(expiration_date=in_days(7)).expires_soon
    assert not panel(expiration_date=in_days(8)).expires_soon


def test_finished_memberships_carry_no_warnings():
    finished = panel(
        status={"id": 4, "title": "Used up"},
        expiration_date=in_days(2),
        balance_container={"links": [{"count": 1, "service": {"id": 5, "title": "Yoga"}}]},
    )
    assert not finished.needs_attention


def test_one_visit_left_in_a_shared_pool_is_the_last_visit():
    pool = panel(is_united_balance=True, united_balance_services_count=1)
    assert pool.last_visit
    assert not panel(is_united_balance=True, is_united_balance_unlimited=True).last_visit


def test_a_line_with_one_visit_is_marked_last_even_when_others_have_more():
    lines = panel(
        balance_container={
            "links": [
                {"count": 6, "category": {"id": 3, "title": "Yoga"}},
                {"count": 1, "service": {"id": 9, "title": "Massage 60 min"}},
            ]
        }
    ).lines
    assert [(line.title, line.is_category, line.is_last) for line in lines] == [
        ("Yoga", True, False),
        ("Massage 60 min", False, True),
    ]


@pytest.mark.parametrize(
    ("type_fields", "words"),
    [
        ({"freeze_limit": 14}, "14 days"),  # no unit given (M4): counted as days
        ({"freeze_limit": 2, "freeze_limit_unit_id": 2}, "2 weeks (14 days)"),
        ({"freeze_limit": 0}, "no limit"),
    ],
)
def test_the_freeze_limit_is_read_from_the_type_read_by_id(type_fields, words):
    kind = MembershipType.model_validate({"id": 1, "allow_freeze": True, **type_fields})
    frozen = membership(is_frozen=True, freeze_period=6, type={"id": 1, "title": "T"})
    (shown,) = membership_panels([frozen], HARBOR, {1: kind})
    assert shown.freeze is not None
    assert shown.freeze.allowance.limit_words == words


def test_the_rows_own_embedded_freeze_fields_are_never_read():
    # A row that embeds freeze fields (as the rich_membership_rows quirk does) says nothing:
    # without the type read by id, the rules are unknown.
    row = membership(type={"id": 1, "allow_freeze": True, "freeze_limit": 30})
    (shown,) = membership_panels([row], HARBOR, {})
    assert shown.freeze is not None
    assert not shown.freeze.allowance.known
    assert shown.freeze.left_words == ""


def test_active_first_then_issued_then_the_rest_each_by_soonest_expiry():
    memberships = [
        membership(id=1, status={"id": 1, "title": "Released"}, expiration_date=None),
        membership(id=2, expiration_date=in_days(40)),
        membership(id=3, status={"id": 3, "title": "Expired"}, expiration_date=in_days(-5)),
        membership(id=4, expiration_date=in_days(3)),
    ]
    order = [p.membership.id for p in membership_panels(memberships, HARBOR)]
    assert order == [4, 2, 1, 3]


def test_gift_cards_with_money_left_come_first_by_expiry():
    def card(card_id: int, balance: int, days: int | None) -> GiftCard:
        return GiftCard.model_validate(
            {
                "id": card_id,
                "balance": balance,
                "default_balance": 100,
                "expiration_date": in_days(days) if days is not None else None,
            }
        )

    cards = [card(1, 0, 5), card(2, 50, None), card(3, 20, 30), card(4, 10, 2)]
    panels = gift_card_panels(cards, HARBOR)
    assert [p.card.id for p in panels] == [4, 3, 2, 1]
    assert [p.expires_soon for p in panels] == [True, False, False, False]
    assert panels[-1].is_spent
