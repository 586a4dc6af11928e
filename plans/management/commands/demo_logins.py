from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand

from plans import demo


class Command(BaseCommand):
    help = "Print the demo sign-ins created by load_demo, and the address the server listens on."

    def add_arguments(self, parser):
        parser.add_argument(
            "--address",
            default="127.0.0.1:8000",
            help="host:port the development server is started on (make run passes HOST and PORT)",
        )

    def handle(self, *args, **options):
        users = demo.demo_users()
        existing = set(
            get_user_model().objects.filter(username__in=[u.username for u in users]).values_list("username", flat=True)
        )
        self.stdout.write("")
        site = f"http://{options['address']}"
        self.stdout.write(f"dxtracker: {site}  (admin: {site}/admin/)")
        self.stdout.write(f"Demo sign-ins (password for all: {demo.DEMO_PASSWORD}):")
        for user in users:
            if user.username in existing:
                self.stdout.write(f"  {user.username:<14} {user.group:<20} {user.display_name}")
        self.stdout.write("")
