"""Reads for the path to the target rank and the what-if projections: the year's scoring inputs (three queries)
handed to indicators/planning.py, plus the indicators' names and linked tasks for the page."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings

from indicators import planning, scoring
from indicators.models import Framework, Indicator, Province
from indicators.selectors import framework_for_year
from indicators.services import scoring_inputs


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
        target_rank=settings.DXT_TARGET_RANK,
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


def province_path(*, province: Province, year: int) -> PathPage:
    """The path table of a province and year. Five queries: three for the scoring inputs, the indicators and
    their linked tasks."""
    framework, nodes, provinces, observations = _inputs(year)
    path = planning.path(nodes, provinces, observations, province_id=province.pk, target_rank=settings.DXT_TARGET_RANK)
    indicators = {i.pk: i for i in Indicator.objects.filter(framework=framework).prefetch_related("tasks__lead_unit")}
    return PathPage(
        framework=framework, year=year, path=path, indicators=indicators, target_rank=settings.DXT_TARGET_RANK
    )
