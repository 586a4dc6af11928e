"""PostgreSQL: the score table keeps half of each page free, so that a recomputation's UPDATE writes each row's
new version on its own page (a heap-only update: no index entry written, nothing for the indexes to clean up).
Rows already stored move to such pages as they are rewritten; other databases have no such setting."""

from django.db import migrations


def half_full_pages(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("ALTER TABLE indicators_score SET (fillfactor = 50)")


def full_pages(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("ALTER TABLE indicators_score RESET (fillfactor)")


class Migration(migrations.Migration):
    dependencies = [("indicators", "0009_score_fk_indexes_dropped")]

    operations = [migrations.RunPython(half_full_pages, full_pages)]
