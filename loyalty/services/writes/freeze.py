"""Freeze and unfreeze: their rules, their one POST each, and what they say (docs/altegio.md §2.6).

A freeze is planned as the day the membership unfreezes by itself (Altegio's `freeze_till`):
after today, within what the type's allowance leaves (or a horizon when it sets no limit).
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django.utils.translation import gettext, gettext_lazy, gettext_noop

from loyalty.altegio import memberships as altegio_memberships
from loyalty.altegio.http import UserClient
from loyalty.altegio.types import FreezeAnswer, Membership, MembershipType
from loyalty.models import AuditEntry
from loyalty.rights import FREEZE as FREEZE_RIGHT
from loyalty.services.cards.freeze import (
    NOT_ALLOWED,
    UNKNOWN_TYPE,
    USED_UP,
    FreezeRules,
    frozen_so_far,
)
from loyalty.services.cards.memberships import MembershipPanel, is_current
from loyalty.services.cards.periods import day_words

from .action import ALLOWED, Offer, Verdict, WriteAction, WritePlan
from .words import read_back_words

# With no limit set, a freeze is planned at most this far ahead: a later day is a slip of the
# keyboard (0001-01-01, 9999-12-31), not a plan; it can be frozen again after.
NO_LIMIT_HORIZON_DAYS = 730
NO_LIMIT_DEFAULT_DAYS = 7  # the day offered first when the type sets no limit: a week

FROZEN_ALREADY = gettext_noop("This membership is frozen already.")
NOT_CURRENT = gettext_noop("Only an issued or active membership can be frozen.")
EXPIRED = gettext_noop("This membership has expired.")
NO_DAY = gettext_noop("Pick the day it unfreezes on.")
NOT_AFTER_TODAY = gettext_noop("The day it unfreezes on must be after today (%(today)s).")
OVER_ALLOWANCE = gettext_noop(
    "Unfreezing on %(day)s makes %(days)s days of freeze; the type's allowance leaves %(left)s."
)
OVER_HORIZON = gettext_noop(
    "Unfreezing on %(day)s is more than %(horizon)s days ahead; pick an earlier day."
)
NOT_FROZEN = gettext_noop("This membership is not frozen.")


@dataclass(frozen=True)
class FreezePlan(WritePlan):
    """A freeze: the day the membership unfreezes by itself (None: not picked)."""

    unfreezes_on: date | None = None


@dataclass(frozen=True)
class FreezeDetails:
    """What the freeze and unfreeze forms show: the rules, and the days one may pick."""

    rules: FreezeRules
    today: date

    @property
    def earliest(self) -> date:
        """The first day it may unfreeze on: tomorrow."""
        return self.today + timedelta(days=1)

    @property
    def latest(self) -> date:
        """The last day it may unfreeze on."""
        return latest_unfreeze_day(self.rules, self.today)

    @property
    def frozen_so_far(self) -> str:
        """'Frozen for 12 days so far.' (the unfreeze form)."""
        return frozen_so_far(self.rules.used_days)

    @property
    def offered(self) -> date:
        """The day the form offers first: the latest the allowance leaves, or a week."""
        if self.rules.left_days is None:
            return self.today + timedelta(days=NO_LIMIT_DEFAULT_DAYS)
        return self.latest


def details(membership: Membership, kind: MembershipType | None, today: date) -> FreezeDetails:
    """The freeze form's rules and days."""
    return FreezeDetails(FreezeRules.of(membership, kind), today)


def days_frozen(*, unfreezes_on: date, today: date) -> int:
    """Days frozen from today until the day it unfreezes (that day itself is not frozen)."""
    return (unfreezes_on - today).days


def latest_unfreeze_day(rules: FreezeRules, today: date) -> date:
    """The last day it may unfreeze on: what the allowance leaves, or the horizon with no limit."""
    left = rules.left_days
    return today + timedelta(days=NO_LIMIT_HORIZON_DAYS if left is None else max(1, left))


def freeze_rules(
    plan: FreezePlan | None, membership: Membership, kind: MembershipType | None, today: date
) -> Verdict:
    """Whether the membership may be frozen, and (with a plan) until the day asked."""
    rules = FreezeRules.of(membership, kind)
    expires = membership.expires.date() if membership.expires else None
    for broken, reason in (
        (not rules.allowance.known, UNKNOWN_TYPE),
        (not rules.allowance.allowed, NOT_ALLOWED),
        (membership.is_frozen, FROZEN_ALREADY),
        (not is_current(membership), NOT_CURRENT),
        (expires is not None and expires < today, EXPIRED),
        (rules.used_up, USED_UP),
    ):
        if broken:
            return Verdict(reason)
    if plan is None:
        return ALLOWED
    if plan.unfreezes_on is None:
        return Verdict(NO_DAY)
    return _judge_day(plan.unfreezes_on, rules, today)


