from django.core.management.base import BaseCommand
from django.utils import timezone
from django.utils.translation import gettext as _

from plans import summaries


class Command(BaseCommand):
    help = "Rebuild every stored summary (roll-ups, last updates, task counts) from the tasks and their updates."

    def handle(self, *args, **options):
        fixed = summaries.rebuild(compact_on=timezone.localdate())
        self.stdout.write(
            self.style.SUCCESS(
                _(
                    "Summaries rebuilt: %(tasks)d tasks, %(heads)d heads' names on tasks, %(units)d units and "
                    "%(counts)d counts corrected."
                )
                % fixed
            )
        )
