"""The Russian catalogue is complete: makemessages finds no untranslated and no fuzzy message."""

import os
import shutil
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import override_settings

from tests.i18n.catalogue import RUSSIAN_PO, Entry, entries

PROJECT = RUSSIAN_PO.parents[3]


@pytest.fixture(scope="module")
def extracted(tmp_path_factory: pytest.TempPathFactory) -> list[Entry]:
    """The catalogue as `makemessages` leaves it after reading today's code and templates."""
    root = tmp_path_factory.mktemp("project")
    for folder in ("dashboard", "loyalty", "templates"):
        shutil.copytree(
            PROJECT / folder, root / folder, ignore=shutil.ignore_patterns("__pycache__")
        )
    shutil.copytree(PROJECT / "locale", root / "locale", ignore=shutil.ignore_patterns("*.mo"))
    here = Path.cwd()
    os.chdir(root)
    try:
        with override_settings(LOCALE_PATHS=[root / "locale"]):
            call_command(
                "makemessages", locale=["ru"], no_location=True, no_obsolete=True, verbosity=0
            )
    finally:
        os.chdir(here)
    return entries(root / "locale" / "ru" / "LC_MESSAGES" / "django.po")


def test_makemessages_finds_every_message_already_translated(extracted):
    missing = [entry.msgid for entry in extracted if entry.untranslated]
    assert missing == []


def test_makemessages_leaves_no_fuzzy_guess(extracted):
    assert [entry.msgid for entry in extracted if entry.fuzzy] == []


def test_the_committed_catalogue_is_what_makemessages_extracts(extracted):
    committed = {entry.msgid for entry in entries()}
    assert {entry.msgid for entry in extracted} == committed


def test_the_switcher_itself_speaks_russian(client):
    page = client.get("/accounts/login/", headers={"accept-language": "ru"}).content.decode()
    assert "Сменить язык" in page
    assert "Change language" not in page
