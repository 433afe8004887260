"""Typed Altegio objects with our own names; each wire shape is parsed here and only here.

Reference: docs/altegio.md §2.1 (membership), §2.4 (membership type), §3.1 (gift card),
§3.3 (gift-card type), §4 (clients, locations, chains), §5 (sample payloads).
"""

from dataclasses import dataclass
from datetime import date, datetime, tzinfo
from decimal import Decimal
from typing import Annotated, Any

from pydantic import AliasChoices, BaseModel, ConfigDict, Field, SecretStr, model_validator

from .fields import (
    AnyList,
    AsObject,
    AsObjects,
    AsOptionalObject,
    Flag,
    Int,
    IntList,
    Money,
    OptFlag,
    OptInt,
    Text,
    When,
    flag,
    zone_name,
)

MEMBERSHIP_STATUS_SLUGS = {1: "created", 2: "active", 3: "expired", 4: "wasted"}


class Wire(BaseModel):
    """Base for parsed objects: unknown fields ignored, immutable."""

    model_config = ConfigDict(extra="ignore", frozen=True, populate_by_name=True)


# --- Staff, locations, chains ------------------------------------------------------------------


class StaffLogin(Wire):
    """The answer to POST /auth: who signed in, and their user token."""

    id: Int
    user_token: SecretStr
    name: Text = ""
    phone: Text = ""
    login: Text = ""
    email: Text = ""


class Location(Wire):
    """A location (company, salon) the staff member may work in."""

    id: Int
    title: Text = ""
    phone: Text = ""
    country: Text = ""
    country_id: OptInt = None
    city: Text = ""
    address: Text = ""
    # An IANA name; built from `timezone_name`, else from `timezone` (a name, or hours).
    timezone: Text = ""
    currency: Text = Field("", validation_alias=AliasChoices("currency_short_title", "currency"))

    @model_validator(mode="before")
    @classmethod
    def _time_zone(cls, raw: Any) -> Any:
        """Prefer `timezone_name`; `timezone` may be a name or a number of hours (§4.5)."""
        if isinstance(raw, dict):
            raw = {**raw, "timezone": zone_name(raw.get("timezone_name"), raw.get("timezone"))}
        return raw


class ChainLocation(Wire):
    """A location as listed inside a chain."""

    id: Int
    title: Text = ""


class ChainAccess(Wire):
    """The staff member's access keys in a chain, from GET /groups: every key Altegio sends.

    What each key opens is loyalty/rights.py's question (docs/altegio.md §4.5).
    """

    flags: dict[str, bool] = Field(default_factory=dict)

    @model_validator(mode="before")
    @classmethod
    def _every_key(cls, raw: Any) -> Any:
        """Keep every access key as a flag ("1"/1/true = yes, "0"/0 = no)."""
        if isinstance(raw, dict) and not isinstance(raw.get("flags"), dict):
            return {"flags": {str(key): flag(value) for key, value in raw.items()}}
        return raw


class Chain(Wire):
    """A chain (group of locations) with the staff member's access keys in it."""

    id: Int
    title: Text = ""
    # The docs call the list `locations`, the examples `companies` (docs/altegio.md §4.5).
    locations: Annotated[list[ChainLocation], AsObjects] = Field(
        default_factory=list, validation_alias=AliasChoices("companies", "locations")
    )
    access: Annotated[ChainAccess, AsObject] = Field(default_factory=ChainAccess)


class ClientRecord(Wire):
    """A client card from the client search."""

    id: Int
    name: Text = ""
    surname: Text = ""
    phone: Text = ""
    email: Text = ""


class ChainClient(Wire):
    """A client card found by the chain client search, with the location that keeps it."""

    id: Int
    location_id: Int = Field(0, validation_alias=AliasChoices("company_id", "location_id"))
    name: Text = ""
    surname: Text = ""
    email: Text = ""


