"""Every Altegio endpoint the dashboard calls: its key, the client's own call, what must be read.

One entry per endpoint key (the golden files' prefix). `call` is the dashboard's own client
function, called as the dashboard calls it; `read` says what a person would notice from its
result, given the golden payload it was fed. The same call, sent to a fresh sandbox as `login`,
gives the sandbox's default answer, which must not be richer than the golden payloads
(test_contract.py). To add an endpoint (issue 24's visit history, say): drop its golden files
in golden/, add one `Contract` below, and name its sandbox route key in `route`.
"""

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from loyalty.altegio import AltegioClient
from loyalty.altegio.activities import search_group_events
from loyalty.altegio.auth import authenticate
from loyalty.altegio.catalogue import GIFT_CARD_TYPES, MEMBERSHIP_TYPES
from loyalty.altegio.chain_clients import list_chain_locations, search_chain_clients
from loyalty.altegio.clients import search_clients_by_phone
from loyalty.altegio.gift_cards import list_client_gift_cards, list_user_gift_cards
from loyalty.altegio.locations import list_my_chains, list_my_locations
from loyalty.altegio.loyalty_cards import list_client_loyalty_cards, list_loyalty_cards_by_phone
from loyalty.altegio.loyalty_transactions import list_visit_transactions
from loyalty.altegio.memberships import (
    check_membership_for_event,
    freeze_membership,
    list_chain_memberships,
    list_client_memberships,
    list_user_memberships,
    search_memberships_for_event,
    set_membership_balance,
    set_membership_period,
    unfreeze_membership,
)
from loyalty.altegio.visits import search_client_visits
from loyalty.sandbox import Sandbox
from loyalty.sandbox.history import client_history

MANAGER = "manager@sandbox.example"
MANAGER_PASSWORD = "manager-demo"
# Sandbox records the calls address (loyalty/sandbox/seed_*.py).
HARBOR, HARBOR_STUDIO, JAMES, JAMES_PHONE = 145071, 720441, 146915197, "13155550178"
CAN_FREEZE, FROZEN, YOGA_20, GIFT_CARD_TYPE, EVENT = 659883, 659879, 97803, 27841, 12345
YOGA_CATEGORY = 3129592  # the one line of CAN_FREEZE's balance, a category (seed_places.py)

type Call = Callable[[AltegioClient, str], Awaitable[Any]]  # (client, user token) → parsed
type Read = Callable[[Any, Any], None]  # (parsed result, golden payload) → asserts


@dataclass(frozen=True)
class Contract:
    """One endpoint: its golden key, the client call, what it must read, its sandbox route."""

    key: str
    route: str  # the sandbox's endpoint key for the same call (loyalty/sandbox/routing.py)
    call: Call
    read: Read
    login: str | None = MANAGER  # whose user token the sandbox sees (None: partner token only)
    # Subtrees the docs say are one object across endpoints (the membership of M1, M2 and M3,
    # docs/altegio.md §2.1; the balance line of a membership and of its type, §2.3): (the path
    # here, another key, the path there), whose golden shapes count here too.
    borrow: tuple[tuple[str, str, str], ...] = ()
    # Fields the call asks for by name (`fields[]`) that the docs list but no example shows.
    requested: tuple[str, ...] = ()


def _data(payload: Any) -> Any:
    """The `data` of a golden payload (or of the one envelope an array holds)."""
    if isinstance(payload, list):
        payload = payload[0]
    return payload.get("data") if isinstance(payload, dict) else None


def _ids(payload: Any) -> list[int]:
    data = _data(payload)
    items = data if isinstance(data, list) else [data]
    return [int(item["id"]) for item in items if isinstance(item, dict) and "id" in item]


def items_of(result: Any) -> list[Any]:
    """A parsed result as a list: a page's items, a list, or one object."""
    if isinstance(result, list):
        return result
    items = getattr(result, "items", None)
    return items if isinstance(items, list) else [result]


def same_ids(result: Any, payload: Any) -> None:
    """Every documented item is read, by id, in order."""
    items = items_of(result)
    assert [item.id for item in items] == _ids(payload)
    assert items, "the golden payload lists nothing to read"


def _user(call: Callable[..., Awaitable[Any]], /, **kwargs: Any) -> Call:
    """A call as the signed-in staff member: the user token goes along."""
    return lambda client, token: call(client.as_user(token), **kwargs)


def _today() -> date:
    return date.today()


MEMBERSHIP_OBJECT = tuple(
    (path, key, path)
    for path in ("data[].balance_container", "data[].status")
    for key in ("client_memberships", "chain_memberships")
)
TYPE_BALANCE = tuple(
    (here, key, "data[].balance_container.links[]")
    for here in ("data.balance_container.links[]", "data[].balance_container.links[]")
    for key in ("client_memberships", "chain_memberships")
)


