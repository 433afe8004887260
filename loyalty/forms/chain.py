"""Filters for the chain-wide membership list, its summary and its CSV export."""

import re
from datetime import date
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from loyalty.altegio.memberships import CHAIN_PAGE_SIZES
from loyalty.services.chain import MembershipFilter

MAX_IDS = 100
MAX_PAGE = 100_000
_ID_SEPARATORS = re.compile(r"[\s,;]+")


def parse_ids(raw: str, *, limit: int = MAX_IDS) -> tuple[int, ...]:
    """'659878, 659880' → (659878, 659880), duplicates dropped; ValidationError when not ids."""
    parts = [part for part in _ID_SEPARATORS.split(raw.strip()) if part]
    # isascii: "²" and other Unicode digits pass isdigit() but int() refuses them.
    if not all(part.isascii() and part.isdigit() and 0 < int(part) < 2**63 for part in parts):
        raise ValidationError(
            _("Ids are whole numbers separated by commas, e.g. 659878, 659880."), code="ids"
        )
    if len(parts) > limit:
        raise ValidationError(
            _("At most %(limit)s ids at a time, please.") % {"limit": limit}, code="too_many_ids"
        )
    return tuple(dict.fromkeys(int(part) for part in parts))


class IdListField(forms.CharField):
    """A comma-separated list of Altegio ids, cleaned to a tuple of ints."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        kwargs.setdefault("max_length", 2000)
        super().__init__(**kwargs)

    def clean(self, value: Any) -> tuple[int, ...]:
        """The ids in the order given, or () when empty."""
        text = super().clean(value)
        return parse_ids(text) if text else ()


class DateInput(forms.DateInput):
    """A native date picker that reads and writes YYYY-MM-DD."""

    input_type = "date"

    def __init__(self) -> None:
        super().__init__(format="%Y-%m-%d")


class MembershipFilterForm(forms.Form):
    """`created_after`, `created_before` (YYYY-MM-DD), `ids`, `count` and `page` from the URL."""

    created_after = forms.DateField(
        label=_("Sold from"), required=False, input_formats=["%Y-%m-%d"], widget=DateInput()
    )
    created_before = forms.DateField(
        label=_("Sold until"), required=False, input_formats=["%Y-%m-%d"], widget=DateInput()
    )
    ids = IdListField(
        label=_("Membership ids"),
        help_text=_("Comma-separated, e.g. 659878, 659880"),
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "autocomplete": "off", "aria-describedby": "ids-help"}
        ),
    )
    count = forms.TypedChoiceField(
        label=_("Per page"),
        choices=[(size, str(size)) for size in CHAIN_PAGE_SIZES],
        coerce=int,
        required=False,
    )
    page = forms.IntegerField(required=False, min_value=1, max_value=MAX_PAGE)

    error_messages = {
        "invalid_date": _("Dates are written as YYYY-MM-DD, e.g. 2026-11-01."),
        "backwards": _("“Sold until” is before “Sold from”."),
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("created_after", "created_before"):
            self.fields[name].error_messages["invalid"] = self.error_messages["invalid_date"]

    def clean(self) -> dict[str, Any]:
        """Reject a range that ends before it starts (Altegio would just answer nothing)."""
        cleaned = super().clean() or {}
        after: date | None = cleaned.get("created_after")
        before: date | None = cleaned.get("created_before")
        if after and before and after > before:
            self.add_error("created_before", self.error_messages["backwards"])
        return cleaned

    @property
    def filters(self) -> MembershipFilter:
        """The validated filters (call after is_valid())."""
        return MembershipFilter(
            created_after=self.cleaned_data.get("created_after"),
            created_before=self.cleaned_data.get("created_before"),
            ids=self.cleaned_data.get("ids") or (),
        )

    @property
    def page_number(self) -> int:
        """The requested page, 1 when none was given."""
        return self.cleaned_data.get("page") or 1

    @property
    def page_size(self) -> int:
        """The requested page size (25, 50 or 100)."""
        return self.cleaned_data.get("count") or CHAIN_PAGE_SIZES[0]


class SummaryForm(MembershipFilterForm):
    """The list's filters, plus `refresh=1` to count again instead of using the cached summary."""

    refresh = forms.BooleanField(required=False)
