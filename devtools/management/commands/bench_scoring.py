"""Benchmark of the DTI recomputation (docs/performance.md, DTI section).

    .venv/bin/python manage.py bench_scoring [--postgres URL] [--repeat 5] [--skip-postgres]

63 provinces × 5 years × 100 leaf indicators of sample observations (31,500 rows) in a framework of its own
("BENCH-63x5x100", years 2020-2024), on dedicated databases: a SQLite file in the temporary folder and a PostgreSQL
database (created if missing). Never the project's own database. For each backend it prints the median of
`--repeat` full recomputations of all five years (scores actually rewritten: the stored checksums are cleared
first), the median time merely to read the same inputs (the floor: the indicator tree, the provinces and the
observations, by the recompute's own queries), and their ratio.
Targets: a full recompute under 2 s (issue 5), within 2 times the read floor (issue 14; issue 5 asked for 3).
"""

from __future__ import annotations

import json
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from devtools.child import production_like_environment

PROVINCES = 63
YEARS = list(range(2020, 2025))  # 2024 also scores the 34 merged provinces, as for real
MAINS = 8
LEAVES = 100
DEFAULT_PG = "postgres://postgres@127.0.0.1:5432/dxtracker_bench"


class Command(BaseCommand):
    help = "Benchmark a full DTI recompute of all years on SQLite and PostgreSQL against the read floor."

    def add_arguments(self, parser):
        parser.add_argument("--postgres", default=DEFAULT_PG, help=f"PostgreSQL URL (default {DEFAULT_PG})")
        parser.add_argument("--skip-postgres", action="store_true")
        parser.add_argument("--repeat", type=int, default=5)
        parser.add_argument("--here", action="store_true", help="(internal) run on the current DATABASE_URL")

    def handle(self, *args, **options):
        if options["here"]:
            self.stdout.write(json.dumps(run_here(options["repeat"])))
            return
        targets = [("SQLite", f"sqlite:///{Path(tempfile.gettempdir()) / 'dxtracker_bench.sqlite3'}")]
        if not options["skip_postgres"]:
            ensure_pg_database(options["postgres"])
            targets.append(("PostgreSQL", options["postgres"]))
        self.stdout.write(
            f"{PROVINCES} provinces × {len(YEARS)} years × {LEAVES} leaf indicators = "
            f"{PROVINCES * len(YEARS) * LEAVES} observations; median of {options['repeat']} runs\n"
        )
        header = f"{'database':<12}{'full recompute (s)':>20}{'read floor (s)':>16}{'ratio':>8}{'per year (s)':>14}"
        self.stdout.write(header)
        for label, url in targets:
            env = production_like_environment(url)
            manage = Path(__file__).resolve().parents[3] / "manage.py"
            subprocess.run(
                [sys.executable, str(manage), "migrate", "--noinput", "-v", "0"],
                env=env,
                check=True,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            done = subprocess.run(
                [sys.executable, str(manage), "bench_scoring", "--here", "--repeat", str(options["repeat"])],
                env=env,
                check=True,
                capture_output=True,
                text=True,
            )
            r = json.loads(done.stdout.strip().splitlines()[-1])
            self.stdout.write(
                f"{label:<12}{r['full']:>20.3f}{r['floor']:>16.3f}{r['full'] / r['floor']:>8.1f}{r['per_year']:>14.3f}"
            )
            verdict = "meets" if r["full"] < 2 and r["full"] <= 2 * r["floor"] else "MISSES"
            self.stdout.write(f"{'':<12}{verdict} the targets (< 2 s, ≤ 2 × floor); rows written per run: {r['rows']}")


def ensure_pg_database(url: str) -> None:
    import environ
    import psycopg2

    cfg = environ.Env.db_url_config(url)
    try:
        conn = psycopg2.connect(
            dbname="postgres",
            user=cfg["USER"],
            password=cfg["PASSWORD"] or None,
            host=cfg["HOST"] or "127.0.0.1",
            port=cfg["PORT"] or 5432,
        )
    except psycopg2.Error as exc:
        raise CommandError(f"PostgreSQL not reachable at {url}: {exc}. Use --skip-postgres.") from exc
    conn.autocommit = True
    with conn.cursor() as cur:
        cur.execute("SELECT 1 FROM pg_database WHERE datname = %s", [cfg["NAME"]])
        if not cur.fetchone():
            cur.execute(f'CREATE DATABASE "{cfg["NAME"]}"')
    conn.close()


def build_data():
    """The bench framework, its 8 main indicators with 100 leaves between them, and 31,500 observations.
    Created once per bench database, then reused."""
    from indicators.models import Framework, Indicator, Observation, Province

    framework, created = Framework.objects.get_or_create(
        code="BENCH-63x5x100",
        defaults={"name": "Benchmark (sample data)", "first_year": YEARS[0], "last_year": YEARS[-1]},
    )
    if not created and Observation.objects.filter(indicator__framework=framework).count() == (
        PROVINCES * len(YEARS) * LEAVES
    ):
        return framework
    Indicator.objects.filter(framework=framework).delete()
    pillars = [
        {"in_government": True, "in_economy": True, "in_society": True},
        {"in_government": True},
        {"in_economy": True},
        {"in_society": True},
    ]
    leaves = []
    per_main = [LEAVES // MAINS + (1 if i < LEAVES % MAINS else 0) for i in range(MAINS)]
    for i, count in enumerate(per_main):
        main = Indicator.objects.create(
            framework=framework,
            code=f"M{i}",
            name=f"Main {i}",
            kind="foundation" if i < 5 else "activity",
            max_points=count * 10,
            **pillars[0 if i < 5 else i - 4],
        )
        for j in range(count):
            leaves.append(
                Indicator(
                    framework=framework,
                    parent=main,
                    code=f"M{i}.{j}",
                    name=f"Leaf {i}.{j}",
                    max_points=10,
                    **pillars[0 if i < 5 else i - 4],
                )
            )
    leaves = Indicator.objects.bulk_create(leaves)
    provinces = list(Province.objects.filter(group="63")[:PROVINCES])
    rng = random.Random(42)
    Observation.objects.bulk_create(
        [
            Observation(
                province=p,
                indicator=leaf,
                year=year,
                value=round(rng.random(), 4),
                is_sample=True,
                source="benchmark sample",
            )
            for year in YEARS
            for p in provinces
            for leaf in leaves
        ],
        batch_size=5000,
    )
    return framework


def run_here(repeat: int) -> dict:
    from indicators import services
    from indicators.models import ScoreSet

    framework = build_data()
    call_command("check", verbosity=0)
    fulls, floors, rows = [], [], 0
    for _ in range(repeat):
        t0 = time.perf_counter()
        for year in YEARS:
            for rows in services.input_rows(framework=framework, year=year):  # the recompute's own three reads
                list(rows)
        floors.append(time.perf_counter() - t0)
        ScoreSet.objects.filter(framework=framework).update(checksum="")  # force a real rewrite
        t0 = time.perf_counter()
        runs = [services.recompute_scores(framework_id=framework.pk, year=year, trigger="manual") for year in YEARS]
        fulls.append(time.perf_counter() - t0)
        rows = sum(r.rows_written for r in runs)
        if any(r.outcome != "written" for r in runs):
            raise CommandError(f"unexpected outcomes: {[r.outcome for r in runs]}")
    full, floor = statistics.median(fulls), statistics.median(floors)
    return {"full": full, "floor": floor, "per_year": full / len(YEARS), "rows": rows}
