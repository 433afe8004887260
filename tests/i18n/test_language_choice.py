"""The language: the person's choice, else the browser's, else LANGUAGE_CODE; <html lang> too."""

import pytest
from django.test import Client

from dashboard.accounts.models import StaffUser
from tests.helpers import HARBOR_STUDIO, MANAGER, first_match, sign_in

pytestmark = pytest.mark.django_db

LOOKUP = f"/locations/{HARBOR_STUDIO}/clients/"


def page_language(client: Client, url: str, **headers: str) -> str:
    """The `lang` of the page's <html> element."""
    page = client.get(url, headers=headers).content.decode()
    return first_match(r'<html lang="([^"]+)">', page, group=1)


def test_a_browser_with_no_preference_gets_english(client):
    assert page_language(client, "/accounts/login/") == "en"


def test_a_browser_asking_for_russian_gets_the_sign_in_page_in_russian(client):
    assert page_language(client, "/accounts/login/", accept_language="ru-RU,ru;q=0.9") == "ru"


def test_the_header_offers_both_languages_in_a_form_that_works_without_javascript(front_desk):
    page = front_desk.get(LOOKUP).content.decode()
    form = first_match(r'<form method="post" action="/i18n/setlang/".*?</form>', page, flags=16)
    assert '<option value="en" lang="en" selected>English</option>' in form
    assert '<option value="ru" lang="ru" >Русский</option>' in form
    assert 'type="submit"' in form


def test_switching_to_russian_goes_back_to_the_page_and_is_kept_on_the_staff_user(front_desk):
    response = front_desk.post("/i18n/setlang/", {"language": "ru", "next": LOOKUP})
    assert response.status_code == 302
    assert response["Location"] == LOOKUP
    assert StaffUser.objects.get(email="frontdesk@sandbox.example").language == "ru"
    # The person's choice beats what the browser asks for.
    assert page_language(front_desk, LOOKUP, accept_language="en-US,en;q=0.9") == "ru"


def test_an_unknown_language_changes_nothing(front_desk):
    front_desk.post("/i18n/setlang/", {"language": "xx", "next": LOOKUP})
    assert StaffUser.objects.get(email="frontdesk@sandbox.example").language == ""
    assert page_language(front_desk, LOOKUP) == "en"


def test_the_chosen_language_is_kept_at_the_next_sign_in_in_another_browser(manager):
    manager.post("/i18n/setlang/", {"language": "ru", "next": "/"})
    manager.post("/accounts/logout/")
    # A fresh browser (no language cookie) that asks for English.
    again = sign_in(Client(headers={"accept-language": "en"}), MANAGER)
    assert page_language(again, LOOKUP) == "ru"
    again.post("/i18n/setlang/", {"language": "en", "next": "/"})
    fresh = sign_in(Client(headers={"accept-language": "ru"}), MANAGER)
    assert page_language(fresh, LOOKUP) == "en"


def test_a_visitor_can_switch_the_sign_in_page_before_signing_in(client):
    response = client.post("/i18n/setlang/", {"language": "ru", "next": "/accounts/login/"})
    assert response["Location"] == "/accounts/login/"
    assert page_language(client, "/accounts/login/") == "ru"
