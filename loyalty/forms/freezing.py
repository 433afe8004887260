"""The freeze / unfreeze form: the day it unfreezes on, the one-time key, where it is shown."""

from datetime import date
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

SHOW_CHOICES = (("card", "a lookup card"), ("row", "a chain list row"))


class MembershipWriteForm(forms.Form):
    """GET: where the form opens; POST: the unfreeze day (freeze only) and the one-time key.

    The form checks only the shape of what was sent; whether the plan may go is the server's
    rules' question (`services/freeze_rules.judge`), asked against the membership read fresh.
    """

    show = forms.ChoiceField(choices=SHOW_CHOICES, required=False)
    location_id = forms.IntegerField(required=False, min_value=1, max_value=2**63 - 1)
    key = forms.CharField(required=False, max_length=64)
    # `freeze_till` is Altegio's own name: the day the membership unfreezes by itself.
    freeze_till = forms.DateField(
        label=_("Unfreezes on"), required=False, input_formats=["%Y-%m-%d"]
    )

    def __init__(self, *args: Any, freezing: bool, sending: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.freezing = freezing
        self.sending = sending

    def clean(self) -> dict[str, Any]:
        """A send needs its key, and a freeze the day it unfreezes on."""
        cleaned = super().clean() or {}
        if self.sending and not cleaned.get("key"):
            raise forms.ValidationError(_("This form has no key: open it again."), code="no_key")
        missing = "freeze_till" not in self.errors and cleaned.get("freeze_till") is None
        if self.sending and self.freezing and missing:
            self.add_error(
                "freeze_till",
                forms.ValidationError(_("Pick the day it unfreezes on."), code="required"),
            )
        return cleaned

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
    def until(self) -> date | None:
        """The day it unfreezes on, when valid."""
        value = getattr(self, "cleaned_data", {}).get("freeze_till")
        return value if isinstance(value, date) else None

    @property
    def typed_until(self) -> str:
        """The day exactly as typed, to keep the form as it was."""
        return str(self.data.get("freeze_till", ""))

    @property
    def problems(self) -> str:
        """What was wrong with a sent form, in English codes for the audit log."""
        found = self.errors.as_data().items()
        return ", ".join(f"{name}: {e.code or 'invalid'}" for name, errors in found for e in errors)
