"""Extend a membership's validity: its rules, its one POST (set_period) and its words.

A person asks to extend it by N days, weeks or months (or, in the rare case, to set its length
outright); Altegio keeps a validity as a length, so the new length is the one it has plus N
(validity.py), sent as `period` + `period_unit_id` (docs/altegio.md §2.6). The form shows the
expiry now and the one expected after; the card shows the expiry Altegio reports.
"""

from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext, gettext_lazy, gettext_noop

from loyalty.altegio import memberships as altegio_memberships
from loyalty.altegio.http import UserClient
from loyalty.altegio.types import Membership, MembershipType, PeriodAnswer
from loyalty.dates import local_date
from loyalty.models import AuditEntry
from loyalty.rights import EXTEND as EXTEND_RIGHT
from loyalty.services.cards.memberships import MembershipPanel, is_current
from loyalty.services.cards.periods import day_words, period_in_words

from .action import ALLOWED, Offer, Verdict, WriteAction, WritePlan
from .validity import UNIT_SIZES, Length, as_period, expected_expiry, has_length, start_of
from .words import expiry_words

BY, TO = "by", "to"
HORIZON_YEARS = 10  # an expiry further ahead is a slip of the keyboard, not a plan

NOT_CURRENT = gettext_noop("Only an issued or active membership can be extended.")
NO_EXPIRY = gettext_noop("Altegio sets no expiry for this membership, so there is none to extend.")
NO_LENGTH = gettext_noop(
    "Altegio states no validity length for this membership; set it to a length instead."
)
NO_AMOUNT = gettext_noop("Say by how much: a whole number of days, weeks or months.")
SAME_LENGTH = gettext_noop("Its validity is %(length)s already.")
BEFORE_TODAY = gettext_noop(
    "That makes it end on %(day)s, before today (%(today)s): extend it further."
)
TOO_FAR = gettext_noop(
    "That makes it end on %(day)s, more than %(years)s years ahead; check the number."
)


@dataclass(frozen=True)
class ExtendPlan(WritePlan):
    """Extend by `amount` units (`by`), or set the length to `amount` units (`to`)."""

    mode: str = BY
    amount: int | None = None
    unit_id: int = 3

    def length(self, membership: Membership) -> Length:
        """The new length: the one it has plus the amount, or the amount alone."""
        asked = Length.of(self.amount or 0, self.unit_id)
        return asked if self.mode == TO else Length.of(*_period(membership)) + asked


def _period(membership: Membership) -> tuple[int, int]:
    return membership.period, membership.period_unit_id


@dataclass(frozen=True)
class ExtendDetails:
    """What the extend form shows: the expiry now, and what the preview counts from."""

    membership: Membership
    today: date

    @property
    def expires(self) -> date | None:
        """The expiry now, as Altegio states it (None before activation)."""
        return self.membership.expires.date() if self.membership.expires else None

    @property
    def start(self) -> date:
        """The day its validity counts from (activation, else the sale)."""
        return start_of(self.membership)

    @property
    def length_words(self) -> str:
        """'3 months' ('' when Altegio states none)."""
        return period_in_words(*_period(self.membership))

    @property
    def offered_after(self) -> date | None:
        """The expiry the form's first offer (one month more) is expected to lead to."""
        return expected_expiry(
            self.membership, ExtendPlan("extend", amount=1).length(self.membership)
        )

    @property
    def expires_words(self) -> str:
        """'1 Feb 2027' ('' before activation)."""
        return day_words(self.expires)

    @property
    def start_words(self) -> str:
        """'4 Nov 2026'."""
        return day_words(self.start)

    @property
    def offered_after_words(self) -> str:
        """'1 Mar 2027' ('' when no expiry is expected yet)."""
        return day_words(self.offered_after)


def details(membership: Membership, kind: MembershipType | None, today: date) -> ExtendDetails:
    """The extend form's expiry and the start its lengths count from."""
    return ExtendDetails(membership, today)


def extend_rules(
    plan: ExtendPlan | None, membership: Membership, kind: MembershipType | None, today: date
) -> Verdict:
    """Whether the membership may be extended, and (with a plan) to what it would lead."""
    if not is_current(membership):
        return Verdict(NOT_CURRENT)
    if membership.is_activated and membership.expires is None:
        return Verdict(NO_EXPIRY)
    if plan is None:
        return ALLOWED
    if not plan.amount or plan.amount < 1 or plan.unit_id not in UNIT_SIZES:
        return Verdict(NO_AMOUNT)
    if plan.mode == BY and not has_length(membership):
        return Verdict(NO_LENGTH)
    return _judge_length(plan.length(membership), membership, today)


