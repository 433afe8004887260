"""Extending a membership's validity from a lookup card or a chain list row: rights, rules, safety.

Yoga 20 visits (659883) is active, valid for 3 months from its activation, and expires in 60
days; the sandbox moves the expiry by the difference between the lengths, as the form expects.
"""

import json
import re
from calendar import monthrange
from datetime import date, datetime, timedelta

import httpx
import pytest
from django.test import Client

from loyalty.models import AuditEntry
from loyalty.sandbox import Sandbox
from tests.helpers import (
    HARBOR_CHAIN,
    LOOKUP,
    NEVSKY_CHAIN,
    NEW_YORK,
    ClientResponse,
    form_key,
    open_write,
    posts,
    send_write_form,
    sign_in,
    visible_text,
    write_audit,
    write_url,
)

YOGA_20, EXPIRED, ISSUED, FROZEN = 659883, 659884, 659878, 659879
OLGA_POOL = 659906  # Nevsky: the owner may change its validity, the manager may not
OWNER = {"username": "owner@sandbox.example", "password": "owner-demo"}
KIND = AuditEntry.Kind.MEMBERSHIP_EXTEND


def extend(
    client: Client,
    key: str,
    amount: int | str = 1,
    unit: int = 3,
    *,
    mode: str = "by",
    reason: str = "Goodwill",
    membership_id: int = YOGA_20,
    **where: object,
) -> ClientResponse:
    """Send the extend form as typed."""
    fields = {"key": key, "mode": mode, "amount": str(amount), "unit": str(unit), "reason": reason}
    return send_write_form(client, membership_id, "extend", fields, **where)  # type: ignore[arg-type]


def opened(client: Client, membership_id: int = YOGA_20) -> str:
    """Open the extend form; its one-time key."""
    response = open_write(client, membership_id, "extend")
    assert response.status_code == 200
    return form_key(response)


def set_period_posts(requests: list[httpx.Request]) -> list[dict[str, int]]:
    """The set_period bodies that reached Altegio."""
    return [json.loads(r.content) for r in posts(requests) if r.url.path.endswith("/set_period")]


def months_later(day: date, months: int) -> date:
    """The same day `months` later (or that month's last day)."""
    year, month = divmod(day.month - 1 + months, 12)
    last = monthrange(day.year + year, month + 1)[1]
    return date(day.year + year, month + 1, min(day.day, last))


def words(day: date) -> str:
    """A day as the outcome words it: '1 Mar 2027'."""
    return f"{day.day} {day:%b %Y}"


def seeded(sandbox: Sandbox, membership_id: int = YOGA_20) -> tuple[date, date]:
    """The membership's activation day and expiry day at the chain, as seeded."""
    membership = sandbox.data.memberships[membership_id]
    assert membership.activated
    assert membership.expires
    return membership.activated.astimezone(NEW_YORK).date(), membership.expires.astimezone(
        NEW_YORK
    ).date()


def today() -> date:
    return datetime.now(NEW_YORK).date()


# --- Where it is offered -----------------------------------------------------------------------


def test_the_managers_card_and_row_offer_extend_and_the_front_desk_sees_nothing(
    manager: Client, front_desk: Client
) -> None:
    card = visible_text(manager.post(LOOKUP, {"phone": "+1 315 555 0178"}))
    assert "Extend… membership 219181" in card
    row = visible_text(manager.get(f"/chains/{HARBOR_CHAIN}/memberships/", {"ids": str(YOGA_20)}))
    assert "Extend…" in row
    desk = front_desk.post(LOOKUP, {"phone": "+1 315 555 0178"}).content.decode()
    assert "Extend…" not in desk
    assert "/extend/" not in desk


def test_the_form_shows_the_expiry_now_and_the_one_expected_after(
    manager: Client, sandbox: Sandbox, upstream: list[httpx.Request]
) -> None:
    start, expires = seeded(sandbox)
    text = visible_text(open_write(manager, YOGA_20, "extend"))
    assert f"Expires now: {words(expires)}." in text
    after = expires + (months_later(start, 4) - months_later(start, 3))
    assert f"Expected after one month more: {words(after)}" in text
    assert "Goodwill, Studio closure, Illness, Charged by mistake" in text
    assert set_period_posts(upstream) == []  # a GET changes nothing


# --- Sending -----------------------------------------------------------------------------------


