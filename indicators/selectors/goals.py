"""Goals read their values from the data: a goal with a GoalMeasure gets its current value, year and source
from the published result where one exists, else from the computed score (marked computed, and sample when
its inputs are), for the province or, after the 2025 merger, its successor."""

from __future__ import annotations

from dataclasses import dataclass

from indicators.models import GoalMeasure, PublishedResult, Score


@dataclass(frozen=True)
class Measurement:
    value: float | None
    year: int
    source: str
    computed: bool
    sample: bool
    province: str
    met: bool | None


def _provinces(measure: GoalMeasure) -> list:
    province = measure.province
    return [province, province.successor] if measure.follow_successor and province.successor_id else [province]


def measurement(measure: GoalMeasure) -> Measurement | None:
    """The latest value of what the goal measures; a published value wins over a computed one of the same year."""
    provinces = _provinces(measure)
    published = _published(measure, provinces)
    computed = _computed(measure, provinces)
    if published is None and computed is None:
        return None
    if computed is None or (published is not None and published.year >= computed.year):
        value = published.rank if measure.kind == GoalMeasure.Kind.INDEX_RANK else published.value
        found = Measurement(value, published.year, published.source, False, False, published.province.name, None)
    else:
        value = computed.rank if measure.kind == GoalMeasure.Kind.INDEX_RANK else computed.value
        found = Measurement(value, computed.year, "", True, computed.is_sample, computed.province.name, None)
    return Measurement(**{**found.__dict__, "met": _met(measure.goal, found.value)})


def _published(measure: GoalMeasure, provinces: list):
    if measure.kind == GoalMeasure.Kind.INDICATOR_VALUE:
        return None  # the ministry publishes the index, not each indicator
    field = "rank" if measure.kind == GoalMeasure.Kind.INDEX_RANK else "value"
    return (
        PublishedResult.objects.filter(province__in=provinces, **{f"{field}__isnull": False})
        .select_related("province")
        .order_by("-year")
        .first()
    )


def _computed(measure: GoalMeasure, provinces: list):
    scores = Score.objects.filter(province__in=provinces, value__isnull=False).select_related("province")
    if measure.kind == GoalMeasure.Kind.INDICATOR_VALUE:
        scores = scores.filter(indicator=measure.indicator)
    else:
        scores = scores.filter(node=Score.Node.OVERALL, rank__isnull=False)
    return scores.order_by("-year").first()


def _met(goal, value) -> bool | None:
    if goal.target_value is None or value is None:
        return None
    if goal.direction == goal.Direction.AT_MOST:
        return value <= float(goal.target_value)
    return value >= float(goal.target_value)


def measured_goals() -> dict:
    """The overview's panel: every goal measured on the DTI, with its measurement."""
    measures = GoalMeasure.objects.select_related("goal__plan", "province__successor", "indicator").order_by("goal")
    return {"measured_goals": [{"measure": m, "measurement": measurement(m)} for m in measures]}
