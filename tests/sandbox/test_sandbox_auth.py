"""Sign-in and token checks of the sandbox: partner token, user tokens, revocation."""

from loyalty.sandbox import DEMO_LOGINS, Sandbox
from tests.helpers import AUTH_NEEDED, call, login


def test_demo_manager_signs_in_and_gets_a_fresh_user_token() -> None:
    sandbox = Sandbox()
    first = login(sandbox, "manager@sandbox.example", "manager-demo")
    second = login(sandbox, "manager@sandbox.example", "manager-demo")
    assert first.status_code == 201
    body = first.json()
    assert body["success"] is True
    assert body["meta"] == []
    assert set(body["data"]) == {
        "id", "user_token", "name", "phone", "login", "email", "avatar", "is_approved",
        "is_email_confirmed",
    }  # fmt: skip
    assert body["data"]["name"] == "Mark Turner"
    assert body["data"]["user_token"] != second.json()["data"]["user_token"]


def test_login_matches_email_in_any_case_and_phone_digits() -> None:
    sandbox = Sandbox()
    assert login(sandbox, "FrontDesk@Sandbox.Example", "frontdesk-demo").status_code == 201
    assert login(sandbox, "+1 (315) 555-0175", "frontdesk-demo").status_code == 201
    assert login(sandbox, "13155550175", "frontdesk-demo").status_code == 201


def test_wrong_password_is_refused_with_401_and_a_message() -> None:
    response = login(Sandbox(), "manager@sandbox.example", "not-the-password")
    assert response.status_code == 401
    assert response.json()["success"] is False
    assert response.json()["meta"]["message"]


def test_unknown_login_is_refused_like_a_wrong_password() -> None:
    response = login(Sandbox(), "nobody@sandbox.example", "manager-demo")
    assert response.status_code == 401


def test_blank_login_is_a_validation_error() -> None:
    response = call(Sandbox(), "POST", "/auth", json={"login": "", "password": "x"})
    assert response.status_code == 422
    assert "[login]" in response.json()["meta"]["errors"]


def test_every_call_needs_the_partner_token() -> None:
    sandbox = Sandbox()
    token = sandbox.issue_token("manager@sandbox.example")
    missing = call(sandbox, "POST", "/auth", authorization="", json={"login": "a", "password": "b"})
    wrong = call(sandbox, "GET", "/companies?my=1", authorization=f"Bearer nope, User {token}")
    assert missing.status_code == 401
    assert missing.json() == AUTH_NEEDED
    assert wrong.status_code == 401
    assert wrong.json() == AUTH_NEEDED


def test_user_endpoints_refuse_a_missing_or_unknown_user_token() -> None:
    sandbox = Sandbox()
    without = call(sandbox, "GET", "/groups")
    unknown = call(sandbox, "GET", "/groups", user_token="made-up-token")
    assert without.status_code == 401
    assert unknown.status_code == 401
    assert unknown.json() == AUTH_NEEDED


def test_token_from_auth_opens_the_loyalty_endpoints() -> None:
    sandbox = Sandbox()
    token = login(sandbox, "manager@sandbox.example", "manager-demo").json()["data"]["user_token"]
    response = call(sandbox, "GET", "/groups", user_token=token)
    assert response.status_code == 200


def test_revoked_token_gets_401_while_another_session_keeps_working() -> None:
    sandbox = Sandbox()
    doomed = sandbox.issue_token("manager@sandbox.example")
    kept = sandbox.issue_token("manager@sandbox.example")
    assert sandbox.revoke(user_token=doomed) == 1
    assert call(sandbox, "GET", "/groups", user_token=doomed).status_code == 401
    assert call(sandbox, "GET", "/groups", user_token=kept).status_code == 200


def test_revoking_a_login_ends_all_its_sessions_through_the_control_endpoint() -> None:
    sandbox = Sandbox()
    tokens = [sandbox.issue_token("frontdesk@sandbox.example") for _ in range(2)]
    manager = sandbox.issue_token("manager@sandbox.example")
    response = call(
        sandbox, "POST", "/__sandbox/revoke", json={"login": "frontdesk@sandbox.example"}
    )
    assert response.json()["revoked"] == 2
    assert all(call(sandbox, "GET", "/groups", user_token=t).status_code == 401 for t in tokens)
    assert call(sandbox, "GET", "/groups", user_token=manager).status_code == 200


def test_revoke_by_token_through_the_control_endpoint() -> None:
    sandbox = Sandbox()
    token = sandbox.issue_token("manager@sandbox.example")
    call(sandbox, "POST", "/__sandbox/revoke", json={"user_token": token})
    assert call(sandbox, "GET", "/groups", user_token=token).status_code == 401


def test_demo_logins_name_the_front_desk_and_the_manager_with_working_passwords() -> None:
    sandbox = Sandbox()
    logins = {entry["login"]: entry for entry in DEMO_LOGINS}
    assert logins["frontdesk@sandbox.example"]["password"] == "frontdesk-demo"
    assert logins["manager@sandbox.example"]["password"] == "manager-demo"
    for entry in DEMO_LOGINS:
        assert entry["role"]
        assert login(sandbox, entry["login"], entry["password"]).status_code == 201


def test_a_custom_partner_token_replaces_the_default() -> None:
    sandbox = Sandbox(partner_token="other-partner")
    refused = login(sandbox, "manager@sandbox.example", "manager-demo")
    accepted = call(
        sandbox,
        "POST",
        "/auth",
        authorization="Bearer other-partner",
        json={"login": "manager@sandbox.example", "password": "manager-demo"},
    )
    assert refused.status_code == 401
    assert accepted.status_code == 201
