"""Benchmark of the observation import at its limits (docs/performance.md, import section).

    .venv/bin/python manage.py bench_import [--format csv|xlsx|both]

Builds the largest file the import accepts: importers.MAX_ROWS data rows (100,000), their source column
padded so that the CSV comes just under importers.MAX_BYTES (10 MB); the XLSX holds the same rows. Runs on
a dedicated SQLite file in the temporary folder (never the project's database), with 63 provinces x 5 years
x 320 indicators of a framework of its own ("BENCH-IMPORT"), so that every row is distinct and valid. Prints
the time to read and validate (importers.parse) and to save (services.observations_import; the
recomputation it asks for is not run here, bench_scoring measures that), and a second import of the same
file (every row an update). Also the time to refuse a 1,000,000-row sheet of blank rows.
"""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from unittest import mock

from django.core.management.base import BaseCommand

from devtools.child import production_like_environment

YEARS = list(range(2020, 2025))
LEAVES = 320


class Command(BaseCommand):
    help = "Time the import of the largest allowed file (row limit and size limit), CSV and XLSX."

    def add_arguments(self, parser):
        parser.add_argument("--format", choices=["csv", "xlsx", "both"], default="both")
        parser.add_argument("--here", action="store_true", help="(internal) run on the current DATABASE_URL")

    def handle(self, *args, **options):
        formats = ["csv", "xlsx"] if options["format"] == "both" else [options["format"]]
        if options["here"]:
            self.stdout.write(json.dumps(run_here(formats)))
            return
        url = f"sqlite:///{Path(tempfile.gettempdir()) / 'dxtracker_bench_import.sqlite3'}"
        env = production_like_environment(url)
        manage = Path(__file__).resolve().parents[3] / "manage.py"
        subprocess.run([sys.executable, str(manage), "migrate", "--noinput", "-v", "0"], env=env, check=True)
        done = subprocess.run(
            [sys.executable, str(manage), "bench_import", "--here", "--format", options["format"]],
            env=env,
            check=True,
            capture_output=True,
            text=True,
        )
        results = json.loads(done.stdout.strip().splitlines()[-1])
        self.stdout.write(
            f"{'file':<8}{'rows':>9}{'size (MB)':>11}{'read+validate (s)':>19}{'save (s)':>10}{'re-import (s)':>15}"
        )
        for r in results["imports"]:
            self.stdout.write(
                f"{r['format']:<8}{r['rows']:>9}{r['bytes'] / 1024 / 1024:>11.2f}{r['parse']:>19.2f}"
                f"{r['save']:>10.2f}{r['again']:>15.2f}"
            )
        blank = results["blank"]
        self.stdout.write(
            f"XLSX of 1,000,000 blank rows ({blank['bytes'] / 1024:.0f} KB): refused in {blank['seconds']:.2f} s"
        )


def build_framework():
    from indicators.models import Framework, Indicator

    framework, _ = Framework.objects.get_or_create(
        code="BENCH-IMPORT", defaults={"name": "Import benchmark (sample data)", "first_year": 2000, "last_year": 2001}
    )
    if Indicator.objects.filter(framework=framework).count() != LEAVES:
        Indicator.objects.filter(framework=framework).delete()
        Indicator.objects.bulk_create(
            [Indicator(framework=framework, code=f"B{i}", name=f"Bench {i}", max_points=1) for i in range(LEAVES)]
        )
    return framework


def largest_rows(max_rows: int, max_bytes: int) -> list[list]:
    from indicators.models import Province

    names = list(Province.objects.filter(group="63").values_list("name", flat=True))
    keys = [(n, f"B{i}", y) for y in YEARS for n in names for i in range(LEAVES)][:max_rows]
    bare = sum(len(f"{n},{c},{y},0.5,\r\n".encode()) for n, c, y in keys) + 40
    pad = max(0, (max_bytes - bare) // len(keys) - 1)
    return [[n, c, y, 0.5, "s" * pad] for n, c, y in keys]


def as_csv(rows) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["province", "indicator_code", "year", "value", "source"])
    writer.writerows(rows)
    return out.getvalue().encode()


def as_xlsx(rows) -> bytes:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet()
    sheet.append(["province", "indicator_code", "year", "value", "source"])
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def blank_xlsx() -> bytes:
    import zipfile

    base = as_xlsx([])
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(base)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename.startswith("xl/worksheets/"):
                data = data.replace(b"</row></sheetData>", b"</row>" + b"<row><c/></row>" * 1_000_000 + b"</sheetData>")
            dst.writestr(item, data)
    return out.getvalue()


def run_here(formats: list[str]) -> dict:
    from indicators import importers, services
    from indicators.models import Framework, Observation

    framework = build_framework()
    # The bench framework covers the benchmark's years only while it runs (no other framework may).
    Framework.objects.exclude(pk=framework.pk).update(first_year=1900, last_year=1900)
    Framework.objects.filter(pk=framework.pk).update(first_year=YEARS[0], last_year=YEARS[-1])
    rows = largest_rows(importers.MAX_ROWS, importers.MAX_BYTES)
    results = []
    # The recomputations these writes ask for are bench_scoring's subject, not this one's.
    no_recompute = mock.patch.object(services, "request_recompute")
    for fmt in formats:
        data = as_csv(rows) if fmt == "csv" else as_xlsx(rows)
        with no_recompute:
            Observation.objects.filter(indicator__framework=framework).delete()
        timings = {"format": fmt, "rows": len(rows), "bytes": len(data)}
        for label in ("first", "again"):
            t0 = time.perf_counter()
            result = importers.parse(f"bench.{fmt}", data)
            parsed = time.perf_counter() - t0
            if not result.ok:
                raise RuntimeError(f"{fmt}: the benchmark file was refused: {result.errors[:3]}")
            t0 = time.perf_counter()
            with no_recompute:
                services.observations_import(rows=result.rows)
            saved = time.perf_counter() - t0
            if label == "first":
                timings.update(parse=parsed, save=saved)
            else:
                timings["again"] = parsed + saved
        results.append(timings)
    blank = blank_xlsx()
    t0 = time.perf_counter()
    refused = importers.parse("blank.xlsx", blank)
    seconds = time.perf_counter() - t0
    assert not refused.ok
    return {"imports": results, "blank": {"bytes": len(blank), "seconds": seconds}}
