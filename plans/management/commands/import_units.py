from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from plans.onboarding.people import units_import


class Command(BaseCommand):
    help = (
        "Import units and their heads (XLSX or CSV): creates or updates units and heads, an account for each head "
        "with an e-mail and an e-mail with a link to set the password. Writes nothing on any error or with --dry-run."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--dry-run", action="store_true", help="show the preview, write nothing")

    def handle(self, *args, file: Path, dry_run: bool, **options):
        try:
            data = file.read_bytes()
        except OSError as exc:
            raise CommandError(f"Cannot read {file}: {exc.strerror}.") from exc
        result = units_import(name=file.name, data=data, dry_run=dry_run)
        for row in result.rows:
            changes = f" ({', '.join(row.changes)})" if row.changes else ""
            account = f" [{row.account}]" if row.account else ""
            self.stdout.write(f"Row {row.row:>4}  {row.action:<10} {row.unit}{changes}{account}")
        for number, message in result.errors:
            self.stdout.write(f"Row {number}: {message}" if number else message)
        if result.errors:
            raise CommandError(f"{len(result.errors)} error(s): nothing was written.")
        self.stdout.write("Dry run: nothing was written." if dry_run else f"Imported; {len(result.invited)} invited.")
