"""The path to the target rank and "what if" projections, on the year's scoring inputs. Pure Python (no Django).

A projection is never a second formula: the year's observations, with some of the province's values replaced,
are scored again by `scoring.score`, and the province's projected score and rank are read from that result,
against every other province's values of the same year.

Points are on the framework's scale (1000 points for 922/QĐ-BTTTT); a component indicator's points are part of
its main indicator's, so the path's greedy plan (which points to take first) runs over the main indicators.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from indicators import scoring


class ProjectionError(ValueError):
    """The projection cannot be scored; the message says why."""


@dataclass(frozen=True)
class Standing:
    points: float
    value: float
    rank: int | None


@dataclass(frozen=True)
class Projection:
    current: Standing
    projected: Standing
    gap_to_target_points: float  # points the projected province still lacks to reach the target rank (0: reached)
    gap_to_leader_points: float


@dataclass
class PathRow:
    indicator_id: int
    code: str
    max_points: float
    points: float | None
    gain: float | None  # max points − points: what is still available
    needed: float = 0.0  # the part of the gain that closes the gap, taking the largest gains first
    components: list[PathRow] = field(default_factory=list)


@dataclass
class Path:
    current: Standing
    gap_to_target_points: float
    gap_to_leader_points: float
    rows: list[PathRow]


def overall_of(result: scoring.Result, province_id: int) -> Standing | None:
    for row in result.scores:
        if row.province_id == province_id and row.node == scoring.OVERALL and row.value is not None:
            return Standing(points=row.points, value=row.value, rank=row.rank)
    return None


def points_to_rank(
    result: scoring.Result, provinces: Iterable[scoring.ProvinceIn], province_id: int, rank: int, own_points: float
) -> float:
    """Points the province lacks to reach `rank` in its group: to the rank-th best of the other provinces
    (reaching its value ties with it, at rank or better); 0 when there are fewer others or it is already ahead."""
    group_of = {p.id: p.group for p in provinces}
    others = sorted(
        (
            row.points
            for row in result.scores
            if row.node == scoring.OVERALL
            and row.points is not None
            and row.province_id != province_id
            and group_of.get(row.province_id) == group_of.get(province_id)
        ),
        reverse=True,
    )
    if len(others) < rank:
        return 0.0
    return max(0.0, others[rank - 1] - own_points)


def with_overrides(
    nodes: Iterable[scoring.Node],
    observations: Mapping[tuple[int, int], float],
    province_id: int,
    overrides: Mapping[int, float],
) -> dict[tuple[int, int], float]:
    """The observations with the province's values replaced. An overridden component counts only if its main
    indicator is computed from its components: the ancestors' own values are dropped (scoring then needs every
    component of them, else the projection is refused as incomplete)."""
    parent_of = {n.id: n.parent_id for n in nodes}
    out = dict(observations)
    for indicator_id, value in overrides.items():
        if not 0 <= value <= 1:
            raise ProjectionError(f"value out of 0-1: {value}")
        out[(province_id, indicator_id)] = value
        parent = parent_of.get(indicator_id)
        while parent is not None:
            if (province_id, parent) in out and parent not in overrides:
                del out[(province_id, parent)]
            parent = parent_of.get(parent)
    return out


def project(
    nodes: Iterable[scoring.Node],
    provinces: Iterable[scoring.ProvinceIn],
    observations: Mapping[tuple[int, int], float],
    *,
    province_id: int,
    overrides: Mapping[int, float],
    target_rank: int,
) -> Projection:
    """The province's current and projected overall score and rank, by `scoring.score` on the same inputs with
    `overrides` (indicator id -> value 0-1) in place of its own values."""
    nodes, provinces = list(nodes), list(provinces)
    current = overall_of(scoring.score(nodes, provinces, observations), province_id)
    if current is None:
        raise ProjectionError("the province has no overall score this year")
    projected_result = scoring.score(nodes, provinces, with_overrides(nodes, observations, province_id, overrides))
    projected = overall_of(projected_result, province_id)
    if projected is None:
        missing = next(
            (r.missing for r in projected_result.scores if r.province_id == province_id and r.node == scoring.OVERALL),
            (),
        )
        raise ProjectionError("the projection leaves main indicators unknown: " + ", ".join(missing))
    return Projection(
        current=current,
        projected=projected,
        gap_to_target_points=_gap(projected_result, provinces, province_id, target_rank, projected),
        gap_to_leader_points=_gap(projected_result, provinces, province_id, 1, projected),
    )


def _gap(result, provinces, province_id: int, rank: int, standing: Standing) -> float:
    if standing.rank is not None and standing.rank <= rank:
        return 0.0
    return points_to_rank(result, provinces, province_id, rank, standing.points)


def path(
    nodes: Iterable[scoring.Node],
    provinces: Iterable[scoring.ProvinceIn],
    observations: Mapping[tuple[int, int], float],
    *,
    province_id: int,
    target_rank: int,
) -> Path:
    """Points lacking to the target rank and to rank 1, and per main indicator (with its components) the points
    still available, largest first; `needed` shares the gap to the target out over the largest gains."""
    nodes, provinces = [n for n in nodes if n.scored], list(provinces)
    result = scoring.score(nodes, provinces, observations)
    current = overall_of(result, province_id)
    if current is None:
        raise ProjectionError("the province has no overall score this year")
    computed = {r.indicator_id: r.points for r in result.scores if r.province_id == province_id and r.indicator_id}
    rows = [_path_row(n, nodes, observations, province_id, computed) for n in nodes if n.parent_id is None]
    rows.sort(key=lambda r: (-(r.gain or 0), r.code))
    gap_target = _gap(result, provinces, province_id, target_rank, current)
    remaining = gap_target
    for row in rows:
        row.needed = min(row.gain or 0.0, remaining)
        remaining -= row.needed
    return Path(
        current=current,
        gap_to_target_points=gap_target,
        gap_to_leader_points=_gap(result, provinces, province_id, 1, current),
        rows=rows,
    )


def _path_row(node, nodes, observations, province_id, computed) -> PathRow:
    points = computed.get(node.id)
    if points is None and (province_id, node.id) in observations:
        points = observations[(province_id, node.id)] * node.max_points
    children = [_path_row(c, nodes, observations, province_id, computed) for c in nodes if c.parent_id == node.id]
    children.sort(key=lambda r: (-(r.gain or 0), r.code))
    return PathRow(
        indicator_id=node.id,
        code=node.code,
        max_points=node.max_points,
        points=points,
        gain=None if points is None else node.max_points - points,
        components=children,
    )
