"""Money as a person reads it: '$6,500' or '6,500 ₽' in English, '6 500 ₽' in Russian."""

from decimal import Decimal

from django.utils.formats import number_format

# Symbols written before the amount; any other currency title goes after it ("6,500 ₽").
PREFIX_SYMBOLS = {"$", "US$", "£", "€", "A$", "C$"}


def money_words(amount: Decimal | int | float | str | None, currency: str = "") -> str:
    """6500 → '$6,500' or '6,500 ₽' in English, '6 500 ₽' in Russian; cents only when some."""
    if amount is None or amount == "":
        return "—"
    value = Decimal(str(amount))
    # Grouped the reader's way ("6,500" / "6 500"); cents only when there are some.
    cents = 0 if value == value.to_integral_value() else 2
    text = number_format(value, decimal_pos=cents, use_l10n=True, force_grouping=True)
    if not currency:
        return text
    return f"{currency}{text}" if currency in PREFIX_SYMBOLS else f"{text} {currency}"
