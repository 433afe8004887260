"""The sandbox's switchable quirks of the real API, and the supervisor with per-feature rights."""

from typing import Any

import pytest

from loyalty.sandbox import DEMO_LOGINS, Sandbox
from loyalty.sandbox.quirks import mask_phone
from tests.helpers import AUTH_NEEDED, call, login

MANAGER = "manager@sandbox.example"
SUPERVISOR = "supervisor@sandbox.example"
WRONG = {"success": False, "data": None, "meta": {"message": "Incorrect login or password"}}


def as_user(sandbox: Sandbox, method: str, url: str, login_name: str = MANAGER, **kwargs):
    return call(sandbox, method, url, user_token=sandbox.issue_token(login_name), **kwargs)


# --- The registry ------------------------------------------------------------------------------


def test_quirks_are_set_read_and_cleared_by_reset() -> None:
    sandbox = Sandbox()
    sandbox.set_quirk("page_size_cap", 50)
    sandbox.set_quirk("licence_expired", [720441])
    assert dict(sandbox.quirks) == {"page_size_cap": 50, "licence_expired": frozenset({720441})}
    with pytest.raises(TypeError):
        sandbox.quirks["page_size_cap"] = 1  # type: ignore[index]  # read-only view
    sandbox.reset()
    assert dict(sandbox.quirks) == {}


def test_unknown_quirks_are_refused() -> None:
    sandbox = Sandbox()
    with pytest.raises(ValueError, match="unknown quirk"):
        sandbox.set_quirk("no_such_quirk", True)
    answer = call(sandbox, "POST", "/__sandbox/quirks", json={"name": "nope", "value": 1})
    assert answer.status_code == 400


def test_the_control_endpoint_sets_lists_and_removes_quirks() -> None:
    sandbox = Sandbox()
    set_ = call(sandbox, "POST", "/__sandbox/quirks", json={"name": "page_size_cap", "value": 7})
    assert set_.status_code == 200
    assert call(sandbox, "GET", "/__sandbox/quirks").json() == {"quirks": {"page_size_cap": 7}}
    call(sandbox, "POST", "/__sandbox/quirks", json={"name": "page_size_cap", "value": None})
    assert call(sandbox, "GET", "/__sandbox/quirks").json() == {"quirks": {}}


# --- Sign-in and the partner token ---------------------------------------------------------------


def test_a_wrong_password_is_refused_with_401_and_altegios_words_by_default() -> None:
    answer = login(Sandbox(), MANAGER, "wrong")
    assert answer.status_code == 401
    assert answer.json() == WRONG


def test_a_wrong_password_can_be_refused_with_a_2xx() -> None:
    sandbox = Sandbox()
    sandbox.set_quirk("auth_refusal_status", 200)
    answer = login(sandbox, MANAGER, "wrong")
    assert answer.status_code == 200
    assert answer.json() == WRONG
    assert login(sandbox, MANAGER, "manager-demo").status_code == 201


def test_a_wrong_partner_token_says_authentication_is_needed() -> None:
    answer = call(
        Sandbox(),
        "POST",
        "/auth",
        authorization="Bearer not-the-token",
        json={"login": MANAGER, "password": "manager-demo"},
    )
    assert answer.status_code == 401
    assert answer.json() == AUTH_NEEDED


@pytest.mark.parametrize(
    ("method", "url"), [("POST", "/auth"), ("GET", "/companies?count=1"), ("GET", "/groups")]
)
def test_a_refused_partner_token_answers_every_call_as_altegio_does(method, url) -> None:
    sandbox = Sandbox()
    sandbox.set_quirk("partner_token_refused", True)
    kwargs: dict[str, Any] = (
        {"json": {"login": MANAGER, "password": "manager-demo"}} if method == "POST" else {}
    )
    answer = as_user(sandbox, method, url, **kwargs)
    assert answer.status_code == 401
    assert answer.json() == AUTH_NEEDED


# --- Expired licences --------------------------------------------------------------------------

