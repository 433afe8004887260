"""Altegio logins as people type them: one canonical spelling per person (e-mail or phone)."""

from dataclasses import dataclass

import phonenumbers
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext_lazy
from phonenumbers import NumberParseException, PhoneNumberFormat

NOT_A_LOGIN = gettext_lazy(
    "Type the phone number or e-mail you sign in to Altegio with, "
    "e.g. +1 315 555 0176 or name@example.com."
)


class NotALogin(ValueError):
    """The text is neither an e-mail address nor a phone number."""


@dataclass(frozen=True)
class Login:
    """A login in the form Altegio is sent (`value`) and the one the throttle counts (`key`)."""

    value: str
    key: str


def read_login(text: str, *, region: str | None = None) -> Login:
    """An e-mail (case-folded) or a phone (E.164, read with phonenumbers); NotALogin otherwise."""
    text = text.strip()
    if "@" in text:
        try:
            validate_email(text)
        except ValidationError:
            raise NotALogin(text) from None
        return Login(value=text, key=text.casefold())
    if not any(char.isdigit() for char in text):
        raise NotALogin(text)
    try:
        # Handles "tel:+1…", spaces, dashes, brackets; trailing letters make it "not a number".
        number = phonenumbers.parse(text, region or str(settings.DEFAULT_PHONE_REGION).upper())
    except NumberParseException:
        raise NotALogin(text) from None
    if not phonenumbers.is_possible_number(number) or _has_letters(text):
        raise NotALogin(text)
    e164 = phonenumbers.format_number(number, PhoneNumberFormat.E164)
    return Login(value=e164, key=e164)


def _has_letters(text: str) -> bool:
    """Letters outside a `tel:` prefix or an extension marker make it no phone we accept."""
    body = text.removeprefix("tel:").removeprefix("TEL:")
    return any(char.isalpha() for char in body)


def login_key(text: str) -> str:
    """The throttle's spelling of a login; unreadable text falls back to itself, case-folded."""
    try:
        return read_login(text).key
    except NotALogin:
        return text.strip().casefold()