def test_extending_by_a_month_sends_one_more_month_and_shows_the_expiry_altegio_reports(
    manager: Client, sandbox: Sandbox, upstream: list[httpx.Request]
) -> None:
    start, expires = seeded(sandbox)
    response = extend(manager, opened(manager), 1, 3, reason="Studio closure")
    assert set_period_posts(upstream) == [{"period": 4, "period_unit_id": 3}]
    new = expires + (months_later(start, 4) - months_later(start, 3))
    text = visible_text(response)
    assert (
        f"Extended by 1 month; its validity is now 4 months. Altegio reports the expiry as "
        f"{words(new)} "
        f"(was {expires.day} {expires:%b}" in text
    )
    assert response.content.decode().lstrip().startswith('<article class="loyalty-card')
    calls = [call.endpoint for call in sandbox.calls]
    assert calls[calls.index("set_period") + 1] == "M3"  # what Altegio reports, read back
    (entry,) = write_audit(KIND)
    assert (entry.outcome, entry.reason) == ("done", "Studio closure")
    assert re.fullmatch(rf"membership {YOGA_20} \(No\. \d+\), extend by 1 month", entry.query)


def test_days_on_a_validity_counted_in_months_go_as_days_and_move_the_expiry_by_them(
    manager: Client, sandbox: Sandbox, upstream: list[httpx.Request]
) -> None:
    start, expires = seeded(sandbox)
    response = extend(manager, opened(manager), 10, 1)
    days = (months_later(start, 3) - start).days + 10
    assert set_period_posts(upstream) == [{"period": days, "period_unit_id": 1}]
    assert f"Altegio reports the expiry as {words(expires + timedelta(days=10))}" in visible_text(
        response
    )


def test_setting_the_length_sends_it_as_typed(
    manager: Client, upstream: list[httpx.Request]
) -> None:
    response = extend(manager, opened(manager), 6, 3, mode="to", reason="Illness")
    assert set_period_posts(upstream) == [{"period": 6, "period_unit_id": 3}]
    assert "Validity set to 6 months." in visible_text(response)


def test_an_issued_membership_gets_a_longer_length_and_no_expiry_is_claimed(
    manager: Client, upstream: list[httpx.Request]
) -> None:
    form = visible_text(open_write(manager, ISSUED, "extend"))
    assert "Not activated yet: its validity counts from activation." in form
    response = extend(manager, opened(manager, ISSUED), 1, membership_id=ISSUED)
    assert set_period_posts(upstream) == [{"period": 10000, "period_unit_id": 3}]
    assert "The expiry still counts from activation." in visible_text(response)


def test_a_row_is_rerendered_in_place_from_the_chain_list(
    manager: Client, upstream: list[httpx.Request]
) -> None:
    response = extend(manager, opened(manager), 2, 2, show="row")
    assert response.content.decode().lstrip().startswith(f'<tr id="membership-row-{YOGA_20}">')
    assert "Altegio reports the expiry as" in visible_text(response)


def test_a_double_submit_reaches_altegio_once(
    manager: Client, upstream: list[httpx.Request]
) -> None:
    key = opened(manager)
    first, second = extend(manager, key), extend(manager, key)
    assert len(set_period_posts(upstream)) == 1
    assert "Extended by 1 month; its validity is now 4 months." in visible_text(first)
    text = visible_text(second)
    assert "This form was sent already, so nothing was sent again." in text
    assert "Altegio has it now as valid for 4 months; expires" in text
    assert [e.outcome for e in write_audit(KIND)] == [
        "done",
        "not sent: this form was already used",
    ]


def test_a_timeout_reads_the_membership_back_and_claims_nothing(
    manager: Client, sandbox: Sandbox, upstream: list[httpx.Request]
) -> None:
    key = opened(manager)
    sandbox.inject("set_period", kind="timeout_after", times=1)
    text = visible_text(extend(manager, key))
    assert "Altegio did not answer, so we cannot tell whether it extended the membership." in text
    assert "Altegio has it now as valid for 4 months; expires" in text  # it did, as read back
    assert "Extended by" not in text
    assert len(set_period_posts(upstream)) == 1  # never retried
    calls = [call.endpoint for call in sandbox.calls]
    assert calls[calls.index("set_period") + 1] == "M3"
    (entry,) = write_audit(KIND)
    assert entry.outcome.startswith("outcome unknown")
    assert entry.reason == "Goodwill"


# --- Refused -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("mode", "amount", "unit", "reason"),
    [
        ("to", 1, 1, "before today"),
        ("to", 3, 3, "Its validity is 3 months already."),
        ("by", 11, 4, "more than 10 years ahead"),
    ],
)
def test_a_length_our_rules_refuse_is_never_sent_shown_kept_as_typed_and_audited(
    manager: Client,
    upstream: list[httpx.Request],
    mode: str,
    amount: int,
    unit: int,
    reason: str,
) -> None:
    key = opened(manager)
    response = extend(manager, key, amount, unit, mode=mode)
    assert set_period_posts(upstream) == []
    assert reason in visible_text(response)
    assert re.search(rf'name="amount"[^>]*value="{amount}"', response.content.decode())
    assert form_key(response) != key
    (entry,) = write_audit(KIND)
    assert entry.outcome.startswith("refused by Loyalty Desk: ")
    assert reason in entry.outcome


