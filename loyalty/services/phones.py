"""Phone numbers as staff type them, normalised once with phonenumbers for Altegio and people."""

from dataclasses import dataclass

import phonenumbers
from django.conf import settings
from django.utils.translation import gettext
from phonenumbers import NumberParseException, PhoneNumber, PhoneNumberFormat

from loyalty.altegio.types import Location
from loyalty.services.audit import mask_phone

# Anything longer is not a phone number someone typed at a desk (E.164 allows 15 digits).
MAX_INPUT_LENGTH = 40


class InvalidPhone(ValueError):
    """The text is not a phone number we can search Altegio with; the message is for staff."""


@dataclass(frozen=True)
class Phone:
    """One phone number in every form the lookup needs."""

    country_code: int
    national_number: str
    national_digits: str
    display: str

    @property
    def digits(self) -> str:
        """E.164 without the plus, the form Altegio documents for M1/C1: '13155550178'."""
        return f"{self.country_code}{self.national_number}"

    @property
    def e164(self) -> str:
        """'+13155550178'."""
        return f"+{self.digits}"

    @property
    def masked(self) -> str:
        """'+1 *** ***-01-78', the only form the audit log keeps."""
        return mask_phone(self.country_code, self.national_number)

    def __str__(self) -> str:
        return self.display


def region_for(location: Location | None) -> str:
    """Where numbers typed without a country code belong: the location's own phone decides."""
    raw = location.phone.strip() if location else ""
    if raw:
        try:
            region = phonenumbers.region_code_for_number(phonenumbers.parse(raw, None))
        except NumberParseException:
            region = None
        # "001" is the pseudo-region of non-geographic numbers, useless as a default.
        if region and region.isalpha():
            return region
    return str(settings.DEFAULT_PHONE_REGION).upper()


def parse_phone(text: str, *, region: str) -> Phone:
    """The phone in `text` (any common format), read in `region` unless it has a country code."""
    text = (text or "").strip()
    if not text:
        raise InvalidPhone(gettext("Type the client's phone number."))
    if len(text) > MAX_INPUT_LENGTH or not any(char.isdigit() for char in text):
        raise InvalidPhone(gettext("That does not look like a phone number."))
    number = _valid(text, region)
    digits = "".join(char for char in text if char.isdigit())
    # Digits with a foreign country code but no plus ("79161234567" at a US desk), as Altegio
    # itself writes phones (docs/altegio.md §1.2, §2.5 notes).
    if number is None and not text.startswith("+") and len(digits) >= 8:
        number = _valid(f"+{digits}", None)
    if number is None:
        if len(digits) < 7:
            raise InvalidPhone(gettext("That phone number is too short."))
        raise InvalidPhone(
            gettext(
                "That is not a valid phone number. Check the digits, or start with + and the "
                "country code (e.g. +1 315 555 0178)."
            )
        )
    national = phonenumbers.format_number(number, PhoneNumberFormat.NATIONAL)
    return Phone(
        country_code=number.country_code or 0,
        national_number=str(number.national_number),
        national_digits="".join(char for char in national if char.isdigit()),
        display=phonenumbers.format_number(number, PhoneNumberFormat.INTERNATIONAL),
    )


def _valid(text: str, region: str | None) -> PhoneNumber | None:
    """The parsed number when phonenumbers calls it valid, else None."""
    try:
        number = phonenumbers.parse(text, region)
    except NumberParseException:
        return None
    return number if phonenumbers.is_valid_number(number) else None