class ChainClientSearch(Wire):
    """GET /group/{chain_id}/clients: a phone's client cards in a chain (docs/altegio.md §4.4)."""

    chain_id: Int = Field(0, validation_alias=AliasChoices("salon_group_id", "chain_id"))
    phone: Text = ""
    clients: Annotated[list[ChainClient], AsObjects] = Field(default_factory=list)


# --- Memberships -------------------------------------------------------------------------------


class Status(Wire):
    """A status as Altegio sends it; its own title wins over any mapping of ours."""

    id: Int = 0
    title: Text = ""
    extended_title: Text = ""
    slug: Text = ""


class Covered(Wire):
    """A service or service category a membership link points at."""

    id: Int = 0
    title: Text = ""
    is_category: Flag = False


class BalanceLink(Wire):
    """One line of a membership balance: a service or category with visits left."""

    count: Int = 0
    is_unlimited: Flag = False
    service: Annotated[Covered | None, AsOptionalObject] = None
    category: Annotated[Covered | None, AsOptionalObject] = None

    @property
    def target(self) -> Covered:
        """The service or category this line covers."""
        return self.service or self.category or Covered()

    @property
    def is_category(self) -> bool:
        """A `category` node (or `is_category`) means a service category (docs/altegio.md §2.3)."""
        return self.category is not None or self.target.is_category


class BalanceContainer(Wire):
    """`balance_container`: what a membership (or type) covers."""

    links: Annotated[list[BalanceLink], AsObjects] = Field(default_factory=list)


class TypeFacts(Wire):
    """What a membership type says of its balance and activation, embedded or read by id."""

    is_united_balance: Flag = False
    is_united_balance_unlimited: Flag = False
    united_balance_services_count: Int = 0
    expiration_type_title: Text = ""
    autoactivation_time: Int = 0
    autoactivation_time_unit_id: Int = 0
    balance_container: Annotated[BalanceContainer, AsObject] = Field(
        default_factory=BalanceContainer
    )

    @property
    def starting_visits(self) -> int | None:
        """The visits a membership of this type starts with (None: unlimited or not given)."""
        if self.is_united_balance:
            if self.is_united_balance_unlimited or not self.united_balance_services_count:
                return None
            return self.united_balance_services_count
        links = self.balance_container.links
        if not links or any(link.is_unlimited for link in links):
            return None
        return sum(link.count for link in links) or None


class MembershipTypeRef(TypeFacts):
    """The membership type as embedded in a membership.

    M3 embeds only `{id, salon_group_id, title}` (docs/altegio.md §4.4a): the freeze rules are
    never read from here but from the type read by id (`MembershipType`, M7 or M4).
    """

    id: Int = 0
    chain_id: Int = Field(0, validation_alias=AliasChoices("salon_group_id", "chain_id"))
    title: Text = ""
    period: Int = 0
    period_unit_id: Int = 0
    cost: Money = None


class Membership(Wire):
    """A sold membership (abonement), docs/altegio.md §2.1."""

    id: Int
    number: Text = ""
    balance_string: Text = ""
    status: Annotated[Status, AsObject] = Field(default_factory=Status)
    is_frozen: Flag = False
    freeze_period: Int = 0
    period: Int = 0
    period_unit_id: Int = 0
    created: When = Field(None, validation_alias=AliasChoices("created_date", "created"))
    activated: When = Field(None, validation_alias=AliasChoices("activated_date", "activated"))
    expires: When = Field(None, validation_alias=AliasChoices("expiration_date", "expires"))
    is_united_balance: Flag = False
    is_united_balance_unlimited: Flag = False
    united_balance_services_count: Int = 0
    balance_container: Annotated[BalanceContainer, AsObject] = Field(
        default_factory=BalanceContainer
    )
    type: Annotated[MembershipTypeRef, AsObject] = Field(default_factory=MembershipTypeRef)

    @property
    def status_slug(self) -> str:
        """created / active / expired / wasted, for styling the badge."""
        return self.status.slug or MEMBERSHIP_STATUS_SLUGS.get(self.status.id, "unknown")

    @property
    def links(self) -> list[BalanceLink]:
        """The balance lines (services or categories)."""
        return self.balance_container.links if self.balance_container else []

    @property
    def is_unlimited(self) -> bool:
        """Unlimited visits: a shared unlimited pool, or every line unlimited."""
        if self.is_united_balance:
            return self.is_united_balance_unlimited
        return bool(self.links) and all(link.is_unlimited for link in self.links)

    @property
    def visits_left(self) -> int | None:
        """Visits left in total (None when unlimited)."""
        if self.is_unlimited:
            return None
        if self.is_united_balance:
            return self.united_balance_services_count
        return sum(link.count for link in self.links if not link.is_unlimited)

    @property
    def is_activated(self) -> bool:
        """Activated (it has an activation date, or Altegio says it is active)."""
        return self.activated is not None or self.status.id == 2