def test_an_expired_membership_offers_no_extension_and_a_post_is_refused_unsent(
    manager: Client, sandbox: Sandbox, upstream: list[httpx.Request]
) -> None:
    form = open_write(manager, EXPIRED, "extend")
    assert "Only an issued or active membership can be extended." in visible_text(form)
    assert 'name="amount"' not in form.content.decode()
    extend(manager, form_key(form), membership_id=EXPIRED)
    assert set_period_posts(upstream) == []
    assert write_audit(KIND)[-1].outcome == (
        "refused by Loyalty Desk: Only an issued or active membership can be extended."
    )


def test_a_missing_reason_is_our_own_field_error_and_nothing_is_sent(
    manager: Client, upstream: list[httpx.Request]
) -> None:
    response = extend(manager, opened(manager), reason="")
    assert "Give a reason: pick a common one or type your own." in visible_text(response)
    assert set_period_posts(upstream) == []
    assert write_audit(KIND)[0].outcome == (
        "refused by Loyalty Desk: the form was not valid (reason: required)"
    )


def test_altegios_own_refusal_is_shown_in_its_words_with_a_fresh_form(
    manager: Client, sandbox: Sandbox, upstream: list[httpx.Request]
) -> None:
    key = opened(manager)
    sandbox.inject("set_period", status=400, times=1)
    response = extend(manager, key)
    assert "Altegio said: “Bad request”" in visible_text(response)
    assert form_key(response) != key
    assert len(set_period_posts(upstream)) == 1
    (entry,) = write_audit(KIND)
    assert (entry.outcome, entry.reason) == ("refused by Altegio: Bad request", "Goodwill")


def test_a_2xx_with_success_false_is_a_refusal_with_a_fresh_form(
    manager: Client, sandbox: Sandbox, upstream: list[httpx.Request]
) -> None:
    key = opened(manager)
    sandbox.inject("set_period", kind="success_false", times=1)
    response = extend(manager, key)
    text = visible_text(response)
    assert "did not answer" not in text  # Altegio answered, and said no
    assert "Altegio said: “An error occurred”" in text
    assert 'name="amount"' in response.content.decode()
    assert write_audit(KIND)[0].outcome == "refused by Altegio: An error occurred"


# --- Rights ------------------------------------------------------------------------------------


def test_the_front_desks_direct_post_gets_403_and_nothing_is_sent(
    front_desk: Client, sandbox: Sandbox, upstream: list[httpx.Request]
) -> None:
    sandbox.calls.clear()
    response = front_desk.post(
        write_url(YOGA_20, "extend"), {"key": "guessed", "amount": "1", "reason": "x"}
    )
    assert response.status_code == 403
    assert "You have no right to change the validity of memberships" in visible_text(response)
    assert set_period_posts(upstream) == []
    assert not [call for call in sandbox.calls if call.endpoint == "set_period"]


def test_the_manager_without_the_period_right_in_nevsky_is_refused_here(
    manager: Client, upstream: list[httpx.Request]
) -> None:
    assert manager.get(write_url(OLGA_POOL, "extend", NEVSKY_CHAIN)).status_code == 403
    response = manager.post(write_url(OLGA_POOL, "extend", NEVSKY_CHAIN), {"key": "x"})
    assert response.status_code == 403
    assert set_period_posts(upstream) == []
    assert write_audit(KIND)[0].outcome == "refused by Loyalty Desk: no extend right in this chain"


def test_the_owner_extends_in_nevsky_in_russian(
    db: None, sandbox: Sandbox, upstream: list[httpx.Request]
) -> None:
    owner = sign_in(Client(), OWNER)
    owner.post("/i18n/setlang/", {"language": "ru", "next": "/"})
    key = form_key(open_write(owner, OLGA_POOL, "extend", chain_id=NEVSKY_CHAIN))
    response = extend(owner, key, 2, 2, membership_id=OLGA_POOL, chain_id=NEVSKY_CHAIN)
    # 3 months and 2 weeks are neither whole months nor whole weeks: the days they make.
    ((sent),) = set_period_posts(upstream)
    assert sent["period_unit_id"] == 1
    text = visible_text(response)
    assert "Продлён на 2 недели; срок действия теперь" in text
    assert "По данным Altegio, срок действия — до" in text
