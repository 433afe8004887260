"""Group events ("activities") and the JSON:API answers of M8/M9 (docs/altegio.md §2.5, §4.6)."""

from dataclasses import dataclass
from datetime import datetime, tzinfo
from typing import Annotated

from pydantic import AliasChoices, Field

from ..fields import (
    AsObject,
    Flag,
    Int,
    IntList,
    OptInt,
    Text,
    When,
)
from .base import Wire


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
