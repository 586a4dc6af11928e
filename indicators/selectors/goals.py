"""Goals read their values from the data: a goal with a GoalMeasure gets its current value, year and source
from the published result where one exists, else from the computed score (marked computed, and sample when
its inputs are), for the province or, after the 2025 merger, its successor. A leaf indicator (one that gets no
score of its own) is read from its observation, with the observation's source.

Registered as plans' goal reader (indicators/apps.py): the overview's goal table reads every measured goal in
a fixed number of queries (`goal_readings`)."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from indicators.models import GoalMeasure, Observation, PublishedResult, Score
from plans.extensions import GoalReading


@dataclass(frozen=True)
class Measurement:
    value: float | None
    year: int
    source: str
    computed: bool
    sample: bool
    province: str
    met: bool | None
    observed: bool = False  # a leaf indicator's observation, not a score


@dataclass
class _Data:
    """What the measures read, fetched once for all of them."""

    published: list
    overall: list
    indicator_scores: list
    observations: list


def _provinces(measure: GoalMeasure) -> list:
    province = measure.province
    return [province, province.successor] if measure.follow_successor and province.successor_id else [province]


def _fetch(measures: list[GoalMeasure]) -> _Data:
    """Four queries at most, whatever the number of measures: published results and overall scores of their
    provinces; the scores and observations of the indicators they measure."""
    provinces = {p.pk for m in measures for p in _provinces(m)}
    indicators = {m.indicator_id for m in measures if m.kind == GoalMeasure.Kind.INDICATOR_VALUE}
    index_kinds = any(m.kind != GoalMeasure.Kind.INDICATOR_VALUE for m in measures)
    data = _Data([], [], [], [])
    if index_kinds:
        data.published = list(
            PublishedResult.objects.filter(province__in=provinces).select_related("province").order_by("-year")
        )
        data.overall = list(
            Score.objects.filter(province__in=provinces, node=Score.Node.OVERALL, value__isnull=False)
            .exclude(rank__isnull=True)
            .select_related("province")
            .order_by("-year")
        )
    if indicators:
        data.indicator_scores = list(
            Score.objects.filter(province__in=provinces, indicator__in=indicators, value__isnull=False)
            .select_related("province")
            .order_by("-year")
        )
        data.observations = list(
            Observation.objects.filter(province__in=provinces, indicator__in=indicators)
            .select_related("province")
            .order_by("-year")
        )
    return data


def _latest(rows: list, provinces: list, **match):
    """The newest row (rows come newest first) of one of `provinces` whose attributes equal `match`."""
    ids = {p.pk for p in provinces}
    for row in rows:
        if row.province_id in ids and all(getattr(row, k) == v for k, v in match.items()):
            return row
    return None


def _observed(measure: GoalMeasure, observed) -> Measurement:
    o = observed
    return _met(measure, Measurement(o.value, o.year, o.source, False, o.is_sample, o.province.name, None, True))


def _sources(measure: GoalMeasure, data: _Data, provinces: list, rank: bool):
    """The newest published and computed rows for the measure, or (for an indicator that gets no score of its
    own, or whose observation is newer) its observation as the Measurement itself."""
    if measure.kind == GoalMeasure.Kind.INDICATOR_VALUE:
        # The ministry publishes the index, not each indicator: a score where the indicator gets one, else
        # (a leaf) its observation.
        computed = _latest(data.indicator_scores, provinces, indicator_id=measure.indicator_id)
        observed = _latest(data.observations, provinces, indicator_id=measure.indicator_id)
        if observed is not None and (computed is None or observed.year > computed.year):
            return None, None, _observed(measure, observed)
        return None, computed, None
    ids = {p.pk for p in provinces}
    published = next(
        (r for r in data.published if r.province_id in ids and (r.rank if rank else r.value) is not None), None
    )
    return published, _latest(data.overall, provinces), None


def _measure(measure: GoalMeasure, data: _Data) -> Measurement | None:
    rank = measure.kind == GoalMeasure.Kind.INDEX_RANK
    published, computed, observed = _sources(measure, data, _provinces(measure), rank)
    if observed is not None:
        return observed
    if published is None and computed is None:
        return None
    if computed is None or (published is not None and published.year >= computed.year):
        value = published.rank if rank else published.value
        found = Measurement(value, published.year, published.source, False, False, published.province.name, None)
    else:
        value = computed.rank if rank else computed.value
        found = Measurement(value, computed.year, "", True, computed.is_sample, computed.province.name, None)
    return _met(measure, found)


def _met(measure: GoalMeasure, found: Measurement) -> Measurement:
    return Measurement(**{**found.__dict__, "met": measure.goal.meets(found.value)})


def measurement(measure: GoalMeasure) -> Measurement | None:
    """The latest value of what the goal measures; a published value wins over a computed one of the same year."""
    return _measure(measure, _fetch([measure]))


def _kind(m: Measurement) -> str:
    if m.observed:
        return "sample" if m.sample else "recorded"
    if m.computed:
        return "computed_sample" if m.sample else "computed"
    return "published"


def _detail(measure: GoalMeasure, m: Measurement) -> str:
    what = measure.get_kind_display()
    if measure.indicator_id and measure.kind == GoalMeasure.Kind.INDICATOR_VALUE:
        what = f"{what} {measure.indicator.code}"
    if m.province != measure.province.name:
        return _("%(what)s · %(province)s (merged into %(successor)s)") % {
            "what": what,
            "province": measure.province.name,
            "successor": m.province,
        }
    return f"{what} · {m.province}"


def goal_readings(goals: list) -> dict[int, GoalReading]:
    """plans' goal reader: the readings of the given goals that are measured on the DX index, by goal id.
    One query when none is measured; five at most otherwise (the measures, then `_fetch`)."""
    if not goals:
        return {}
    by_id = {goal.pk: goal for goal in goals}
    measures = list(GoalMeasure.objects.filter(goal__in=by_id).select_related("province__successor", "indicator"))
    for measure in measures:
        measure.goal = by_id[measure.goal_id]  # the caller's goal: no query for it
    if not measures:
        return {}
    data = _fetch(measures)
    readings = {}
    for measure in measures:
        m = _measure(measure, data)
        if m is None:
            readings[measure.goal_id] = GoalReading(
                value=None, year=None, kind="no_data", detail=measure.get_kind_display()
            )
            continue
        readings[measure.goal_id] = GoalReading(
            value=m.value, year=m.year, kind=_kind(m), source=m.source, met=m.met, detail=_detail(measure, m)
        )
    return readings
