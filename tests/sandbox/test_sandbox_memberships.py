"""Membership endpoints M1-M7 of the sandbox, with the vendor's quirks."""

import asyncio
import json
from datetime import datetime, timedelta
from typing import Any

import httpx

from loyalty.sandbox import PARTNER_TOKEN, Sandbox, SandboxTransport
from loyalty.sandbox.data import get_data

BASE_URL = "https://sandbox.invalid/api/v1"
FRONT_DESK, MANAGER = "frontdesk@sandbox.example", "manager@sandbox.example"
# The product brief's example record, verbatim.
BRIEF_EXAMPLE = json.loads(
    '{"id":659878,"number":788376,"balance_string":"Surfing (x10)","is_frozen":false,'
    '"freeze_period":0,"period":9999,"period_unit_id":3,"status":{"id":1,"title":"Released",'
    '"extended_title":"Released"},"balance_container":{"links":[{"count":10,"category":'
    '{"id":3129591,"category_id":1,"title":"Surfing"}}]},"type":{"id":97804,'
    '"salon_group_id":145071,"title":89999,"period":9999,"period_unit_id":3,'
    '"allow_freeze":false,"freeze_limit":0,"is_allow_empty_code":false,'
    '"is_united_balance":false,"united_balance_services_count":0,"balance_container":'
    '{"links":[{"count":10,"category":{"id":3129591,"category_id":1,"title":"Surfing"}}]}}}'
)


def quirky(*names: str) -> Sandbox:
    """A fresh sandbox with these quirks switched on."""
    sandbox = Sandbox()
    for name in names:
        sandbox.set_quirk(name, True)
    return sandbox


def get(sandbox: Sandbox, url: str, login: str = MANAGER, **kwargs: Any) -> httpx.Response:
    """One GET through the in-process transport as the given demo user."""
    header = f"Bearer {PARTNER_TOKEN}, User {sandbox.issue_token(login)}"

    async def send() -> httpx.Response:
        transport = SandboxTransport(sandbox)
        async with httpx.AsyncClient(transport=transport, base_url=BASE_URL) as client:
            return await client.get(url, headers={"Authorization": header}, **kwargs)

    return asyncio.run(send())


def memberships(phone: str, location_id: int = 720441) -> dict[str, Any]:
    """The M1 body for a phone at a location."""
    url = f"/loyalty/abonements?company_id={location_id}&phone={phone}"
    response = get(Sandbox(), url)
    assert response.status_code == 200
    body: dict[str, Any] = response.json()
    return body


def chain_page(sandbox: Sandbox, params: Any, chain_id: int = 145071) -> list[dict[str, Any]]:
    """The M3 data list, after checking the envelope (one envelope in an array, by a quirk)."""
    response = get(sandbox, f"/chain/{chain_id}/loyalty/abonements", params=params)
    assert response.status_code == 200
    body = response.json()
    if sandbox.quirks.get("m3_array_envelope"):
        assert isinstance(body, list)
        assert len(body) == 1
        body = body[0]
    assert body["success"] is True
    assert body["meta"] == {"count": len(body["data"])}
    rows: list[dict[str, Any]] = body["data"]
    return rows


def test_brief_example_record_arrives_exactly_as_the_vendor_wrote_it() -> None:
    body = memberships("13155550178")
    record = next(item for item in body["data"] if item["id"] == 659878)
    assert {key: record[key] for key in BRIEF_EXAMPLE} == BRIEF_EXAMPLE
    assert isinstance(record["number"], int)
    assert isinstance(record["type"]["title"], int)
    assert record["activated_date"] is None
    assert record["expiration_date"] is None
    assert body["meta"] == {"count": len(body["data"])}


def test_james_holds_every_kind_of_balance() -> None:
    records = {item["id"]: item for item in memberships("13155550178")["data"]}
    frozen, unlimited, pool, soon = (
        records[659879],
        records[659880],
        records[659881],
        records[659882],
    )
    assert frozen["is_frozen"] is True
    assert frozen["freeze_period"] > 0
    assert frozen["status"]["slug"] == "active"
    assert unlimited["is_united_balance_unlimited"] is True
    assert pool["is_united_balance"] is True
    assert pool["united_balance_services_count"] == 1
    expires = datetime.fromisoformat(soon["expiration_date"])
    assert expires - datetime.now(expires.tzinfo) <= timedelta(days=7)
    assert records[659886]["balance_container"]["links"][0]["service"]["title"] == "Massage 60 min"


