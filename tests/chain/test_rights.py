"""Chain pages are for managers: the front desk gets 403 everywhere, before any call to Altegio."""

import pytest
from django.test import Client

from loyalty.sandbox import Sandbox
from tests.helpers import HARBOR_CHAIN, NEVSKY_CHAIN, htmx_headers, visible_text

CHAIN_PAGES = [
    "/chains/{chain}/memberships/",
    "/chains/{chain}/memberships/?created_after=2026-10-01",
    "/chains/{chain}/memberships/export.csv",
    "/chains/{chain}/memberships/summary/",
    "/chains/{chain}/membership-types/",
    "/chains/{chain}/membership-types/97801/",
    "/chains/{chain}/gift-card-types/",
    "/chains/{chain}/gift-card-types/27840/",
]


@pytest.mark.parametrize("chain", [HARBOR_CHAIN, NEVSKY_CHAIN])
@pytest.mark.parametrize("url", CHAIN_PAGES)
def test_front_desk_gets_403_on_every_chain_page_and_nothing_is_asked_of_altegio(
    front_desk: Client, sandbox: Sandbox, url: str, chain: int
) -> None:
    sandbox.calls.clear()

    response = front_desk.get(url.format(chain=chain))

    assert response.status_code == 403
    assert "You cannot open this page" in visible_text(response)
    assert sandbox.calls == []


def test_front_desk_gets_403_for_a_region_request_too(front_desk: Client, sandbox: Sandbox) -> None:
    sandbox.calls.clear()

    response = front_desk.get(
        f"/chains/{HARBOR_CHAIN}/memberships/", headers=htmx_headers("memberships-results")
    )

    assert response.status_code == 403
    assert sandbox.calls == []


def test_a_manager_cannot_open_a_chain_that_is_not_theirs(
    manager: Client, sandbox: Sandbox
) -> None:
    sandbox.calls.clear()

    response = manager.get("/chains/999999/memberships/")

    assert response.status_code == 403
    assert sandbox.calls == []


def test_front_desk_sees_no_chain_links_in_the_navigation(front_desk: Client) -> None:
    response = front_desk.get("/locations/720441/membership-types/")

    assert "/chains/" not in response.content.decode()