def _read_membership_types(result: Any, payload: Any) -> None:
    same_ids(result, payload)
    # What the freeze rules need from a type read by id (docs/altegio.md §4.4a).
    first, raw = items_of(result)[0], _data(payload)
    raw = raw[0] if isinstance(raw, list) else raw
    assert first.allow_freeze is bool(raw["allow_freeze"])
    assert first.freeze_limit == raw["freeze_limit"]


def _read_chain_clients(result: Any, payload: Any) -> None:
    if "data" not in payload:  # the documented 404: nobody found
        assert result == []
        return
    assert [(c.id, c.location_id) for c in result] == [
        (c["id"], c["company_id"]) for c in payload["data"]["clients"]
    ]


def _read_event_memberships(result: Any, payload: Any) -> None:
    assert [m.id for m in result] == [int(item["id"]) for item in payload["data"]]
    assert result[0].type_title == payload["included"][0]["attributes"]["title"]


def _read_event_check(result: Any, payload: Any) -> None:
    attributes = payload["data"]["attributes"]
    assert result.available_visits == attributes["available_visits"]
    assert result.bookable_day_ids == attributes["bookable_day_ids"]


def _read_write(result: Any, payload: Any) -> None:
    assert result.id == payload["data"]["id"]
    assert result.is_frozen is payload["data"]["is_frozen"]
    assert result.freeze_period == payload["data"]["freeze_period"]


def _read_period(result: Any, payload: Any) -> None:
    # The new length as Altegio states it; the expiry it moved to, when it says.
    assert (result.period, result.period_unit_id) == (
        payload["data"]["period"],
        payload["data"]["period_unit_id"],
    )
    assert result.expires is not None


def _read_nothing(result: Any, payload: Any) -> None:
    # set_balance's answer is never read (empty in the real API): the membership is read back.
    assert result is None


def _read_visits(result: Any, payload: Any) -> None:
    records = payload["data"]["records"]
    assert [record.visit_id for record in result.records] == [r["visit_id"] for r in records]
    assert len(result.goods) == len(payload["data"]["goods_transactions"])


def _read_transactions(result: Any, payload: Any) -> None:
    assert [row.id for row in result.rows] == _ids(payload)
    assert {row.visit_id for row in result.rows} == {row["visit_id"] for row in _data(payload)}


def _james_paid_visits() -> Call:
    """The transactions of James's visits that a card paid for, as the visit history asks them."""
    visits = [visit for visit in client_history(Sandbox().data, JAMES) if visit.charges]
    days = [visit.day for visit in visits] or [_today()]
    return _user(
        list_visit_transactions,
        chain_id=HARBOR,
        created_after=min(days),
        created_before=max(days),
        visit_ids=[visit.visit_id for visit in visits],
    )


def _read_events(result: Any, payload: Any) -> None:
    same_ids(result, payload)
    assert result.items[0].starts_at is not None
    assert result.items[0].local_start is not None


def _read_auth(result: Any, payload: Any) -> None:
    assert result.id == payload["data"]["id"]
    assert result.user_token.get_secret_value() == payload["data"]["user_token"]


