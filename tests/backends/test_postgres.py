"""A smoke test of the Django database on a real PostgreSQL server (DATABASE_URL)."""

import pytest
from django.contrib.auth import get_user_model
from django.db import connection

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]


def test_the_database_is_postgresql_when_database_url_names_it() -> None:
    assert connection.vendor == "postgresql"
    with connection.cursor() as cursor:
        cursor.execute("SELECT version()")
        (version,) = cursor.fetchone()

    assert version.startswith("PostgreSQL")


def test_the_migrations_have_built_the_staff_table_on_postgresql() -> None:
    assert get_user_model().objects.count() == 0
    assert get_user_model()._meta.db_table in connection.introspection.table_names()
