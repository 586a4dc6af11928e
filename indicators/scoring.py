"""DTI scoring: observations in, scores out. Plain Python and numpy (no Django), so it is tested and benchmarked
alone.

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
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from itertools import chain
from operator import itemgetter
from typing import NamedTuple

import numpy as np

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


class ScoreOut(NamedTuple):
    """One computed score (a named tuple: built ~1,000 times a year scored, five times cheaper than a frozen
    dataclass)."""

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
    bad = _inconsistent_max_points(nodes)
    if bad:
        raise InconsistentMaxPoints(sorted(bad))


def _inconsistent_max_points(nodes: list[Node]) -> list[str]:
    """Codes of the scored indicators whose scored children's max points do not add up to their own."""
    children: dict[int, list[Node]] = defaultdict(list)
    for n in nodes:
        if n.parent_id is not None and n.scored:
            children[n.parent_id].append(n)
    return [
        n.code
        for n in nodes
        if n.scored and children.get(n.id) and abs(sum(c.max_points for c in children[n.id]) - n.max_points) > 1e-9
    ]


def competition_ranks(values: Mapping[int, float], decimals: int = RANK_DECIMALS) -> dict[int, int]:
    """Rank keys by value, highest first; equal values (at `decimals`) share a rank: 1, 2, 2, 4."""
    ordered = sorted(values.items(), key=itemgetter(1), reverse=True)  # stable: equal values keep their order
    ranks: dict[int, int] = {}
    previous, rank = None, 0
    for position, (key, value) in enumerate(ordered, start=1):
        rounded = round(value, decimals)
        if rounded != previous:
            rank, previous = position, rounded
        ranks[key] = rank
    return ranks


@dataclass(frozen=True)
class _Framework:
    """The scored tree of one framework, with what every province's scoring reads from it."""

    mains: list[Node]
    kids: dict[int, tuple[tuple[int, float, bool], ...]]  # node id -> its children's (id, max points, has children)
    reported: tuple[tuple[int, str, float], ...]  # (id, node name, max points) of the nodes given a score, post-order
    total_max: float
    pillar_mains: dict[str, tuple[tuple[int, ...], float]]  # pillar -> (its main indicators' ids, their max points)

    @classmethod
    def of(cls, nodes: list[Node]) -> _Framework:
        children: dict[int | None, list[Node]] = defaultdict(list)
        for n in nodes:
            children[n.parent_id].append(n)
        mains = children[None]
        # Main indicators and every indicator computed from children get a score; a component leaf below a
        # main indicator does not: its value is its observation, and storing it again would only copy it.
        reported = {m.id for m in mains} | {pid for pid in children if pid is not None}
        return cls(
            mains=mains,
            kids={pid: tuple((k.id, k.max_points, k.id in children) for k in ks) for pid, ks in children.items()},
            reported=tuple(
                (n.id, indicator_node(n.id), n.max_points) for n in _post_order(mains, children) if n.id in reported
            ),
            total_max=sum(m.max_points for m in mains),
            pillar_mains={pillar: _pillar_members(mains, pillar) for pillar in PILLARS},
        )

    def points_of(self, own: Mapping[int, float], out: dict[int, float], node_id: int, max_points: float):
        """Points of a node (recording every computed node's points in `out`, children before their parent),
        None when unknown. A node's own observation wins over its children, which are then not computed."""
        if node_id in own:
            points = own[node_id] * max_points
        else:
            kids = self.kids.get(node_id)
            if not kids:
                return None
            known, points = True, 0  # summed in the children's order, as sum() would
            for kid_id, kid_max, has_kids in kids:
                if kid_id in own:
                    part = out[kid_id] = own[kid_id] * kid_max
                elif has_kids:
                    part = self.points_of(own, out, kid_id, kid_max)
                else:
                    part = None
                if part is None:
                    known = False
                elif known:
                    points += part
            if not known:
                return None
        out[node_id] = points
        return points

    def points(self, own: Mapping[int, float]) -> dict[int, float]:
        """Points of every node that can be computed from the values `own` (by indicator id)."""
        out: dict[int, float] = {}
        for main in self.mains:
            self.points_of(own, out, main.id, main.max_points)
        return out


def _post_order(tops: list[Node], children: Mapping[int | None, list[Node]]) -> Iterator[Node]:
    """Every node below and including `tops`, children (in order) before their parent."""
    for n in tops:
        yield from _post_order(children.get(n.id, []), children)
        yield n


def _pillar_members(mains: list[Node], pillar: str) -> tuple[tuple[int, ...], float]:
    """The ids of the main indicators that count in `pillar` (the foundation ones count in all three), their max
    points."""
    members = [m for m in mains if pillar in m.pillars]
    return tuple(m.id for m in members), sum(m.max_points for m in members)


