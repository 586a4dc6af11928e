"""Reads for the DTI pages: a fixed number of queries whatever the number of provinces or years."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Avg, Count, Q
from django.shortcuts import get_object_or_404

from indicators.models import (
    Framework,
    Indicator,
    Province,
    PublishedAverage,
    PublishedResult,
    Score,
    ScoreRun,
)

PILLAR_NODES = [Score.Node.GOVERNMENT, Score.Node.ECONOMY, Score.Node.SOCIETY]
UNRANKED = 9999  # sorts unranked provinces last


def framework_for_year(year: int, frameworks: list[Framework] | None = None) -> Framework | None:
    for f in frameworks if frameworks is not None else Framework.objects.all():
        if f.covers(year):
            return f
    return None


def available_years() -> list[int]:
    """Every year with a framework, published results or scores (two queries)."""
    years = set(PublishedResult.objects.order_by().values_list("year", flat=True).distinct())
    years |= set(Score.objects.order_by().values_list("year", flat=True).distinct())
    return sorted(years)


def default_year() -> int | None:
    """The year with the most published ranks (the full 2022 list), the latest one on a tie."""
    row = (
        PublishedResult.objects.filter(rank__isnull=False)
        .values("year")
        .annotate(n=Count("pk"))
        .order_by("-n", "-year")
        .first()
    )
    return row["year"] if row else None


def ranking_year(asked: int | None) -> tuple[int | None, list[int]]:
    """(the ranking's year, every year): the year asked for when there is data for it, else the default year, else
    the latest. Two or three queries."""
    years = available_years()
    year = asked
    if year not in years:
        year = default_year() or (years[-1] if years else None)
    return year, years


def dashboard_province() -> Province | None:
    """The province the dashboard is about (settings.DXT_PROVINCE), as it was before the merger when both exist."""
    return (
        Province.objects.filter(Q(name=settings.DXT_PROVINCE) | Q(code=settings.DXT_PROVINCE))
        .select_related("successor")
        .order_by("-group")  # "63" before "34"
        .first()
    )


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
    target_rank = settings.DXT_TARGET_RANK
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


def indicator_or_404(pk: int) -> Indicator:
    return get_object_or_404(Indicator.objects.select_related("framework", "parent"), pk=pk)


def indicator_distribution(*, indicator: Indicator, year: int | None) -> tuple[int | None, list[int], list[dict]]:
    """Computed values of one indicator across provinces for a year (latest by default). Two queries."""
    years = sorted(Score.objects.filter(indicator=indicator).order_by().values_list("year", flat=True).distinct())
    if year not in years:
        year = years[-1] if years else None
    rows = list(
        Score.objects.filter(indicator=indicator, year=year, value__isnull=False)
        .order_by("-value")
        .values("province_id", "province__name", "province__group", "value", "points", "rank", "is_sample")
    )
    return year, years, rows


def indicator_tasks(*, indicator: Indicator):
    return indicator.tasks.with_timeliness().select_related("lead_unit", "plan").order_by("due_date", "code")


def latest_rank_card() -> dict:
    """The home-page card: the dashboard province's latest computed and published rank against the goal.
    Three queries."""
    province = dashboard_province()
    if province is None:
        return {"province": None, "target_rank": settings.DXT_TARGET_RANK}
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
        "target_rank": settings.DXT_TARGET_RANK,
    }


def published_average(year: int, group: str) -> PublishedAverage | None:
    """The provincial average published for that year and ranking group (empty group: the year's only one)."""
    return PublishedAverage.objects.filter(year=year).filter(Q(group="") | Q(group=group)).first()


def recent_score_runs(limit: int = 10) -> list[ScoreRun]:
    """The latest recomputations, newest first, for the import page."""
    return list(ScoreRun.objects.select_related("framework")[:limit])
