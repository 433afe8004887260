"""Every write to a sold membership, by name: the one list the views, forms and addresses read."""

from loyalty.altegio.types import Chain
from loyalty.rights import ChainRight
from loyalty.services.cards.memberships import MembershipPanel

from .action import Offer, WriteAction
from .balance import BALANCE
from .extend import EXTEND
from .freeze import FREEZE, UNFREEZE

# In the order a card or row offers them.
ACTIONS: dict[str, WriteAction] = {
    action.name: action for action in (FREEZE, UNFREEZE, EXTEND, BALANCE)
}
# The rights the writes need: a card or row shows its write box where one of them is held.
WRITE_RIGHTS: tuple[ChainRight, ...] = tuple(dict.fromkeys(a.right for a in ACTIONS.values()))


def offers_for(panel: MembershipPanel, chain: Chain) -> list[Offer]:
    """What a card or row offers for its membership in the chain: the actions whose right the
    person holds there, as their state allows."""
    found = (action.offer(panel) for action in ACTIONS.values() if action.right.held_in(chain))
    return [offer for offer in found if offer is not None]
