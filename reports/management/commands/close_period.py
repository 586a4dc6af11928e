from django.core.management.base import BaseCommand

from reports import services
from reports.management.commands import _period
from reports.models import Snapshot


class Command(BaseCommand):
    help = "Close a report period (2026-11, 2026-Q3, 2026-H1, 2026, or --from/--to) and build its snapshot."

    def add_arguments(self, parser):
        _period.add_arguments(parser, positional=True)
        parser.add_argument("--rebuild", action="store_true", help="build the snapshot again from today's history")

    def handle(self, *args, **options):
        period = _period.period_from(options)
        services.period_close(period=period, rebuild=options["rebuild"])
        built = Snapshot.objects.filter(period=period).exists()
        state = "snapshot built" if built else "snapshot queued"
        self.stdout.write(f"{period.code} ({period.start:%d/%m/%Y}-{period.end:%d/%m/%Y}) closed: {state}.")
