"""Fill the search column of existing rows; on PostgreSQL, index it with trigrams where pg_trgm may be created.

The trigram GIN index makes `search_text LIKE '%…%'` (SearchQuerySet.matching) use an index. Creating the
pg_trgm extension needs a role that may (a superuser, or the database owner since PostgreSQL 13: pg_trgm is a
trusted extension). Where it may not, the migration logs why and goes on: search still works, unindexed. A
DBA can later run `CREATE EXTENSION pg_trgm` and migrate this app back to 0008 and forward again. On SQLite
there is no index to create.
"""

import logging

from django.db import DatabaseError, migrations, transaction

from common.search import fold

logger = logging.getLogger(__name__)

# model -> its searched fields (the models' SEARCH_FIELDS as of this migration).
SEARCHED = {
    "Task": ("code", "title", "description"),
    "Document": ("number", "title", "summary"),
    "Unit": ("name", "short_name"),
    "UnitAlias": ("alias",),
    "Leader": ("position_title", "person_name"),
}
CHUNK = 2000


def fill(apps, schema_editor):
    for name, fields in SEARCHED.items():
        model = apps.get_model("plans", name)
        batch = []
        for row in model.objects.only("pk", *fields).iterator(chunk_size=CHUNK):
            row.search_text = "\n".join(folded for f in fields if (folded := fold(getattr(row, f))))
            batch.append(row)
            if len(batch) >= CHUNK:
                model.objects.bulk_update(batch, ["search_text"])
                batch = []
        model.objects.bulk_update(batch, ["search_text"])


def _index_name(name: str) -> str:
    return f"{name.lower()}_search_trgm"


def _trigram_available(connection) -> bool:
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


def create_indexes(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor != "postgresql" or not _trigram_available(connection):
        return
    from django.contrib.postgres.indexes import GinIndex

    for name in SEARCHED:
        model = apps.get_model("plans", name)
        index = GinIndex(fields=["search_text"], name=_index_name(name), opclasses=["gin_trgm_ops"])
        schema_editor.execute(f"DROP INDEX IF EXISTS {schema_editor.quote_name(index.name)}")
        schema_editor.add_index(model, index)


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in SEARCHED:
        schema_editor.execute(f"DROP INDEX IF EXISTS {schema_editor.quote_name(_index_name(name))}")


class Migration(migrations.Migration):
    dependencies = [
        ("plans", "0008_search_text"),
    ]

    operations = [
        migrations.RunPython(fill, migrations.RunPython.noop),
        migrations.RunPython(create_indexes, drop_indexes),
    ]