CONTRACTS: tuple[Contract, ...] = (
    Contract(
        "auth",
        "auth",
        lambda client, _: authenticate(client, login=MANAGER, password=MANAGER_PASSWORD),
        _read_auth,
        login=None,
    ),
    Contract("locations", "locations", _user(list_my_locations), same_ids),
    Contract("chains", "chains", _user(list_my_chains), same_ids),
    Contract(
        "clients_search",
        "clients_search",
        _user(search_clients_by_phone, location_id=HARBOR_STUDIO, phone_digits=JAMES_PHONE),
        same_ids,
        requested=("data[].email",),  # in `fields[]`, an allowed field (docs/altegio.md §4.1)
    ),
    Contract(
        "chain_clients_by_phone",
        "chain_clients",
        _user(search_chain_clients, chain_id=HARBOR, phone_digits=JAMES_PHONE),
        _read_chain_clients,
    ),
    Contract(
        "client_memberships",
        "M1",
        _user(list_client_memberships, location_id=HARBOR_STUDIO, phone_digits=JAMES_PHONE),
        same_ids,
        borrow=MEMBERSHIP_OBJECT,
    ),
    Contract(
        "user_memberships",
        "M2",
        _user(list_user_memberships, location_id=HARBOR_STUDIO),
        same_ids,
        borrow=MEMBERSHIP_OBJECT,
    ),
    Contract(
        "chain_memberships",
        "M3",
        _user(
            list_chain_memberships,
            chain_id=HARBOR,
            created_after=None,
            ids=[CAN_FREEZE, FROZEN, 659878, 659880, 659881, 659886],
        ),
        same_ids,
        borrow=MEMBERSHIP_OBJECT,
    ),
    Contract(
        "location_membership_types_by_id",
        "M4",
        _user(MEMBERSHIP_TYPES.fetch_at_location, location_id=HARBOR_STUDIO, ids=[YOGA_20, 97812]),
        _read_membership_types,
    ),
    Contract(
        "location_membership_types",
        "M5",
        _user(MEMBERSHIP_TYPES.search_at_location, location_id=HARBOR_STUDIO),
        _read_membership_types,
    ),
    Contract(
        "chain_membership_types",
        "M6",
        _user(MEMBERSHIP_TYPES.list_in_chain, chain_id=HARBOR),
        _read_membership_types,
        borrow=TYPE_BALANCE,
    ),
    Contract(
        "chain_membership_type",
        "M7",
        _user(MEMBERSHIP_TYPES.get_in_chain, chain_id=HARBOR, type_id=YOGA_20),
        _read_membership_types,
        borrow=TYPE_BALANCE,
    ),
    Contract(
        "memberships_for_event",
        "M8",
        _user(
            search_memberships_for_event, location_id=HARBOR_STUDIO, client_id=JAMES, event_id=EVENT
        ),
        _read_event_memberships,
    ),
    Contract(
        "membership_event_check",
        "M9",
        _user(
            check_membership_for_event,
            location_id=HARBOR_STUDIO,
            client_id=JAMES,
            membership_id=CAN_FREEZE,
            event_id=EVENT,
            schedule_day_ids=[1, 2, 3],
        ),
        _read_event_check,
    ),
    Contract(
        "client_gift_cards",
        "C1",
        _user(list_client_gift_cards, location_id=HARBOR_STUDIO, phone_digits=JAMES_PHONE),
        same_ids,
    ),
    Contract(
        "user_gift_cards", "C2", _user(list_user_gift_cards, location_id=HARBOR_STUDIO), same_ids
    ),
    Contract(
        "location_gift_card_types_by_id",
        "C3",
        _user(GIFT_CARD_TYPES.fetch_at_location, location_id=HARBOR_STUDIO, ids=[GIFT_CARD_TYPE]),
        same_ids,
    ),
    Contract(
        "location_gift_card_types",
        "C4",
        _user(GIFT_CARD_TYPES.search_at_location, location_id=HARBOR_STUDIO),
        same_ids,
    ),
    Contract(
        "chain_gift_card_types",
        "C5",
        _user(GIFT_CARD_TYPES.list_in_chain, chain_id=HARBOR),
        same_ids,
    ),
    Contract(
        "chain_gift_card_type",
        "C6",
        _user(GIFT_CARD_TYPES.get_in_chain, chain_id=HARBOR, type_id=GIFT_CARD_TYPE),
        same_ids,
    ),
    Contract(
        "membership_freeze",
        "freeze",
        lambda client, token: freeze_membership(
            client.as_user(token),
            chain_id=HARBOR,
            membership_id=CAN_FREEZE,
            unfreezes_on=_today() + timedelta(days=3),
        ),
        _read_write,
    ),
    Contract(
        "membership_unfreeze",
        "unfreeze",
        _user(unfreeze_membership, chain_id=HARBOR, membership_id=FROZEN),
        _read_write,
    ),
    Contract(
        "membership_set_period",
        "set_period",
        _user(
            set_membership_period,
            chain_id=HARBOR,
            membership_id=CAN_FREEZE,
            period=4,
            period_unit_id=3,
        ),
        _read_period,
    ),
    Contract(
        "membership_set_balance",
        "set_balance",
        _user(
            set_membership_balance,
            chain_id=HARBOR,
            membership_id=CAN_FREEZE,
            lines=[(YOGA_CATEGORY, 15)],
        ),
        _read_nothing,
    ),
    Contract(
        "client_visits_search",
        "client_visits",
        lambda client, token: search_client_visits(
            client.as_user(token),
            location_id=HARBOR_STUDIO,
            client_id=JAMES,
            date_from=_today() - timedelta(days=90),
            date_to=_today(),
        ),
        _read_visits,
    ),
    Contract(
        "chain_loyalty_transactions",
        "loyalty_transactions",
        _james_paid_visits(),
        _read_transactions,
    ),
    Contract(
        "loyalty_cards_by_phone",
        "loyalty_cards",
        _user(
            list_loyalty_cards_by_phone,
            phone_digits=JAMES_PHONE,
            chain_id=HARBOR,
            location_id=HARBOR_STUDIO,
        ),
        same_ids,
    ),
    Contract(
        "client_loyalty_cards",
        "client_loyalty_cards",
        _user(list_client_loyalty_cards, client_id=JAMES),
        same_ids,
    ),
    Contract(
        "location_events",
        "activities",
        lambda client, token: search_group_events(
            client.as_user(token),
            location_id=HARBOR_STUDIO,
            start=_today(),
            end=_today() + timedelta(days=10),
        ),
        _read_events,
    ),
)

# The chain's own location list is the same endpoint as the person's ("locations").
ALSO_CALLED: tuple[tuple[str, Call], ...] = (
    ("locations", _user(list_chain_locations, chain_id=HARBOR)),
)
# Sandbox routes the dashboard never calls (docs/altegio.md says why for each).
NOT_CALLED = frozenset({"location", "client", "activity"})
