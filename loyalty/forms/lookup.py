"""Front desk forms: the phone to look up, and the group event to check."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from loyalty.altegio.types import Chain
from loyalty.services.phones import MAX_INPUT_LENGTH, InvalidPhone, Phone, parse_phone

LOCATION_SCOPE, CHAIN_SCOPE = "location", "chain"
SCOPE_CHOICES = [(LOCATION_SCOPE, _("This location")), (CHAIN_SCOPE, _("Whole chain"))]

# More schedule days than this in one check is not a desk question, and each id goes to Altegio.
MAX_SCHEDULE_DAYS = 60


class LookupForm(forms.Form):
    """The client's phone, typed in any common format; cleaned into a Phone."""

    phone = forms.CharField(
        label=_("Client's phone"),
        max_length=MAX_INPUT_LENGTH,
        error_messages={
            "required": _("Type the client's phone number."),
            "max_length": _("That does not look like a phone number."),
        },
        widget=forms.TextInput(
            attrs={
                "type": "tel",
                "autofocus": True,
                "autocomplete": "off",
                "inputmode": "tel",
                "spellcheck": "false",
                "aria-describedby": "phone-hint",
            }
        ),
    )

    # Shown only when the location belongs to one of the person's chains (`chain`).
    scope = forms.ChoiceField(
        label=_("Look up in"),
        choices=SCOPE_CHOICES,
        required=False,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": _("Choose “This location” or “Whole chain”.")},
    )

    def __init__(
        self,
        *args: Any,
        region: str,
        chain: Chain | None = None,
        scope: str = LOCATION_SCOPE,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.region = region
        self.chain = chain
        self.fields["scope"].initial = scope if chain is not None else LOCATION_SCOPE
        self.scope_fell_back = False

    def clean_scope(self) -> str:
        """The chosen scope; "chain" without a chain to search falls back to the location."""
        scope = self.cleaned_data.get("scope") or LOCATION_SCOPE
        if scope == CHAIN_SCOPE and self.chain is None:
            self.scope_fell_back = True
            return LOCATION_SCOPE
        return scope

    @property
    def chosen_scope(self) -> str | None:
        """The scope the person picked on a valid form; None when the choice was not offered."""
        if self.chain is None or not self.is_valid() or not self.data.get("scope"):
            return None
        return str(self.cleaned_data["scope"])

    @property
    def chain_wide(self) -> bool:
        """A valid form asking for the whole chain."""
        return self.is_valid() and self.cleaned_data["scope"] == CHAIN_SCOPE

    @property
    def query(self) -> dict[str, Any]:
        """The lookup to run: the normalised `phone` (a valid form only)."""
        return {"phone": self.cleaned_data["phone"]}

    def clean_phone(self) -> Phone:
        """The phone read in the location's region unless it carries a country code."""
        try:
            return parse_phone(self.cleaned_data["phone"], region=self.region)
        except InvalidPhone as exc:
            raise forms.ValidationError(str(exc), code="invalid_phone") from exc


class EventCheckForm(forms.Form):
    """A group event id and the schedule day ids to check, as Altegio numbers them."""

    event_id = forms.IntegerField(
        label=_("Event id"),
        min_value=1,
        max_value=2**63 - 1,
        error_messages={
            "required": _("Enter the group event's id."),
            "invalid": _("The event id is a whole number, like 12345."),
            "min_value": _("The event id is a positive number."),
            "max_value": _("That event id is too large."),
        },
    )
    # Optional: the event id alone asks which memberships can pay (M8); days add M9's answer.
    schedule_day_ids = forms.CharField(
        label=_("Schedule day ids (optional)"),
        max_length=600,
        required=False,
    )

    @property
    def query(self) -> dict[str, Any]:
        """The check to run: `event_id` and `schedule_day_ids` (a valid form only)."""
        return {name: self.cleaned_data[name] for name in ("event_id", "schedule_day_ids")}

    @property
    def event(self) -> dict[str, int]:
        """The picked event: `event_id` (a valid form only)."""
        return {"event_id": self.cleaned_data["event_id"]}

    def clean_schedule_day_ids(self) -> list[int]:
        """'1, 2,3' → [1, 2, 3]: positive whole numbers, no repeats, order kept; blank → []."""
        raw = self.cleaned_data["schedule_day_ids"]
        if not raw.strip():
            return []
        parts = [part.strip() for part in raw.split(",") if part.strip()]
        if not parts or not all(
            part.isascii() and part.isdigit() and int(part) > 0 for part in parts
        ):
            raise forms.ValidationError(
                _("Schedule day ids are positive whole numbers separated by commas, like 1,2,3."),
                code="invalid_days",
            )
        days = list(dict.fromkeys(int(part) for part in parts))
        if len(days) > MAX_SCHEDULE_DAYS:
            raise forms.ValidationError(
                _("Check at most %(count)s schedule days at a time.")
                % {"count": MAX_SCHEDULE_DAYS},
                code="too_many",
            )
        return days
