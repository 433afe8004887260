"""Typed Altegio objects with our own names; each wire shape is parsed here and only here.

One module per resource. Reference: docs/altegio.md §2.1 (membership), §2.4 (membership type),
§3.1 (gift card), §3.3 (gift-card type), §4 (clients, locations, chains), §5 (sample payloads).
"""

from .base import Status, Wire
from .clients import ChainClient, ChainClientSearch, ClientRecord
from .events import EventCheck, EventMembership, EventService, EventTrainer, GroupEvent
from .gift_cards import GiftCard, GiftCardType, ItemType
from .memberships import (
    BalanceContainer,
    BalanceLink,
    Covered,
    FreezeAnswer,
    Membership,
    MembershipType,
    MembershipTypeRef,
    PeriodAnswer,
    TypeFacts,
)
from .paging import Page
from .staff import Chain, ChainAccess, ChainLocation, Location, StaffLogin

__all__ = [
    "BalanceContainer",
    "BalanceLink",
    "Chain",
    "ChainAccess",
    "ChainClient",
    "ChainClientSearch",
    "ChainLocation",
    "ClientRecord",
    "Covered",
    "EventCheck",
    "EventMembership",
    "EventService",
    "EventTrainer",
    "FreezeAnswer",
    "GiftCard",
    "GiftCardType",
    "GroupEvent",
    "ItemType",
    "Location",
    "Membership",
    "MembershipType",
    "MembershipTypeRef",
    "Page",
    "PeriodAnswer",
    "StaffLogin",
    "Status",
    "TypeFacts",
    "Wire",
]
