from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from plans.models import Plan
from plans.onboarding.services import plan_import, preview_lines


class Command(BaseCommand):
    help = (
        "Import a plan annex (XLSX, CSV, or the annex table of a DOCX) into a plan: prints the preview, row by row, "
        "with every error; writes nothing when any row has an error or with --dry-run."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--plan", type=int, required=True, help="the plan's id")
        parser.add_argument("--dry-run", action="store_true", help="show the preview, write nothing")
        parser.add_argument("--create-units", action="store_true", help="create the units the file names but lacks")

    def handle(self, *args, file: Path, plan: int, dry_run: bool, create_units: bool, **options):
        try:
            target = Plan.objects.get(pk=plan)
        except Plan.DoesNotExist as exc:
            raise CommandError(f"No plan with id {plan}.") from exc
        try:
            data = file.read_bytes()
        except OSError as exc:
            raise CommandError(f"Cannot read {file}: {exc.strerror}.") from exc
        result = plan_import(plan=target, name=file.name, data=data, create_units=create_units, dry_run=dry_run)
        for line in preview_lines(result):
            self.stdout.write(line)
        if result.errors:
            raise CommandError(f"{len(result.errors)} error(s): nothing was written.")
        self.stdout.write("Dry run: nothing was written." if dry_run else "Imported.")
