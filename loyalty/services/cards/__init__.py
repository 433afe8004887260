"""A membership or a gift card as a person reads it: turned once into words, then laid out."""

from .balance import BalanceLine
from .gift_cards import GiftCardPanel, gift_card_panels
from .memberships import MembershipPanel, membership_panels

__all__ = [
    "BalanceLine",
    "GiftCardPanel",
    "MembershipPanel",
    "gift_card_panels",
    "membership_panels",
]