LOCATION_CALLS: list[tuple[str, str, dict[str, Any]]] = [
    ("POST", "/company/720441/clients/search", {"json": {"filters": []}}),
    ("GET", "/client/720441/146915197", {}),
    ("GET", "/loyalty/abonements?company_id=720441&phone=13155550178", {}),
    ("GET", "/loyalty/certificates?company_id=720441&phone=13155550178", {}),
    ("GET", "/user/loyalty/abonements?company_id=720441", {}),
    ("GET", "/user/loyalty/certificates?company_id=720441", {}),
    ("GET", "/company/720441/loyalty/abonement_types/fetch?ids[]=1", {}),
    ("GET", "/company/720441/loyalty/abonement_types/search", {}),
    ("GET", "/company/720441/loyalty/certificate_types/fetch?ids[]=1", {}),
    ("GET", "/company/720441/loyalty/certificate_types/search", {}),
    (
        "GET",
        "/company/720441/client/146915197/loyalty/abonements/search_for_activity?event_id=12345",
        {},
    ),
    (
        "GET",
        "/company/720441/client/146915197/loyalty/abonements/659883/check_for_activity"
        "?event_id=12345&schedule_day_ids=1",
        {},
    ),
    ("GET", "/companies/720441", {}),
]


@pytest.mark.parametrize(("method", "url", "kwargs"), LOCATION_CALLS)
def test_an_expired_licence_answers_402_for_every_location_call(method, url, kwargs) -> None:
    sandbox = Sandbox()
    sandbox.set_quirk("licence_expired", [720441])
    answer = as_user(sandbox, method, url, **kwargs)
    assert answer.status_code == 402
    assert answer.json()["meta"]["message"] == "Renew the licence in location 720441"


def test_an_expired_licence_leaves_other_locations_and_chains_alone() -> None:
    sandbox = Sandbox()
    sandbox.set_quirk("licence_expired", [720441])
    assert as_user(sandbox, "GET", "/company/720442/loyalty/abonement_types/search").is_success
    assert as_user(sandbox, "GET", "/chain/145071/loyalty/abonement_types").is_success


# --- Paging ------------------------------------------------------------------------------------

PAGED = [
    ("GET", "/chain/145071/loyalty/abonements?count=100", None),
    ("GET", "/company/720441/loyalty/abonement_types/search?page_size=100", None),
    ("GET", "/company/720441/loyalty/certificate_types/search?page_size=100", None),
    ("GET", "/chain/145071/loyalty/abonement_types?limit=100", None),
    ("GET", "/chain/145071/loyalty/certificate_types?page_size=100", None),
    ("GET", "/companies?count=100", None),
]


@pytest.mark.parametrize(("method", "url", "rows"), PAGED)
def test_a_page_size_cap_shortens_every_paged_answer(method, url, rows) -> None:
    sandbox = Sandbox()
    sandbox.set_quirk("page_size_cap", 2)
    body = as_user(sandbox, method, url).json()
    assert len(rows(body) if rows else body["data"]) == 2


def test_a_page_size_cap_shortens_the_client_search_and_paging_goes_on() -> None:
    sandbox = Sandbox()
    sandbox.set_quirk("page_size_cap", 2)
    search = {"filters": [], "page_size": 100, "fields": ["id"]}
    first = as_user(sandbox, "POST", "/company/720441/clients/search", json=search).json()
    second = as_user(
        sandbox, "POST", "/company/720441/clients/search", json={**search, "page": 2}
    ).json()
    assert len(first["data"]) == len(second["data"]) == 2
    assert {row["id"] for row in first["data"]}.isdisjoint(row["id"] for row in second["data"])


def test_meta_count_can_be_the_page_length_on_type_searches() -> None:
    sandbox = Sandbox()
    url = "/company/720441/loyalty/abonement_types/search?page_size=2"
    total = as_user(sandbox, "GET", url).json()["meta"]["count"]
    sandbox.set_quirk("meta_count_is_page_length", True)
    answer = as_user(sandbox, "GET", url).json()
    assert total > 2
    assert answer["meta"]["count"] == len(answer["data"]) == 2


# --- Time zones --------------------------------------------------------------------------------


def test_locations_send_timezone_as_the_iana_name_by_default() -> None:
    data = as_user(Sandbox(), "GET", "/companies?my=1").json()["data"]
    zones = {row["id"]: row["timezone"] for row in data}
    assert zones[720441] == "America/New_York"
    assert zones[830001] == "Europe/Moscow"


