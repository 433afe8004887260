"""Sold memberships (abonements), their balances and their types (docs/altegio.md §2.1–§2.4, §5)."""

from typing import Annotated

from pydantic import AliasChoices, Field

from ..fields import (
    AnyList,
    AsObject,
    AsObjects,
    AsOptionalObject,
    Flag,
    Int,
    IntList,
    Money,
    OptFlag,
    OptInt,
    Text,
    When,
)
from .base import Status, Wire

MEMBERSHIP_STATUS_SLUGS = {1: "created", 2: "active", 3: "expired", 4: "wasted"}


class Covered(Wire):
    """A service or service category a membership link points at."""

    id: Int = 0
    title: Text = ""
    is_category: Flag = False


class BalanceLink(Wire):
    """One line of a membership balance: a service or category with visits left."""

    count: Int = 0
    is_unlimited: Flag = False
    service: Annotated[Covered | None, AsOptionalObject] = None
    category: Annotated[Covered | None, AsOptionalObject] = None

    @property
    def target(self) -> Covered:
        """The service or category this line covers."""
        return self.service or self.category or Covered()

    @property
    def is_category(self) -> bool:
        """A `category` node (or `is_category`) means a service category (docs/altegio.md §2.3)."""
        return self.category is not None or self.target.is_category


class BalanceContainer(Wire):
    """`balance_container`: what a membership (or type) covers."""

    links: Annotated[list[BalanceLink], AsObjects] = Field(default_factory=list)


class TypeFacts(Wire):
    """What a membership type says of its balance and activation, embedded or read by id."""

    is_united_balance: Flag = False
    is_united_balance_unlimited: Flag = False
    united_balance_services_count: Int = 0
    expiration_type_title: Text = ""
    autoactivation_time: Int = 0
    autoactivation_time_unit_id: Int = 0
    balance_container: Annotated[BalanceContainer, AsObject] = Field(
        default_factory=BalanceContainer
    )

    @property
    def starting_visits(self) -> int | None:
        """The visits a membership of this type starts with (None: unlimited or not given)."""
        if self.is_united_balance:
            if self.is_united_balance_unlimited or not self.united_balance_services_count:
                return None
            return self.united_balance_services_count
        links = self.balance_container.links
        if not links or any(link.is_unlimited for link in links):
            return None
        return sum(link.count for link in links) or None


class MembershipTypeRef(TypeFacts):
    """The membership type as embedded in a membership.

    M3 embeds only `{id, salon_group_id, title}` (docs/altegio.md §4.4a): the freeze rules are
    never read from here but from the type read by id (`MembershipType`, M7 or M4).
    """

    id: Int = 0
    chain_id: Int = Field(0, validation_alias=AliasChoices("salon_group_id", "chain_id"))
    title: Text = ""
    period: Int = 0
    period_unit_id: Int = 0
    cost: Money = None


class Membership(Wire):
    """A sold membership (abonement), docs/altegio.md §2.1."""

    id: Int
    number: Text = ""
    balance_string: Text = ""
    status: Annotated[Status, AsObject] = Field(default_factory=Status)
    is_frozen: Flag = False
    freeze_period: Int = 0
    period: Int = 0
    period_unit_id: Int = 0
    created: When = Field(None, validation_alias=AliasChoices("created_date", "created"))
    activated: When = Field(None, validation_alias=AliasChoices("activated_date", "activated"))
    expires: When = Field(None, validation_alias=AliasChoices("expiration_date", "expires"))
    is_united_balance: Flag = False
    is_united_balance_unlimited: Flag = False
    united_balance_services_count: Int = 0
    balance_container: Annotated[BalanceContainer, AsObject] = Field(
        default_factory=BalanceContainer
    )
    type: Annotated[MembershipTypeRef, AsObject] = Field(default_factory=MembershipTypeRef)

    @property
    def status_slug(self) -> str:
        """created / active / expired / wasted, for styling the badge."""
        return self.status.slug or MEMBERSHIP_STATUS_SLUGS.get(self.status.id, "unknown")

    @property
    def links(self) -> list[BalanceLink]:
        """The balance lines (services or categories)."""
        return self.balance_container.links if self.balance_container else []

    @property
    def is_unlimited(self) -> bool:
        """Unlimited visits: a shared unlimited pool, or every line unlimited."""
        if self.is_united_balance:
            return self.is_united_balance_unlimited
        return bool(self.links) and all(link.is_unlimited for link in self.links)

    @property
    def visits_left(self) -> int | None:
        """Visits left in total (None when unlimited)."""
        if self.is_unlimited:
            return None
        if self.is_united_balance:
            return self.united_balance_services_count
        return sum(link.count for link in self.links if not link.is_unlimited)

    @property
    def is_activated(self) -> bool:
        """Activated (it has an activation date, or Altegio says it is active)."""
        return self.activated is not None or self.status.id == 2


class FreezeAnswer(Wire):
    """Altegio's answer to a freeze or unfreeze (docs/altegio.md §2.6, §5.7)."""

    id: Int
    number: Text = ""
    is_frozen: Flag = False
    freeze_period: Int = 0
    freeze_till: When = None


class PeriodAnswer(Wire):
    """Altegio's answer to set_period (docs/altegio.md §2.6, §5.8): the new length and expiry."""

    id: Int
    period: Int = 0
    period_unit_id: Int = 0
    expires: When = Field(None, validation_alias=AliasChoices("expiration_date", "expires"))


class MembershipType(TypeFacts):
    """A membership type (docs/altegio.md §2.4); list endpoints fill only part of it."""

    id: Int
    chain_id: Int = Field(0, validation_alias=AliasChoices("salon_group_id", "chain_id"))
    title: Text = ""
    cost: Money = None
    period: Int = 0
    period_unit_id: Int = 0
    allow_freeze: Flag = False
    # 0 or null: no limit (Altegio's own code); the unit only when the type read sends it (M7
    # does, M4 documents no unit); booking while frozen only when the type says, either way.
    freeze_limit: Int = 0
    freeze_limit_unit_id: OptInt = None
    is_booking_when_frozen_allowed: OptFlag = None
    is_code_required: Flag = False
    is_allow_empty_code: Flag = False
    expiration_type_id: OptInt = None
    is_archived: Flag = False
    # `abonements_count`: memberships of this type active now (docs/altegio.md §2.4), not sales.
    active_count: OptInt = Field(
        None, validation_alias=AliasChoices("abonements_count", "active_count")
    )
    location_ids: IntList = Field(
        default_factory=list,
        validation_alias=AliasChoices("attached_location_ids", "attached_salon_ids"),
    )
    availability: AnyList = Field(default_factory=list)
    is_online_sale_enabled: Flag = False
    online_sale_price: Money = None

    @property
    def links(self) -> list[BalanceLink]:
        """The initial allowance per service or category."""
        return self.balance_container.links if self.balance_container else []