def _judge_length(length: Length, membership: Membership, today: date) -> Verdict:
    """The new length: another than now, and leading to an expiry from today to the horizon."""
    period = as_period(length, membership)
    if period == _period(membership):
        return Verdict(SAME_LENGTH, (("length", period_in_words(*period)),))
    after = expected_expiry(membership, length)
    if after is not None and after < today:
        return Verdict(BEFORE_TODAY, (("day", after.isoformat()), ("today", today.isoformat())))
    if after is not None and after > Length(months=12 * HORIZON_YEARS).end(today):
        return Verdict(TOO_FAR, (("day", after.isoformat()), ("years", HORIZON_YEARS)))
    return ALLOWED


async def send_extend(
    api: UserClient, chain_id: int, membership: Membership, plan: ExtendPlan
) -> PeriodAnswer:
    """POST …/set_period with the new length, in Altegio's terms (judged before)."""
    period, unit_id = as_period(plan.length(membership), membership)
    return await altegio_memberships.set_membership_period(
        api, chain_id=chain_id, membership_id=membership.id, period=period, period_unit_id=unit_id
    )


def extended(plan: ExtendPlan, before: Membership, after: Membership | None, time_zone: str) -> str:
    """'Extended by 1 month; its validity is now 4 months. Altegio reports the expiry as 3 Feb
    2027 (was 3 Jan).' (or 'Validity set to 6 months.' for a length set outright)."""
    period = as_period(plan.length(before), before)
    length = period_in_words(*period)
    if plan.mode == BY:
        done = gettext("Extended by %(amount)s; its validity is now %(length)s.") % {
            "amount": period_in_words(plan.amount, plan.unit_id),
            "length": length,
        }
    else:
        done = gettext("Validity set to %(length)s.") % {"length": length}
    if after is None:
        return f"{done} " + gettext("Reading it back from Altegio failed, so check it there.")
    if _period(after) != period:
        return f"{done} {validity_seen(after, time_zone)}"
    return f"{done} {expiry_words(before, after, time_zone)}"


def validity_seen(membership: Membership | None, time_zone: str) -> str:
    """'Altegio has it now as valid for 4 months; expires 3 Feb 2027.' (read back)."""
    if membership is None:
        return gettext("Reading it back from Altegio failed too.")
    length = period_in_words(*_period(membership)) or gettext("no stated length")
    expires = local_date(membership.expires, time_zone)
    expiry = gettext("; expires %(day)s") % {"day": day_words(expires)} if expires else ""
    return gettext("Altegio has it now as valid for %(length)s%(expiry)s.") % {
        "length": length,
        "expiry": expiry,
    }


def offer_extend(panel: MembershipPanel) -> Offer | None:
    """'Extend…' for an issued or active membership that has an expiry (or will have one)."""
    membership = panel.membership
    if not is_current(membership) or (membership.is_activated and membership.expires is None):
        return None
    return Offer("extend", label=gettext("Extend…"))


UNIT_NAMES = {1: "day", 2: "week", 3: "month", 4: "year"}


def extend_values(plan: ExtendPlan) -> str:
    """The audit row's value: 'extend by 1 month', 'set to 90 days' (English, as kept)."""
    unit = UNIT_NAMES.get(plan.unit_id, f"unit {plan.unit_id}")
    amount = f"{plan.amount} {unit}{'' if plan.amount == 1 else 's'}"
    return f"extend by {amount}" if plan.mode == BY else f"set to {amount}"


EXTEND = WriteAction(
    name="extend",
    right=EXTEND_RIGHT,
    audit_kind=AuditEntry.Kind.MEMBERSHIP_EXTEND,
    rules=extend_rules,
    send=send_extend,
    done=extended,
    details=details,
    offer=offer_extend,
    title=gettext_lazy("Extend a membership"),
    heading=gettext_lazy("Extend membership No. %(number)s"),
    unknown=gettext_lazy(
        "Altegio did not answer, so we cannot tell whether it extended the membership."
    ),
    audited=extend_values,
    seen=validity_seen,
    asks_reason=True,
)
