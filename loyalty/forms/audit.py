"""The audit log's filters: staff member, date range, phone."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from loyalty.models import AuditEntry
from loyalty.services.audit.log import AuditFilters
from loyalty.services.phones import MAX_INPUT_LENGTH, InvalidPhone, Phone, parse_phone


class AuditFilterForm(forms.Form):
    """Filters for /audit/; every field optional, the phone typed in any common format."""

    # Any id validates: the log shown is limited to the manager's chains whoever is picked.
    # The cap keeps the id inside a 64-bit database integer (bigger ones overflow the query).
    staff = forms.IntegerField(
        label=_("Staff member"), required=False, min_value=1, max_value=2**63 - 1
    )
    date_from = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    # The model's kinds, so a kind added there (freezes) is offered here by itself.
    kind = forms.ChoiceField(
        label=_("What"), required=False, choices=[("", _("Everything")), *AuditEntry.Kind.choices]
    )
    phone = forms.CharField(
        label=_("Client's phone"),
        required=False,
        max_length=MAX_INPUT_LENGTH,
        widget=forms.TextInput(attrs={"type": "tel", "inputmode": "tel", "autocomplete": "off"}),
    )

    def __init__(self, *args: Any, region: str, time_zone: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.region = region
        self.time_zone = time_zone

    def offer_staff(self, staff: list[tuple[int, str]]) -> None:
        """Show the staff filter as a list of the people in the log."""
        self.fields["staff"].widget = forms.Select(choices=[("", _("Everyone")), *staff])

    def clean_phone(self) -> Phone | None:
        """The phone read in the manager's region unless it carries a country code."""
        text = self.cleaned_data["phone"]
        if not text:
            return None
        try:
            return parse_phone(text, region=self.region)
        except InvalidPhone as exc:
            raise forms.ValidationError(str(exc), code="invalid_phone") from exc

    def clean(self) -> dict[str, Any]:
        """The range must not end before it starts."""
        cleaned = super().clean() or {}
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and end < start:
            self.add_error("date_to", _("The end date is before the start date."))
        return cleaned

    def filters(self) -> AuditFilters | None:
        """The valid filters, or None while any field has an error."""
        if not self.is_valid():
            return None
        data = self.cleaned_data
        return AuditFilters(
            user_id=data["staff"],
            date_from=data["date_from"],
            date_to=data["date_to"],
            phone_digits=data["phone"].digits if data["phone"] else "",
            kind=data.get("kind") or "",
            time_zone=self.time_zone,
        )
