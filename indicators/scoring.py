"""DTI scoring: observations in, scores out. Pure Python (no Django), so it is tested and benchmarked alone.

The rules (METHODOLOGY.md; 922/QĐ-BTTTT):
- a node's value is its own observation when there is one; otherwise its points are the sum of its scored
  children's points and its value is points ÷ its max points;
- points = value × max points;
- a pillar's value = (points of every main indicator that counts in the pillar) ÷ (their max points): the
  foundation indicators count in all three pillars, each activity indicator in its own;
- the overall value = all scored main-indicator points ÷ their total max points;
- ranks per node and ranking group, on the value at the published precision (4 decimals), ties sharing a
  rank (1, 2, 2, 4), as in the published 2022 ranking (two provinces 15th, the next 17th).

Missing observations (the policy shown on the pages): a node is computed only when every scored part of it
is known; it is never taken as 0. A province missing any scored main indicator gets no overall value and no
overall rank for that year: it is listed as incomplete, with the missing codes. Its complete pillars and
indicators are still scored and ranked.

Scores are given for the main indicators, every indicator computed from its children, the pillars and the
overall value; a component leaf's value is its observation and is not repeated as a score.

Merged provinces (the ministry's rule for the 2024 results in the 34-province group): a successor's value
for each main indicator is the mean of its predecessors' values, unless it has its own observation; then it
is scored as usual. A main indicator missing in any predecessor is missing in the successor.

A framework with a scored indicator whose max points are not entered refuses to score (`MissingMaxPoints`),
naming them: the max points are never guessed.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

PILLARS = ("government", "economy", "society")
OVERALL = "overall"
RANK_DECIMALS = 4
SCORING_VERSION = "1"  # bump when the rules change, so unchanged inputs are still rescored once


class ScoringError(Exception):
    """The framework cannot be scored as defined; the message says why."""


class MissingMaxPoints(ScoringError):
    def __init__(self, codes: list[str]):
        self.codes = codes
        super().__init__("Max points not entered for: " + ", ".join(codes))


class InconsistentMaxPoints(ScoringError):
    def __init__(self, codes: list[str]):
        self.codes = codes
        super().__init__("Max points of the children do not add up to the parent's for: " + ", ".join(codes))


@dataclass(frozen=True)
class Node:
    id: int
    code: str
    parent_id: int | None
    max_points: float | None
    scored: bool = True
    pillars: tuple[str, ...] = ()


@dataclass(frozen=True)
class ProvinceIn:
    id: int
    group: str = ""
    evaluated: bool = True
    predecessors: tuple[int, ...] = ()


@dataclass(frozen=True)
class ScoreOut:
    province_id: int
    node: str  # "overall", a pillar name, or "ind:<indicator id>"
    indicator_id: int | None
    value: float | None
    points: float | None
    rank: int | None = None
    missing: tuple[str, ...] = ()


@dataclass
class Result:
    scores: list[ScoreOut]
    incomplete: dict[int, tuple[str, ...]] = field(default_factory=dict)  # province id -> missing main codes


def indicator_node(indicator_id: int) -> str:
    return f"ind:{indicator_id}"


def validate(nodes: Iterable[Node]) -> None:
    """Refuse a framework whose scored indicators lack max points, or whose children do not add up."""
    nodes = list(nodes)
    missing = [n.code for n in nodes if n.scored and n.max_points is None]
    if missing:
        raise MissingMaxPoints(sorted(missing))
    children: dict[int, list[Node]] = defaultdict(list)
    for n in nodes:
        if n.parent_id is not None and n.scored:
            children[n.parent_id].append(n)
    bad = [
        n.code
        for n in nodes
        if n.scored and children.get(n.id) and abs(sum(c.max_points for c in children[n.id]) - n.max_points) > 1e-9
    ]
    if bad:
        raise InconsistentMaxPoints(sorted(bad))


def competition_ranks(values: Mapping[int, float], decimals: int = RANK_DECIMALS) -> dict[int, int]:
    """Rank keys by value, highest first; equal values (at `decimals`) share a rank: 1, 2, 2, 4."""
    ordered = sorted(values.items(), key=lambda kv: -kv[1])
    ranks: dict[int, int] = {}
    previous, rank = None, 0
    for position, (key, value) in enumerate(ordered, start=1):
        rounded = round(value, decimals)
        if rounded != previous:
            rank, previous = position, rounded
        ranks[key] = rank
    return ranks


def score(
    nodes: Iterable[Node],
    provinces: Iterable[ProvinceIn],
    observations: Mapping[tuple[int, int], float],
) -> Result:
    """Score every evaluated province of one framework-year. `observations` maps (province id, indicator id)
    to a value on the 0-1 scale. Raises ScoringError if the framework cannot be scored."""
    nodes = [n for n in nodes if n.scored]
    validate(nodes)
    provinces = list(provinces)
    children: dict[int | None, list[Node]] = defaultdict(list)
    for n in nodes:
        children[n.parent_id].append(n)
    mains = children[None]
    by_province: dict[int, dict[int, float]] = defaultdict(dict)
    for (province_id, indicator_id), value in observations.items():
        by_province[province_id][indicator_id] = value

    def points_of(own: dict[int, float], out: dict[int, float], node: Node) -> float | None:
        """Points of `node` (recording every computed node's points in `out`), None when unknown."""
        if node.id in own:
            points = own[node.id] * node.max_points
        else:
            kids = children.get(node.id)
            if not kids:
                return None
            parts = [points_of(own, out, k) for k in kids]
            if any(p is None for p in parts):
                return None
            points = sum(parts)
        out[node.id] = points
        return points

    # Points per province and node, predecessors first so successors can take their mean.
    computed: dict[int, dict[int, float]] = {}
    for p in provinces:
        if not p.predecessors:
            out: dict[int, float] = {}
            for main in mains:
                points_of(by_province.get(p.id, {}), out, main)
            computed[p.id] = out
    for p in provinces:
        if p.predecessors:
            own = dict(by_province.get(p.id, {}))
            for main in mains:
                if main.id in own:
                    continue
                values = []
                for pred in p.predecessors:
                    pts = computed.get(pred, {}).get(main.id)
                    values.append(None if pts is None or not main.max_points else pts / main.max_points)
                if values and all(v is not None for v in values):
                    own[main.id] = sum(values) / len(values)
            out = {}
            for main in mains:
                points_of(own, out, main)
            computed[p.id] = out

    node_by_id = {n.id: n for n in nodes}
    # Main indicators and every indicator computed from children get a score; a component leaf below a main
    # indicator does not: its value is its observation, and storing it again would only copy it.
    reported = {m.id for m in mains} | {pid for pid in children if pid is not None}
    total_max = sum(m.max_points for m in mains)
    pillar_mains = {pl: [m for m in mains if pl in m.pillars] for pl in PILLARS}
    rows: dict[tuple[int, str], ScoreOut] = {}
    incomplete: dict[int, tuple[str, ...]] = {}
    for p in provinces:
        if not p.evaluated:
            continue
        pts = computed.get(p.id, {})
        if not pts:
            continue  # no data at all for this province and year: not listed
        for node_id, points in pts.items():
            if node_id not in reported:
                continue
            n = node_by_id[node_id]
            value = points / n.max_points if n.max_points else None
            rows[(p.id, indicator_node(node_id))] = ScoreOut(p.id, indicator_node(node_id), node_id, value, points)
        for pillar, members in pillar_mains.items():
            pillar_max = sum(m.max_points for m in members)
            if members and pillar_max and all(m.id in pts for m in members):
                points = sum(pts[m.id] for m in members)
                rows[(p.id, pillar)] = ScoreOut(p.id, pillar, None, points / pillar_max, points)
        missing = tuple(m.code for m in mains if m.id not in pts)
        if missing or not total_max:
            incomplete[p.id] = missing
            rows[(p.id, OVERALL)] = ScoreOut(p.id, OVERALL, None, None, None, missing=missing)
        else:
            points = sum(pts[m.id] for m in mains)
            rows[(p.id, OVERALL)] = ScoreOut(p.id, OVERALL, None, points / total_max, points)

    # Ranks per node within each ranking group.
    group_of = {p.id: p.group for p in provinces}
    buckets: dict[tuple[str, str], dict[int, float]] = defaultdict(dict)
    for (province_id, node), row in rows.items():
        if row.value is not None:
            buckets[(node, group_of[province_id])][province_id] = row.value
    for (node, _group), values in buckets.items():
        for province_id, rank in competition_ranks(values).items():
            row = rows[(province_id, node)]
            rows[(province_id, node)] = ScoreOut(
                row.province_id, row.node, row.indicator_id, row.value, row.points, rank, row.missing
            )
    return Result(scores=list(rows.values()), incomplete=incomplete)


def checksum(
    nodes: Iterable[Node], provinces: Iterable[ProvinceIn], observations: Mapping[tuple[int, int], float]
) -> str:
    """A fingerprint of everything `score` depends on: same inputs, same checksum, whatever the order."""
    digest = hashlib.sha256(SCORING_VERSION.encode())
    digest.update(
        repr(
            sorted((n.id, n.code, n.parent_id, n.max_points, n.scored, tuple(sorted(n.pillars))) for n in nodes)
        ).encode()
    )
    digest.update(repr(sorted((p.id, p.group, p.evaluated, tuple(sorted(p.predecessors))) for p in provinces)).encode())
    digest.update(repr(sorted((k[0], k[1], float(v)) for k, v in observations.items())).encode())
    return digest.hexdigest()
