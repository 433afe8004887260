"""Membership and gift-card type catalogues (M4–M7, C3–C6): each kind described once as data
(kinds.py), the finders written once for both (finders.py), cached (cache.py) and worded
(words.py); a membership's type read by id for its rules (by_id.py)."""

from .finders import chain_types_by_id, find_location_types, get_chain_type, list_chain_types
from .kinds import GIFT_CARD_TYPE_KIND, KINDS, MEMBERSHIP_TYPE_KIND, CatalogueKind
from .words import attached_locations, availability_words

__all__ = [
    "GIFT_CARD_TYPE_KIND",
    "KINDS",
    "MEMBERSHIP_TYPE_KIND",
    "CatalogueKind",
    "attached_locations",
    "availability_words",
    "chain_types_by_id",
    "find_location_types",
    "get_chain_type",
    "list_chain_types",
]