def test_client_memberships_list_only_issued_and_active_ones() -> None:
    data = memberships("13155550178")["data"]
    assert {item["status"]["id"] for item in data} == {1, 2}
    assert 659884 not in {item["id"] for item in data}


def test_client_memberships_are_found_at_any_location_of_the_chain() -> None:
    north = memberships("13155550178", location_id=720442)["data"]
    nevsky = memberships("13155550178", location_id=830001)["data"]
    assert 659878 in {item["id"] for item in north}
    assert nevsky == []


def test_a_ten_digit_phone_finds_nothing_but_succeeds() -> None:
    body = memberships("3155550178")
    assert body["success"] is True
    assert body["data"] == []
    assert body["meta"] == {"count": 0}


def test_national_form_phone_is_found_only_by_its_national_digits() -> None:
    e164 = memberships("79167654321", location_id=830001)["data"]
    national = memberships("89167654321", location_id=830001)["data"]
    assert e164 == []
    assert [item["id"] for item in national] == [659907]


def test_phones_sharing_two_clients_return_both_clients_memberships() -> None:
    ids = {item["id"] for item in memberships("+1 315 555 0199")["data"]}
    assert ids == {659900, 659901, 659902}


def test_missing_company_id_is_a_400_with_a_message() -> None:
    response = get(Sandbox(), "/loyalty/abonements?phone=13155550178")
    assert response.status_code == 400
    assert response.json()["meta"]["message"]


def test_location_id_is_accepted_as_an_alias_of_company_id() -> None:
    response = get(Sandbox(), "/loyalty/abonements?location_id=720441&phone=13155550178")
    assert response.json()["meta"]["count"] >= 8


def test_front_desk_cannot_list_memberships_at_harbor_north() -> None:
    url = "/loyalty/abonements?company_id=720442&phone=13155550178"
    assert get(Sandbox(), url, FRONT_DESK).status_code == 403


def test_signed_in_user_sees_their_own_memberships() -> None:
    sandbox = Sandbox()
    anna = get(sandbox, "/user/loyalty/abonements?company_id=720441", FRONT_DESK).json()
    mark = get(sandbox, "/user/loyalty/abonements?company_id=830001", MANAGER).json()
    assert {item["id"] for item in anna["data"]} == {659890, 659891}
    assert [item["id"] for item in mark["data"]] == [659894]


def test_chain_list_is_a_plain_envelope_with_the_page_count() -> None:
    rows = chain_page(Sandbox(), {"page": 1, "count": 25})
    assert len(rows) == 25


def test_chain_list_comes_as_a_one_element_array_under_its_quirk() -> None:
    # The doc page prints M3's 200 body as an array holding one envelope (docs §5 notes).
    rows = chain_page(quirky("m3_array_envelope"), {"page": 1, "count": 25})
    assert len(rows) == 25


def test_chain_list_rows_embed_only_the_types_id_chain_and_title() -> None:
    rows = chain_page(Sandbox(), {"count": 50})
    assert {frozenset(row["type"]) for row in rows} == {
        frozenset({"id", "salon_group_id", "title"})
    }
    assert all("balance_string" not in row for row in rows)  # §5.4 has none
    assert all(set(row["status"]) == {"id", "slug", "title"} for row in rows)


def test_client_lists_embed_the_documented_subset_of_the_type() -> None:
    record = next(i for i in memberships("13155550178")["data"] if i["id"] == 659883)
    assert set(record["type"]) == {
        "id", "salon_group_id", "title", "period", "period_unit_id", "allow_freeze",
        "freeze_limit", "is_allow_empty_code", "is_united_balance",
        "united_balance_services_count", "cost",
    }  # fmt: skip


