"""Gift cards (certificates): C1 and C2 (docs/altegio.md §3.3); types: catalogue.py."""

from .card_lists import CardLists
from .types import GiftCard

GIFT_CARDS = CardLists(GiftCard, "certificates")
list_client_gift_cards = GIFT_CARDS.by_phone  # C1
list_user_gift_cards = GIFT_CARDS.of_user  # C2
