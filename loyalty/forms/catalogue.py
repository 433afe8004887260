"""Search forms for the membership and gift-card type catalogues."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from .chain import MAX_PAGE, IdListField


class CatalogueForm(forms.Form):
    """`title`, `page` and `refresh=1` (skip the cache), shared by every catalogue page."""

    title = forms.CharField(
        label=_("Title contains"),
        required=False,
        max_length=100,
        strip=True,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )
    page = forms.IntegerField(required=False, min_value=1, max_value=MAX_PAGE)
    refresh = forms.BooleanField(required=False)

    @property
    def page_number(self) -> int:
        """The requested page, 1 when none was given."""
        return self.cleaned_data.get("page") or 1

    @property
    def query(self) -> dict[str, Any]:
        """What to ask the catalogue service for (a valid form only)."""
        fields = {name: self.cleaned_data[name] for name in self.declared_fields}
        return {**fields, "page": self.page_number}


class LocationCatalogueForm(CatalogueForm):
    """A location's catalogue: search by title, or look types up by `ids=1,2`."""

    ids = IdListField(
        label=_("Type ids"),
        help_text=_("Comma-separated; looks these types up instead of searching"),
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "autocomplete": "off", "aria-describedby": "ids-help"}
        ),
    )


class ChainMembershipTypesForm(CatalogueForm):
    """A chain's membership types: current ones, or the archived ones."""

    archived = forms.BooleanField(label=_("Archived types"), required=False)


class RefreshForm(forms.Form):
    """A detail page takes only `refresh=1`."""

    refresh = forms.BooleanField(required=False)

    @property
    def refresh_asked(self) -> bool:
        """`refresh=1`: skip the cache."""
        return bool(self.is_valid() and self.cleaned_data.get("refresh"))
