"""The two catalogues described once each as data: membership types and gift-card types."""

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext, gettext_lazy

from loyalty.altegio.catalogue import GIFT_CARD_TYPES, MEMBERSHIP_TYPES, TypeEndpoints

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


@dataclass(frozen=True)
class CatalogueKind:
    """One catalogue (membership types or gift-card types): its calls, names and words."""

    endpoints: TypeEndpoints[Any]
    name: str  # "membership_types": URL names and the per-kind templates
    item: str  # "membership_type": the detail page's URL name and template
    plural: "StrOrPromise"  # "membership types", in the reader's language
    singular: "StrOrPromise"  # "membership type"

    @property
    def title(self) -> str:
        """'Membership types', for headings."""
        plural = str(self.plural)
        return plural[:1].upper() + plural[1:]

    @property
    def archived_plural(self) -> str:
        """'archived membership types'."""
        return gettext("archived %(kinds)s") % {"kinds": self.plural}

    @property
    def missing(self) -> str:
        """What a detail page says when the chain does not know the id."""
        return gettext("This %(kind)s is not in the chain's catalogue.") % {"kind": self.singular}


MEMBERSHIP_TYPE_KIND = CatalogueKind(
    MEMBERSHIP_TYPES,
    "membership_types",
    "membership_type",
    gettext_lazy("membership types"),
    gettext_lazy("membership type"),
)
GIFT_CARD_TYPE_KIND = CatalogueKind(
    GIFT_CARD_TYPES,
    "gift_card_types",
    "gift_card_type",
    gettext_lazy("gift-card types"),
    gettext_lazy("gift-card type"),
)
KINDS = {kind.name: kind for kind in (MEMBERSHIP_TYPE_KIND, GIFT_CARD_TYPE_KIND)}