def _merged_value(main: Node, predecessors: tuple[int, ...], computed: Mapping[int, dict[int, float]]) -> float | None:
    """A merged province's value of a main indicator: the mean of its predecessors' values, None when any is
    missing."""
    values = []
    for pred in predecessors:
        pts = computed.get(pred, {}).get(main.id)
        if pts is None or not main.max_points:
            return None
        values.append(pts / main.max_points)
    return sum(values) / len(values) if values else None


def _province_points(
    fw: _Framework, provinces: list[ProvinceIn], by_province: Mapping[int, dict[int, float]]
) -> dict[int, dict[int, float]]:
    """Points per province and node, predecessors first so that successors can take their mean."""
    computed = {p.id: fw.points(by_province.get(p.id, {})) for p in provinces if not p.predecessors}
    for p in provinces:
        if p.predecessors:
            own = dict(by_province.get(p.id, {}))
            for main in fw.mains:
                if main.id not in own:
                    value = _merged_value(main, p.predecessors, computed)
                    if value is not None:
                        own[main.id] = value
            computed[p.id] = fw.points(own)
    return computed


# A score row while it is built: [province id, node, indicator id, value, points, rank, missing]; a ScoreOut once
# ranked.
_Row = list


def _province_rows(fw: _Framework, province_id: int, pts: Mapping[int, float]) -> list[_Row]:
    """One province's unranked scores: its reported indicators, its complete pillars and its overall value."""
    return [
        *_indicator_rows(fw, province_id, pts),
        *_pillar_rows(fw, province_id, pts),
        _overall_row(fw, province_id, pts),
    ]


def _indicator_rows(fw: _Framework, province_id: int, pts: Mapping[int, float]) -> list[_Row]:
    rows = []
    for node_id, node, max_points in fw.reported:
        points = pts.get(node_id)
        if points is not None:
            value = points / max_points if max_points else None
            rows.append([province_id, node, node_id, value, points, None, ()])
    return rows


def _pillar_rows(fw: _Framework, province_id: int, pts: Mapping[int, float]) -> list[_Row]:
    rows = []
    for pillar, (members, pillar_max) in fw.pillar_mains.items():
        if members and pillar_max and all(m in pts for m in members):
            points = sum([pts[m] for m in members])
            rows.append([province_id, pillar, None, points / pillar_max, points, None, ()])
    return rows


def _overall_row(fw: _Framework, province_id: int, pts: Mapping[int, float]) -> _Row:
    """The overall value, or none with the missing main indicators' codes."""
    missing = tuple(m.code for m in fw.mains if m.id not in pts)
    if missing or not fw.total_max:
        return [province_id, OVERALL, None, None, None, None, missing]
    points = sum(pts[m.id] for m in fw.mains)
    return [province_id, OVERALL, None, points / fw.total_max, points, None, ()]


def _ranked(rows: dict[tuple[int, str], _Row], group_of: Mapping[int, str]) -> None:
    """Give every row with a value its rank per node within its province's ranking group (in place)."""
    buckets: dict[tuple[str, str], dict[int, float]] = defaultdict(dict)
    for (province_id, node), row in rows.items():
        if row[3] is not None:
            buckets[(node, group_of[province_id])][province_id] = row[3]
    for (node, _group), values in buckets.items():
        for province_id, rank in competition_ranks(values).items():
            rows[(province_id, node)][5] = rank


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
    fw = _Framework.of(nodes)
    by_province: dict[int, dict[int, float]] = defaultdict(dict)
    for (province_id, indicator_id), value in observations.items():
        by_province[province_id][indicator_id] = value
    computed = _province_points(fw, provinces, by_province)

    rows: dict[tuple[int, str], _Row] = {}
    incomplete: dict[int, tuple[str, ...]] = {}
    for p in provinces:
        pts = computed.get(p.id, {})
        if not p.evaluated or not pts:
            continue  # not evaluated, or no data at all for this province and year: not listed
        for row in _province_rows(fw, p.id, pts):
            rows[(p.id, row[1])] = row
        overall = rows[(p.id, OVERALL)]
        if overall[3] is None:
            incomplete[p.id] = overall[6]
    _ranked(rows, {p.id: p.group for p in provinces})
    return Result(scores=[ScoreOut(*row) for row in rows.values()], incomplete=incomplete)


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
    # The observations as machine integers and doubles in (province, indicator) order, sorted by numpy: sorting
    # the keys as Python tuples costed as much as the scoring. The bytes are those of the former array("q")/("d").
    keys = np.fromiter(chain.from_iterable(observations), dtype=np.int64, count=2 * len(observations)).reshape(-1, 2)
    values = np.fromiter(observations.values(), dtype=np.float64, count=len(observations))
    order = np.lexsort((keys[:, 1], keys[:, 0]))
    digest.update(keys[order].tobytes())
    digest.update(values[order].tobytes())
    return digest.hexdigest()
