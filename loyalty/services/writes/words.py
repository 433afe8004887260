"""What a write says after Altegio answered: the state it reports now, never a promise."""

from django.utils.translation import gettext

from loyalty.altegio.types import Membership
from loyalty.dates import local_date
from loyalty.services.cards.freeze import state_words
from loyalty.services.cards.periods import day_words


def read_back_words(
    done: str, before: Membership, after: Membership | None, *, as_asked: bool, time_zone: str
) -> str:
    """What was done, then what Altegio reports now: its expiry, or its state when unexpected."""
    if after is None:
        return f"{done} " + gettext("Reading it back from Altegio failed, so check it there.")
    if not as_asked:
        return f"{done} {state_words(after, time_zone)}"
    return f"{done} {expiry_words(before, after, time_zone)}"


def expiry_words(before: Membership, after: Membership, time_zone: str) -> str:
    """The expiry Altegio reports after the write, against the one before it."""
    old = local_date(before.expires, time_zone)
    new = local_date(after.expires, time_zone)
    if new is None and old is None:
        return gettext("The expiry still counts from activation.")
    if new is None:
        return gettext("Altegio reports no expiry date now.")
    if old is None:
        return gettext("Altegio reports the expiry as %(day)s.") % {"day": day_words(new)}
    if old == new:
        return gettext("Altegio reports the expiry unchanged: %(day)s.") % {"day": day_words(new)}
    return gettext("Altegio reports the expiry as %(day)s (was %(old)s).") % {
        "day": day_words(new),
        "old": day_words(old, year=old.year != new.year),
    }


def replayed_words(seen: str) -> str:
    """The form's key was used already: nothing was sent again; the membership as it is now."""
    words = gettext("This form was sent already, so nothing was sent again.")
    return f"{words} {seen}"
