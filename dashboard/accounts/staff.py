"""Who is signed in and where they may work: the staff member, and the request types of a view.

The locations and chains come from Altegio once per session (GET /companies?my=1, GET /groups)
and are kept in the server-side session; they reload when older than RIGHTS_RELOAD_MINUTES.
"""

import asyncio
import time
from dataclasses import dataclass, replace

from django.conf import settings
from django.contrib.auth import alogout
from django.http import HttpRequest
from django_htmx.middleware import HtmxDetails

from loyalty.altegio import UserClient, get_client
from loyalty.altegio.locations import list_my_chains, list_my_locations
from loyalty.altegio.types import Chain, Location
from loyalty.rights import AUDIT, ChainRight, chains_holding, screens_in
from loyalty.services.writes.registry import WRITE_RIGHTS

from .models import StaffUser
from .tokens import forget_token, load_token

LOCATIONS_KEY = "staff.locations"
CHAINS_KEY = "staff.chains"
CURRENT_LOCATION_KEY = "staff.location_id"
RIGHTS_LOADED_KEY = "staff.rights_loaded"


@dataclass(frozen=True)
class Staff:
    """The signed-in staff member as one request sees them."""

    user: StaffUser
    locations: list[Location]
    chains: list[Chain]
    api: UserClient
    current_location_id: int | None

    def location(self, location_id: int) -> Location | None:
        """One of their locations, or None if it is not theirs."""
        return next((loc for loc in self.locations if loc.id == location_id), None)

    def chain(self, chain_id: int) -> Chain | None:
        """One of their chains, or None if it is not theirs."""
        return next((chain for chain in self.chains if chain.id == chain_id), None)

    @property
    def current_location(self) -> Location | None:
        """Where they are working now: the last chosen location, else the first."""
        chosen = self.location(self.current_location_id) if self.current_location_id else None
        return chosen or (self.locations[0] if self.locations else None)

    @property
    def loyalty_chains(self) -> list[Chain]:
        """Chains where they have loyalty rights at all (the audit log is theirs)."""
        return chains_holding(AUDIT, self.chains)

    @property
    def chain_pages(self) -> list[tuple[Chain, ChainRight]]:
        """Each chain with a page they may open, and its first such page (for the navigation)."""
        return [(chain, screens[0]) for chain in self.chains if (screens := screens_in(chain))]

    @property
    def write_chain_ids(self) -> set[int]:
        """Chains where they may write to memberships (freeze, unfreeze, …)."""
        return {c.id for c in self.chains if any(right.held_in(c) for right in WRITE_RIGHTS)}

    def chains_of(self, location_id: int) -> list[Chain]:
        """The chains a location belongs to."""
        return [c for c in self.chains if any(loc.id == location_id for loc in c.locations)]


class HtmxHttpRequest(HttpRequest):
    """Any request after HtmxMiddleware (early in MIDDLEWARE): `request.htmx` is always there."""

    htmx: HtmxDetails


class StaffRequest(HtmxHttpRequest):
    """A staff view's request: `staff`, the signed-in person and their rights (staff_view)."""

    staff: Staff


class SessionEnded(Exception):
    """The session has no usable Altegio token any more."""


def rights_clock() -> float:
    """The clock rights are timed by (tests replace it)."""
    return time.time()


async def load_rights(request: HttpRequest, api: UserClient) -> None:
    """Fetch the person's locations and chains from Altegio and keep them in the session."""
    # Independent calls: one round-trip instead of two at sign-in.
    locations, chains = await asyncio.gather(list_my_locations(api), list_my_chains(api))
    await request.session.aset(LOCATIONS_KEY, [loc.model_dump(mode="json") for loc in locations])
    await request.session.aset(CHAINS_KEY, [chain.model_dump(mode="json") for chain in chains])
    await request.session.aset(RIGHTS_LOADED_KEY, rights_clock())


async def _rights_are_stale(request: HttpRequest) -> bool:
    """No rights yet, or loaded longer ago than RIGHTS_RELOAD_MINUTES."""
    if await request.session.aget(LOCATIONS_KEY) is None:
        return True
    loaded = await request.session.aget(RIGHTS_LOADED_KEY)
    max_age = float(settings.RIGHTS_RELOAD_MINUTES) * 60
    return loaded is None or rights_clock() - float(loaded) >= max_age


async def get_staff(request: HttpRequest, *, fresh_rights: bool = False) -> Staff:
    """The signed-in staff member with their rights and Altegio access; SessionEnded if none.

    Rights reload from Altegio when older than RIGHTS_RELOAD_MINUTES (or when `fresh_rights`),
    so a withdrawn right or a revoked token (a 401 here) ends within that time even on pages
    served from a cache; the reload is also what ends a revoked session on such pages.
    """
    cached: Staff | None = request.__dict__.get("staff")
    if cached is not None and not fresh_rights:
        return cached
    user = await request.auser()
    token = await load_token(request.session.session_key)
    if not user.is_authenticated or token is None:
        raise SessionEnded
    api = get_client().as_user(token)
    if fresh_rights or await _rights_are_stale(request):
        await load_rights(request, api)
    staff = Staff(
        user=user,
        locations=[
            Location.model_validate(raw) for raw in await request.session.aget(LOCATIONS_KEY, [])
        ],
        chains=[Chain.model_validate(raw) for raw in await request.session.aget(CHAINS_KEY, [])],
        api=api,
        current_location_id=await request.session.aget(CURRENT_LOCATION_KEY)
        or getattr(user, "last_location_id", None),
    )
    request.staff = staff  # type: ignore[attr-defined]
    return staff


async def remember_location(request: HttpRequest, staff: Staff, location_id: int) -> Staff:
    """Make one of their locations the current one, here and in later sessions."""
    await request.session.aset(CURRENT_LOCATION_KEY, location_id)
    if staff.user.last_location_id != location_id:
        staff.user.last_location_id = location_id
        await staff.user.asave(update_fields=["last_location_id"])
    staff = replace(staff, current_location_id=location_id)
    request.staff = staff  # type: ignore[attr-defined]
    return staff


async def remember_lookup_scope(*, user: StaffUser, scope: str) -> None:
    """Keep the person's lookup scope for their next lookup (an UPDATE only when it changed)."""
    if user.lookup_scope != scope:
        user.lookup_scope = scope
        await user.asave(update_fields=["lookup_scope"])


async def end_session(request: HttpRequest) -> None:
    """Sign out on the server: forget the token, flush the session."""
    await forget_token(request.session.session_key)
    await alogout(request)
