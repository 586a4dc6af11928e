"""Create the search column's trigram indexes on PostgreSQL, for a database whose role could not create pg_trgm
when it was migrated (a DBA ran `CREATE EXTENSION pg_trgm;` since). Idempotent; nothing to do on SQLite.

    python manage.py search_index
"""

from __future__ import annotations

from django.apps import apps
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from plans.search_index import SEARCHED, ensure_trigram_indexes, trigram_available


class Command(BaseCommand):
    help = "Create the trigram indexes of the search column on PostgreSQL (needs the pg_trgm extension)."

    def handle(self, *args, **options):
        if connection.vendor != "postgresql":
            self.stdout.write("SQLite: the search column needs no index here.")
            return
        if not trigram_available(connection):
            raise CommandError(
                "pg_trgm is not installed and this role may not create it: ask a DBA to run CREATE EXTENSION pg_trgm;"
            )
        with transaction.atomic(), connection.schema_editor() as editor:
            created = ensure_trigram_indexes(editor, [apps.get_model("plans", name) for name in SEARCHED])
        self.stdout.write(f"Created: {', '.join(created)}." if created else "Every search index exists already.")
