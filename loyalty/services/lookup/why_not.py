"""Why no membership can pay for a class, in words, from what the lookup just read (no call).

Altegio's event check (M8) lists only the memberships that can pay. When it lists none, the desk
still needs the reason: the lookup's memberships are kept for a few minutes per staff member
(facts, not balances: "has visits for this class or not"), and read against the class's service,
its hour and its day, as the sandbox's M8 reads them (docs/altegio.md §2.4, §2.5).
"""

from dataclasses import asdict, dataclass
from datetime import datetime
from typing import Any

from django.core.cache import cache
from django.utils.translation import gettext

from loyalty.altegio.types import ClientRecord, Location
from loyalty.services.audit import StaffMember, phone_hash
from loyalty.services.cards import MembershipPanel
from loyalty.services.catalogue.words import availability_words

from .client_card import CLIENT_CARD_SECONDS
from .events import PickerEvent


@dataclass(frozen=True)
class PayFacts:
    """What decides whether one membership can pay for a class (JSON-ready)."""

    title: str
    number: str
    current: bool
    status: str
    frozen: bool  # and its type does not allow booking while frozen
    services: list[int]
    categories: list[int]
    pool: bool  # one shared balance for everything it covers
    has_visits: bool  # any visit left (unlimited counts)
    windows: list[dict[str, Any]]
    expires: str | None


def pay_facts(panel: MembershipPanel) -> PayFacts:
    """One membership's facts, from its panel (the type read by id, when it was)."""
    m = panel.membership
    booking_allowed = bool(panel.kind and panel.kind.is_booking_when_frozen_allowed)
    return PayFacts(
        title=panel.title,
        number=m.number or str(m.id),
        current=panel.is_current,
        status=panel.status_title,
        frozen=m.is_frozen and not booking_allowed,
        services=[link.target.id for link in m.links if not link.is_category],
        categories=[link.target.id for link in m.links if link.is_category],
        pool=m.is_united_balance,
        has_visits=m.visits_left is None or m.visits_left > 0,
        windows=[w for w in (panel.kind.availability if panel.kind else []) if isinstance(w, dict)],
        expires=m.expires.isoformat() if m.expires else None,
    )


def reason(facts: PayFacts, item: PickerEvent) -> str:
    """Why this membership cannot pay for the class, in a few words."""
    event = item.event
    if not facts.current:
        return facts.status
    if facts.frozen:
        return gettext("frozen")
    covers = facts.services or facts.categories
    if covers and not (
        event.service_id in facts.services or event.service.category_id in facts.categories
    ):
        return gettext("does not cover %(title)s") % {"title": event.title or gettext("this class")}
    if not facts.has_visits:
        return gettext("no visits left")
    if facts.windows and not _in_windows(facts.windows, item.starts):
        return gettext("valid only %(when)s") % {
            "when": "; ".join(availability_words(facts.windows))
        }
    if facts.expires and datetime.fromisoformat(facts.expires) < item.starts:
        return gettext("expires before this class")
    return gettext(
        "Altegio does not offer it for this class (the hours, days or services its type allows)"
    )


def reasons(facts: list[PayFacts], item: PickerEvent) -> list[tuple[PayFacts, str]]:
    """Each membership with its reason, current ones first."""
    ordered = sorted(facts, key=lambda f: not f.current)
    return [(f, reason(f, item)) for f in ordered]


async def remember_pay_facts(
    *, user: StaffMember, location: Location, digits: str, panels: list[MembershipPanel]
) -> None:
    """Keep a lookup's memberships' facts a few minutes, under the phone (hashed)."""
    facts = [asdict(pay_facts(panel)) for panel in panels]
    await cache.aset(_phone_key(user, location, digits), facts, CLIENT_CARD_SECONDS)


async def hand_pay_facts_to_clients(
    *, user: StaffMember, location: Location, digits: str, clients: list[ClientRecord]
) -> None:
    """The phone's facts, now also under each client it belongs to (the event check asks so)."""
    facts = await cache.aget(_phone_key(user, location, digits))
    if facts is not None and clients:
        entries = {_client_key(user, location, client.id): facts for client in clients}
        await cache.aset_many(entries, CLIENT_CARD_SECONDS)


async def kept_pay_facts(
    *, user: StaffMember, location: Location, client_id: int
) -> list[PayFacts] | None:
    """The facts of a client's memberships from a recent lookup (None: none kept)."""
    stored = await cache.aget(_client_key(user, location, client_id))
    if not isinstance(stored, list):
        return None
    try:
        return [PayFacts(**entry) for entry in stored]
    except TypeError:  # another release's shape
        return None


def _in_windows(windows: list[dict[str, Any]], starts: datetime) -> bool:
    """Whether a start (local) falls in one of the type's week-day and hour windows."""
    second = starts.hour * 3600 + starts.minute * 60
    for window in windows:
        days = window.get("week_days") or []
        spans = [span for span in window.get("intervals") or [] if isinstance(span, dict)]
        if starts.isoweekday() in days and any(
            int(span.get("from", 0)) <= second < int(span.get("to", 0)) for span in spans
        ):
            return True
    return False


def _phone_key(user: StaffMember, location: Location, digits: str) -> str:
    return f"loyalty:pay-facts:{user.pk}:{location.id}:{phone_hash(digits)}"


def _client_key(user: StaffMember, location: Location, client_id: int) -> str:
    return f"loyalty:pay-facts:{user.pk}:{location.id}:client:{client_id}"
