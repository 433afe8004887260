"""The visit history's query: the page's days (Altegio's date cursor) and one card to narrow to."""

from datetime import date, timedelta
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from loyalty.altegio.types import Location
from loyalty.services.cards.labels import CardRef
from loyalty.services.visits import VisitWindow, opening_window

EARLIEST = date(2000, 1, 1)
LONGEST_SPAN_DAYS = 366  # a page is 90 days at most; a year is the most a link may ask


class VisitsForm(forms.Form):
    """GET `from` and `to` (YYYY-MM-DD, both or neither), and `membership` or `gift_card`."""

    membership = forms.IntegerField(required=False, min_value=1, max_value=2**63 - 1)
    gift_card = forms.IntegerField(required=False, min_value=1, max_value=2**63 - 1)

    def __init__(self, *args: Any, today: date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.today = today
        # `from` is a Python keyword: the two cursor fields are added by name.
        for name in ("from", "to"):
            self.fields[name] = forms.DateField(
                required=False,
                input_formats=["%Y-%m-%d"],
                error_messages={"invalid": _("A day is written YYYY-MM-DD, like 2026-09-30.")},
            )

    def clean(self) -> dict[str, Any]:
        """Both days or neither, in order, not in the future, at most a year apart; one card."""
        cleaned = super().clean() or {}
        start, end = cleaned.get("from"), cleaned.get("to")
        if (start is None) != (end is None) and not self.errors:
            raise forms.ValidationError(_("Give both days of the page, or neither."))
        if start is not None and end is not None:
            if start > end:
                raise forms.ValidationError(_("The first day comes after the last one."))
            if end > self.today + timedelta(days=1) or start < EARLIEST:
                raise forms.ValidationError(_("Those days are outside the visit history."))
            if (end - start).days > LONGEST_SPAN_DAYS:
                raise forms.ValidationError(_("Ask for a year of visits at most."))
        if cleaned.get("membership") and cleaned.get("gift_card"):
            raise forms.ValidationError(_("Show the visits of one membership or one gift card."))
        return cleaned

    def window(self, location: Location) -> VisitWindow:
        """The days asked for, else the last 90 days (a valid form only)."""
        start, end = self.cleaned_data.get("from"), self.cleaned_data.get("to")
        if start is None or end is None:
            return opening_window(location)
        return VisitWindow(start, end)

    @property
    def paid_with(self) -> CardRef | None:
        """The card to narrow the visits to, if one was asked (a valid form only)."""
        if membership := self.cleaned_data.get("membership"):
            return CardRef("membership", membership)
        if gift_card := self.cleaned_data.get("gift_card"):
            return CardRef("gift_card", gift_card)
        return None
