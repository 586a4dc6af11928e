"""Reads for the path to the target rank and the what-if projections: the year's scoring inputs (three queries)
handed to indicators/planning.py, plus the indicators' names and linked tasks for the page."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Max

from indicators import planning, scoring
from indicators.models import Framework, Indicator, LinkProjection, Province, Scenario, Score
from indicators.selectors.common import framework_for_year
from indicators.services import scoring_inputs
from plans.selectors import programme


class UnknownCode(planning.ProjectionError):
    pass


def _inputs(year: int):
    framework = framework_for_year(year)
    if framework is None:
        raise planning.ProjectionError(f"no framework covers {year}")
    nodes, provinces, observations, _sample = scoring_inputs(framework=framework, year=year)
    return framework, nodes, provinces, observations


def ids_by_code(nodes: list[scoring.Node], values: dict[str, float]) -> dict[int, float]:
    """Indicator codes -> ids of the year's framework; an unknown or unscored code is refused by name."""
    by_code = {n.code: n.id for n in nodes if n.scored}
    unknown = sorted(set(values) - set(by_code))
    if unknown:
        raise UnknownCode("unknown indicator codes: " + ", ".join(unknown))
    return {by_code[code]: value for code, value in values.items()}


def projection(*, province: Province, year: int, values: dict[str, float]) -> planning.Projection:
    """The province's current and projected score and rank when its indicators (by code) take `values`."""
    _framework, nodes, provinces, observations = _inputs(year)
    return planning.project(
        nodes,
        provinces,
        observations,
        province_id=province.pk,
        overrides=ids_by_code(nodes, values),
        target_rank=programme.programme_settings().target_rank,
    )


def projection_json(*, province: Province, year: int, values: dict[str, float]) -> dict:
    """What `manage.py dti_whatif` prints: scores unrounded, ranks as the ranking page gives them."""
    result = projection(province=province, year=year, values=values)
    return {
        "province": province.name,
        "year": year,
        "current": {"score": result.current.value, "rank": result.current.rank},
        "projected": {"score": result.projected.value, "rank": result.projected.rank},
        "gap_to_target_points": result.gap_to_target_points,
    }


@dataclass
class PathPage:
    framework: Framework
    year: int
    path: planning.Path
    indicators: dict[int, Indicator]  # with their linked tasks prefetched
    target_rank: int

    def rows(self) -> list[dict]:
        """The path's main indicators (largest gain first), each with its indicator, linked tasks and components."""
        return [self._row(r) for r in self.path.rows]

    def _row(self, row: planning.PathRow) -> dict:
        indicator = self.indicators[row.indicator_id]
        return {
            "row": row,
            "indicator": indicator,
            "tasks": list(indicator.tasks.all()),
            "components": [self._row(c) for c in row.components],
        }


def province_path(*, province: Province, year: int) -> PathPage:
    """The path table of a province and year. Five queries: three for the scoring inputs, the indicators and
    their linked tasks."""
    framework, nodes, provinces, observations = _inputs(year)
    target_rank = programme.programme_settings().target_rank
    path = planning.path(nodes, provinces, observations, province_id=province.pk, target_rank=target_rank)
    indicators = {i.pk: i for i in Indicator.objects.filter(framework=framework).prefetch_related("tasks__lead_unit")}
    return PathPage(framework=framework, year=year, path=path, indicators=indicators, target_rank=target_rank)


def plan_years(province: Province) -> list[int]:
    """The years in which the province has a computed overall value (one query)."""
    return sorted(
        Score.objects.filter(province=province, node=Score.Node.OVERALL, value__isnull=False).values_list(
            "year", flat=True
        )
    )


def linked_values(*, framework: Framework) -> dict[str, float]:
    """ "All linked tasks complete": each indicator's projected value, the highest of its task links' (one query)."""
    rows = (
        LinkProjection.objects.filter(indicator__framework=framework)
        .values("indicator__code")
        .annotate(best=Max("projected_value"))
        .values_list("indicator__code", "best")
    )
    return dict(rows)


@dataclass
class PlanPage:
    province: Province
    year: int | None
    years: list[int]
    codes: list[str] = field(default_factory=list)
    page: PathPage | None = None
    projection: planning.Projection | None = None
    values: dict[str, float] = field(default_factory=dict)
    error: str = ""
    scenarios: list[dict] = field(default_factory=list)
    scenario_codes: list[str] = field(default_factory=list)


def scored_codes(year: int) -> list[str]:
    framework = framework_for_year(year)
    if framework is None:
        return []
    return list(
        Indicator.objects.filter(framework=framework, scored=True)
        .order_by("position", "code")
        .values_list("code", flat=True)
    )


def plan_year(*, province: Province, year: int | None) -> int | None:
    """The year asked for when the province has a computed value then, else its latest such year (one query)."""
    years = plan_years(province)
    return year if year in years else (years[-1] if years else None)


def plan_page(*, province: Province, year: int | None, values: dict[str, float], linked: bool) -> PlanPage:
    """The path table, the projection of `values` (plus the linked tasks' values when `linked`; typed values win)
    and the saved scenarios of the province and year, each projected on today's data."""
    years = plan_years(province)
    out = PlanPage(province=province, year=year, years=years)
    if year is None:
        return out
    out.codes = scored_codes(year)
    try:
        out.page = province_path(province=province, year=year)
        if linked:
            values = {**linked_values(framework=out.page.framework), **values}
        out.values = values
        if values:
            out.projection = projection(province=province, year=year, values=values)
    except planning.ProjectionError as exc:
        out.error = str(exc)
    out.scenarios, out.scenario_codes = _scenarios(province, year)
    return out


def _scenarios(province: Province, year: int) -> tuple[list[dict], list[str]]:
    """The ten latest saved scenarios with their projection (each scored afresh), and the codes any of them sets."""
    rows = []
    for scenario in Scenario.objects.filter(province=province, year=year).select_related("created_by")[:10]:
        try:
            result = projection(province=province, year=year, values=scenario.values)
        except planning.ProjectionError as exc:
            result, error = None, str(exc)
        else:
            error = ""
        rows.append({"scenario": scenario, "projection": result, "error": error})
    codes = sorted({code for r in rows for code in r["scenario"].values})
    return rows, codes
