"""Dates and money as staff read them: in the location's time zone and currency."""

from datetime import datetime
from decimal import Decimal

from django.template import Context, Template

EVENING_SALE = datetime.fromisoformat("2026-11-20T20:45:00-05:00")  # 01:45 UTC on the 21st


def render(template: str, **context: object) -> str:
    return Template("{% load loyalty_format %}" + template).render(Context(context))


def test_an_evening_sale_shows_on_its_own_day_at_the_location():
    shown = render('{{ when|local:"America/New_York"|date:"M j, Y H:i" }}', when=EVENING_SALE)
    assert shown == "Nov 20, 2026 20:45"


def test_the_same_moment_shows_on_the_next_day_in_moscow():
    shown = render('{{ when|local:"Europe/Moscow"|date:"M j, Y" }}', when=EVENING_SALE)
    assert shown == "Nov 21, 2026"


def test_an_unknown_time_zone_falls_back_to_utc():
    shown = render('{{ when|local:"Mars/Olympus"|date:"M j H:i" }}', when=EVENING_SALE)
    assert shown == "Nov 21 01:45"


def test_money_puts_dollar_signs_before_and_roubles_after():
    assert render('{{ amount|money:"$" }}', amount=Decimal("6500.00")) == "$6,500"
    assert render('{{ amount|money:"₽" }}', amount=Decimal("1234.5")) == "1,234.50 ₽"