def unfreeze_rules(
    plan: WritePlan | None, membership: Membership, kind: MembershipType | None, today: date
) -> Verdict:
    """Only a frozen membership can be unfrozen."""
    return ALLOWED if membership.is_frozen else Verdict(NOT_FROZEN)


def _judge_day(day: date, rules: FreezeRules, today: date) -> Verdict:
    """The unfreeze day: after today, within what the allowance leaves (or the horizon)."""
    if day <= today:
        return Verdict(NOT_AFTER_TODAY, (("today", today.isoformat()),))
    days = days_frozen(unfreezes_on=day, today=today)
    left = rules.left_days
    if left is not None and days > left:
        return Verdict(OVER_ALLOWANCE, (("day", day.isoformat()), ("days", days), ("left", left)))
    if left is None and days > NO_LIMIT_HORIZON_DAYS:
        return Verdict(OVER_HORIZON, (("day", day.isoformat()), ("horizon", NO_LIMIT_HORIZON_DAYS)))
    return ALLOWED


async def send_freeze(
    api: UserClient, chain_id: int, membership: Membership, plan: FreezePlan
) -> FreezeAnswer:
    """POST …/freeze with the day it unfreezes on (judged before: it is there)."""
    if plan.unfreezes_on is None:
        raise ValueError("a freeze needs the day it unfreezes on")
    return await altegio_memberships.freeze_membership(
        api, chain_id=chain_id, membership_id=membership.id, unfreezes_on=plan.unfreezes_on
    )


async def send_unfreeze(
    api: UserClient, chain_id: int, membership: Membership, plan: WritePlan
) -> FreezeAnswer:
    """POST …/unfreeze."""
    return await altegio_memberships.unfreeze_membership(
        api, chain_id=chain_id, membership_id=membership.id
    )


def frozen(plan: FreezePlan, before: Membership, after: Membership | None, time_zone: str) -> str:
    """'Frozen; it unfreezes on 14 Dec 2026. Altegio reports the expiry as 31 Jan 2027 (…).'"""
    if plan.unfreezes_on is not None:
        done = gettext("Frozen; it unfreezes on %(day)s.") % {"day": day_words(plan.unfreezes_on)}
    else:
        done = gettext("Frozen.")
    seen = after is None or after.is_frozen
    return read_back_words(done, before, after, as_asked=seen, time_zone=time_zone)


def unfrozen(plan: WritePlan, before: Membership, after: Membership | None, time_zone: str) -> str:
    """'Unfrozen. Altegio reports the expiry unchanged: 31 Jan 2027.'"""
    seen = after is None or not after.is_frozen
    done = gettext("Unfrozen.")
    return read_back_words(done, before, after, as_asked=seen, time_zone=time_zone)


def offer_freeze(panel: MembershipPanel) -> Offer | None:
    """'Freeze…' unless frozen; why not, when the type does not allow it or it is used up.

    When the type could not be read, the button is offered: the form reads it again and says.
    """
    rules = panel.freeze
    if panel.membership.is_frozen:
        return None
    if rules is not None and rules.allowance.known and not rules.allowance.allowed:
        return Offer("freeze", hint=gettext(NOT_ALLOWED))
    if rules is not None and rules.used_up:
        return Offer("freeze", hint=gettext(USED_UP))
    return Offer("freeze", label=gettext("Freeze…"))


def offer_unfreeze(panel: MembershipPanel) -> Offer | None:
    """'Unfreeze' for a frozen membership."""
    return Offer("unfreeze", label=gettext("Unfreeze")) if panel.membership.is_frozen else None


def unfreeze_day(plan: FreezePlan) -> str:
    """The audit row's value of a freeze: the day it unfreezes on."""
    return f"unfreezes on {plan.unfreezes_on.isoformat()}" if plan.unfreezes_on else ""


FREEZE = WriteAction(
    name="freeze",
    right=FREEZE_RIGHT,
    audit_kind=AuditEntry.Kind.MEMBERSHIP_FREEZE,
    rules=freeze_rules,
    send=send_freeze,
    done=frozen,
    details=details,
    offer=offer_freeze,
    title=gettext_lazy("Freeze a membership"),
    heading=gettext_lazy("Freeze membership No. %(number)s"),
    unknown=gettext_lazy(
        "Altegio did not answer, so we cannot tell whether it froze the membership."
    ),
    audited=unfreeze_day,
)
UNFREEZE = WriteAction(
    name="unfreeze",
    right=FREEZE_RIGHT,
    audit_kind=AuditEntry.Kind.MEMBERSHIP_UNFREEZE,
    rules=unfreeze_rules,
    send=send_unfreeze,
    done=unfrozen,
    details=details,
    offer=offer_unfreeze,
    title=gettext_lazy("Unfreeze a membership"),
    heading=gettext_lazy("Unfreeze membership No. %(number)s"),
    unknown=gettext_lazy(
        "Altegio did not answer, so we cannot tell whether it unfroze the membership."
    ),
)
