from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from plans import demo, extensions


class Command(BaseCommand):
    help = "Load the demo data (real facts from the seed and the DTI sources, plus marked sample data). Idempotent."

    def handle(self, *args, **options):
        demo.load()
        # Then the other apps' demo data (the DX index: published results, observations, sample values), which
        # may refer to the programme's (sample tasks linked to the indicators they improve).
        for load in extensions.demo_loaders():
            load()
        self.stdout.write(self.style.SUCCESS(_("Demo data loaded.")))
