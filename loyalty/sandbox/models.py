"""Plain records the sandbox keeps in memory; the wire spelling is produced by `wire.py`."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime


@dataclass(frozen=True, slots=True)
class Chain:
    """A chain (group, salon_group) of locations."""

    id: int
    title: str
    country_id: int
    country: str
    currency: str
    timezone: str
    location_ids: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class Location:
    """A location (company, salon) of one chain."""

    id: int
    chain_id: int
    title: str
    short_descr: str
    phone: str
    city_id: int
    city: str
    address: str
    lat: float
    lon: float
    # YCLIENTS examples show `id` as a string for some locations; one location reproduces that.
    id_as_string: bool = False


@dataclass(frozen=True, slots=True)
class ServiceCategory:
    """A category of services, e.g. Yoga."""

    id: int
    title: str


@dataclass(frozen=True, slots=True)
class Service:
    """A bookable service inside a category."""

    id: int
    title: str
    category_id: int
    price_min: int
    price_max: int


@dataclass(frozen=True, slots=True)
class Link:
    """One line of a balance container: a service or a category with visits left."""

    count: int
    is_unlimited: bool = False
    service_id: int | None = None
    category_id: int | None = None


@dataclass(frozen=True, slots=True)
class Interval:
    """One availability window: week days and seconds-from-midnight intervals."""

    week_days: tuple[int, ...]
    intervals: tuple[tuple[int, int], ...]


@dataclass(frozen=True, slots=True)
class MembershipType:
    """A membership (abonement) type of a chain."""

    id: int
    chain_id: int
    title: str | int
    cost: int
    period: int
    period_unit_id: int
    allow_freeze: bool
    freeze_limit: int
    is_united_balance: bool
    is_united_balance_unlimited: bool
    united_balance_services_count: int
    links: tuple[Link, ...]
    attached_location_ids: tuple[int, ...]
    is_archived: bool = False
    date_archived: datetime | None = None
    is_booking_when_frozen_allowed: bool = False
    is_allow_empty_code: bool = False
    is_code_required: bool = True
    expiration_type_id: int = 1
    is_online_sale_enabled: bool = False
    availability: tuple[Interval, ...] = ()
    weight: int = 0
    # 1 day, 2 week, 3 month, 4 year; 0 = not set (read as days), docs/altegio.md §2.2.
    freeze_limit_unit_id: int = 0

    def sold_at(self, location_id: int) -> bool:
        """Attached to the location (a membership type is sold only where it is attached)."""
        return location_id in self.attached_location_ids


@dataclass(frozen=True, slots=True)
class GiftCardType:
    """A gift card (certificate) type of a chain."""

    id: int
    chain_id: int
    title: str
    balance: int
    is_multi: bool
    item_type_id: int
    expiration_type_id: int
    expiration_date: datetime | None
    expiration_timeout: int
    expiration_timeout_unit_id: int
    salon_ids: tuple[int, ...]
    service_ids: tuple[int, ...] = ()
    is_archived: bool = False
    date_archived: datetime | None = None
    is_allow_empty_code: bool = False
    online_sale_is_enabled: bool = False
    weight: int = 0

    def sold_at(self, location_id: int) -> bool:
        """No `salon_ids` means every location of the chain."""
        return not self.salon_ids or location_id in self.salon_ids


# Not frozen: frozen __init__ is several times slower for ten thousand records.
@dataclass(slots=True)
class Client:
    """A client card; a client belongs to exactly one location."""

    id: int
    location_id: int
    name: str
    phone: str
    email: str


# Not frozen: frozen __init__ is several times slower for ten thousand records.
@dataclass(slots=True)
class Membership:
    """A sold membership with its remaining balance."""

    id: int
    number: int | str
    client_id: int
    chain_id: int
    type_id: int
    status_id: int
    created: datetime
    activated: datetime | None
    expires: datetime | None
    period: int
    period_unit_id: int
    is_united_balance: bool
    is_united_balance_unlimited: bool
    united_balance_services_count: int
    links: tuple[Link, ...]
    goods_transaction_id: int
    is_frozen: bool = False
    freeze_period: int = 0
    # The product brief's example record is served with exactly the vendor's trimmed shape.
    brief_example: bool = False


# Not frozen: frozen __init__ is several times slower for ten thousand records.
@dataclass(slots=True)
class GiftCard:
    """A sold gift card with its remaining balance."""

    id: int
    number: str
    client_id: int
    chain_id: int
    type_id: int
    status_id: int
    balance: float
    default_balance: int
    created: datetime
    expires: datetime | None


@dataclass(frozen=True, slots=True)
class Event:
    """A group event (activity) with numbered schedule days."""

    id: int
    location_id: int
    title: str
    service_id: int
    category_id: int
    days: tuple[tuple[int, datetime], ...]
    # What the event search shows (§4.6): its own start, trainer, length and seats.
    staff_id: int = 0
    length: int = 3600
    capacity: int = 12
    records_count: int = 0

    @property
    def start(self) -> datetime:
        """When this event itself begins: its first schedule day."""
        return min(moment for _, moment in self.days)


@dataclass(frozen=True, slots=True)
class Trainer:
    """A staff member who leads group events at one location."""

    id: int
    location_id: int
    name: str
    specialization: str


@dataclass(frozen=True, slots=True)
class User:
    """A staff user who can sign in with a login and password."""

    id: int
    name: str
    email: str
    phone: str
    password: str
    role: str
    location_ids: tuple[int, ...]
    chain_access: dict[int, dict[str, str | int]] = field(default_factory=dict, hash=False)
