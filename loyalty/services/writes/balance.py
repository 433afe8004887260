"""Correct a membership's balance: its rules, its one POST (set_balance) and its words.

A balance is a shared pool (`united_balance_services_count`) or one line per service or
category (docs/altegio.md §2.3). The form shows each line's number now and takes the new one;
unlimited lines are shown and not editable, and no number goes below zero. Only the lines that
change are sent (a category's id goes in `service_id`, §2.6). The real API answers 2xx with an
empty body: what Altegio did is what the membership read back says.
"""

from dataclasses import dataclass, field
from datetime import date

from django.utils.translation import gettext, gettext_lazy, gettext_noop, ngettext

from loyalty.altegio import memberships as altegio_memberships
from loyalty.altegio.http import UserClient
from loyalty.altegio.types import BalanceLink, Membership, MembershipType
from loyalty.models import AuditEntry
from loyalty.rights import BALANCE as BALANCE_RIGHT
from loyalty.services.cards.balance import visits_left_words
from loyalty.services.cards.memberships import MembershipPanel, is_current

from .action import ALLOWED, Offer, Verdict, WriteAction, WritePlan

MAX_VISITS = 999  # more on one line is a slip of the keyboard, not a correction
POOL = 0  # the shared pool's place in a plan: no service or category has id 0

NOT_CURRENT = gettext_noop("Only an issued or active membership's balance can be corrected.")
UNLIMITED = gettext_noop("This membership has unlimited visits: there is no number to correct.")
NO_LINES = gettext_noop(
    "Altegio sends no balance for this membership, so there is none to correct."
)
NOTHING = gettext_noop("Nothing to send: every number is as it is now.")
GONE = gettext_noop("The balance lines changed since the form opened; check them again.")
UNLIMITED_LINE = gettext_noop("%(line)s is unlimited and cannot be changed.")
STALE = gettext_noop(
    "%(line)s has %(now)s visits left now, not %(seen)s as the form showed; check the new number."
)
NEGATIVE = gettext_noop("A balance cannot go below zero.")
TOO_MANY = gettext_noop("More than %(max)s visits on one line is not a correction; check it.")


@dataclass(frozen=True)
class LineAsked:
    """One line's new number: its service or category id (POOL for the pool), seen, asked."""

    target: int
    seen: int | None  # the number the form showed (None: not sent)
    visits: int


