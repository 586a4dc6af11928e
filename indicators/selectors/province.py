"""A province's page (main indicators against the average, the leader and the target; trend; gaps) and the
home page's rank card of the dashboard province."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Avg, Q
from django.shortcuts import get_object_or_404

from indicators.models import (
    Framework,
    Indicator,
    Province,
    PublishedResult,
    Score,
)
from indicators.selectors.common import (
    dashboard_province,
)
from plans.selectors import programme


@dataclass
class Profile:
    province: Province
    framework: Framework | None
    year: int | None
    years: list[int]
    mains: list[Indicator]
    own: dict[int, Score]
    leader: dict | None
    target: dict | None
    average: dict[int, float]
    overall: Score | None
    trend: list[dict]
    gaps: list[dict]
    has_sample: bool
    target_rank: int


def _comparator(overall_rows: list[Score], main_scores: dict[int, dict[int, Score]], rank_wanted: int) -> dict | None:
    """The ranked province at `rank_wanted`, or the worst-ranked one above it when a tie skips that rank."""
    candidates = [s for s in overall_rows if s.rank is not None and s.rank <= rank_wanted]
    if not candidates:
        return None
    best = max(candidates, key=lambda s: (s.rank, -s.province_id))
    return {"province": best.province, "overall": best, "scores": main_scores.get(best.province_id, {})}


@dataclass
class _Comparison:
    """A province's main indicators against the average, the leader and the target-rank province."""

    mains: list[Indicator] = field(default_factory=list)
    own: dict[int, Score] = field(default_factory=dict)
    leader: dict | None = None
    target: dict | None = None
    average: dict[int, float] = field(default_factory=dict)
    has_sample: bool = False


def province_or_404(pk: int) -> Province:
    return get_object_or_404(Province.objects.select_related("successor"), pk=pk)


def province_profile(*, province: Province, year: int | None = None) -> Profile:
    """A province's main indicators against the average, the leader and the target-rank province; its trend
    over the years; the gap table. Six queries."""
    target_rank = programme.programme_settings().target_rank
    own_overall = list(
        Score.objects.filter(province=province, node=Score.Node.OVERALL).select_related("framework").order_by("year")
    )
    years = [s.year for s in own_overall if s.value is not None]
    year = _profile_year(year, own_overall, years)
    framework = next((s.framework for s in own_overall if s.year == year), None)
    overall = next((s for s in own_overall if s.year == year), None)
    compared = _comparison(province, framework, year, target_rank) if framework else _Comparison()
    trend = _trend(province, own_overall)
    return Profile(
        province=province,
        framework=framework,
        year=year,
        years=years,
        mains=compared.mains,
        own=compared.own,
        leader=compared.leader,
        target=compared.target,
        average=compared.average,
        overall=overall,
        trend=trend,
        gaps=_gap_table(compared),
        has_sample=compared.has_sample or any(t["sample"] for t in trend),
        target_rank=target_rank,
    )


def _profile_year(year: int | None, own_overall: list[Score], years: list[int]) -> int | None:
    """The year asked for when the province has a score then; else its latest year with a value, else its latest
    year."""
    if year is not None and year in {s.year for s in own_overall}:
        return year
    return years[-1] if years else (own_overall[-1].year if own_overall else None)


