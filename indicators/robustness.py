"""Rank robustness: is a rank change real or within the noise of the method? (The JRC/COINr practice.) No Django.

A Monte-Carlo analysis: each draw perturbs the main-indicator weights (each multiplied by a uniform factor in
[1 − spread, 1 + spread], then renormalised to sum to 1) and, optionally, each main-indicator value within its
rounding (uniform ± half a unit of the last published decimal); the provinces are ranked on each draw as the
ranking page ranks them (values compared at 4 decimals, ties sharing a rank). Each province gets its median rank
and its 5-95 % rank interval over the draws.

Vectorised: the overall value is a weighted sum of the main-indicator values (points ÷ total max points, see
scoring.py), so a draw is one matrix product. The main-indicator values are those `scoring.score` computes (so
components and merged provinces are handled by the one formula); with zero perturbation every draw gives the
computed ranks exactly (tested).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import numpy as np

from indicators import scoring

DEFAULT_DRAWS = 1000
DEFAULT_SPREAD = 0.25
VALUE_DECIMALS = 4  # the values' rounding, when they are perturbed within it


@dataclass(frozen=True)
class RankInterval:
    province_id: int
    rank: int  # as computed by scoring.score: the ranking page's rank
    value: float
    median_rank: int
    p5: int
    p95: int


def _matrix(result: scoring.Result, mains: list[scoring.Node], province_ids: list[int]) -> np.ndarray:
    """Main-indicator values per province (rows) and main indicator (columns)."""
    column = {scoring.indicator_node(m.id): j for j, m in enumerate(mains)}
    row = {pid: i for i, pid in enumerate(province_ids)}
    values = np.zeros((len(province_ids), len(mains)))
    for s in result.scores:
        if s.province_id in row and s.node in column:
            values[row[s.province_id], column[s.node]] = s.value
    return values


def competition_ranks(values: np.ndarray, decimals: int = scoring.RANK_DECIMALS) -> np.ndarray:
    """Ranks along the last axis, highest first, equal values at `decimals` sharing a rank (1, 2, 2, 4): the
    array version of scoring.competition_ranks."""
    rounded = np.round(values, decimals)
    return 1 + (rounded[..., None, :] > rounded[..., :, None]).sum(axis=-1)


def simulate(
    nodes: Iterable[scoring.Node],
    provinces: Iterable[scoring.ProvinceIn],
    observations: Mapping[tuple[int, int], float],
    *,
    group: str,
    draws: int = DEFAULT_DRAWS,
    seed: int = 0,
    spread: float = DEFAULT_SPREAD,
    perturb_values: bool = False,
) -> list[RankInterval]:
    """The ranked provinces of `group`, each with its computed rank and its rank's median and 5-95 % interval
    over `draws` perturbed scorings. Same inputs and seed, same result."""
    nodes, provinces = [n for n in nodes if n.scored], list(provinces)
    result = scoring.score(nodes, provinces, observations)
    group_of = {p.id: p.group for p in provinces}
    ranked = sorted(
        (
            s
            for s in result.scores
            if s.node == scoring.OVERALL and s.rank is not None and group_of[s.province_id] == group
        ),
        key=lambda s: (s.rank, s.province_id),
    )
    if not ranked:
        return []
    mains = [n for n in nodes if n.parent_id is None]
    ids = [s.province_id for s in ranked]
    ranks = rank_draws(_matrix(result, mains, ids), [m.max_points for m in mains], draws, seed, spread, perturb_values)
    p5, median, p95 = np.percentile(ranks, [5, 50, 95], axis=0, method="inverted_cdf").astype(int)
    return [
        RankInterval(s.province_id, s.rank, s.value, int(median[i]), int(p5[i]), int(p95[i]))
        for i, s in enumerate(ranked)
    ]


def rank_draws(
    values: np.ndarray,
    max_points: list[float],
    draws: int,
    seed: int,
    spread: float,
    perturb_values: bool = False,
) -> np.ndarray:
    """Ranks (draws × provinces) of the provinces whose main-indicator values are `values` (provinces × mains)."""
    rng = np.random.default_rng(seed)
    base = np.asarray(max_points, dtype=float)
    weights = base * rng.uniform(1 - spread, 1 + spread, size=(draws, len(base)))
    weights /= weights.sum(axis=1, keepdims=True)
    if perturb_values:
        half = 0.5 * 10.0**-VALUE_DECIMALS
        noisy = values[None, :, :] + rng.uniform(-half, half, size=(draws, *values.shape))
        overall = np.einsum("dpm,dm->dp", np.clip(noisy, 0, 1), weights)
    else:
        overall = weights @ values.T  # draws × provinces
    return competition_ranks(overall)
