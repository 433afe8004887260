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


def scrub(text: str) -> str:
    """Return `text` with secrets and phone-like numbers replaced."""
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
