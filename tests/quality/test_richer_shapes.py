"""The dashboard reads every richer or odder shape Altegio may send, each one a sandbox quirk.

The sandbox answers with Altegio's least by default (tests/contract/); here each shape the real
API is documented or known to send is switched on, alone and all together, and a manager's
day still reads the same: the lookup, the freeze rules, the chain list, the event picker.
"""

import re

import pytest
from django.core.cache import cache
from django.test import Client

from loyalty.sandbox import Sandbox
from tests.helpers import HARBOR_CHAIN, HARBOR_STUDIO, htmx_headers, visible_text

SHAPES = (
    "rich_membership_rows",
    "full_type_fields",
    "rich_event_memberships",
    "rich_locations",
    "extra_access_keys",
    "odd_scalars",
    "m3_array_envelope",
    "sdk_event_shape",
    "chain_client_not_found_empty",
)
LOOKUP = f"/locations/{HARBOR_STUDIO}/clients/"
CAN_FREEZE, NEAR_LIMIT, JAMES_ID = 659883, 659887, 146915197


def a_managers_day(client: Client) -> dict[str, str]:
    """What a manager reads on the main screens, as text."""
    lookup = client.post(LOOKUP, {"phone": "+1 315 555 0178"}, headers=htmx_headers("results"))
    form = client.get(
        f"/chains/{HARBOR_CHAIN}/memberships/{NEAR_LIMIT}/freeze/",
        {"show": "card", "location_id": str(HARBOR_STUDIO)},
    )
    chain = client.get(f"/chains/{HARBOR_CHAIN}/memberships/", {"ids": f"{CAN_FREEZE}, 659878"})
    nobody = client.post(
        LOOKUP, {"phone": "+1 315 555 0000", "scope": "chain"}, headers=htmx_headers("results")
    )
    picker = client.get(
        f"{LOOKUP}{JAMES_ID}/event-check/",
        headers=htmx_headers(f"event-picker-{JAMES_ID}", LOOKUP),
    )
    return {
        name: visible_text(response)
        for name, response in {
            "lookup": lookup,
            "form": form,
            "chain": chain,
            "nobody": nobody,
            "picker": picker,
        }.items()
    }


@pytest.mark.parametrize("shapes", [(name,) for name in SHAPES] + [SHAPES], ids=str)
def test_every_richer_or_odder_shape_reads_the_same(
    db: None, sandbox: Sandbox, shapes: tuple[str, ...]
) -> None:
    for name in shapes:
        sandbox.set_quirk(name, True)
    cache.clear()
    client = Client()
    client.post(
        "/accounts/login/", {"username": "manager@sandbox.example", "password": "manager-demo"}
    )
    day = a_managers_day(client)

    assert "9 memberships · 3 gift cards" in day["lookup"]
    assert re.search(r"Freeze left\s*30 days", day["lookup"])
    assert "up to 2 weeks (14 days) in total; 12 days used so far, 2 days left" in day["form"]
    assert "219181" in day["chain"]
    assert "788376" in day["chain"]
    assert "Freeze…" in day["chain"]
    assert "No client card with +1 315-555-0000 anywhere in Harbor Wellness." in day["nobody"]
    assert "Sunrise yoga" in day["picker"]
