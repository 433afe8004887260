"""Client cards, from a location's client search and the chain's (docs/altegio.md §4.1, §4.4)."""

from typing import Annotated

from pydantic import AliasChoices, Field

from ..fields import (
    AsObjects,
    Int,
    Text,
)
from .base import Wire


class ClientRecord(Wire):
    """A client card from the client search."""

    id: Int
    name: Text = ""
    surname: Text = ""
    phone: Text = ""
    email: Text = ""


class ChainClient(Wire):
    """A client card found by the chain client search, with the location that keeps it."""

    id: Int
    location_id: Int = Field(0, validation_alias=AliasChoices("company_id", "location_id"))
    name: Text = ""
    surname: Text = ""
    email: Text = ""


class ChainClientSearch(Wire):
    """GET /group/{chain_id}/clients: a phone's client cards in a chain (docs/altegio.md §4.4)."""

    chain_id: Int = Field(0, validation_alias=AliasChoices("salon_group_id", "chain_id"))
    phone: Text = ""
    clients: Annotated[list[ChainClient], AsObjects] = Field(default_factory=list)
