from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand

from plans import demo


class Command(BaseCommand):
    help = "Print the demo sign-ins created by load_demo."

    def handle(self, *args, **options):
        existing = set(
            get_user_model()
            .objects.filter(username__in=[u[0] for u in demo.DEMO_USERS])
            .values_list("username", flat=True)
        )
        self.stdout.write("")
        self.stdout.write("dxtracker: http://127.0.0.1:8000  (admin: http://127.0.0.1:8000/admin/)")
        self.stdout.write(f"Demo sign-ins (password for all: {demo.DEMO_PASSWORD}):")
        for username, group, _staff, _superuser, _unit, display in demo.DEMO_USERS:
            if username in existing:
                self.stdout.write(f"  {username:<14} {group:<20} {display}")
        self.stdout.write("")
