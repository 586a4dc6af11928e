"""The suite runs on the database it was asked for: .ci/run's PostgreSQL pass really goes through psycopg2."""

import os

import pytest
from django.db import connection


@pytest.mark.django_db
def test_database_is_the_expected_one():
    default = "postgresql" if os.environ.get("DATABASE_URL", "").startswith("postgres") else "sqlite"
    expected = os.environ.get("DXT_EXPECT_DB", default)
    assert connection.vendor == expected
    if expected == "postgresql":
        assert connection.Database.__name__ == "psycopg2"
        with connection.cursor() as cursor:
            cursor.execute("SELECT version()")
            assert cursor.fetchone()[0].startswith("PostgreSQL")
