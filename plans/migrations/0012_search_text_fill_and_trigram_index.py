"""Fill the search column of existing rows; on PostgreSQL, index it with trigrams where pg_trgm may be created
(plans/search_index.py: where the role may not, search works unindexed, and `manage.py search_index` adds the
index once a DBA has created the extension). On SQLite there is no index to create.
"""

from django.db import migrations

from common.search import fold
from plans.search_index import SEARCHED, drop_trigram_indexes, ensure_trigram_indexes

# model -> its searched fields (the models' SEARCH_FIELDS as of this migration).
FIELDS = {
    "Task": ("code", "title", "description"),
    "Document": ("number", "title", "summary"),
    "Unit": ("name", "short_name"),
    "UnitAlias": ("alias",),
    "Leader": ("position_title", "person_name"),
}
CHUNK = 2000


def fill(apps, schema_editor):
    for name, fields in FIELDS.items():
        model = apps.get_model("plans", name)
        batch = []
        for row in model.objects.only("pk", *fields).iterator(chunk_size=CHUNK):
            row.search_text = "\n".join(folded for f in fields if (folded := fold(getattr(row, f))))
            batch.append(row)
            if len(batch) >= CHUNK:
                model.objects.bulk_update(batch, ["search_text"])
                batch = []
        model.objects.bulk_update(batch, ["search_text"])


def create_indexes(apps, schema_editor):
    ensure_trigram_indexes(schema_editor, [apps.get_model("plans", name) for name in SEARCHED])


def drop_indexes(apps, schema_editor):
    drop_trigram_indexes(schema_editor)


class Migration(migrations.Migration):
    dependencies = [
        ("plans", "0011_search_text"),
    ]

    operations = [
        migrations.RunPython(fill, migrations.RunPython.noop),
        migrations.RunPython(create_indexes, drop_indexes),
    ]
