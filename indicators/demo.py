"""Demo data for the DTI pages: `load()` (called by `manage.py load_demo`), idempotent.

The published results, the provinces and the 2022 top five's real indicator values come from the data
migrations. Here: **sample** main-indicator values (marked is_sample, shown as "dữ liệu minh họa") for the
other provinces in the 922/QĐ-BTTTT years (2021-2023), so that the ranking, radar, trend and gap table can be
drawn. They are invented, but shaped by what was published: provinces with a published rank are placed at
that rank, and a province's overall value equals the published value wherever one was published (e.g.
Trà Vinh 0.6077 in 2022); between those, values fall linearly with the rank. Then each year is scored and
its rank robustness computed (what the Celery task does after a score run), so that the pages show the rank
intervals.
"""

from __future__ import annotations

import random

from django.db import transaction

from indicators import robustness_services, services
from indicators.models import (
    Framework,
    GoalMeasure,
    Indicator,
    Observation,
    Province,
    PublishedAverage,
    PublishedResult,
    ScoreRun,
)

SAMPLE_SOURCE = "Dữ liệu minh họa (không phải số liệu công bố)"
YEARS = (2021, 2022, 2023)
# Where no average was published the lowest sample value is this share of the lowest published value.
BOTTOM_SHARE = 0.7


def _order(year: int, provinces: list[Province], published: dict[tuple[int, int], PublishedResult]) -> dict[int, int]:
    """A rank for every province: its published rank when known; the others fill the free places, those
    named in the published top 10 first, then by their 2022 rank."""
    ranks: dict[int, int] = {}
    taken: set[int] = set()
    for p in provinces:
        pub = published.get((p.pk, year))
        if pub and pub.rank:
            ranks[p.pk] = pub.rank
            taken.add(pub.rank)

    def key(p: Province):
        pub = published.get((p.pk, year))
        base = published.get((p.pk, 2022))
        return (0 if pub and pub.in_top10 else 1, base.rank if base and base.rank else 99, p.name)

    free = (r for r in range(1, len(provinces) + 1) if r not in taken)
    for p in sorted((p for p in provinces if p.pk not in ranks), key=key):
        ranks[p.pk] = next(free)
    return ranks


def _targets(year: int, ranks: dict[int, int], published, average: float | None) -> dict[int, float]:
    """Overall value per rank: published values are anchors, linear in between."""
    anchors = {}
    for pk, rank in ranks.items():
        pub = published.get((pk, year))
        if pub and pub.value is not None:
            anchors[rank] = pub.value
    last = max(ranks.values())
    if 1 not in anchors:
        anchors[1] = max(anchors.values()) + 0.02 if anchors else 0.7
    if last not in anchors:
        lowest = min(anchors.values())
        anchors[last] = average * BOTTOM_SHARE if average else lowest * BOTTOM_SHARE
    points = sorted(anchors.items())
    values = {}
    for rank in range(1, last + 1):
        for (r0, v0), (r1, v1) in zip(points, points[1:], strict=False):
            if r0 <= rank <= r1:
                values[rank] = v0 + (v1 - v0) * (rank - r0) / (r1 - r0) if r1 != r0 else v0
                break
    return {pk: values[rank] for pk, rank in ranks.items()}


def _profile(target: float, mains: list[Indicator], rng: random.Random) -> dict[int, float]:
    """Main-indicator values whose weighted mean (by max points) is `target`, with some spread."""
    total = sum(float(m.max_points) for m in mains)
    values = {m.pk: target + rng.uniform(-0.18, 0.18) for m in mains}
    for _ in range(20):
        values = {k: min(1.0, max(0.0, v)) for k, v in values.items()}
        current = sum(values[m.pk] * float(m.max_points) for m in mains) / total
        if abs(current - target) < 1e-7:
            break
        free = [m for m in mains if 0.0 < values[m.pk] < 1.0] or mains
        shift = (target - current) * total / sum(float(m.max_points) for m in free)
        for m in free:
            values[m.pk] += shift
    return values


def load() -> None:
    framework = Framework.objects.get(code="922/QĐ-BTTTT")
    mains = list(Indicator.objects.filter(framework=framework, parent__isnull=True, scored=True).order_by("position"))
    provinces = list(Province.objects.filter(group=Province.Group.BEFORE_MERGER))
    published = {(p.province_id, p.year): p for p in PublishedResult.objects.filter(province__group="63")}
    averages = dict(PublishedAverage.objects.values_list("year", "value"))
    existing = set(
        Observation.objects.filter(indicator__framework=framework, year__in=YEARS).values_list(
            "province_id", "indicator_id", "year"
        )
    )
    with_real = {(p, y) for p, i, y in existing}
    new = []
    for year in YEARS:
        ranks = _order(year, provinces, published)
        targets = _targets(year, ranks, published, averages.get(year))
        for p in provinces:
            if (p.pk, year) in with_real:
                continue  # real (or already loaded) values are never overwritten
            rng = random.Random(f"{year}-{ranks[p.pk]}")  # tied ranks get identical profiles: a tie stays a tie
            for indicator_id, value in _profile(targets[p.pk], mains, rng).items():
                new.append(
                    Observation(
                        province=p,
                        indicator_id=indicator_id,
                        year=year,
                        value=round(value, 6),
                        source=SAMPLE_SOURCE,
                        is_sample=True,
                    )
                )
    with transaction.atomic():
        Observation.objects.bulk_create(new, batch_size=2000, ignore_conflicts=True)
    _link_sample_tasks(mains)
    _measure_rank_goal()
    scored = all(framework.score_sets.filter(year=y).exclude(checksum="").exists() for y in YEARS)
    for year in YEARS:
        if new or not scored:  # nothing new: running again changes nothing
            services.recompute_scores(framework_id=framework.pk, year=year, trigger=ScoreRun.Trigger.DEMO)
        # What the Celery task does after a score run that wrote (the demo scores in-process): the rank intervals,
        # cached per inputs, so that the ranking and province pages show the robustness chart and sentence.
        robustness_services.robustness_refresh(framework_id=framework.pk, year=year)


FIELD_TO_CODE = {
    "e_government": "CQS",
    "data": "CQS",
    "infrastructure": "HTS",
    "human_resources": "NLS",
    "security": "ATTT",
    "awareness": "NTS",
    "health": "XHS",
    "education": "XHS",
    "environment": "CQS",
}


def _link_sample_tasks(mains: list[Indicator]) -> None:
    """Link the demo's sample tasks to the indicator their field improves, when no link exists yet."""
    from plans.models import Task

    by_code = {m.code: m for m in mains}
    Through = Indicator.tasks.through
    if Through.objects.exists():
        return
    links = [
        Through(indicator_id=by_code[FIELD_TO_CODE[field]].pk, task_id=pk)
        for pk, field in Task.objects.filter(is_sample=True).values_list("pk", "field")
        if field in FIELD_TO_CODE
    ]
    Through.objects.bulk_create(links, ignore_conflicts=True)


def _measure_rank_goal() -> None:
    """The plan's DTI goal ("nhóm 20 địa phương dẫn đầu ... DTI") reads the dashboard province's rank from the
    data (published where published, else computed), once: a measure the DX office changed is kept."""
    from indicators.selectors.common import dashboard_province
    from plans.models import Goal

    province = dashboard_province()
    goal = Goal.objects.filter(statement__contains="DTI", target_unit="hạng", measure__isnull=True).first()
    if province is not None and goal is not None:
        GoalMeasure.objects.create(goal=goal, province=province, kind=GoalMeasure.Kind.INDEX_RANK)
