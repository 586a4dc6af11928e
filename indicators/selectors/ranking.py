"""The ranking page: every province of a group for a year, computed and published side by side."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Q

from indicators.models import (
    Framework,
    Indicator,
    Province,
    PublishedAverage,
    PublishedResult,
    Score,
    ScoreRun,
)
from indicators.selectors.common import (
    PILLAR_NODES,
    available_years,
    default_year,
    framework_for_year,
)

UNRANKED = 9999  # sorts unranked provinces last


def ranking_year(asked: int | None) -> tuple[int | None, list[int]]:
    """(the ranking's year, every year): the year asked for when there is data for it, else the default year, else
    the latest. Two or three queries."""
    years = available_years()
    year = asked
    if year not in years:
        year = default_year() or (years[-1] if years else None)
    return year, years


def missing_max_points(framework: Framework) -> list[str]:
    return list(
        Indicator.objects.filter(framework=framework, scored=True, max_points__isnull=True)
        .order_by("position", "code")
        .values_list("code", flat=True)
    )


@dataclass
class Ranking:
    framework: Framework | None
    year: int
    group: str
    rows: list[dict]
    incomplete: list[dict]
    has_sample: bool
    has_computed: bool
    latest_run: ScoreRun | None
    missing_max: list[str] = field(default_factory=list)


def ranking(*, year: int, group: str = Province.Group.BEFORE_MERGER) -> Ranking:
    """All provinces of a ranking group for a year: computed overall and pillar values and ranks, the rank
    change since the previous year, and what was published, side by side. Seven queries."""
    framework = framework_for_year(year)
    provinces = list(
        Province.objects.filter(group=group)
        .filter(Q(first_year__isnull=True) | Q(first_year__lte=year))
        .filter(Q(last_year__isnull=True) | Q(last_year__gte=year))
        .values("pk", "name", "code")
    )
    scores, has_sample = _ranking_scores(framework, year, group)
    previous_rank = dict(
        Score.objects.filter(
            year=year - 1, node=Score.Node.OVERALL, rank__isnull=False, province__group=group
        ).values_list("province_id", "rank")
    )
    published: dict[tuple[int, int], PublishedResult] = {
        (p.province_id, p.year): p
        for p in PublishedResult.objects.filter(year__in=[year, year - 1], province__group=group)
    }
    rows, incomplete = [], []
    for p in provinces:
        own = scores.get(p["pk"], {})
        overall = own.get(Score.Node.OVERALL)
        pub = published.get((p["pk"], year))
        if overall and overall.value is None:
            incomplete.append({"pk": p["pk"], "province": p["name"], "missing": overall.missing})
        if overall is not None or pub is not None:
            prev = _previous_rank(p["pk"], previous_rank, published.get((p["pk"], year - 1)))
            rows.append(_with_sort_keys(_ranking_row(p, own, pub, prev)))
    rows.sort(key=lambda r: (r["sort_rank"], r["sort_published"], r["province"]))
    latest_run = (
        ScoreRun.objects.filter(framework=framework, year=year).order_by("-started_at", "-pk").first()
        if framework
        else None
    )
    return Ranking(
        framework=framework,
        year=year,
        group=group,
        rows=rows,
        incomplete=incomplete,
        has_sample=has_sample,
        has_computed=any(r["rank"] for r in rows),
        latest_run=latest_run,
        missing_max=missing_max_points(framework) if framework else [],
    )


def _previous_rank(province_id: int, computed: dict[int, int], published: PublishedResult | None) -> int | None:
    """Last year's rank: the computed one, else the published one."""
    return computed.get(province_id) or (published.rank if published else None)


def _ranking_scores(framework: Framework | None, year: int, group: str) -> tuple[dict[int, dict[str, Score]], bool]:
    """One query: the overall and pillar scores of the group's provinces by province and node, and whether any
    is sample data."""
    scores: dict[int, dict[str, Score]] = defaultdict(dict)
    has_sample = False
    if framework:
        for s in Score.objects.filter(
            framework=framework, year=year, node__in=[Score.Node.OVERALL, *PILLAR_NODES], province__group=group
        ).only("province_id", "node", "value", "rank", "missing", "is_sample"):
            scores[s.province_id][s.node] = s
            has_sample = has_sample or s.is_sample
    return scores, has_sample


def _ranking_row(province: dict, own: dict[str, Score], pub: PublishedResult | None, previous_rank: int | None) -> dict:
    """One province's ranking row: computed and published rank and value, and the change since `previous_rank`
    (against the computed rank, else the published one)."""
    overall = own.get(Score.Node.OVERALL)
    rank = overall.rank if overall else None
    current_for_change = rank or (pub.rank if pub else None)
    return {
        "pk": province["pk"],
        "province": province["name"],
        "rank": rank,
        "value": overall.value if overall else None,
        "sample": any(s.is_sample for s in own.values()),
        **_published_cells(pub),
        "previous_rank": previous_rank,
        "change": (previous_rank - current_for_change) if previous_rank and current_for_change else None,
        **_pillar_cells(own),
    }


def _published_cells(pub: PublishedResult | None) -> dict:
    return {
        "published_rank": pub.rank if pub else None,
        "published_rank_derived": bool(pub and pub.rank_derived),
        "published_top10": bool(pub and pub.in_top10),
        "published_value": pub.value if pub else None,
    }


def _pillar_cells(own: dict[str, Score]) -> dict:
    cells = {}
    for node in PILLAR_NODES:
        s = own.get(node)
        cells[f"{node}_value"] = s.value if s else None
        cells[f"{node}_rank"] = s.rank if s else None
    return cells


def _with_sort_keys(row: dict) -> dict:
    """The row with the keys the table sorts on: what is unknown sorts last."""
    row["sort_rank"] = row["rank"] or UNRANKED
    row["sort_published"] = row["published_rank"] or UNRANKED
    row["sort_value"] = row["value"] if row["value"] is not None else -1
    row["sort_change"] = row["change"] if row["change"] is not None else -UNRANKED
    for node in PILLAR_NODES:
        row[f"sort_{node}"] = row[f"{node}_rank"] or UNRANKED
    return row


def published_average(year: int, group: str) -> PublishedAverage | None:
    """The provincial average published for that year and ranking group (empty group: the year's only one)."""
    return PublishedAverage.objects.filter(year=year).filter(Q(group="") | Q(group=group)).first()