class FreezeAnswer(Wire):
    """Altegio's answer to a freeze or unfreeze (docs/altegio.md §2.6, §5.7)."""

    id: Int
    number: Text = ""
    is_frozen: Flag = False
    freeze_period: Int = 0
    freeze_till: When = None


class MembershipType(TypeFacts):
    """A membership type (docs/altegio.md §2.4); list endpoints fill only part of it."""

    id: Int
    chain_id: Int = Field(0, validation_alias=AliasChoices("salon_group_id", "chain_id"))
    title: Text = ""
    cost: Money = None
    period: Int = 0
    period_unit_id: Int = 0
    allow_freeze: Flag = False
    # 0 or null: no limit (Altegio's own code); the unit only when the type read sends it (M7
    # does, M4 documents no unit); booking while frozen only when the type says, either way.
    freeze_limit: Int = 0
    freeze_limit_unit_id: OptInt = None
    is_booking_when_frozen_allowed: OptFlag = None
    is_code_required: Flag = False
    is_allow_empty_code: Flag = False
    expiration_type_id: OptInt = None
    is_archived: Flag = False
    # `abonements_count`: memberships of this type active now (docs/altegio.md §2.4), not sales.
    active_count: OptInt = Field(
        None, validation_alias=AliasChoices("abonements_count", "active_count")
    )
    location_ids: IntList = Field(
        default_factory=list,
        validation_alias=AliasChoices("attached_location_ids", "attached_salon_ids"),
    )
    availability: AnyList = Field(default_factory=list)
    is_online_sale_enabled: Flag = False
    online_sale_price: Money = None

    @property
    def links(self) -> list[BalanceLink]:
        """The initial allowance per service or category."""
        return self.balance_container.links if self.balance_container else []


# --- Group events (JSON:API answers of M8/M9) --------------------------------------------------


@dataclass(frozen=True)
class EventMembership:
    """A membership that M8 says can pay for a group event."""

    id: int
    number: str
    balance: int | None
    type_title: str


class EventCheck(Wire):
    """M9: how one membership can pay for a series of event days."""

    last_booking_date: When = None
    available_visits: OptInt = None
    can_book_all_days: Flag = False
    bookable_day_ids: IntList = Field(default_factory=list)


class EventService(Wire):
    """The service a group event is of, as the event search nests it."""

    id: Int = 0
    title: Text = ""
    category_id: OptInt = None


class EventTrainer(Wire):
    """The staff member who leads a group event."""

    id: Int = 0
    name: Text = ""
    specialization: Text = ""


