"""Time the task export (CSV and XLSX) of every task of the full bench data set: 20,000 rows.

    DATABASE_URL=sqlite:///bench-pages-full.sqlite3 DJANGO_DEBUG=false .venv/bin/python manage.py bench_exports

Uses the database bench_pages builds (it builds it if needed); refuses any database whose name lacks "bench".
Each format: one warm-up, then --repeat timed downloads through the test client, the whole body read; then one
more download under tracemalloc for the peak of Python memory while exporting.
"""

from __future__ import annotations

import statistics
import time
import tracemalloc

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.test import Client
from django.urls import reverse

from devtools.management.commands.bench_pages import SIZES, build


def download(client: Client, fmt: str) -> tuple[float, int]:
    started = time.perf_counter()
    response = client.get(reverse("plans:task_export", args=[fmt]))
    size = sum(len(chunk) for chunk in response.streaming_content)
    response.close()
    return time.perf_counter() - started, size


class Command(BaseCommand):
    help = "Time the CSV and XLSX export of every task (20,000 at full size) on a bench database."

    def add_arguments(self, parser):
        parser.add_argument("--repeat", type=int, default=3)

    def handle(self, *args, **opts):
        from plans.models import Task

        name = str(settings.DATABASES["default"]["NAME"])
        if "bench" not in name:
            raise CommandError("Point DATABASE_URL at a bench database (e.g. sqlite:///bench-pages-full.sqlite3).")
        call_command("migrate", verbosity=0, interactive=False)
        if Task.objects.count() != SIZES["full"]["tasks"]:
            build(**SIZES["full"])
        rows = Task.objects.count()
        client = Client(HTTP_ACCEPT_LANGUAGE="vi")
        for fmt in ("csv", "xlsx"):
            download(client, fmt)
            times = [download(client, fmt) for _ in range(opts["repeat"])]
            tracemalloc.start()
            _, size = download(client, fmt)
            _, peak = tracemalloc.get_traced_memory()
            tracemalloc.stop()
            median = statistics.median(t for t, _ in times)
            self.stdout.write(
                f"{fmt}: {rows} rows, median {median:.2f} s (of {opts['repeat']}), {size / 1e6:.1f} MB, "
                f"peak Python memory {peak / 1e6:.1f} MB"
            )
