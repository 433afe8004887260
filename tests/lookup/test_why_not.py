"""Why no membership can pay for a class, in words a desk reads (no call: the lookup's facts)."""

from dataclasses import replace
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from loyalty.altegio.types import GroupEvent
from loyalty.services.lookup.events import PickerEvent
from loyalty.services.lookup.why_not import PayFacts, reason, reasons
from tests.helpers import JAMES, LOPEZ, follow_up, search, visible_text

NEW_YORK = ZoneInfo("America/New_York")
YOGA_SERVICE, YOGA_CATEGORY = 501, 3
# A Wednesday evening class of the yoga category.
EVENING = datetime(2026, 12, 9, 18, 30, tzinfo=NEW_YORK)


def yoga_class(starts: datetime = EVENING) -> PickerEvent:
    event = GroupEvent.model_validate(
        {
            "id": 1,
            "service_id": YOGA_SERVICE,
            "service": {"id": YOGA_SERVICE, "title": "Vinyasa", "category_id": YOGA_CATEGORY},
        }
    )
    return PickerEvent(event, starts, starts + timedelta(hours=1))


FACTS = PayFacts(
    title="Yoga 8 visits",
    number="219174",
    current=True,
    status="Active",
    frozen=False,
    services=[],
    categories=[YOGA_CATEGORY],
    pool=False,
    has_visits=True,
    windows=[],
    expires=None,
)


def test_each_reason_is_said_in_words():
    assert reason(replace(FACTS, current=False, status="Expired"), yoga_class()) == "Expired"
    assert reason(replace(FACTS, frozen=True), yoga_class()) == "frozen"
    assert reason(replace(FACTS, categories=[99]), yoga_class()) == "does not cover Vinyasa"
    assert reason(replace(FACTS, has_visits=False), yoga_class()) == "no visits left"
    mornings = [{"week_days": [1, 2, 3, 4, 5], "intervals": [{"from": 25200, "to": 43200}]}]
    assert reason(replace(FACTS, windows=mornings), yoga_class()) == (
        "valid only Mon, Tue, Wed, Thu, Fri 07:00–12:00"
    )
    assert reason(replace(FACTS, windows=mornings), yoga_class(EVENING.replace(hour=8))) == (
        "Altegio does not offer it for this class (the hours, days or services its type allows)"
    )
    gone = (EVENING - timedelta(days=1)).isoformat()
    assert reason(replace(FACTS, expires=gone), yoga_class()) == "expires before this class"


def test_current_memberships_are_explained_first():
    expired = replace(FACTS, title="Old pass", current=False, status="Expired")
    listed = reasons([expired, replace(FACTS, has_visits=False)], yoga_class())
    assert [facts.title for facts, _ in listed] == ["Yoga 8 visits", "Old pass"]


def test_a_shared_phone_says_the_cards_belong_to_the_phone(front_desk):
    text = visible_text(follow_up(front_desk, search(front_desk, LOPEZ)))
    assert "2 clients share this phone." in text
    assert "belong to the phone, not to one of them" in text


def test_one_client_gets_no_shared_phone_words(front_desk):
    text = visible_text(follow_up(front_desk, search(front_desk, JAMES)))
    assert "share this phone" not in text