def test_chain_list_pages_newest_sale_first_without_overlap() -> None:
    sandbox = Sandbox()
    first = chain_page(sandbox, {"page": 1, "count": 30})
    second = chain_page(sandbox, {"page": 2, "count": 30})
    dates = [datetime.fromisoformat(row["created_date"]) for row in first + second]
    assert dates == sorted(dates, reverse=True)
    assert not {row["id"] for row in first} & {row["id"] for row in second}


def test_chain_list_defaults_to_25_and_caps_count_at_200() -> None:
    sandbox = Sandbox()
    assert len(chain_page(sandbox, {})) == 25
    assert len(chain_page(sandbox, {"count": 5000})) == 200


def test_chain_list_filters_by_sale_date_with_offsets_or_plain_dates() -> None:
    sandbox = Sandbox()
    today = get_data().today
    start = f"{today - timedelta(days=20)}T00:00:00-05:00"
    end = f"{today - timedelta(days=10)}T23:59:59-05:00"
    rows = chain_page(sandbox, {"created_after": start, "created_before": end, "count": 200})
    assert rows
    for row in rows:
        assert datetime.fromisoformat(start) <= datetime.fromisoformat(row["created_date"])
        assert datetime.fromisoformat(row["created_date"]) <= datetime.fromisoformat(end)
    day = str(today - timedelta(days=15))
    same_day = chain_page(sandbox, {"created_after": day, "created_before": day, "count": 200})
    assert same_day
    assert {row["created_date"][:10] for row in same_day} == {day}


def test_chain_list_finds_memberships_by_id_in_both_array_spellings() -> None:
    sandbox = Sandbox()
    bracketed = chain_page(sandbox, [("abonements_ids[]", 659878), ("abonements_ids[]", 659884)])
    commas = chain_page(sandbox, {"abonements_ids": "659878,659884"})
    assert {row["id"] for row in bracketed} == {659878, 659884}
    assert bracketed == commas


def test_chain_list_holds_all_four_statuses() -> None:
    data = get_data()
    ordinary = [item for item in data.memberships.values() if not item.brief_example]
    ids = [next(item.id for item in ordinary if item.status_id == status) for status in range(1, 5)]
    rows = chain_page(Sandbox(), [("abonements_ids[]", i) for i in ids] + [("count", 10)])
    statuses = {row["status"]["id"]: row["status"] for row in rows}
    assert set(statuses) == {1, 2, 3, 4}
    assert {status["slug"] for status in statuses.values()} == {
        "created", "active", "expired", "wasted",
    }  # fmt: skip


def test_chain_list_rejects_a_bad_date_with_field_errors() -> None:
    response = get(Sandbox(), "/chain/145071/loyalty/abonements?created_after=yesterday")
    assert response.status_code == 422
    assert response.json()["meta"]["message"] == "An error occurred"
    assert "[created_after]" in response.json()["meta"]["errors"]


def test_front_desk_cannot_read_the_chain_list() -> None:
    response = get(Sandbox(), "/chain/145071/loyalty/abonements", FRONT_DESK)
    assert response.status_code == 403
    assert response.json()["meta"]["message"] == "Access denied."


def test_type_fetch_returns_only_attached_unarchived_types_of_the_location() -> None:
    params = [("ids[]", 97801), ("ids[]", 97806), ("ids[]", 97816), ("ids[]", 489150)]
    studio = get(Sandbox(), "/company/720441/loyalty/abonement_types/fetch", params=params)
    north = get(Sandbox(), "/company/720442/loyalty/abonement_types/fetch", params=params)
    assert [row["id"] for row in studio.json()["data"]] == [97801, 97806]
    assert studio.json()["meta"] == {"count": 2}
    assert [row["id"] for row in north.json()["data"]] == [97801]


