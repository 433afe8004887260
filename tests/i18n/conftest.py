"""The Russian tests need the compiled catalogue that `make test` builds from the .po."""

import pytest

from tests.i18n.catalogue import RUSSIAN_PO


@pytest.fixture(autouse=True, scope="session")
def _compiled_catalogue() -> None:
    """Fail loudly, not with English pages, when the .mo is missing or older than the .po."""
    compiled = RUSSIAN_PO.with_suffix(".mo")
    if not compiled.is_file() or compiled.stat().st_mtime < RUSSIAN_PO.stat().st_mtime:
        pytest.fail(
            f"{compiled} is missing or stale: run `make test` (it compiles the catalogues)."
        )
