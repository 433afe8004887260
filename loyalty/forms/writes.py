"""The forms of the writes to a membership: what each one sends, and where it is shown.

Each form checks only the shape of what was sent; whether the plan may go is the action's rules'
question (services/writes/), asked on the server against the membership read fresh.
"""

from datetime import date
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from loyalty.services.writes.action import WritePlan
from loyalty.services.writes.freeze import FreezePlan

SHOW_CHOICES = (("card", "a lookup card"), ("row", "a chain list row"))


class MembershipWriteForm(forms.Form):
    """GET: where the form opens; POST: the one-time key, and the action's own values."""

    show = forms.ChoiceField(choices=SHOW_CHOICES, required=False)
    location_id = forms.IntegerField(required=False, min_value=1, max_value=2**63 - 1)
    key = forms.CharField(required=False, max_length=64)

    def __init__(self, *args: Any, action: str, sending: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.action = action
        self.sending = sending

    def clean(self) -> dict[str, Any]:
        """A send needs its key."""
        cleaned = super().clean() or {}
        if self.sending and not cleaned.get("key"):
            raise forms.ValidationError(_("This form has no key: open it again."), code="no_key")
        return cleaned

    def plan(self) -> WritePlan:
        """What the person asks for (a valid form)."""
        return WritePlan(self.action)

    @property
    def shown_in(self) -> str:
        """'card' or 'row' (a card unless a valid 'row' was asked for)."""
        value = self.data.get("show", "")
        return "row" if value == "row" else "card"

    @property
    def lookup_location_id(self) -> int | None:
        """The lookup location the card belongs to, as sent (the view checks it is theirs)."""
        value = getattr(self, "cleaned_data", {}).get("location_id")
        return value if isinstance(value, int) else None

    @property
    def problems(self) -> str:
        """What was wrong with a sent form, in English codes for the audit log."""
        found = self.errors.as_data().items()
        return ", ".join(f"{name}: {e.code or 'invalid'}" for name, errors in found for e in errors)


class FreezeForm(MembershipWriteForm):
    """A freeze: the day it unfreezes on."""

    # `freeze_till` is Altegio's own name: the day the membership unfreezes by itself.
    freeze_till = forms.DateField(
        label=_("Unfreezes on"), required=False, input_formats=["%Y-%m-%d"]
    )

    def clean(self) -> dict[str, Any]:
        """A sent freeze needs the day it unfreezes on."""
        cleaned = super().clean()
        missing = "freeze_till" not in self.errors and cleaned.get("freeze_till") is None
        if self.sending and missing:
            self.add_error(
                "freeze_till",
                forms.ValidationError(_("Pick the day it unfreezes on."), code="required"),
            )
        return cleaned

    def plan(self) -> FreezePlan:
        """The freeze with its day."""
        return FreezePlan(self.action, self.until)

    @property
    def until(self) -> date | None:
        """The day it unfreezes on, when valid."""
        value = getattr(self, "cleaned_data", {}).get("freeze_till")
        return value if isinstance(value, date) else None

    @property
    def typed_until(self) -> str:
        """The day exactly as typed, to keep the form as it was."""
        return str(self.data.get("freeze_till", ""))


# Each write's form by the action's name (services/writes/registry.py); an action with no values
# of its own uses the plain form.
FORMS: dict[str, type[MembershipWriteForm]] = {"freeze": FreezeForm}


def write_form(action: str, data: Any, *, sending: bool) -> MembershipWriteForm:
    """The form of one write, bound to what was sent (POST) or asked (GET)."""
    return FORMS.get(action, MembershipWriteForm)(data, action=action, sending=sending)
