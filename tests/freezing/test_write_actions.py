"""Every write is an entry in one spec: each action the registry lists has all its parts."""

from pathlib import Path

import pytest
from django.urls import reverse

from loyalty.forms.writes import write_form
from loyalty.models import AuditEntry
from loyalty.rights import RIGHTS
from loyalty.services.writes.registry import ACTIONS, WRITE_RIGHTS

TEMPLATES = Path(__file__).resolve().parents[2] / "templates" / "loyalty" / "writes"


@pytest.mark.parametrize("name", list(ACTIONS))
def test_every_write_action_has_its_address_right_audit_kind_form_and_template(name: str) -> None:
    action = ACTIONS[name]

    assert reverse(f"loyalty:membership_{name}", args=[145071, 659883]).endswith(f"/{name}/")
    assert RIGHTS[action.right.name] is action.right
    assert action.right in WRITE_RIGHTS
    # The audit log and the metrics know a write by its kind: `membership_<action>`.
    assert action.audit_kind == f"membership_{name}"
    assert action.audit_kind in AuditEntry.Kind.values
    assert write_form(name, {}, sending=False).plan().action == name
    assert (TEMPLATES / f"{name}.html").exists()
