"""A membership's freezing as a person reads it: what its type allows, what is used, in words.

One place computes them: the lookup card, the chain list row, the write form, the catalogue and
the server's own rules before a freeze (services/writes/freeze.py) read what this module says.
The rules come from the type read by id (M7 at the chain, or M4 at a location:
`membership_types.py`), never from the type a membership row embeds, which M3 trims to
`{id, salon_group_id, title}` (docs/altegio.md §4.4a).
"""

from dataclasses import dataclass

from django.utils.translation import gettext, gettext_noop, ngettext

from loyalty.altegio.types import Membership, MembershipType
from loyalty.dates import local_date

from .periods import day_words, period_in_words

# Days per `freeze_limit_unit_id` (docs/altegio.md §2.2): a month counts 30 days, a year 365.
FREEZE_UNIT_DAYS = {1: 1, 2: 7, 3: 30, 4: 365}

UNKNOWN_TYPE = gettext_noop(
    "The freeze rules of this membership's type could not be read from Altegio; try again."
)
NOT_ALLOWED = gettext_noop("This membership's type does not allow freezing.")
USED_UP = gettext_noop("The type's freeze allowance is used up.")


@dataclass(frozen=True)
class FreezeAllowance:
    """What a membership type allows about freezing, as the type read by id says."""

    known: bool  # the type could be read
    allowed: bool = False
    limit: int | None = None  # in `unit`; None: no limit (0 or null in Altegio)
    unit: int = 1  # 1 day, 2 week, 3 month, 4 year
    booking_while_frozen: bool | None = None  # None: the type read did not say

    @classmethod
    def of(cls, kind: MembershipType | None) -> "FreezeAllowance":
        """The allowance of a type read by id; unknown when it could not be read."""
        if kind is None:
            return cls(known=False)
        unit = kind.freeze_limit_unit_id
        return cls(
            known=True,
            allowed=kind.allow_freeze,
            limit=kind.freeze_limit if kind.freeze_limit > 0 else None,
            # No unit given (M4 documents none): counted in days, as older docs give the limit,
            # the smallest reading, so our own check never lets more through than the type does.
            unit=unit if unit in FREEZE_UNIT_DAYS else 1,
            booking_while_frozen=kind.is_booking_when_frozen_allowed,
        )

    @property
    def limit_days(self) -> int | None:
        """The whole allowance in days (None: no limit)."""
        return None if self.limit is None else self.limit * FREEZE_UNIT_DAYS[self.unit]

    @property
    def limit_words(self) -> str:
        """'2 weeks (14 days)', '14 days', or 'no limit'."""
        if self.limit is None:
            return gettext("no limit")
        words = period_in_words(self.limit, self.unit)
        days = period_in_words(self.limit_days, 1)
        return words if words == days else f"{words} ({days})"

    @property
    def words(self) -> str:
        """The allowance in one line, as the catalogue shows it."""
        if not self.known:
            return ""
        if not self.allowed:
            return gettext("Not allowed")
        if self.limit is None:
            return gettext("Allowed, no limit")
        return gettext("Up to %(limit)s in total") % {"limit": self.limit_words}

    @property
    def booking_words(self) -> str:
        """Whether it pays for visits while frozen, only when the type says so ('' otherwise)."""
        if self.booking_while_frozen is None:
            return ""
        if self.booking_while_frozen:
            return gettext("While frozen it can still pay for visits.")
        return gettext("While frozen it cannot pay for visits.")


@dataclass(frozen=True)
class FreezeRules:
    """One membership's freezing: its type's allowance and how much of it is used."""

    allowance: FreezeAllowance
    used_days: int
    is_frozen: bool = False

    @classmethod
    def of(cls, membership: Membership, kind: MembershipType | None) -> "FreezeRules":
        """The rules of a membership, with its type read by id (None: it could not be)."""
        return cls(FreezeAllowance.of(kind), membership.freeze_period, membership.is_frozen)

    @property
    def left_days(self) -> int | None:
        """Freeze days still allowed (None: no limit, or the type unknown)."""
        limit = self.allowance.limit_days
        return None if limit is None else max(0, limit - self.used_days)

    @property
    def used_up(self) -> bool:
        """The type allows freezing and a limit, and it is all used."""
        return self.allowance.allowed and self.left_days == 0

    @property
    def left_words(self) -> str:
        """'2 days' or 'no limit' for the card's "Freeze left" ('' when not known or allowed)."""
        if not (self.allowance.known and self.allowance.allowed):
            return ""
        if self.left_days is None:
            return gettext("no limit")
        return ngettext("%(count)s day", "%(count)s days", self.left_days) % {
            "count": self.left_days
        }

    @property
    def words(self) -> list[str]:
        """The rules as the form states them."""
        allowance = self.allowance
        if not allowance.known:
            return [gettext(UNKNOWN_TYPE)]
        if not allowance.allowed:
            return [gettext(NOT_ALLOWED)]
        used = ngettext(
            "%(count)s day used so far", "%(count)s days used so far", self.used_days
        ) % {"count": self.used_days}
        if allowance.limit is None:
            lines = [gettext("The type sets no limit on freezing; %(used)s.") % {"used": used}]
        else:
            lines = [
                gettext("Can be frozen for up to %(limit)s in total; %(used)s, %(left)s left.")
                % {"limit": allowance.limit_words, "used": used, "left": self.left_words}
            ]
        return lines + ([allowance.booking_words] if allowance.booking_words else [])


def state_words(membership: Membership | None, time_zone: str) -> str:
    """The membership's state as just read back from Altegio: frozen or not, and its expiry."""
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


def frozen_days_words(days: int) -> str:
    """'12 days' of freeze."""
    return ngettext("%(count)s day", "%(count)s days", days) % {"count": days}


def frozen_note(membership: Membership, rules: FreezeRules | None) -> str:
    """'Frozen: 12 days of freeze used in total (…) — the type allows up to 14 days.'

    Altegio's `freeze_period` counts every freeze of the membership, not this one alone.
    """
    days = membership.freeze_period
    note = ngettext(
        "Frozen: %(days)s day of freeze used in total (this freeze and any before it)",
        "Frozen: %(days)s days of freeze used in total (this freeze and any before it)",
        days,
    ) % {"days": days}
    allowance = rules.allowance if rules else None
    if allowance is not None and allowance.allowed:
        if allowance.limit is None:
            note += " — " + gettext("the type sets no limit")
        else:
            note += " — " + gettext("the type allows up to %(limit)s") % {
                "limit": allowance.limit_words
            }
    return note + "."


def frozen_so_far(days: int) -> str:
    """'12 days of freeze used in total so far (…).' (the unfreeze form)."""
    return ngettext(
        "%(days)s day of freeze used in total so far (this freeze and any before it).",
        "%(days)s days of freeze used in total so far (this freeze and any before it).",
        days,
    ) % {"days": days}