@dataclass(frozen=True)
class BalancePlan(WritePlan):
    """The new numbers, line by line (or the pool's alone)."""

    lines: tuple[LineAsked, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class LineNow:
    """One line of the balance as the form shows it: what it covers and its number now."""

    target: int  # the service or category id (POOL for the shared pool)
    title: str
    visits: int | None  # None = unlimited

    @property
    def editable(self) -> bool:
        """A number that can be corrected (not unlimited)."""
        return self.visits is not None

    @property
    def field(self) -> str:
        """The form field of its new number."""
        return f"visits_{self.target}"

    @property
    def now_words(self) -> str:
        """'Unlimited' (not editable) or '4 visits left now', as the form shows the line."""
        if self.visits is None:
            return gettext("Unlimited")
        return ngettext("%(visits)s visit left now", "%(visits)s visits left now", self.visits) % {
            "visits": self.visits
        }


def lines_now(membership: Membership) -> list[LineNow]:
    """The balance as lines: the shared pool alone, or one per service or category."""
    if membership.is_united_balance:
        pool = (
            None
            if membership.is_united_balance_unlimited
            else membership.united_balance_services_count
        )
        return [LineNow(POOL, gettext("Shared pool"), pool)]
    return [LineNow(link.target.id, _title(link), _count(link)) for link in membership.links]


def _title(link: BalanceLink) -> str:
    return link.target.title or gettext("Service %(id)s") % {"id": link.target.id}


def _count(link: BalanceLink) -> int | None:
    return None if link.is_unlimited else link.count


@dataclass(frozen=True)
class BalanceDetails:
    """What the balance form shows: every line, with its number now."""

    lines: list[LineNow]
    max_visits: int = MAX_VISITS


def details(membership: Membership, kind: MembershipType | None, today: date) -> BalanceDetails:
    """The balance form's lines."""
    return BalanceDetails(lines_now(membership))


def balance_rules(
    plan: BalancePlan | None, membership: Membership, kind: MembershipType | None, today: date
) -> Verdict:
    """Whether the balance may be corrected, and (with a plan) to these numbers."""
    lines = lines_now(membership)
    if not is_current(membership):
        return Verdict(NOT_CURRENT)
    if membership.is_unlimited:
        return Verdict(UNLIMITED)
    if not any(line.editable for line in lines):
        return Verdict(NO_LINES)
    if plan is None:
        return ALLOWED
    now = {line.target: line for line in lines}
    for asked in plan.lines:
        verdict = _judge_line(asked, now.get(asked.target))
        if not verdict.allowed:
            return verdict
    return ALLOWED if changed(plan, membership) else Verdict(NOTHING)


def _judge_line(asked: LineAsked, line: LineNow | None) -> Verdict:
    """One line: still there, not unlimited, as the form showed it, 0 to MAX_VISITS."""
    if line is None:
        return Verdict(GONE)
    if line.visits is None:
        return Verdict(UNLIMITED_LINE, (("line", line.title),))
    if asked.seen is not None and asked.seen != line.visits:
        return Verdict(STALE, (("line", line.title), ("now", line.visits), ("seen", asked.seen)))
    if asked.visits < 0:
        return Verdict(NEGATIVE)
    if asked.visits > MAX_VISITS:
        return Verdict(TOO_MANY, (("max", MAX_VISITS),))
    return ALLOWED


def changed(plan: BalancePlan, membership: Membership) -> list[tuple[LineNow, int]]:
    """The lines whose number the plan changes, with the new number."""
    now = {line.target: line for line in lines_now(membership)}
    return [
        (now[asked.target], asked.visits)
        for asked in plan.lines
        if asked.target in now and now[asked.target].visits != asked.visits
    ]


async def send_balance(
    api: UserClient, chain_id: int, membership: Membership, plan: BalancePlan
) -> None:
    """POST …/set_balance with the pool, or with the lines that change (judged before)."""
    new = changed(plan, membership)
    if membership.is_united_balance:
        (_, pool), *_ = new
        await altegio_memberships.set_membership_balance(
            api, chain_id=chain_id, membership_id=membership.id, pool=pool
        )
        return
    await altegio_memberships.set_membership_balance(
        api,
        chain_id=chain_id,
        membership_id=membership.id,
        lines=[(line.target, visits) for line, visits in new],
    )


def corrected(
    plan: BalancePlan, before: Membership, after: Membership | None, time_zone: str
) -> str:
    """'Balance corrected. Yoga: Altegio reports 5 visits left (was 4).' per line changed."""
    done = gettext("Balance corrected.")
    if after is None:
        return f"{done} " + gettext("Reading it back from Altegio failed, so check it there.")
    now = {line.target: line for line in lines_now(after)}
    return " ".join(
        [
            done,
            *(
                _line_words(line, visits, now.get(line.target))
                for line, visits in changed(plan, before)
            ),
        ]
    )


def _line_words(line: LineNow, asked: int, after: LineNow | None) -> str:
    """One line as read back: the number Altegio reports, against before (or what was asked)."""
    if after is None:
        return gettext("%(line)s: Altegio no longer reports this line.") % {"line": line.title}
    reported = _visits_words(after.visits)
    if after.visits == asked:
        return gettext("%(line)s: Altegio reports %(now)s (was %(was)s).") % {
            "line": line.title,
            "now": reported,
            "was": line.visits,
        }
    return gettext("%(line)s: %(asked)s asked, Altegio reports %(now)s.") % {
        "line": line.title,
        "asked": asked,
        "now": reported,
    }


def _visits_words(visits: int | None) -> str:
    return gettext("unlimited visits") if visits is None else visits_left_words(visits)


def balance_seen(membership: Membership | None, time_zone: str) -> str:
    """'Altegio has it now with Yoga: 5 visits left.' (read back)."""
    if membership is None:
        return gettext("Reading it back from Altegio failed too.")
    lines = "; ".join(
        f"{line.title}: {_visits_words(line.visits)}" for line in lines_now(membership)
    )
    return gettext("Altegio has it now with %(lines)s.") % {"lines": lines or "—"}


def offer_balance(panel: MembershipPanel) -> Offer | None:
    """'Correct balance…' where there is a number to correct."""
    verdict = balance_rules(None, panel.membership, panel.kind, date.min)
    return Offer("balance", label=gettext("Correct balance…")) if verdict.allowed else None


def balance_values(plan: BalancePlan) -> str:
    """The audit row's value: 'shared pool 4 → 5', 'line 3129592 4 → 5' (English, as kept)."""
    return ", ".join(
        f"{'shared pool' if line.target == POOL else f'line {line.target}'} "
        f"{'?' if line.seen is None else line.seen} → {line.visits}"
        for line in plan.lines
        if line.seen != line.visits
    )


BALANCE = WriteAction(
    name="balance",
    right=BALANCE_RIGHT,
    audit_kind=AuditEntry.Kind.MEMBERSHIP_BALANCE,
    rules=balance_rules,
    send=send_balance,
    done=corrected,
    details=details,
    offer=offer_balance,
    title=gettext_lazy("Correct a membership's balance"),
    heading=gettext_lazy("Correct the balance of membership No. %(number)s"),
    unknown=gettext_lazy(
        "Altegio did not answer, so we cannot tell whether it corrected the balance."
    ),
    audited=balance_values,
    seen=balance_seen,
    asks_reason=True,
)
