"""A membership's balance in words: per service or category, a shared pool, or unlimited.

Every wording of a balance is here: the lookup card's, the chain list row's and the CSV export's.
"""

from dataclasses import dataclass

from django.utils.translation import gettext, ngettext

from loyalty.altegio.types import BalanceLink, Membership, MembershipType


def visits_left_words(visits: int) -> str:
    """'1 visit left', '8 visits left'."""
    return ngettext("%(visits)s visit left", "%(visits)s visits left", visits) % {"visits": visits}


def visits_for_event_words(visits: int | None) -> str:
    """An event check's visits a membership has for the class: 'No limit' or the number."""
    return gettext("No limit") if visits is None else str(visits)


@dataclass(frozen=True)
class BalanceLine:
    """One service or category a membership pays for, with the visits left on it."""

    title: str
    is_category: bool
    visits: int | None  # None = unlimited
    is_last: bool

    @property
    def shown_title(self) -> str:
        """Its title, or 'Service' when Altegio gave none."""
        return self.title or gettext("Service")

    @property
    def visits_words(self) -> str:
        """'Unlimited', '3 visits left'."""
        return gettext("Unlimited") if self.visits is None else visits_left_words(self.visits)


def balance_lines(membership: Membership) -> list[BalanceLine]:
    """The membership's balance, line by line (a line is the last visit when it has one left)."""
    return [
        BalanceLine(
            title=link.target.title,
            is_category=link.is_category,
            visits=None if link.is_unlimited else link.count,
            is_last=not membership.is_united_balance and not link.is_unlimited and link.count == 1,
        )
        for link in membership.links
    ]


@dataclass(frozen=True)
class Balance:
    """What a lookup card's balance says: a total and what it covers, or one line per service."""

    total: str  # 'Unlimited visits', '8 visits left, shared', Altegio's own words, or ''
    covers: str = ""  # 'for Yoga, Pilates', 'across Yoga, Pilates'
    lines: tuple[BalanceLine, ...] = ()  # per service or category, when there is no total
    on_file: bool = True  # False: Altegio gave no balance at all


def card_balance(membership: Membership, lines: list[BalanceLine]) -> Balance:
    """The card's balance: unlimited, a shared pool, per line, Altegio's own words, or none."""
    titles = ", ".join(line.title for line in lines if line.title)
    if membership.is_unlimited:
        covers = gettext("for %(titles)s") % {"titles": titles} if titles else ""
        return Balance(gettext("Unlimited visits"), covers)
    if membership.is_united_balance:
        total = visits_left_words(membership.united_balance_services_count)
        if lines:
            total += gettext(", shared")
        covers = gettext("across %(titles)s") % {"titles": titles} if titles else ""
        return Balance(total, covers)
    if lines:
        return Balance("", lines=tuple(lines))
    if membership.balance_string:
        return Balance(membership.balance_string)
    return Balance(gettext("No balance on file"), on_file=False)


def short_balance(membership: Membership) -> str:
    """The chain list's one cell: Altegio's own words, 'Unlimited', '8 visits left' or '—'."""
    if membership.balance_string:
        return membership.balance_string
    if membership.is_unlimited:
        return gettext("Unlimited")
    if membership.visits_left is not None:
        return visits_left_words(membership.visits_left)
    return "—"


def balance_summary(membership: Membership) -> str:
    """The export's balance: Altegio's own words ('Surfing (x10)'), else our short version."""
    if membership.balance_string:
        return membership.balance_string
    if membership.is_united_balance and membership.is_unlimited:
        return gettext("Unlimited (shared)")
    if membership.is_united_balance:
        count = membership.united_balance_services_count
        return ngettext("%(count)s visit (shared)", "%(count)s visits (shared)", count) % {
            "count": count
        }
    return balance_by_line(membership) or "—"


def balance_by_line(membership: Membership) -> str:
    """The export's balances: 'Yoga: 3; Pilates: unlimited'; a shared pool says so."""
    titles = [link.target.title or f"#{link.target.id}" for link in membership.links]
    if membership.is_united_balance:
        left = (
            gettext("unlimited")
            if membership.is_united_balance_unlimited
            else str(membership.united_balance_services_count)
        )
        covered = f" ({', '.join(titles)})" if titles else ""
        return gettext("Shared: %(left)s%(covered)s") % {"left": left, "covered": covered}
    return "; ".join(
        f"{title}: {gettext('unlimited') if link.is_unlimited else link.count}"
        for title, link in zip(titles, membership.links, strict=True)
    )


def type_balance_words(kind: MembershipType) -> str:
    """A type in the catalogue's list: 'Unlimited, shared', '10 visits, shared' or per line."""
    if not kind.is_united_balance:
        return gettext("Per service or category")
    if kind.is_united_balance_unlimited:
        return gettext("Unlimited, shared")
    visits = kind.united_balance_services_count
    if not visits:  # a list that leaves out the pool's size (M4), never "0 visits"
        return gettext("Shared; the count is not given here")
    return ngettext("%(visits)s visit, shared", "%(visits)s visits, shared", visits) % {
        "visits": visits
    }


def pool_words(kind: MembershipType) -> str:
    """A type's shared pool: 'unlimited visits', '10 visits'."""
    if kind.is_united_balance_unlimited:
        return gettext("unlimited visits")
    visits = kind.united_balance_services_count
    return ngettext("%(visits)s visit", "%(visits)s visits", visits) % {"visits": visits}


def allowance_words(link: BalanceLink) -> str:
    """What a type allows on one service or category: 'Unlimited', or the number of visits."""
    return gettext("Unlimited") if link.is_unlimited else str(link.count)
