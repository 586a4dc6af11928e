from django.core.management.base import BaseCommand, CommandError

from plans.onboarding.province import province_start


class Command(BaseCommand):
    help = (
        'Start a province without the demo data: start_province "Ninh Bình" creates its root units (Provincial '
        "Party Committee, People's Committee, steering committee, the DX office's department), the role groups and "
        "the first DX office account, whose password is printed once; the programme settings name the province."
    )

    def add_arguments(self, parser):
        parser.add_argument("province", help='the province\'s name, e.g. "Ninh Bình"')
        parser.add_argument("--username", default="vanphong", help="the DX office account (default vanphong)")
        parser.add_argument("--email", default="")

    def handle(self, *args, province: str, username: str, email: str, **options):
        if not province.strip():
            raise CommandError("Give the province's name.")
        started = province_start(province=province, username=username, email=email)
        for unit in started.units:
            self.stdout.write(f"  {unit.name}")
        if started.password:
            self.stdout.write(f"DX office account: {started.username}  password: {started.password}")
            self.stdout.write("Sign in at /admin/ and change the password; then import the units and heads.")
        else:
            self.stdout.write(f"The account {started.username} already exists: its password is unchanged.")
