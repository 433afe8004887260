"""Dates, numbers and money follow the language; the currency and time zone stay the location's."""

from datetime import date
from decimal import Decimal

import pytest
from django.template import Context, Template
from django.utils import translation

from loyalty.altegio.types import GiftCard, Membership
from loyalty.services.cards.balance import balance_summary, visits_left_words
from loyalty.services.cards.gift_cards import status_title as gift_card_status
from loyalty.services.cards.money import money_words
from loyalty.services.cards.periods import days_left_words, period_in_words
from loyalty.services.chain import WeekSales, sales_chart

NBSP = "\xa0"


def rendered(source: str, language: str, **context: object) -> str:
    """A template snippet rendered in `language`."""
    with translation.override(language):
        return Template("{% load i18n loyalty_format %}" + source).render(Context(context))


@pytest.mark.parametrize(
    ("language", "amount", "currency", "shown"),
    [
        ("en", 6500, "$", "$6,500"),
        ("en", 6500, "₽", "6,500 ₽"),
        ("en", Decimal("6500.5"), "$", "$6,500.50"),
        ("ru", 6500, "₽", f"6{NBSP}500 ₽"),
        ("ru", Decimal("6500.5"), "₽", f"6{NBSP}500,50 ₽"),
        ("ru", 1250000, "$", f"$1{NBSP}250{NBSP}000"),
    ],
)
def test_money_is_grouped_the_readers_way_with_the_locations_currency(
    language, amount, currency, shown
):
    with translation.override(language):
        assert money_words(amount, currency) == shown


@pytest.mark.parametrize(("language", "shown"), [("en", "Dec 5, 2026"), ("ru", "5 декабря 2026")])
def test_a_day_reads_as_the_language_writes_it(language, shown):
    assert rendered('{{ day|date:"DATE_FORMAT" }}', language, day=date(2026, 12, 5)) == shown


@pytest.mark.parametrize(
    ("language", "shown"), [("en", "Dec 5, 2026 18:30"), ("ru", "5 декабря 2026 18:30")]
)
def test_a_moment_in_the_audit_log_reads_as_the_language_writes_it(language, shown):
    from datetime import datetime

    moment = datetime(2026, 12, 5, 18, 30)
    assert rendered('{{ at|date:"DATETIME_FORMAT" }}', language, at=moment) == shown


@pytest.mark.parametrize(
    ("visits", "shown"),
    [
        (1, "остался 1 визит"),
        (2, "осталось 2 визита"),
        (5, "осталось 5 визитов"),
        (21, "остался 21 визит"),
        (12, "осталось 12 визитов"),
    ],
)
def test_visits_left_use_russians_three_plural_forms(visits, shown):
    with translation.override("ru"):
        assert visits_left_words(visits) == shown
    with translation.override("en"):
        assert visits_left_words(visits).endswith("visit left" if visits == 1 else "visits left")


@pytest.mark.parametrize(
    ("amount", "unit", "shown"),
    [(1, 3, "1 месяц"), (2, 3, "2 месяца"), (5, 3, "5 месяцев"), (1, 4, "1 год"), (5, 4, "5 лет")],
)
def test_periods_in_russian_agree_with_their_number(amount, unit, shown):
    with translation.override("ru"):
        assert period_in_words(amount, unit) == shown


@pytest.mark.parametrize(
    ("days", "russian", "english"),
    [
        (1, "завтра", "tomorrow"),
        (2, "через 2 дня", "in 2 days"),
        (5, "через 5 дней", "in 5 days"),
        (-3, "3 дня назад", "3 days ago"),
        (-11, "11 дней назад", "11 days ago"),
    ],
)
def test_days_left_are_worded_in_the_readers_language(days, russian, english):
    with translation.override("ru"):
        assert days_left_words(days) == russian
    with translation.override("en"):
        assert days_left_words(days) == english


def test_the_exports_shared_balance_and_a_charts_bar_and_an_unknown_status_speak_russian():
    shared = Membership.model_validate(
        {"id": 1, "is_united_balance": 1, "united_balance_services_count": 5}
    )
    unlimited = Membership.model_validate(
        {"id": 2, "is_united_balance": 1, "is_united_balance_unlimited": 1}
    )
    card = GiftCard.model_validate({"id": 3, "status": {"id": 3}})
    weeks = [WeekSales(date(2026, 12, 7), 2)]
    with translation.override("ru"):
        assert balance_summary(shared) == "5 визитов (общий)"
        assert balance_summary(unlimited) == "Безлимит (общий)"
        assert gift_card_status(card) == "Статус 3"
        assert sales_chart(weeks).bars[0].words.endswith(": продано 2")
    with translation.override("en"):
        assert balance_summary(shared) == "5 visits (shared)"
        assert sales_chart(weeks).bars[0].words == "Week of Dec 7, 2026: 2 sold"
