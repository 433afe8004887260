"""Phones typed at the desk in any common format become one E.164 number, or a clear message."""

import pytest

from loyalty.altegio.types import Location
from loyalty.services.phones import InvalidPhone, parse_phone, region_for


@pytest.mark.parametrize(
    ("typed", "region", "e164", "national", "display"),
    [
        ("+1 (315) 555-0178", "US", "+13155550178", "3155550178", "+1 315-555-0178"),
        ("(315) 555-0178", "US", "+13155550178", "3155550178", "+1 315-555-0178"),
        ("315.555.0178", "US", "+13155550178", "3155550178", "+1 315-555-0178"),
        ("13155550178", "US", "+13155550178", "3155550178", "+1 315-555-0178"),
        ("+7 916 123-45-67", "US", "+79161234567", "89161234567", "+7 916 123-45-67"),
        ("+7 916 123-45-67", "RU", "+79161234567", "89161234567", "+7 916 123-45-67"),
        ("8 916 123 45 67", "RU", "+79161234567", "89161234567", "+7 916 123-45-67"),
        ("79161234567", "RU", "+79161234567", "89161234567", "+7 916 123-45-67"),
        # Altegio's own way of writing phones (digits with the country code) works anywhere.
        ("79161234567", "US", "+79161234567", "89161234567", "+7 916 123-45-67"),
        (" 8 (916) 765-43-21 ", "RU", "+79167654321", "89167654321", "+7 916 765-43-21"),
    ],
)
def test_common_formats_become_one_number(typed, region, e164, national, display):
    phone = parse_phone(typed, region=region)
    assert phone.e164 == e164
    assert phone.digits == e164.removeprefix("+")
    assert phone.national_digits == national
    assert phone.display == display
    assert str(phone) == display


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("", "Type the client's phone number."),
        ("   ", "Type the client's phone number."),
        ("garbage", "does not look like a phone number"),
        ("james smith", "does not look like a phone number"),
        ("555 01", "too short"),
        ("+1 315 555 01", "not a valid phone number"),
        ("8 916 123 45 67", "not a valid phone number"),  # a Russian national form at a US desk
        ("1" * 41, "does not look like a phone number"),
    ],
)
def test_unusable_input_gets_a_message_for_staff(typed, message):
    with pytest.raises(InvalidPhone, match=message):
        parse_phone(typed, region="US")


def test_audit_mask_keeps_only_the_country_code_and_last_four_digits():
    assert parse_phone("+1 315 555 0178", region="US").masked == "+1 *** ***-01-78"
    assert parse_phone("8 916 123 45 67", region="RU").masked == "+7 *** ***-45-67"


@pytest.mark.parametrize(
    ("location_phone", "region"),
    [("+13155550100", "US"), ("+74951234567", "RU"), ("+44 20 7946 0018", "GB")],
)
def test_the_location_phone_decides_the_default_region(location_phone, region):
    assert region_for(Location(id=1, title="Desk", phone=location_phone)) == region


@pytest.mark.parametrize("location_phone", ["", "3155550100", "not a phone"])
def test_without_a_usable_location_phone_the_setting_decides(location_phone, settings):
    settings.DEFAULT_PHONE_REGION = "de"
    assert region_for(Location(id=1, title="Desk", phone=location_phone)) == "DE"
