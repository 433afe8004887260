"""Template filters that read the chain rights registry (loyalty/rights.py): pages and actions."""

from django import template

from loyalty.altegio.types import Chain
from loyalty.rights import RIGHTS, ChainRight, screens_in

register = template.Library()


@register.filter
def screens(chain: Chain) -> list[ChainRight]:
    """The chain's pages the person may open, in the navigation's order."""
    return screens_in(chain)


@register.filter
def holds(chain: Chain, right: str) -> bool:
    """Whether the person holds the named right in the chain (`chain|holds:"freeze"`)."""
    return RIGHTS[right].held_in(chain)
