"""The forms of the writes to a membership: what each one sends, and where it is shown.

Each form checks only the shape of what was sent; whether the plan may go is the action's rules'
question (services/writes/), asked on the server against the membership read fresh.
"""

import re
from datetime import date
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from loyalty.services.writes.action import REASON_MAX_LENGTH, WritePlan
from loyalty.services.writes.balance import MAX_VISITS, BalancePlan, LineAsked
from loyalty.services.writes.extend import BY, TO, ExtendPlan
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
    def given_reason(self) -> str:
        """The reason given, when the action asks for one and it is valid ('' otherwise)."""
        return str(getattr(self, "cleaned_data", {}).get("reason") or "")

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


class ReasonedForm(MembershipWriteForm):
    """A write that asks why: free text (or one of the common reasons), for our audit log only."""

    reason = forms.CharField(label=_("Reason"), required=False, max_length=REASON_MAX_LENGTH)

    def clean(self) -> dict[str, Any]:
        """A sent form needs its reason."""
        cleaned = super().clean()
        if self.sending and "reason" not in self.errors and not cleaned.get("reason"):
            self.add_error(
                "reason",
                forms.ValidationError(
                    _("Give a reason: pick a common one or type your own."), code="required"
                ),
            )
        return cleaned


UNIT_CHOICES = ((1, _("days")), (2, _("weeks")), (3, _("months")), (4, _("years")))


class ExtendForm(ReasonedForm):
    """An extension: by how much (or to what length), in which unit, and why."""

    mode = forms.ChoiceField(
        choices=((BY, _("Extend by")), (TO, _("Set the length to"))), required=False
    )
    amount = forms.IntegerField(label=_("How many"), required=False, min_value=1, max_value=3650)
    unit = forms.TypedChoiceField(
        choices=UNIT_CHOICES, coerce=int, required=False, empty_value=None
    )

    def clean(self) -> dict[str, Any]:
        """A sent extension needs its amount."""
        cleaned = super().clean()
        if self.sending and "amount" not in self.errors and cleaned.get("amount") is None:
            self.add_error(
                "amount",
                forms.ValidationError(_("Say by how much: a whole number."), code="required"),
            )
        return cleaned

    def plan(self) -> ExtendPlan:
        """The extension asked for."""
        data = getattr(self, "cleaned_data", {})
        return ExtendPlan(
            self.action,
            reason=self.given_reason,
            mode=data.get("mode") or BY,
            amount=data.get("amount"),
            unit_id=data.get("unit") or 3,
        )


VISITS_FIELD = re.compile(r"^visits_(\d{1,18})$")


class BalanceForm(ReasonedForm):
    """A balance correction: the new number per line (`visits_<id>`, `visits_0` for a shared
    pool) with the number the form showed (`seen_<id>`), and why."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in self.data:
            found = VISITS_FIELD.match(name)
            if found:
                self.fields[name] = forms.IntegerField(
                    required=self.sending, min_value=0, max_value=MAX_VISITS
                )
                self.fields[f"seen_{found.group(1)}"] = forms.IntegerField(required=False)

    def clean(self) -> dict[str, Any]:
        """A sent correction needs at least one line."""
        cleaned = super().clean()
        if self.sending and not any(VISITS_FIELD.match(name) for name in self.fields):
            raise forms.ValidationError(
                _("This form has no balance lines: open it again."), code="no_lines"
            )
        return cleaned

    def plan(self) -> BalancePlan:
        """The new numbers asked for."""
        data = getattr(self, "cleaned_data", {})
        lines = tuple(
            LineAsked(int(found.group(1)), data.get(f"seen_{found.group(1)}"), data[name])
            for name in self.fields
            if (found := VISITS_FIELD.match(name)) and isinstance(data.get(name), int)
        )
        return BalancePlan(self.action, lines=lines, reason=self.given_reason)

    def typed(self, name: str) -> str:
        """A line's number exactly as typed ('' when the form was not sent)."""
        return str(self.data.get(name, "")) if self.sending else ""


# Each write's form by the action's name (services/writes/registry.py); an action with no values
# of its own uses the plain form.
FORMS: dict[str, type[MembershipWriteForm]] = {
    "freeze": FreezeForm,
    "extend": ExtendForm,
    "balance": BalanceForm,
}


def write_form(action: str, data: Any, *, sending: bool) -> MembershipWriteForm:
    """The form of one write, bound to what was sent (POST) or asked (GET)."""
    return FORMS.get(action, MembershipWriteForm)(data, action=action, sending=sending)
