"""Project a province's DTI score and rank when some of its indicators take other values.

    python manage.py dti_whatif --year 2022 --province "Nam Định" --set HTS=0.9 --set CQS=0.8

Prints JSON: {"province", "year", "current": {"score", "rank"}, "projected": {"score", "rank"},
"gap_to_target_points"}. Scores unrounded, ranks as the ranking page gives them; the projection is scored by
the same scoring module as the ranking, against the other provinces' values of that year.
"""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandError

from indicators import planning
from indicators.models import Province
from indicators.selectors import planning as planning_selectors


def _assignment(text: str) -> tuple[str, float]:
    code, sep, raw = text.partition("=")
    try:
        value = float(raw.replace(",", "."))
    except ValueError:
        value = None
    if not sep or not code.strip() or value is None or not 0 <= value <= 1:
        raise CommandError(f"--set {text!r}: expected CODE=VALUE with a value from 0 to 1")
    return code.strip(), value


class Command(BaseCommand):
    help = "Projected DTI score and rank of a province if some indicators take the given values (JSON)."

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--province", required=True, help="province name or code")
        parser.add_argument("--set", action="append", default=[], metavar="CODE=VALUE", dest="assignments")

    def handle(self, *args, **options):
        values = dict(_assignment(a) for a in options["assignments"])
        matches = list(Province.objects.filter(name=options["province"])) or list(
            Province.objects.filter(code=options["province"])
        )
        # A name used both before and after the 2025 merger: the province as it was in that year.
        year = options["year"]
        matches = [p for p in matches if (p.first_year or 0) <= year <= (p.last_year or 9999)] or matches
        if not matches:
            raise CommandError(f"No province named {options['province']!r}")
        try:
            out = planning_selectors.projection_json(province=matches[0], year=year, values=values)
        except planning.ProjectionError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(json.dumps(out, ensure_ascii=False))