def test_rich_locations_send_timezone_as_hours_and_timezone_name_as_the_iana_name() -> None:
    sandbox = Sandbox()
    sandbox.set_quirk("rich_locations", True)
    data = as_user(sandbox, "GET", "/companies?my=1").json()["data"]
    zones = {int(row["id"]): (row["timezone"], row["timezone_name"]) for row in data}
    assert zones[720441] == (-5, "America/New_York")
    assert zones[830001] == (3, "Europe/Moscow")


def test_timezone_can_come_without_a_name_as_a_number_or_as_text() -> None:
    sandbox = Sandbox()
    sandbox.set_quirk("timezone_without_name", True)
    data = as_user(sandbox, "GET", "/companies?my=1").json()["data"]
    rows = {int(row["id"]): row for row in data}
    assert "timezone_name" not in rows[720441]
    assert rows[720441]["timezone"] == -5
    assert rows[830001]["timezone"] == "3"


# --- Per-feature rights and masked phones --------------------------------------------------------


def test_the_supervisor_is_a_demo_login() -> None:
    assert any(login["login"] == SUPERVISOR for login in DEMO_LOGINS)
    assert login(Sandbox(), SUPERVISOR, "supervisor-demo").status_code == 201


def test_groups_send_no_access_key_the_docs_do_not_list_by_default() -> None:
    for chain in as_user(Sandbox(), "GET", "/groups", SUPERVISOR).json()["data"]:
        assert "loyalty_certificate_types_access" not in chain["access"]
        assert "client_phones_access" not in chain["access"]


def test_every_user_gets_the_gift_card_types_right_in_groups_under_its_quirk() -> None:
    sandbox = Sandbox()
    sandbox.set_quirk("extra_access_keys", True)
    sandbox.set_quirk("odd_scalars", True)
    for name in (MANAGER, "frontdesk@sandbox.example", SUPERVISOR):
        for chain in as_user(sandbox, "GET", "/groups", name).json()["data"]:
            assert "loyalty_certificate_types_access" in chain["access"]
    manager = {
        row["id"]: row["access"] for row in as_user(sandbox, "GET", "/groups").json()["data"]
    }
    assert manager[145071]["loyalty_certificate_types_access"] == "1"
    assert manager[706028]["loyalty_certificate_types_access"] == 1


@pytest.mark.parametrize(
    ("url", "status"),
    [
        ("/chain/145071/loyalty/abonements", 403),  # no membership history
        ("/chain/145071/loyalty/abonement_types", 200),
        ("/chain/145071/loyalty/abonement_types/97801", 200),
        ("/chain/145071/loyalty/certificate_types", 403),  # no gift-card types
        ("/chain/145071/loyalty/certificate_types/27840", 403),
    ],
)
def test_chain_endpoints_follow_the_supervisors_per_feature_rights(url, status) -> None:
    answer = as_user(Sandbox(), "GET", url, SUPERVISOR)
    assert answer.status_code == status
    if status == 403:
        assert answer.json()["meta"]["message"] == "Access denied."


def test_staff_without_phone_rights_see_masked_phones_in_client_search_and_card() -> None:
    sandbox = Sandbox()
    search = {
        "filters": [{"type": "quick_search", "state": {"value": "13155550178"}}],
        "fields": ["id", "name", "phone"],
    }
    masked = as_user(sandbox, "POST", "/company/720441/clients/search", SUPERVISOR, json=search)
    clear = as_user(sandbox, "POST", "/company/720441/clients/search", MANAGER, json=search)
    assert masked.json()["data"][0]["phone"] == "+1 315 ***-**-78"
    assert clear.json()["data"][0]["phone"].endswith("3155550178")
    card = as_user(sandbox, "GET", "/client/720441/146915197", SUPERVISOR).json()["data"]
    assert card["phone"] == "+1 315 ***-**-78"
    # M1 still takes the full phone.
    memberships = as_user(
        sandbox, "GET", "/loyalty/abonements?company_id=720441&phone=13155550178", SUPERVISOR
    )
    assert memberships.json()["data"]


def test_masks_keep_the_country_code_and_the_last_two_digits() -> None:
    assert mask_phone("+13155550178") == "+1 315 ***-**-78"
    assert mask_phone("79031234567") == "+7 903 ***-**-67"
