"""Where in a chain the person works: its time zone and currency, and their locations in it."""

from collections.abc import Iterable, Sequence

from loyalty.altegio.types import Chain, Location


def chain_time_zone(*, chain: Chain, locations: Iterable[Location]) -> str:
    """The time zone of the chain's first location the staff member has, else UTC."""
    return _first_location_value(chain, locations, "timezone") or "UTC"


def chain_currency(*, chain: Chain, locations: Iterable[Location]) -> str:
    """The currency of the chain's first location the staff member has ('' when unknown)."""
    return _first_location_value(chain, locations, "currency")


def _first_location_value(chain: Chain, locations: Iterable[Location], name: str) -> str:
    known = {location.id: location for location in locations}
    for member in chain.locations:
        location = known.get(member.id)
        if location is not None and getattr(location, name):
            return str(getattr(location, name))
    return ""


def location_in_chain(
    locations: Iterable[Location], chain: Chain | None, location_id: int | None
) -> Location | None:
    """The location with this id if it is one of the person's and in the chain, else None."""
    if chain is None or location_id is None:
        return None
    in_chain = {member.id for member in chain.locations}
    return next((loc for loc in locations if loc.id == location_id and loc.id in in_chain), None)


def first_location_in_chain(locations: Sequence[Location], chain: Chain) -> Location | None:
    """The person's first location in the chain (where M4 can read a type), if any."""
    in_chain = {member.id for member in chain.locations}
    return next((loc for loc in locations if loc.id in in_chain), None)
