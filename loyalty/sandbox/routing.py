"""The route table: method + path → endpoint key and handler, with aliases (docs/altegio.md §0)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from . import routes_account as acc
from . import routes_activity as act
from . import routes_chain_clients as cc
from . import routes_freezing as fz
from . import routes_gift_cards as gc
from . import routes_loyalty_cards as lc
from . import routes_managing as mg
from . import routes_memberships as ms
from . import routes_schedule as sch
from . import routes_visits as vis
from .protocol import Ctx, Reply

API_PREFIX = "/api/v1"
# Legacy and canonical spellings share one handler (docs/altegio.md §0, A-code v1-contract-notes).
SEGMENT_ALIASES = {
    "companies": "locations",
    "company": "locations",
    "groups": "chains",
    "group": "chains",
    "chain": "chains",
}
INT = "#"
LOC, CHAIN, LOYALTY = "locations", "chains", "loyalty"

Handler = Callable[[Ctx], Reply]


@dataclass(frozen=True)
class Route:
    """A method and path pattern (`#` = an integer segment) bound to an endpoint key."""

    method: str
    pattern: tuple[str, ...]
    key: str
    handler: Handler
    needs_user: bool = True


def build_routes(auth: Handler) -> tuple[Route, ...]:
    """Every route the sandbox answers; `auth` is bound to the sandbox's token store."""
    # fmt: off
    return (
        Route("POST", ("auth",), "auth", auth, needs_user=False),
        Route("GET", (LOC,), "locations", acc.locations, needs_user=False),
        Route("GET", (LOC, INT), "location", acc.location_card, needs_user=False),
        Route("GET", (CHAIN,), "chains", acc.chains),
        Route("POST", (LOC, INT, "clients", "search"), "clients_search", acc.clients_search),
        Route("GET", ("client", INT, INT), "client", acc.client_card),
        Route("GET", (CHAIN, INT, "clients"), "chain_clients", cc.chain_clients),
        Route("GET", (LOYALTY, "abonements"), "M1", ms.client_memberships),
        Route("GET", ("user", LOYALTY, "abonements"), "M2", ms.user_memberships),
        Route("GET", (CHAIN, INT, LOYALTY, "abonements"), "M3", ms.chain_memberships),
        Route("GET", (LOC, INT, LOYALTY, "abonement_types", "fetch"), "M4", ms.fetch_types),
        Route("GET", (LOC, INT, LOYALTY, "abonement_types", "search"), "M5", ms.search_types),
        Route("GET", (CHAIN, INT, LOYALTY, "abonement_types"), "M6", ms.chain_types),
        Route("GET", (CHAIN, INT, LOYALTY, "abonement_types", INT), "M7", ms.chain_type),
        Route("POST", (CHAIN, INT, LOYALTY, "abonements", INT, "freeze"), "freeze", fz.freeze),
        Route("POST", (CHAIN, INT, LOYALTY, "abonements", INT, "unfreeze"), "unfreeze",
              fz.unfreeze),
        Route("POST", (CHAIN, INT, LOYALTY, "abonements", INT, "set_period"), "set_period",
              mg.set_period),
        Route("POST", (CHAIN, INT, LOYALTY, "abonements", INT, "set_balance"), "set_balance",
              mg.set_balance),
        Route("GET", (LOC, INT, "client", INT, LOYALTY, "abonements", "search_for_activity"),
              "M8", act.search_for_activity),
        Route("GET", (LOC, INT, "client", INT, LOYALTY, "abonements", INT, "check_for_activity"),
              "M9", act.check_for_activity),
        Route("GET", ("activity", INT, "search"), "activities", sch.search_events),
        Route("GET", ("activity", INT, INT), "activity", sch.one_event),
        Route("GET", (LOYALTY, "certificates"), "C1", gc.client_gift_cards),
        Route("GET", ("user", LOYALTY, "certificates"), "C2", gc.user_gift_cards),
        Route("GET", (LOC, INT, LOYALTY, "certificate_types", "fetch"), "C3", gc.fetch_types),
        Route("GET", (LOC, INT, LOYALTY, "certificate_types", "search"), "C4", gc.search_types),
        Route("GET", (CHAIN, INT, LOYALTY, "certificate_types"), "C5", gc.chain_types),
        Route("GET", (CHAIN, INT, LOYALTY, "certificate_types", INT), "C6", gc.chain_type),
        Route("POST", (LOC, INT, "clients", "visits", "search"), "client_visits",
              vis.client_visits),
        Route("GET", (CHAIN, INT, LOYALTY, "transactions"), "loyalty_transactions",
              vis.chain_transactions),
        Route("GET", (LOYALTY, "cards", INT, INT, INT), "loyalty_cards", lc.cards_by_phone),
        Route("GET", (LOYALTY, "client_cards", INT), "client_loyalty_cards", lc.cards_of_client),
    )
    # fmt: on


def canonical_segments(path: str) -> list[str]:
    """Path segments without the `/api/v1` prefix, with legacy spellings made canonical."""
    if path.startswith(API_PREFIX + "/") or path == API_PREFIX:
        path = path[len(API_PREFIX) :]
    segments = [segment for segment in path.split("/") if segment]
    if segments:
        segments[0] = SEGMENT_ALIASES.get(segments[0], segments[0])
    return segments


def match(
    routes: tuple[Route, ...], method: str, path: str
) -> tuple[Route | None, tuple[int, ...]]:
    """The route for a request and the integers in its path."""
    segments = canonical_segments(path)
    for route in routes:
        if route.method != method or len(route.pattern) != len(segments):
            continue
        ids: list[int] = []
        for expected, actual in zip(route.pattern, segments, strict=True):
            if expected == INT:
                if not actual.isdigit():
                    break
                ids.append(int(actual))
            elif expected != actual:
                break
        else:
            return route, tuple(ids)
    return None, ()
