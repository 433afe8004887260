"""Who signed in, and where they may work: locations, and chains with their access keys.

Reference: docs/altegio.md §1.2 (sign-in), §4.5 (locations, chains).
"""

from typing import Annotated, Any

from pydantic import AliasChoices, Field, SecretStr, model_validator

from ..fields import (
    AsObject,
    AsObjects,
    Int,
    OptInt,
    Text,
    flag,
    zone_name,
)
from .base import Wire


class StaffLogin(Wire):
    """The answer to POST /auth: who signed in, and their user token."""

    id: Int
    user_token: SecretStr
    name: Text = ""
    phone: Text = ""
    login: Text = ""
    email: Text = ""


class Location(Wire):
    """A location (company, salon) the staff member may work in."""

    id: Int
    title: Text = ""
    phone: Text = ""
    country: Text = ""
    country_id: OptInt = None
    city: Text = ""
    address: Text = ""
    # An IANA name; built from `timezone_name`, else from `timezone` (a name, or hours).
    timezone: Text = ""
    currency: Text = Field("", validation_alias=AliasChoices("currency_short_title", "currency"))

    @model_validator(mode="before")
    @classmethod
    def _time_zone(cls, raw: Any) -> Any:
        """Prefer `timezone_name`; `timezone` may be a name or a number of hours (§4.5)."""
        if isinstance(raw, dict):
            raw = {**raw, "timezone": zone_name(raw.get("timezone_name"), raw.get("timezone"))}
        return raw


class ChainLocation(Wire):
    """A location as listed inside a chain."""

    id: Int
    title: Text = ""


class ChainAccess(Wire):
    """The staff member's access keys in a chain, from GET /groups: every key Altegio sends.

    What each key opens is loyalty/rights.py's question (docs/altegio.md §4.5).
    """

    flags: dict[str, bool] = Field(default_factory=dict)

    @model_validator(mode="before")
    @classmethod
    def _every_key(cls, raw: Any) -> Any:
        """Keep every access key as a flag ("1"/1/true = yes, "0"/0 = no)."""
        if isinstance(raw, dict) and not isinstance(raw.get("flags"), dict):
            return {"flags": {str(key): flag(value) for key, value in raw.items()}}
        return raw


class Chain(Wire):
    """A chain (group of locations) with the staff member's access keys in it."""

    id: Int
    title: Text = ""
    # The docs call the list `locations`, the examples `companies` (docs/altegio.md §4.5).
    locations: Annotated[list[ChainLocation], AsObjects] = Field(
        default_factory=list, validation_alias=AliasChoices("companies", "locations")
    )
    access: Annotated[ChainAccess, AsObject] = Field(default_factory=ChainAccess)
