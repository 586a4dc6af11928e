from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from plans.models import Unit
from reports import documents, selectors, services
from reports.management.commands import _period


class Command(BaseCommand):
    help = "Write a period's report: the DOCX document or the XLSX annexes, for the province or one unit."

    def add_arguments(self, parser):
        _period.add_arguments(parser, positional=False)
        parser.add_argument("--format", choices=["docx", "xlsx"], default="docx")
        parser.add_argument("--unit", type=int, help="a unit's id: that unit's report")
        parser.add_argument("--out", required=True, help="the file to write")

    def handle(self, *args, **options):
        period = _period.period_from(options)
        unit = None
        if options["unit"] is not None:
            unit = Unit.objects.filter(pk=options["unit"]).first()
            if unit is None:
                raise CommandError(f"No unit has the id {options['unit']}.")
        report = selectors.report_for(period, unit)
        out = Path(options["out"])
        if options["format"] == "docx":
            out.write_bytes(documents.docx_bytes(report, on=services.today()))
        else:
            with documents.xlsx_bytes(report) as workbook:
                out.write_bytes(workbook.read())
        self.stdout.write(f"{out}: {len(report.rows)} tasks, {'frozen' if report.frozen else 'live'} figures.")
