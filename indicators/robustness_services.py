"""Rank robustness: computing the Monte-Carlo rank intervals of a framework-year (indicators/robustness.py) and
caching them for the inputs of its current scores; reading them back for the pages and the command."""

from __future__ import annotations

import time
from dataclasses import asdict

from django.db.models import OuterRef, Subquery

from indicators import robustness, scoring
from indicators.models import Framework, Province, RankRobustness, ScoreSet
from indicators.services import scoring_inputs

DEFAULTS = {
    "draws": robustness.DEFAULT_DRAWS,
    "seed": 0,
    "spread": robustness.DEFAULT_SPREAD,
    "perturb_values": False,
}


def intervals(
    *, framework: Framework, year: int, group: str, draws: int, seed: int, spread: float, perturb_values: bool = False
) -> list[robustness.RankInterval]:
    """Computed afresh from the year's observations (three queries)."""
    nodes, provinces, observations, _sample = scoring_inputs(framework=framework, year=year)
    return robustness.simulate(
        nodes,
        provinces,
        observations,
        group=group,
        draws=draws,
        seed=seed,
        spread=spread,
        perturb_values=perturb_values,
    )


def robustness_refresh(*, framework_id: int, year: int) -> list[RankRobustness]:
    """Compute and cache, with the default parameters, the intervals of every ranking group for the inputs of the
    framework-year's current scores. Idempotent: a cached set for the same inputs is kept as it is."""
    framework = Framework.objects.get(pk=framework_id)
    checksum = ScoreSet.objects.filter(framework=framework, year=year).values_list("checksum", flat=True).first()
    if not checksum:
        return []
    saved = []
    for group in Province.Group.values:
        key = {"framework": framework, "year": year, "group": group, "inputs_checksum": checksum, **DEFAULTS}
        cached = RankRobustness.objects.filter(**key).first()
        if cached is None:
            started = time.perf_counter()
            try:
                rows = intervals(framework=framework, year=year, group=group, **DEFAULTS)
            except scoring.ScoringError:
                return saved
            duration_ms = int((time.perf_counter() - started) * 1000)
            cached, _ = RankRobustness.objects.update_or_create(
                **key, defaults={"rows": [asdict(r) for r in rows], "duration_ms": duration_ms}
            )
        saved.append(cached)
    return saved


def cached_intervals(*, year: int, group: str) -> dict[int, dict]:
    """The cached intervals of a year's ranking group for its current scores (the checksum of its ScoreSet), by
    province id; empty when not computed yet. One query."""
    current = ScoreSet.objects.filter(framework=OuterRef("framework"), year=year).values("checksum")[:1]
    rows = (
        RankRobustness.objects.filter(year=year, group=group, inputs_checksum=Subquery(current), **DEFAULTS)
        .values_list("rows", flat=True)
        .first()
    )
    return {r["province_id"]: r for r in rows or []}