def _comparison(province: Province, framework: Framework, year: int, target_rank: int) -> _Comparison:
    """Three queries: the framework's main indicators, every main-indicator and overall score of the province's
    ranking group that year, and the group's average per main indicator."""
    mains = list(Indicator.objects.filter(framework=framework, parent__isnull=True, scored=True).order_by("position"))
    main_ids = [m.pk for m in mains]
    rows = list(
        Score.objects.filter(framework=framework, year=year, province__group=province.group)
        .filter(Q(node=Score.Node.OVERALL) | Q(indicator_id__in=main_ids))
        .select_related("province")
    )
    main_scores: dict[int, dict[int, Score]] = defaultdict(dict)
    overall_rows = []
    for s in rows:
        if s.node == Score.Node.OVERALL:
            overall_rows.append(s)
        else:
            main_scores[s.province_id][s.indicator_id] = s
    leader = _comparator(overall_rows, main_scores, 1)
    target = _comparator(overall_rows, main_scores, target_rank)
    average = dict(
        Score.objects.filter(framework=framework, year=year, indicator_id__in=main_ids, province__group=province.group)
        .values("indicator_id")
        .annotate(avg=Avg("value"))
        .values_list("indicator_id", "avg")
    )
    own_sample = any(s.is_sample and s.province_id == province.pk for s in rows)
    comparators_sample = any(s.is_sample for d in (leader, target) if d for s in [d["overall"], *d["scores"].values()])
    return _Comparison(
        mains=mains,
        own=main_scores.get(province.pk, {}),
        leader=leader,
        target=target,
        average=average,
        has_sample=own_sample or comparators_sample,
    )


def _trend(province: Province, own_overall: list[Score]) -> list[dict]:
    """One query: the province's computed and published value and rank, every year either exists."""
    published = {p.year: p for p in PublishedResult.objects.filter(province=province)}
    computed = {s.year: s for s in own_overall}
    return [_trend_point(y, computed.get(y), published.get(y)) for y in sorted(set(computed) | set(published))]


def _trend_point(year: int, computed: Score | None, published: PublishedResult | None) -> dict:
    return {
        "year": year,
        "value": computed.value if computed else None,
        "rank": computed.rank if computed else None,
        "sample": computed.is_sample if computed else False,
        "published_rank": published.rank if published else None,
        "published_value": published.value if published else None,
        "published_derived": published.rank_derived if published else False,
    }


def _gap_table(compared: _Comparison) -> list[dict]:
    """Per main indicator: the province's points, the target-rank province's and the leader's and the gaps to
    them, and the headroom to the max points; the largest gaps first."""
    gaps = [_gap_row(m, compared) for m in compared.mains]
    gaps.sort(key=lambda r: (-(r["leader_gap"] or 0), -(r["target_gap"] or 0), -(r["headroom"] or 0)))
    return gaps


def _gap_row(main: Indicator, compared: _Comparison) -> dict:
    mine = compared.own.get(main.pk)
    mine_points = mine.points if mine else None
    row = {"indicator": main, "max_points": float(main.max_points or 0), "points": mine_points}
    for label, other in (("target", compared.target), ("leader", compared.leader)):
        theirs = other["scores"].get(main.pk) if other else None
        row[f"{label}_points"] = theirs.points if theirs else None
        row[f"{label}_gap"] = (
            max(0.0, theirs.points - mine.points) if theirs and mine and theirs.points is not None else None
        )
    row["headroom"] = (row["max_points"] - mine_points) if mine_points is not None else None
    return row


def latest_rank_card() -> dict:
    """The home-page card: the dashboard province's latest computed and published rank against the goal.
    Four queries: the programme settings, the province (with its successor), its latest ranks."""
    settings = programme.programme_settings()
    province = dashboard_province(settings)
    if province is None:
        return {"province": None, "target_rank": settings.target_rank}
    computed = (
        Score.objects.filter(province=province, node=Score.Node.OVERALL, rank__isnull=False).order_by("-year").first()
    )
    published = PublishedResult.objects.filter(province=province, rank__isnull=False).order_by("-year").first()
    # The rank judged against the goal: the latest year known; what was published wins over what we computed,
    # and a rank computed from sample data is shown but never judged.
    latest = max(
        [(r.year, 1, r.rank) for r in (published,) if r]
        + [(r.year, 0, r.rank) for r in (computed,) if r and not r.is_sample],
        default=None,
    )
    return {
        "province": province,
        "successor": province.successor,
        "rank": latest[2] if latest else None,
        "rank_year": latest[0] if latest else None,
        "computed": computed,
        "published": published,
        "target_rank": settings.target_rank,
    }
