"""What a person may see of a client's visits at a location (docs/altegio.md §4.5, §4.7)."""

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from loyalty.altegio.types import Chain
from loyalty.rights import VISITS, WHAT_PAID


class WhatPaid(StrEnum):
    """Whether the page says which membership or gift card paid for each visit, and if not why."""

    SHOWN = "shown"
    NOTHING_TO_ASK = "nothing"  # no visits on the page
    NO_RIGHT = "no_right"  # no membership-history right in the location's chain
    NO_CHAIN = "no_chain"  # the location is in none of the person's chains
    REFUSED = "refused"  # Altegio answered 403 all the same
    FAILED = "failed"  # Altegio did not answer the transactions call


@dataclass(frozen=True)
class VisitRights:
    """What a person may see of a client's visits at a location (docs/altegio.md §4.5, §4.7)."""

    visits: bool
    what_paid: bool
    chain: Chain | None

    @property
    def why_not_what_paid(self) -> WhatPaid:
        """NO_CHAIN or NO_RIGHT (only meaningful when `what_paid` is false)."""
        return WhatPaid.NO_CHAIN if self.chain is None else WhatPaid.NO_RIGHT


def visit_rights(chains: Iterable[Chain]) -> VisitRights:
    """The location's chain decides (loyalty/rights.py: VISITS, WHAT_PAID). With no chain holding
    the location, Altegio decides on the visits, and what paid cannot be asked."""
    chain = next(iter(chains), None)
    if chain is None:
        return VisitRights(visits=True, what_paid=False, chain=None)
    return VisitRights(
        visits=VISITS.held_in(chain), what_paid=WHAT_PAID.held_in(chain), chain=chain
    )
