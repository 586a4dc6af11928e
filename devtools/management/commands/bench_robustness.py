"""Benchmark of the rank-robustness Monte-Carlo (docs/performance.md, "DTI rank robustness").

    .venv/bin/python manage.py bench_robustness [--provinces 63] [--draws 1000] [--repeat 5] [--values]

Sample main-indicator values for `--provinces` provinces in a 922-like framework (8 scored main indicators,
1000 points), then `--repeat` runs of indicators/robustness.simulate (the scoring of the inputs included, as the
task does it); prints the median and the worst time, as JSON. Target: under 5 s for 63 provinces × 1,000 draws.
No database.
"""

from __future__ import annotations

import json
import random
import statistics
import time

from django.core.management.base import BaseCommand, CommandError

from indicators import robustness
from indicators.scoring import Node, ProvinceIn

TARGET_SECONDS = 5.0
ALL = ("government", "economy", "society")
MAINS = [
    Node(1, "NTS", None, 100, True, ALL),
    Node(2, "TCS", None, 100, True, ALL),
    Node(3, "HTS", None, 100, True, ALL),
    Node(4, "NLS", None, 100, True, ALL),
    Node(5, "ATTT", None, 100, True, ALL),
    Node(6, "CQS", None, 200, True, ("government",)),
    Node(7, "KTS", None, 150, True, ("economy",)),
    Node(8, "XHS", None, 150, True, ("society",)),
]


def run(provinces: int, draws: int, repeat: int, perturb_values: bool) -> dict:
    rng = random.Random(0)
    ins = [ProvinceIn(i) for i in range(1, provinces + 1)]
    obs = {(p.id, m.id): round(rng.uniform(0.2, 0.95), 4) for p in ins for m in MAINS}
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        robustness.simulate(MAINS, ins, obs, group="", draws=draws, seed=0, perturb_values=perturb_values)
        times.append(time.perf_counter() - started)
    median = statistics.median(times)
    return {
        "provinces": provinces,
        "draws": draws,
        "perturb_values": perturb_values,
        "median_s": round(median, 4),
        "max_s": round(max(times), 4),
        "target_s": TARGET_SECONDS,
        "met": max(times) < TARGET_SECONDS,
    }


class Command(BaseCommand):
    help = "Benchmark the rank-robustness Monte-Carlo (63 provinces × 1,000 draws by default)."

    def add_arguments(self, parser):
        parser.add_argument("--provinces", type=int, default=63)
        parser.add_argument("--draws", type=int, default=robustness.DEFAULT_DRAWS)
        parser.add_argument("--repeat", type=int, default=5)
        parser.add_argument("--values", action="store_true", help="also perturb the values within their rounding")

    def handle(self, *args, **options):
        if min(options["provinces"], options["draws"], options["repeat"]) < 1:
            raise CommandError("--provinces, --draws and --repeat must be at least 1")
        out = run(options["provinces"], options["draws"], options["repeat"], options["values"])
        self.stdout.write(json.dumps(out))
