"""The PostgreSQL trigram index of the search column (common/search.py), created where pg_trgm may be.

`search_text LIKE '%…%'` (SearchQuerySet.matching: the search page, the task and document lists' text filter)
is served by a GIN index with trigram operators on each searched table. The pg_trgm extension needs a role
that may create it (a superuser, or the database owner since PostgreSQL 13: pg_trgm is a trusted extension).
Where it may not, nothing fails: search works unindexed and a warning says why. The migration that adds the
column calls `ensure_trigram_indexes`; `manage.py search_index` calls it again, for a database whose DBA added
the extension later. Nothing to do on SQLite.
"""

from __future__ import annotations

import logging

from django.db import DatabaseError, transaction

logger = logging.getLogger(__name__)

# The searched models (their SEARCH_FIELDS feed the column).
SEARCHED = ("Task", "Document", "Unit", "UnitAlias", "Leader")


def index_name(model_name: str) -> str:
    return f"{model_name.lower()}_search_trgm"


def trigram_available(connection) -> bool:
    """Whether pg_trgm is installed, creating it when the role may (in a savepoint: a refusal aborts nothing)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm'")
        if cursor.fetchone():
            return True
    try:
        with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
            cursor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    except DatabaseError as error:
        logger.warning("pg_trgm could not be created (%s): search works without its index.", error)
        return False
    return True


def ensure_trigram_indexes(schema_editor, models) -> list[str]:
    """Create the missing trigram indexes on the models' `search_text`; the names of those created."""
    connection = schema_editor.connection
    if connection.vendor != "postgresql" or not trigram_available(connection):
        return []
    from django.contrib.postgres.indexes import GinIndex

    with connection.cursor() as cursor:
        cursor.execute("SELECT indexname FROM pg_indexes WHERE indexname LIKE %s", ["%_search_trgm"])
        existing = {row[0] for row in cursor.fetchall()}
    created = []
    for model in models:
        name = index_name(model.__name__)
        if name not in existing:
            schema_editor.add_index(model, GinIndex(fields=["search_text"], name=name, opclasses=["gin_trgm_ops"]))
            created.append(name)
    return created


def drop_trigram_indexes(schema_editor) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    for model_name in SEARCHED:
        schema_editor.execute(f"DROP INDEX IF EXISTS {schema_editor.quote_name(index_name(model_name))}")
