"""Template tags that read the chain rights (loyalty/rights.py) and the writes offered."""

from collections.abc import Sequence

from django import template

from loyalty.altegio.types import Chain
from loyalty.rights import ChainRight, screens_in
from loyalty.services.cards.memberships import MembershipPanel
from loyalty.services.writes.action import Offer
from loyalty.services.writes.registry import offers_for

register = template.Library()


@register.filter
def screens(chain: Chain) -> list[ChainRight]:
    """The chain's pages the person may open, in the navigation's order."""
    return screens_in(chain)


@register.simple_tag
def write_offers(panel: MembershipPanel, chains: Sequence[Chain], chain_id: int) -> list[Offer]:
    """The writes a card or row offers (`{% write_offers panel staff.chains chain_id as … %}`)."""
    chain = next((chain for chain in chains if chain.id == chain_id), None)
    return offers_for(panel, chain) if chain is not None else []
