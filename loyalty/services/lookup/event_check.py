"""Which of a client's memberships can pay for a group event: M8, then M9 for every membership at
once, for the days asked (docs/altegio.md §2.5).
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext, ngettext

from loyalty.altegio import (
    AltegioError,
    UserClient,
)
from loyalty.altegio.memberships import (
    check_membership_for_event,
    search_memberships_for_event,
)
from loyalty.altegio.types import (
    EventCheck,
    EventMembership,
    Location,
)
from loyalty.models import AuditEntry
from loyalty.services.audit import StaffMember, outcome_of
from loyalty.services.cards.balance import visits_for_event_words
from loyalty.services.concurrency import concurrently as _concurrently

from .log import LookupAudit, count_lookup


@dataclass(frozen=True)
class EventOption:
    """One membership M8 offered for a group event, with M9's answer for the asked days."""

    membership: EventMembership
    check: EventCheck  # empty when no days were asked: M8's word alone
    day_ids: list[int]

    @property
    def balance_words(self) -> str:
        """M8's visits for this class: 'No limit' or the number."""
        return visits_for_event_words(self.membership.balance)

    @property
    def available_words(self) -> str:
        """M9's visits available on the asked days: 'No limit' or the number."""
        return visits_for_event_words(self.check.available_visits)

    @property
    def can_pay_all(self) -> bool:
        """Every asked day can be paid with it (no days asked: M8 offered it, so it can pay)."""
        if not self.day_ids:
            return True
        booked = set(self.check.bookable_day_ids)
        return self.check.can_book_all_days or (bool(booked) and set(self.day_ids) <= booked)

    @property
    def can_pay_some(self) -> bool:
        """At least one asked day can be paid with it."""
        return self.can_pay_all or bool(self.check.bookable_day_ids)

    @property
    def left_after(self) -> str:
        """'3 visits left after this class', or 'unlimited visits' (M8's balance for the class)."""
        balance = self.membership.balance
        if balance is None:
            return gettext("unlimited visits")
        left = max(balance - 1, 0)
        return ngettext(
            "%(left)s visit left after this class", "%(left)s visits left after this class", left
        ) % {"left": left}

    @property
    def missing_day_ids(self) -> list[int]:
        """Asked days it cannot pay for."""
        if self.can_pay_all or self.check is None:
            return []
        booked = set(self.check.bookable_day_ids)
        return [day for day in self.day_ids if day not in booked]


@dataclass(frozen=True)
class EventCheckResult:
    """Which of a client's memberships can pay for which days of a group event."""

    client_id: int
    event_id: int
    day_ids: list[int]
    options: list[EventOption] = field(default_factory=list)

    @property
    def days_asked(self) -> bool:
        """Schedule days were asked, so each option carries M9's per-day answer."""
        return bool(self.day_ids)

    @property
    def verdict(self) -> str:
        """'all' (one membership covers every day), 'some', or 'none'."""
        if any(option.can_pay_all for option in self.options):
            return "all"
        if any(option.can_pay_some for option in self.options):
            return "some"
        return "none"

    @property
    def pays(self) -> EventOption | None:
        """The membership the desk uses: the first Altegio offers (None: none can pay)."""
        return next((option for option in self.options if option.can_pay_some), None)

    @property
    def also(self) -> list[EventOption]:
        """The other memberships that could pay instead."""
        return [
            option for option in self.options if option.can_pay_some and option is not self.pays
        ]

    @property
    def payable_count(self) -> int:
        """Memberships that can pay for at least one asked day."""
        return sum(1 for option in self.options if option.can_pay_some)


async def check_event(
    *,
    api: UserClient,
    user: StaffMember,
    location: Location,
    client_id: int,
    event_id: int,
    schedule_day_ids: list[int],
) -> EventCheckResult:
    """M8 for the memberships that can pay for an event, then M9 for each at once (days given)."""
    audit = LookupAudit(
        user=user,
        kind=AuditEntry.Kind.EVENT_CHECK,
        location=location,
        query=f"client {client_id}, event {event_id}"
        + (", days " + ",".join(str(day) for day in schedule_day_ids) if schedule_day_ids else ""),
    )
    await count_lookup(user, audit)
    try:
        found = await search_memberships_for_event(
            api, location_id=location.id, client_id=client_id, event_id=event_id
        )
        # M9 needs schedule days (docs/altegio.md §2.5); without them M8's list is the answer.
        async with _concurrently() as group:
            checks = [
                group.create_task(
                    check_membership_for_event(
                        api,
                        location_id=location.id,
                        client_id=client_id,
                        membership_id=membership.id,
                        event_id=event_id,
                        schedule_day_ids=schedule_day_ids,
                    )
                )
                for membership in found
                if schedule_day_ids
            ]
    except AltegioError as exc:
        await audit.write(outcome=outcome_of(exc))
        raise
    answers = (
        [check.result() for check in checks] if schedule_day_ids else [EventCheck()] * len(found)
    )
    options = [
        EventOption(membership=membership, check=answer, day_ids=schedule_day_ids)
        for membership, answer in zip(found, answers, strict=True)
    ]
    # Those that pay for every day first, then some days, then none.
    options.sort(key=lambda option: (not option.can_pay_all, not option.can_pay_some))
    result = EventCheckResult(
        client_id=client_id, event_id=event_id, day_ids=schedule_day_ids, options=options
    )
    await audit.write(outcome=f"can pay: {result.verdict}", result_count=result.payable_count)
    return result
