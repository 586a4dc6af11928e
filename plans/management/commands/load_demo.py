import importlib.util

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from plans import demo


class Command(BaseCommand):
    help = "Load the demo data (real facts from the seed and the DTI sources, plus marked sample data). Idempotent."

    def handle(self, *args, **options):
        demo.load()
        # The DX index has its own demo loader (published results, observations, sample values).
        if importlib.util.find_spec("indicators.demo"):
            importlib.import_module("indicators.demo").load()
        self.stdout.write(self.style.SUCCESS(_("Demo data loaded.")))
