"""Every main page and partial in Russian: no error, Russian words where the English ones were."""

import pytest
from asgiref.sync import sync_to_async
from django.db import connections
from django.test import AsyncClient, Client

from tests.helpers import follow_up, htmx_headers, sign_in, streamed, visible_text

pytestmark = pytest.mark.django_db

OWNER = {"username": "owner@sandbox.example", "password": "owner-demo"}
NEVSKY_CENTRAL, NEVSKY = 830001, 706028
LOOKUP = f"/locations/{NEVSKY_CENTRAL}/clients/"
OLGA_PHONE = "+7 916 123 45 67"
OLGA_POOL = 659906
# Words of the dashboard's own that must not be left in English on a Russian page.
ENGLISH = ("Sign out", "Client lookup", "Try again", "Memberships", "Gift cards", "Expires", "Sold")


@pytest.fixture
def russian_owner(sandbox) -> Client:
    """The Nevsky owner, signed in from a browser that asks for Russian."""
    return sign_in(Client(headers={"accept-language": "ru-RU,ru;q=0.9"}), OWNER)


PAGES = {
    LOOKUP: ("Поиск клиента", "Телефон клиента", "Выйти"),
    f"/locations/{NEVSKY_CENTRAL}/me/": ("Мои абонементы и сертификаты", "Продан"),
    f"/locations/{NEVSKY_CENTRAL}/membership-types/": ("Типы абонементов в продаже", "Заморозка"),
    f"/locations/{NEVSKY_CENTRAL}/gift-card-types/": ("Типы сертификатов в продаже", "Номинал"),
    f"/chains/{NEVSKY}/memberships/": ("Проданные абонементы", "Выгрузить CSV", "Действует до"),
    f"/chains/{NEVSKY}/memberships/summary/": ("Сводка по абонементам", "Подсчёт…"),
    f"/chains/{NEVSKY}/membership-types/": ("Типы абонементов", "Активные абонементы"),
    f"/chains/{NEVSKY}/gift-card-types/": ("Типы сертификатов", "Оплачивает"),
    f"/chains/{NEVSKY}/memberships/{OLGA_POOL}/freeze/": ("Заморозка абонемента", "Разморозится"),
    f"/locations/{NEVSKY_CENTRAL}/clients/146915206/event-check/": ("Выберите групповое событие",),
    "/audit/": ("Журнал действий", "Сотрудник"),
}


@pytest.mark.parametrize("url", PAGES)
def test_every_main_page_speaks_russian(russian_owner, url):
    response = russian_owner.get(url)
    text = visible_text(response)
    assert response.status_code == 200
    assert '<html lang="ru">' in response.content.decode()
    for words in PAGES[url]:
        assert words in text
    assert [word for word in ENGLISH if word in text] == []


def test_the_error_pages_speak_russian(russian_owner):
    missing = russian_owner.get("/no-such-page/")
    assert missing.status_code == 404
    assert "Страница не найдена" in visible_text(missing)
    refused = russian_owner.get("/locations/1/clients/")
    assert refused.status_code == 403
    assert "Этот филиал не относится к вашим в Altegio." in visible_text(refused)


def test_the_sign_in_page_and_its_errors_speak_russian(client, sandbox):
    russian = {"accept-language": "ru"}
    page = client.get("/accounts/login/", headers=russian)
    assert "Вход через Altegio" in visible_text(page)
    refused = client.post("/accounts/login/", {**OWNER, "password": "wrong"}, headers=russian)
    assert "Этот логин и пароль не подходят" in visible_text(refused)


def test_a_lookup_and_its_client_card_speak_russian_with_altegios_own_names(russian_owner):
    results = russian_owner.post(LOOKUP, {"phone": OLGA_PHONE}, headers=htmx_headers("results"))
    text = visible_text(results)
    assert "2 абонемента · 1 сертификат в филиале Nevsky Central" in text
    assert "Йога 16 занятий" in text  # Altegio's title, as sent
    assert "Осталось заморозки" in text
    card = visible_text(follow_up(russian_owner, results, url=LOOKUP))
    assert "Ольга Иванова Клиент №146915206" in card
    assert "Можно ли оплатить занятие абонементом? Сегодня · часовой пояс: Москва" in card


def test_a_chain_wide_lookup_speaks_russian(russian_owner):
    response = russian_owner.post(
        LOOKUP, {"phone": OLGA_PHONE, "scope": "chain"}, headers=htmx_headers("results")
    )
    assert "Вся сеть Nevsky Fitness: 2 абонемента · 1 сертификат в 1 филиале" in visible_text(
        response
    )


def test_a_phone_that_is_not_one_is_refused_in_russian(russian_owner):
    response = russian_owner.post(LOOKUP, {"phone": "abc"}, headers=htmx_headers("results"))
    assert "Это не похоже на номер телефона." in visible_text(response)


@pytest.mark.anyio
@pytest.mark.django_db(transaction=True)
async def test_the_csv_header_row_is_in_russian(sandbox):
    browser = AsyncClient()
    assert (await browser.post("/accounts/login/", OWNER)).status_code == 302
    response = await browser.get(
        f"/chains/{NEVSKY}/memberships/export.csv",
        {"ids": "219342"},
        headers={"accept-language": "ru"},
    )
    header = (await streamed(response)).decode("utf-8-sig").splitlines()[0]
    assert header.startswith("Номер,Тип,Статус,Заморожен (дней),Остаток")
    # The async ORM ran in asgiref's worker thread: close it before the test database goes.
    await sync_to_async(connections.close_all)()
