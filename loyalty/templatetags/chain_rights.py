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


@register.filter
def why_nots(offers: Sequence[Offer]) -> str:
    """The reasons of the offers that are not open, in one line (a table row's tooltip)."""
    return " ".join(offer.hint for offer in offers if offer.hint)


@register.filter
def any_open(offers: Sequence[Offer]) -> bool:
    """At least one of the writes can be opened (a button, not a reason)."""
    return any(not offer.hint for offer in offers)
