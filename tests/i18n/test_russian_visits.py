"""A client's visits, the cards' "Used N times" lines and the loyalty cards, in Russian.

The manager's browser asks for Russian; Altegio's own titles (types, services, staff, the loyalty
card and its programme) stay as Altegio sends them, every word of the dashboard's is Russian.
"""

import re

import pytest
from django.test import Client

from tests.helpers import (
    HARBOR_STUDIO,
    JAMES,
    JAMES_ID,
    LOOKUP,
    MANAGER,
    follow_up,
    htmx_headers,
    readable,
    search,
    sign_in,
)

pytestmark = pytest.mark.django_db

VISITS = f"/locations/{HARBOR_STUDIO}/clients/{JAMES_ID}/visits/"
# The dashboard's own English words in these regions (Altegio's titles hold none of them).
ENGLISH = (
    "Visits",
    "last 90 days",
    "Came",
    "Did not come",
    "Paid",
    "with ",
    "Gift card",
    "No.",
    ", 1 visit",
    "Earlier visits",
    "Used",
    "since",
    "show",
    "Loyalty cards",
    "balance",
)


def said(markup: str) -> str:
    """Markup as a person reads it (no space before a comma after a link)."""
    return re.sub(r" ([,.:])", r"\1", readable(markup))


def english_in(text: str) -> list[str]:
    return [word for word in ENGLISH if word in text]


@pytest.fixture
def russian_manager(sandbox) -> Client:
    """The Harbor manager (who may see what paid), from a browser that asks for Russian."""
    return sign_in(Client(headers={"accept-language": "ru-RU,ru;q=0.9"}), MANAGER)


def test_the_loyalty_cards_and_the_visits_box_speak_russian(russian_manager):
    card = follow_up(russian_manager, search(russian_manager, JAMES)).content.decode()

    cards = re.search(r'<section class="loyalty-cards".*?</section>', card, re.S)
    assert cards is not None
    shown = said(cards.group(0))
    assert shown == "Карты лояльности Harbor Rewards № 2000178 · баланс $37,50 · Cashback 5%"
    assert english_in(shown) == []
    box = re.search(r'<details class="visits-box".*?</details>', card, re.S)
    assert box is not None
    assert "Открыть историю визитов" in said(box.group(0))
    assert english_in(said(box.group(0))) == []


def test_the_visits_and_what_paid_speak_russian(russian_manager):
    follow_up(russian_manager, search(russian_manager, JAMES))

    response = russian_manager.get(VISITS, headers=htmx_headers(f"visits-{JAMES_ID}", LOOKUP))

    body = response.content.decode()
    region = re.search(rf'<section id="visits-{JAMES_ID}".*?</nav>', body, re.S)
    assert region is not None
    text = said(region.group(0))
    assert text.startswith("Визиты последние 90 дней")
    for words in (
        "Клиент пришёл Yoga class специалист: Emma Collins Оплачено $20",
        "Клиент не пришёл Reformer pilates специалист: Liam Carter Не оплачено ($35)",
        "Оплачено $80 Сертификат 888, $40 Yoga 8 visits № 219174, 1 визит",
        "Более ранние визиты",
    ):
        assert words in text
    assert re.search(r"(Пн|Вт|Ср|Чт|Пт|Сб|Вс), \d+ [а-я]+ \d{4} \d\d:\d\d", text)
    assert 'title="Показать только визиты с этой оплатой"' in region.group(0)
    assert english_in(text) == []


def test_the_cards_used_n_times_lines_speak_russian(russian_manager):
    follow_up(russian_manager, search(russian_manager, JAMES))

    body = russian_manager.get(
        VISITS, headers=htmx_headers(f"visits-{JAMES_ID}", LOOKUP)
    ).content.decode()

    lines = dict(re.findall(r'<p id="usage-([a-z_]+-\d+)"[^>]*>(.*?)</p>', body, re.S))
    assert lines, "no usage line for the cards"
    yoga = said(lines["membership-659882"])  # Yoga 8 visits: four visits on this page
    assert re.fullmatch(r"Использован 4 раза с \d+ [а-я]+ \d{4}(?: г\.)?: показать", yoga), yoga
    assert re.fullmatch(r"Использован \d+ раза? с .+: показать", said(lines["gift_card-409726"]))
    assert [english_in(said(line)) for line in lines.values()] == [[]] * len(lines)
