"""Wire spelling of sandbox records: Altegio's least by default, richer shapes as named quirks.

By default every answer carries what the docs' examples and Altegio's own fixtures show, no more
(the golden payloads in tests/contract/golden/ check it key by key). The richer or odder shapes
the real API is documented or known to send are switched on per quirk (quirks.py), and reach
these functions through `shaped()`, which the sandbox sets around each request (shape.py).

Reference: docs/altegio.md §2.1, §2.4, §3.1, §3.3, §4.5 and the sample payloads in §5.
"""

from .gift_cards import gift_card_to_wire
from .memberships import membership_to_wire
from .places import chain_to_wire, location_to_wire
from .shape import iso, shaped
from .types import (
    availability_to_wire,
    gift_card_type_full,
    gift_card_type_subset,
    membership_type_full,
    membership_type_subset,
)

__all__ = [
    "availability_to_wire",
    "chain_to_wire",
    "gift_card_to_wire",
    "gift_card_type_full",
    "gift_card_type_subset",
    "iso",
    "location_to_wire",
    "membership_to_wire",
    "membership_type_full",
    "membership_type_subset",
    "shaped",
]