class GroupEvent(Wire):
    """One group event ("activity") from the event search (§4.6)."""

    id: Int
    location_id: OptInt = Field(None, validation_alias=AliasChoices("company_id", "location_id"))
    service_id: OptInt = None
    staff_id: OptInt = None
    # `date`: Altegio's doc page sends ISO 8601 with an offset and milliseconds and no
    # `timestamp`; the YCLIENTS SDKs read a local "YYYY-MM-DD HH:MM:SS" plus Unix `timestamp`.
    # Both are read (docs/altegio.md §4.6).
    local_start: When = Field(None, validation_alias=AliasChoices("date", "local_start"))
    timestamp: OptInt = None
    length: Int = 0
    capacity: Int = 0
    records_count: Int = 0
    comment: Text = ""
    service: Annotated[EventService, AsObject] = Field(default_factory=EventService)
    staff: Annotated[EventTrainer, AsObject] = Field(default_factory=EventTrainer)

    @property
    def title(self) -> str:
        """What the class is called: its service's title."""
        return self.service.title

    @property
    def is_full(self) -> bool:
        """Every seat is taken (a capacity of 0 means Altegio does not count seats)."""
        return self.capacity > 0 and self.records_count >= self.capacity

    def starts_at(self, tz: tzinfo) -> datetime | None:
        """The start in the location's zone: `timestamp`, else `date` (its offset, or local)."""
        if self.timestamp:
            return datetime.fromtimestamp(self.timestamp, tz)
        if self.local_start is None:
            return None
        if self.local_start.tzinfo is None:
            return self.local_start.replace(tzinfo=tz)
        return self.local_start.astimezone(tz)


# --- Gift cards --------------------------------------------------------------------------------


class ItemType(Wire):
    """What a gift card can pay for, with Altegio's own title."""

    id: Int = 0
    title: Text = ""


class GiftCardType(Wire):
    """A gift-card (certificate) type, docs/altegio.md §3.1/§3.3."""

    id: Int
    title: Text = ""
    face_value: Money = Field(None, validation_alias=AliasChoices("balance", "face_value"))
    is_multi: Flag = False
    chain_id: Int = Field(0, validation_alias=AliasChoices("company_group_id", "chain_id"))
    item_type_id: OptInt = None
    item_type: Annotated[ItemType | None, AsOptionalObject] = None
    expiration_type_id: Int = 0
    expiration_date: When = None
    expiration_timeout: Int = 0
    expiration_timeout_unit_id: Int = 0
    is_archived: Flag = False
    issued_count: OptInt = Field(
        None, validation_alias=AliasChoices("released_total", "issued_count")
    )
    service_ids: IntList = Field(default_factory=list)
    location_ids: IntList = Field(
        default_factory=list, validation_alias=AliasChoices("salon_ids", "location_ids")
    )
    online_sale_price: Money = None

    @property
    def pays_for(self) -> str:
        """Altegio's own words for what the card pays for."""
        return self.item_type.title if self.item_type and self.item_type.title else ""


class GiftCard(Wire):
    """A sold gift card (certificate), docs/altegio.md §3.1."""

    id: Int
    number: Text = ""
    balance: Money = None
    default_balance: Money = None
    status: Annotated[Status, AsObject] = Field(default_factory=Status)
    status_id: OptInt = None
    created: When = Field(None, validation_alias=AliasChoices("created_date", "created"))
    expires: When = Field(None, validation_alias=AliasChoices("expiration_date", "expires"))
    type: Annotated[GiftCardType | None, AsOptionalObject] = None

    @property
    def face_value(self) -> Decimal | None:
        """The starting balance, from the card or else its type."""
        return self.default_balance or (self.type.face_value if self.type else None)


# --- Paging ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Page[T]:
    """One page of a remote list, built from the API's own paging; total only when it says."""

    items: list[T]
    number: int
    size: int
    total: int | None = None

    @property
    def has_previous(self) -> bool:
        """Whether there is a page before this one."""
        return self.number > 1

    @property
    def has_next(self) -> bool:
        """Whether another page exists (a full page means "maybe" when no total is given)."""
        if self.total is not None:
            return self.number * self.size < self.total
        return len(self.items) >= self.size > 0

    @property
    def page_count(self) -> int | None:
        """How many pages there are, when the API reports a total."""
        if self.total is None or self.size <= 0:
            return None
        return max(1, -(-self.total // self.size))


__all__ = [
    "BalanceLink",
    "Chain",
    "ClientRecord",
    "EventCheck",
    "EventMembership",
    "FreezeAnswer",
    "GiftCard",
    "GiftCardType",
    "GroupEvent",
    "Location",
    "Membership",
    "MembershipType",
    "Page",
    "StaffLogin",
    "date",
    "datetime",
]
