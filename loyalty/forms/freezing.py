"""The freeze / unfreeze form: the until-day, the one-time key, and where the answer is shown."""

from datetime import date
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

SHOW_CHOICES = (("card", "a lookup card"), ("row", "a chain list row"))


class MembershipWriteForm(forms.Form):
    """GET: where the form opens; POST: the until-day (freeze only) and the one-time key."""

    show = forms.ChoiceField(choices=SHOW_CHOICES, required=False)
    location_id = forms.IntegerField(required=False, min_value=1, max_value=2**63 - 1)
    key = forms.CharField(required=False, max_length=64)
    freeze_till = forms.DateField(
        label=_("Frozen until"), required=False, input_formats=["%Y-%m-%d"]
    )

    def __init__(self, *args: Any, freezing: bool, sending: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.freezing = freezing
        self.sending = sending

    def clean(self) -> dict[str, Any]:
        """A send needs its key, and a freeze its until-day."""
        cleaned = super().clean() or {}
        if self.sending and not cleaned.get("key"):
            raise forms.ValidationError(_("This form has no key: open it again."), code="no_key")
        missing = "freeze_till" not in self.errors and cleaned.get("freeze_till") is None
        if self.sending and self.freezing and missing:
            self.add_error("freeze_till", _("Pick the last day of the freeze."))
        return cleaned

    @property
    def shown_in(self) -> str:
        """'card' or 'row' (a card unless a valid 'row' was asked for)."""
        value = self.data.get("show", "")
        return "row" if value == "row" else "card"

    @property
    def lookup_location_id(self) -> int | None:
        """The lookup location the card belongs to, when valid."""
        value = getattr(self, "cleaned_data", {}).get("location_id")
        return value if isinstance(value, int) else None

    @property
    def until(self) -> date | None:
        """The until-day, when valid."""
        value = getattr(self, "cleaned_data", {}).get("freeze_till")
        return value if isinstance(value, date) else None

    @property
    def typed_until(self) -> str:
        """The until-day exactly as typed, to keep the form as it was."""
        return str(self.data.get("freeze_till", ""))
