"""What a write to a membership is: the plan a person asks for, the verdict on it, the spec.

The bottom of the write path (STYLE "Every write is an entry in one spec"). Each action (freeze.py
holds freeze and unfreeze, extend.py the validity, balance.py the balance) is a `WriteAction`: its
right, its rules function, its one POST and its words. The one-time keys (keys.py), the audit
(audit.py), the words (words.py) and the protocol (protocol.py) build on these, never the other
way round.
"""

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext, gettext_lazy

from loyalty.altegio.http import UserClient
from loyalty.altegio.types import Membership, MembershipType
from loyalty.rights import ChainRight
from loyalty.services.cards.freeze import state_words
from loyalty.services.cards.memberships import MembershipPanel

# The reasons a person may pick instead of typing one (an action that asks for a reason).
COMMON_REASONS = (
    gettext_lazy("Goodwill"),
    gettext_lazy("Studio closure"),
    gettext_lazy("Illness"),
    gettext_lazy("Charged by mistake"),
)
REASON_MAX_LENGTH = 200


@dataclass(frozen=True)
class WritePlan:
    """What a person asks Altegio to do to one membership; each action adds its values."""

    action: str
    # Why, in the person's words (an action that asks for one): kept only in our audit log,
    # never sent to Altegio.
    reason: str = field(default="", kw_only=True)


@dataclass(frozen=True)
class Verdict:
    """Whether a plan may be sent: allowed, or the reason why not (in English, as audited)."""

    reason: str = ""  # a gettext_noop'd template; "" = allowed
    values: tuple[tuple[str, object], ...] = ()

    @property
    def allowed(self) -> bool:
        """Nothing stands in the way."""
        return not self.reason

    @property
    def english(self) -> str:
        """The reason as the audit log keeps it."""
        return self.reason % dict(self.values) if self.values else self.reason

    @property
    def words(self) -> str:
        """The reason in the reader's language."""
        return gettext(self.reason) % dict(self.values) if self.values else gettext(self.reason)


ALLOWED = Verdict()

# The rules function of an action: whether the membership (read fresh), its type read by id and
# today allow the plan; with no plan, whether the action may be planned at all (the form's
# question). Every other callable of a spec takes the action's own plan, too.
type Rules = Callable[[Any, Membership, MembershipType | None, date], Verdict]


@dataclass(frozen=True)
class Offer:
    """What a card or row offers for one action: a button that opens its form, or a hint why not."""

    action: str  # its name: the address `loyalty:membership_<action>`
    label: str = ""  # the button's words ('' with a hint)
    hint: str = ""  # why it is not offered, when a person would wonder


def no_values(plan: WritePlan) -> str:
    """An action whose plan has no values of its own writes none into the audit row."""
    return ""


@dataclass(frozen=True)
class WriteAction:
    """One write to a sold membership, as data: who may, its rules, its one POST, its words."""

    name: str  # "freeze": its address, its one-time keys, its form and its template
    right: ChainRight  # who may send it (loyalty/rights.py)
    audit_kind: str  # its rows in the audit log (AuditEntry.Kind)
    rules: Rules
    send: Callable[[UserClient, int, Membership, Any], Awaitable[object]]  # the one POST
    done: Callable[[Any, Membership, Membership | None, str], str]  # what changed, in words
    details: Callable[[Membership, MembershipType | None, date], object]  # what its form shows
    offer: Callable[[MembershipPanel], Offer | None]  # its button on a card or row, if any
    title: str | Promise  # "Freeze a membership"
    heading: str | Promise  # "Freeze membership No. %(number)s"
    unknown: str | Promise  # the answer was lost: what cannot be told
    audited: Callable[[Any], str] = no_values  # the plan's values, as the audit row keeps them
    # The membership as read back when the answer was lost or the form was used already.
    seen: Callable[[Membership | None, str], str] = state_words
    asks_reason: bool = False  # the form requires a reason (free text, or one of COMMON_REASONS)
