"""A membership or a gift card as a person reads it: turned once into words, then laid out."""

from .gift_cards import GiftCardPanel, gift_card_panels
from .memberships import BalanceLine, MembershipPanel, membership_panels

__all__ = [
    "BalanceLine",
    "GiftCardPanel",
    "MembershipPanel",
    "gift_card_panels",
    "membership_panels",
]
