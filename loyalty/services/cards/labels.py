"""The names of the memberships and gift cards a person has looked up, kept in their session.

The visit history's second call answers with membership and gift-card ids only (docs/altegio.md
§4.8), and a page of it may cost two calls and no more, so the names ("Yoga 8 visits No. 219174")
come from the lookup that showed the cards. Titles, numbers and sale days only: never a balance.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from django.contrib.sessions.backends.base import SessionBase
from django.utils.translation import gettext

from loyalty.altegio.types import GiftCard, Membership

LABELS_KEY = "loyalty.card_labels"
MAX_LABELS = 200  # a day of lookups at a busy desk; the oldest go first

type CardKind = Literal["membership", "gift_card"]


@dataclass(frozen=True, order=True)
class CardRef:
    """One membership or gift card by kind and id."""

    kind: CardKind
    id: int

    @property
    def key(self) -> str:
        """'membership:659882', as stored and as a filter names it."""
        return f"{self.kind}:{self.id}"


@dataclass(frozen=True)
class CardLabel:
    """What a person calls a card: its type's title and its number, and when it was sold."""

    ref: CardRef
    title: str = ""
    number: str = ""
    sold: datetime | None = None

    @property
    def name(self) -> str:
        """'Yoga 8 visits No. 219174', 'Gift card 888'; by id when no lookup named the card."""
        if self.ref.kind == "gift_card":
            if self.number:
                return gettext("Gift card %(number)s") % {"number": self.number}
            return gettext("Gift card (id %(id)s)") % {"id": self.ref.id}
        title = self.title or gettext("Membership")
        if self.number:
            return gettext("%(title)s No. %(number)s") % {"title": title, "number": self.number}
        return gettext("%(title)s (id %(id)s)") % {"title": title, "id": self.ref.id}


async def remember_cards(
    session: SessionBase, *, memberships: Iterable[Membership], gift_cards: Iterable[GiftCard]
) -> None:
    """Keep the names of the cards a lookup just showed (newest last; at most MAX_LABELS)."""
    fresh: dict[str, dict[str, str]] = {}
    for membership in memberships:
        ref = CardRef("membership", membership.id)
        fresh[ref.key] = _stored(membership.type.title, membership.number, membership.created)
    for card in gift_cards:
        ref = CardRef("gift_card", card.id)
        fresh[ref.key] = _stored(card.type.title if card.type else "", card.number, card.created)
    if not fresh:
        return
    kept = {k: v for k, v in (await session.aget(LABELS_KEY, {})).items() if k not in fresh}
    kept.update(fresh)
    await session.aset(LABELS_KEY, dict(list(kept.items())[-MAX_LABELS:]))


async def card_labels(session: SessionBase) -> dict[CardRef, CardLabel]:
    """The names this person's lookups have shown, by card."""
    labels: dict[CardRef, CardLabel] = {}
    for key, raw in (await session.aget(LABELS_KEY, {})).items():
        kind, _, ident = key.partition(":")
        if kind not in ("membership", "gift_card") or not ident.isdigit():
            continue
        ref = CardRef("membership" if kind == "membership" else "gift_card", int(ident))
        sold = raw.get("sold") or ""
        labels[ref] = CardLabel(
            ref,
            title=raw.get("title", ""),
            number=raw.get("number", ""),
            sold=datetime.fromisoformat(sold) if sold else None,
        )
    return labels


def label_of(labels: dict[CardRef, CardLabel], ref: CardRef) -> CardLabel:
    """The card's label, or one that names it by id."""
    return labels.get(ref) or CardLabel(ref)


def _stored(title: str, number: str, sold: datetime | None) -> dict[str, str]:
    return {"title": title, "number": number, "sold": sold.isoformat() if sold else ""}
