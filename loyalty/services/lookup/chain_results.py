"""What a whole-chain lookup shows: each location with a card, every card once."""

from dataclasses import dataclass, field

from django.utils.translation import gettext

from loyalty.altegio import (
    AltegioError,
)
from loyalty.altegio.types import (
    Chain,
    ChainClient,
    Location,
)
from loyalty.services.cards import (
    GiftCardPanel,
    MembershipPanel,
)
from loyalty.services.failures import ShownError, shown_error
from loyalty.services.phones import Phone

from .client_card import client_name


@dataclass(frozen=True)
class ChainMembership:
    """A membership shown once, with every location it came back from."""

    panel: MembershipPanel
    valid_at: list[Location]

    @property
    def valid_at_words(self) -> str:
        """'Harbor Studio, Harbor North' when it came back from more than one location."""
        return ", ".join(loc.title for loc in self.valid_at) if len(self.valid_at) > 1 else ""


@dataclass(frozen=True)
class ChainGiftCard:
    """A gift card shown once, with every location it came back from."""

    panel: GiftCardPanel
    valid_at: list[Location]

    @property
    def valid_at_words(self) -> str:
        """'Harbor Studio, Harbor North' when it came back from more than one location."""
        return ", ".join(loc.title for loc in self.valid_at) if len(self.valid_at) > 1 else ""


@dataclass(frozen=True)
class LocationLoyalty:
    """One location of the chain: its client cards, what is shown under it, or its failure."""

    location: Location
    clients: list[ChainClient]
    memberships: list[ChainMembership] = field(default_factory=list)
    gift_cards: list[ChainGiftCard] = field(default_factory=list)
    # Items that came back here too, shown under an earlier location.
    shown_earlier: int = 0
    error: AltegioError | None = None
    found: int = 0  # memberships and gift cards this location returned, for the audit log

    @property
    def has_cards(self) -> bool:
        """Something shown under this location."""
        return bool(self.memberships or self.gift_cards)

    @property
    def shown_error(self) -> ShownError | None:
        """This location's failure in staff words ("You have no rights at Harbor North…")."""
        if self.error is None:
            return None
        place = gettext("at %(place)s") % {"place": self.location.title}
        return shown_error(self.error, place=place)


@dataclass(frozen=True)
class ChainClientLoyalty:
    """The result of one chain-wide lookup, current location first."""

    phone: Phone
    chain: Chain
    location: Location  # where the desk is
    locations: list[LocationLoyalty]
    no_rights: list[Location]  # client cards at locations the person may not open
    searched_digits: str
    used_national_form: bool = False

    @property
    def names(self) -> list[str]:
        """The distinct names on the client cards one may open (one person, several cards)."""
        return list(
            dict.fromkeys(client_name(c) for group in self.locations for c in group.clients)
        )

    @property
    def client_count(self) -> int:
        """Client cards at locations the person may open."""
        return sum(len(group.clients) for group in self.locations)

    @property
    def membership_count(self) -> int:
        """Memberships, each id once."""
        return sum(len(group.memberships) for group in self.locations)

    @property
    def gift_card_count(self) -> int:
        """Gift cards, each id once."""
        return sum(len(group.gift_cards) for group in self.locations)

    @property
    def result_count(self) -> int:
        """Memberships plus gift cards, each id once."""
        return self.membership_count + self.gift_card_count

    @property
    def here(self) -> LocationLoyalty | None:
        """The current location's group, if the phone has a card here."""
        return next((g for g in self.locations if g.location.id == self.location.id), None)

    @property
    def is_empty(self) -> bool:
        """No client card anywhere in the chain."""
        return not (self.locations or self.no_rights)