def test_type_search_filters_by_title_and_pages_with_a_total() -> None:
    sandbox = Sandbox()
    url = "/company/720441/loyalty/abonement_types/search"
    everything = get(sandbox, url, params={"title": "yoga"}).json()
    second = get(sandbox, url, params={"title": "yoga", "page": 2, "page_size": 2}).json()
    assert everything["meta"]["count"] == 4
    assert len(second["data"]) == 2
    assert second["meta"]["count"] == 4
    assert set(second["data"][0]) == {
        "id", "salon_group_id", "title", "period", "period_unit_id", "allow_freeze",
        "freeze_limit", "is_allow_empty_code", "is_united_balance",
        "united_balance_services_count",
    }  # fmt: skip


def test_type_search_caps_page_size_at_100_and_defaults_to_25() -> None:
    sandbox = Sandbox()
    url = "/company/720441/loyalty/abonement_types/search"
    assert len(get(sandbox, url).json()["data"]) == 15
    assert len(get(sandbox, url, params={"page_size": 500}).json()["data"]) == 15


def test_chain_types_filter_by_archived_and_page_with_total_count() -> None:
    sandbox = Sandbox()
    url = "/chain/145071/loyalty/abonement_types"
    archived = get(sandbox, url, params={"is_archived": 1}).json()
    current = get(sandbox, url, params={"is_archived": 0}).json()
    last = get(sandbox, url, params={"page": 5, "limit": 5}).json()
    assert {row["id"] for row in archived["data"]} == {97816, 97817, 97818}
    assert archived["meta"] == {"total_count": 3}
    assert all(row["is_archived"] is False for row in current["data"])
    assert last["meta"]["total_count"] == 21
    assert len(last["data"]) == 1


def test_chain_types_reject_an_unknown_archived_flag() -> None:
    response = get(Sandbox(), "/chain/145071/loyalty/abonement_types?is_archived=true")
    assert response.status_code == 422
    assert response.json()["meta"]["errors"] == {
        "[is_archived]": ["The value you selected is invalid"]
    }


def test_one_chain_type_has_the_fields_of_the_doc_example() -> None:
    body = get(Sandbox(), "/chain/145071/loyalty/abonement_types/97808").json()
    kind = body["data"]
    assert body["meta"] == []
    assert kind["title"] == "All-access unlimited month"
    assert kind["is_united_balance_unlimited"] is True
    assert kind["availability"] == [
        {"week_days": [1, 2, 3, 4, 5, 6, 7], "intervals": [{"from": 21600, "to": 43200}]}
    ]
    assert kind["attached_location_ids"] == [720441, 720442, 720443]
    assert kind["abonements_count"] > 0
    assert kind["expiration_type_title"]
    assert "balance_container" in kind
    assert "autoactivation_time" not in kind  # §2.4 lists it; §5.6's example does not


def test_the_full_type_fields_quirk_adds_every_field_the_docs_list() -> None:
    kind = get(quirky("full_type_fields"), "/chain/145071/loyalty/abonement_types/97809").json()
    assert {"autoactivation_time", "online_sale_title", "weight", "is_chain"} <= set(kind["data"])


def test_unknown_or_foreign_chain_type_is_not_found() -> None:
    sandbox = Sandbox()
    assert get(sandbox, "/chain/145071/loyalty/abonement_types/1").status_code == 404
    assert get(sandbox, "/chain/145071/loyalty/abonement_types/489150").status_code == 404


def test_numbers_and_flags_arrive_in_altegios_documented_kinds_by_default() -> None:
    sandbox = Sandbox()
    types = get(sandbox, "/chain/145071/loyalty/abonement_types?limit=100").json()["data"]
    assert {type(row["allow_freeze"]) for row in types} == {bool}
    assert {type(row["number"]) for row in chain_page(sandbox, {"count": 200})} == {str}


def test_numbers_and_flags_arrive_in_the_vendors_lenient_spellings() -> None:
    sandbox = quirky("odd_scalars")
    kind = get(sandbox, "/chain/145071/loyalty/abonement_types/97804").json()["data"]
    types = get(sandbox, "/chain/145071/loyalty/abonement_types?limit=100").json()["data"]
    rows = chain_page(sandbox, {"count": 200})
    assert kind["cost"] == "500"
    assert {type(row["allow_freeze"]) for row in types} >= {bool, int, str}
    assert {type(row["number"]) for row in rows} == {int, str}
