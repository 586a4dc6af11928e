"""Rank robustness of a year's DTI ranking (indicators/robustness.py): a seeded Monte-Carlo that perturbs the
main-indicator weights (uniform ± spread, renormalised) and, with --values, the values within their rounding.

    python manage.py dti_robustness --year 2022 [--draws 1000] [--seed 0] [--spread 0.25] [--values] [--group 63]

Prints JSON: [{"province", "rank", "median_rank", "p5", "p95"}, …] in rank order; ranks as the ranking page
gives them. Same data and seed, same output.
"""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandError

from indicators import robustness, robustness_services, scoring
from indicators.models import Province
from indicators.selectors.common import framework_for_year


class Command(BaseCommand):
    help = "Median rank and 5-95% rank interval of every province under perturbed weights (JSON)."

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--draws", type=int, default=robustness.DEFAULT_DRAWS)
        parser.add_argument("--seed", type=int, default=0)
        parser.add_argument("--spread", type=float, default=robustness.DEFAULT_SPREAD)
        parser.add_argument("--values", action="store_true", help="also perturb the values within their rounding")
        parser.add_argument("--group", default=Province.Group.BEFORE_MERGER, choices=Province.Group.values)

    def handle(self, *args, **options):
        if not 1 <= options["draws"] <= 100_000:
            raise CommandError("--draws: from 1 to 100000")
        if not 0 <= options["spread"] < 1 or options["seed"] < 0:
            raise CommandError("--spread: from 0 to below 1; --seed: 0 or more")
        framework = framework_for_year(options["year"])
        if framework is None:
            raise CommandError(f"No framework covers {options['year']}")
        try:
            rows = robustness_services.intervals(
                framework=framework,
                year=options["year"],
                group=options["group"],
                draws=options["draws"],
                seed=options["seed"],
                spread=options["spread"],
                perturb_values=options["values"],
            )
        except scoring.ScoringError as exc:
            raise CommandError(str(exc)) from exc
        names = dict(Province.objects.filter(pk__in=[r.province_id for r in rows]).values_list("pk", "name"))
        out = [
            {"province": names[r.province_id], "rank": r.rank, "median_rank": r.median_rank, "p5": r.p5, "p95": r.p95}
            for r in rows
        ]
        self.stdout.write(json.dumps(out, ensure_ascii=False))
