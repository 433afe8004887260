"""A logging filter that keeps tokens, passwords and phones out of every log line."""

import logging
import re

# Authorization headers, token-ish query/body fields and long digit runs (phones).
_PATTERNS = [
    (re.compile(r"(Bearer|User)\s+[A-Za-z0-9._\-~+/=]+", re.IGNORECASE), r"\1 [redacted]"),
    (
        re.compile(
            r"((?:user_token|token|password|phone)[\"']?\s*[:=]\s*[\"']?)[^\s\"'&,}]+", re.I
        ),
        r"\1[redacted]",
    ),
    (re.compile(r"\+\d[\d\s().-]{6,}\d|(?<!\d)\d{10,15}(?!\d)"), "[number]"),
]


# Phones written in groups with separators (spaces, dashes, brackets), also URL-encoded ("%2B" for
# the plus, "%20" or "+" for a space, "%2D" for a dash): groups of at most 4 digits, 10 digits or
# more in all (a number with its area code). Dates (8 digits), times and lists of ids stay.
_GROUPED_PHONE = re.compile(
    r"(?:\+|%2[bB])?(?<![\d:.])\d{1,4}(?:(?:[\s()\-+]|%20|%2[dD]|%28|%29)+\d{1,4}){2,}(?![\d:])"
)
_PHONE_DIGITS = 10


def _grouped_phone(match: re.Match[str]) -> str:
    digits = re.sub(r"%2[bBdD0-9]|\D", "", match.group())
    return "[number]" if len(digits) >= _PHONE_DIGITS else match.group()


def scrub(text: str) -> str:
    """Return `text` with secrets and phone-like numbers replaced."""
    text = _GROUPED_PHONE.sub(_grouped_phone, text)
    for pattern, replacement in _PATTERNS:
        text = pattern.sub(replacement, text)
    return text


class ScrubSecretsFilter(logging.Filter):
    """Rewrite each record's rendered message through `scrub` before any handler sees it."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        cleaned = scrub(message)
        if cleaned != message:
            record.msg, record.args = cleaned, None
        return True
