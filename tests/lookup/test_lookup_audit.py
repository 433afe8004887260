"""Every lookup and event check leaves an audit entry with a masked phone, never the phone."""

import asyncio
from concurrent.futures import ThreadPoolExecutor

import pytest

from loyalty.models import AuditEntry
from loyalty.services.audit import phone_hash
from loyalty.services.quota import take_lookup
from tests.helpers import HARBOR_STUDIO, JAMES, NOBODY, search

pytestmark = pytest.mark.backends


def only_entry() -> AuditEntry:
    """The one audit entry the test produced."""
    entries = list(AuditEntry.objects.all())
    assert len(entries) == 1, entries
    return entries[0]


def test_a_lookup_is_audited_with_a_masked_phone_and_its_hash(front_desk):
    response = search(front_desk, JAMES)
    shown = response.content.decode().count('<article class="loyalty-card')
    entry = only_entry()
    assert entry.kind == AuditEntry.Kind.CLIENT_LOOKUP
    assert entry.staff_name == "Anna Brooks"
    assert entry.location_id == HARBOR_STUDIO
    assert entry.place == "Harbor Studio"
    assert entry.phone_masked == "+1 *** ***-01-78"
    assert entry.phone_hash == phone_hash("13155550178")
    assert entry.result_count == shown > 0
    assert entry.outcome == "found"
    stored = " ".join(str(value) for value in vars(entry).values())
    assert "5550178" not in stored


def test_the_same_phone_in_another_format_has_the_same_hash(front_desk):
    search(front_desk, JAMES)
    search(front_desk, "(315) 555-0178")
    assert len({entry.phone_hash for entry in AuditEntry.objects.all()}) == 1


def test_an_empty_lookup_is_audited_as_nothing_found(front_desk):
    search(front_desk, NOBODY)
    entry = only_entry()
    assert (entry.outcome, entry.result_count) == ("nothing found", 0)


def test_a_failed_lookup_is_audited_with_what_went_wrong(front_desk, sandbox):
    sandbox.inject("M1", status=503)
    search(front_desk, JAMES)
    entry = only_entry()
    assert entry.outcome == "Altegio not answering"
    assert entry.result_count is None
    assert entry.phone_masked == "+1 *** ***-01-78"


def test_a_refused_lookup_over_the_limit_is_audited(front_desk, settings):
    settings.LOOKUPS_PER_MINUTE = 1
    search(front_desk, JAMES)
    search(front_desk, NOBODY)
    outcomes = list(AuditEntry.objects.order_by("id").values_list("outcome", flat=True))
    assert outcomes == ["found", "limit reached"]


def test_an_invalid_phone_is_not_a_lookup(front_desk):
    search(front_desk, "garbage")
    assert not AuditEntry.objects.exists()


def test_the_lookup_quota_never_lets_more_through_under_concurrency():
    # 200 lookups at once by one person (threads, each with its own event loop): exactly the
    # quota is taken, whichever store (process memory, or Redis in the backends run) counts.
    with ThreadPoolExecutor(max_workers=16) as pool:
        waits = list(pool.map(lambda _: asyncio.run(take_lookup(user_id=-7, limit=30)), range(200)))
    assert sum(1 for wait in waits if wait == 0) == 30
    assert all(0 < wait <= 60 for wait in waits if wait)
