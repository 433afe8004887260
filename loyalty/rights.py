"""Which Altegio access key opens which chain screen and action: the one registry of chain rights.

The navigation, the guards, the views and the services all read it (docs/altegio.md §4.5).
Altegio sends a chain's rights as access keys (GET /groups `access`). A key it sends decides; a
key it does not send falls back to `loyalty_access`, the chain's loyalty section as a whole. A
right may need several keys, each of which must allow it (freezing reads the membership through
the history first); a need may name alternatives, of which the first that Altegio sends decides
(the visit history: the attendance key, else the client base).
"""

from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from loyalty.altegio.types import Chain

# The access keys we read (docs/altegio.md §4.5; the attendance key: YCLIENTS user rights).
LOYALTY = "loyalty_access"
HISTORY = "loyalty_abonement_history_access"
TYPES = "loyalty_abonement_types_access"
GIFT_CARD_TYPES_KEY = "loyalty_certificate_types_access"
PERIOD_EDIT = "loyalty_abonement_period_edit_access"
BALANCE_EDIT = "loyalty_abonement_balance_edit_access"
CLIENTS = "clients_access"
ATTENDANCE = "clients_show_attendance_history_access"


def allows(chain: Chain, keys: Iterable[str]) -> bool:
    """The first of `keys` that Altegio sent for the chain decides; none sent: `loyalty_access`."""
    flags = chain.access.flags
    sent = next((key for key in keys if key in flags), LOYALTY)
    return flags.get(sent, False)


@dataclass(frozen=True)
class ChainRight:
    """One chain screen or action, the access keys it needs, and what a refusal says."""

    name: str
    needs: tuple[tuple[str, ...], ...]  # every need must allow it; a need's first sent key decides
    refusal: str | Promise = ""  # a 403's words, in the reader's language
    screen: str = ""  # the URL name of its page, for the navigation ('' for an action)
    label: str | Promise = ""  # the navigation's words for that page

    def held_in(self, chain: Chain) -> bool:
        """Whether the person holds this right in the chain."""
        return all(allows(chain, keys) for keys in self.needs)


NO_HISTORY = _("Your Altegio account has no rights to the membership history of this chain.")

MEMBERSHIPS = ChainRight(
    "memberships",
    ((HISTORY,),),
    NO_HISTORY,
    screen="loyalty:chain_memberships",
    label=_("Memberships sold"),
)
SUMMARY = ChainRight("summary", ((HISTORY,),), NO_HISTORY)
EXPORT = ChainRight("export", ((HISTORY,),), NO_HISTORY)
MEMBERSHIP_TYPES = ChainRight(
    "membership_types",
    ((TYPES,),),
    _("Your Altegio account has no rights to the membership types of this chain."),
    screen="loyalty:chain_membership_types",
    label=_("Membership types"),
)
GIFT_CARD_TYPES = ChainRight(
    "gift_card_types",
    ((GIFT_CARD_TYPES_KEY,),),
    _("Your Altegio account has no rights to the gift-card types of this chain."),
    screen="loyalty:chain_gift_card_types",
    label=_("Gift-card types"),
)
# Every write reads the membership fresh through the chain list (M3) first: the history too.
FREEZE = ChainRight(
    "freeze",
    ((PERIOD_EDIT,), (HISTORY,)),
    _("You have no right to freeze or unfreeze memberships in this chain in Altegio."),
)
EXTEND = ChainRight(
    "extend",
    ((PERIOD_EDIT,), (HISTORY,)),
    _("You have no right to change the validity of memberships in this chain in Altegio."),
)
BALANCE = ChainRight(
    "balance",
    ((BALANCE_EDIT,), (HISTORY,)),
    _("You have no right to correct the balance of memberships in this chain in Altegio."),
)
# The whole-chain lookup follows the call it makes: the chain client search (§4.4).
CHAIN_LOOKUP = ChainRight("chain_lookup", ((CLIENTS,),))
# A client's visits: the attendance-history key when Altegio sends it, else the client base;
# which membership or gift card paid: the membership history.
VISITS = ChainRight("visits", ((ATTENDANCE, CLIENTS),))
WHAT_PAID = ChainRight("what_paid", ((HISTORY,),))
AUDIT = ChainRight(
    "audit", ((LOYALTY,),), _("The audit log is for managers with loyalty rights in Altegio.")
)

RIGHTS = {
    right.name: right
    for right in (
        MEMBERSHIPS,
        SUMMARY,
        EXPORT,
        MEMBERSHIP_TYPES,
        GIFT_CARD_TYPES,
        FREEZE,
        EXTEND,
        BALANCE,
        CHAIN_LOOKUP,
        VISITS,
        WHAT_PAID,
        AUDIT,
    )
}
# The chain's pages in the navigation, in this order.
SCREENS = (MEMBERSHIPS, MEMBERSHIP_TYPES, GIFT_CARD_TYPES)


def screens_in(chain: Chain) -> list[ChainRight]:
    """The chain's pages the person may open, in the navigation's order."""
    return [right for right in SCREENS if right.held_in(chain)]


def chains_holding(right: ChainRight, chains: Iterable[Chain]) -> list[Chain]:
    """The chains in which the person holds `right`."""
    return [chain for chain in chains if right.held_in(chain)]
