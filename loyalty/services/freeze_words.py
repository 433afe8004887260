"""What a freeze or unfreeze says to the person: the state Altegio reports, never a promise."""

from datetime import date

from django.utils.translation import gettext, ngettext

from loyalty.altegio.types import Membership
from loyalty.dates import local_date

from .cards.periods import day_words
from .write_actions import Action


def state_words(membership: Membership | None, time_zone: str) -> str:
    """The membership's state as just read back from Altegio."""
    if membership is None:
        return gettext("Reading it back from Altegio failed too.")
    expires = local_date(membership.expires, time_zone)
    expiry = gettext("; expires %(day)s") % {"day": day_words(expires)} if expires else ""
    if membership.is_frozen:
        days = membership.freeze_period
        frozen = ngettext(
            "frozen (%(count)s day of freeze so far)",
            "frozen (%(count)s days of freeze so far)",
            days,
        ) % {"count": days}
    else:
        frozen = gettext("not frozen")
    return gettext("Altegio has it now as %(state)s%(expiry)s.") % {
        "state": frozen,
        "expiry": expiry,
    }


def did_not_answer(action: Action) -> str:
    """Altegio's answer to a write was lost: no claim about what it did."""
    if action == Action.FREEZE:
        return gettext("Altegio did not answer, so we cannot tell whether it froze the membership.")
    return gettext("Altegio did not answer, so we cannot tell whether it unfroze the membership.")


def what_changed(
    action: Action,
    before: Membership,
    after: Membership | None,
    unfreezes_on: date | None,
    time_zone: str,
) -> str:
    """'Frozen; it unfreezes on 14 Dec 2026. Altegio reports the expiry as 31 Jan 2027 (was …).'"""
    if action == Action.UNFREEZE:
        done = gettext("Unfrozen.")
    elif unfreezes_on is not None:
        done = gettext("Frozen; it unfreezes on %(day)s.") % {"day": day_words(unfreezes_on)}
    else:
        done = gettext("Frozen.")
    if after is None:
        return f"{done} " + gettext("Reading it back from Altegio failed, so check it there.")
    if after.is_frozen != (action == Action.FREEZE):
        return f"{done} {state_words(after, time_zone)}"
    return f"{done} {_expiry_words(before, after, time_zone)}"


def _expiry_words(before: Membership, after: Membership, time_zone: str) -> str:
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
