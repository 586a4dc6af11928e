"""planning.py on its own: what-if projections and the path to the target rank, against hand-computed values.

The framework: five main indicators, 700 points (NTS 100, HTS 100, CQS 200, KTS 150, XHS 150); HTS has two
components (HTS1 60, HTS2 40). Four provinces, all values given by hand so every projection is worked out below.
"""

import pytest

from indicators import planning, scoring
from indicators.scoring import Node, ProvinceIn

ALL = ("government", "economy", "society")
NODES = [
    Node(1, "NTS", None, 100, True, ALL),
    Node(2, "HTS", None, 100, True, ALL),
    Node(3, "CQS", None, 200, True, ("government",)),
    Node(4, "KTS", None, 150, True, ("economy",)),
    Node(5, "XHS", None, 150, True, ("society",)),
    Node(21, "HTS1", 2, 60, True, ()),
    Node(22, "HTS2", 2, 40, True, ()),
]
PROVINCES = [ProvinceIn(10), ProvinceIn(20), ProvinceIn(30), ProvinceIn(40)]


def obs(province_id, nts, hts, cqs, kts, xhs):
    return {(province_id, i): v for i, v in zip([1, 2, 3, 4, 5], [nts, hts, cqs, kts, xhs], strict=True)}


# Points: A 10 = 50+50+100+75+75 = 350 (0.5); B 20 = 420 (0.6); C 30 = 490 (0.7); D 40 = 280 (0.4).
OBS = {
    **obs(10, 0.5, 0.5, 0.5, 0.5, 0.5),
    **obs(20, 0.6, 0.6, 0.6, 0.6, 0.6),
    **obs(30, 0.7, 0.7, 0.7, 0.7, 0.7),
    **obs(40, 0.4, 0.4, 0.4, 0.4, 0.4),
}


def test_a_projection_is_scored_by_the_scoring_module_on_the_modified_inputs():
    # A sets CQS to 1.0: 350 + 100 = 450 points (0.642857...), ahead of B (420): rank 2.
    p = planning.project(NODES, PROVINCES, OBS, province_id=10, overrides={3: 1.0}, target_rank=1)
    assert (p.current.points, p.current.rank) == (pytest.approx(350), 3)
    assert p.projected.points == pytest.approx(450) and p.projected.value == pytest.approx(450 / 700)
    assert p.projected.rank == 2
    assert p.gap_to_target_points == pytest.approx(490 - 450)  # to C, rank 1
    expected = scoring.score(NODES, PROVINCES, {**OBS, (10, 3): 1.0})
    assert p.projected == planning.overall_of(expected, 10)


def test_a_projection_that_creates_a_tie_shares_the_rank():
    # A sets CQS 0.5 -> 0.85: 350 + 70 = 420 points, B's: tied 2nd (C 1st), D 4th.
    p = planning.project(NODES, PROVINCES, OBS, province_id=10, overrides={3: 0.85}, target_rank=2)
    assert p.projected.points == pytest.approx(420) and p.projected.rank == 2
    assert p.gap_to_target_points == 0.0
    result = scoring.score(NODES, PROVINCES, {**OBS, (10, 3): 0.85})
    ranks = {r.province_id: r.rank for r in result.scores if r.node == "overall"}
    assert ranks == {30: 1, 10: 2, 20: 2, 40: 4}


def test_a_projection_that_crosses_the_target_rank():
    # Target rank 2: A needs B's 420 points (70). NTS 1.0 and HTS 0.9: +50 +40 = 440: rank 2, gap 0.
    before = planning.project(NODES, PROVINCES, OBS, province_id=10, overrides={}, target_rank=2)
    assert before.projected.rank == 3 and before.gap_to_target_points == pytest.approx(70)
    after = planning.project(NODES, PROVINCES, OBS, province_id=10, overrides={1: 1.0, 2: 0.9}, target_rank=2)
    assert after.projected.points == pytest.approx(440) and after.projected.rank == 2
    assert after.gap_to_target_points == 0.0 and after.gap_to_leader_points == pytest.approx(50)


def test_a_component_override_counts_when_its_main_indicator_is_computed_from_components():
    observations = {**OBS, (10, 21): 0.5, (10, 22): 0.5}
    observations.pop((10, 2))
    p = planning.project(NODES, PROVINCES, observations, province_id=10, overrides={21: 1.0}, target_rank=1)
    assert p.projected.points == pytest.approx(350 + 30)  # HTS1: 60 × (1.0 - 0.5)


def test_a_component_override_over_a_directly_observed_main_indicator_is_refused_as_incomplete():
    with pytest.raises(planning.ProjectionError, match="HTS"):
        planning.project(NODES, PROVINCES, OBS, province_id=10, overrides={21: 1.0}, target_rank=1)


def test_values_outside_0_1_are_refused():
    with pytest.raises(planning.ProjectionError):
        planning.project(NODES, PROVINCES, OBS, province_id=10, overrides={1: 1.2}, target_rank=1)


def test_the_path_lists_the_points_still_available_largest_first_and_its_needed_gains_sum_to_the_gap():
    path = planning.path(NODES, PROVINCES, OBS, province_id=10, target_rank=2)
    assert path.gap_to_target_points == pytest.approx(70) and path.gap_to_leader_points == pytest.approx(140)
    assert [(r.code, r.gain) for r in path.rows] == [
        ("CQS", pytest.approx(100)),
        ("KTS", pytest.approx(75)),
        ("XHS", pytest.approx(75)),
        ("HTS", pytest.approx(50)),
        ("NTS", pytest.approx(50)),
    ]
    assert sum(r.needed for r in path.rows) == pytest.approx(path.gap_to_target_points)
    assert [r.needed for r in path.rows] == [pytest.approx(70), 0, 0, 0, 0]
    # Taking the whole path's needed gains as a projection reaches the target rank.
    cqs = path.rows[0]
    reach = planning.project(
        NODES, PROVINCES, OBS, province_id=10, overrides={3: (cqs.points + cqs.needed) / 200}, target_rank=2
    )
    assert reach.projected.rank == 2


def test_the_path_gains_to_the_leader_sum_to_the_gap_over_several_indicators():
    path = planning.path(NODES, PROVINCES, OBS, province_id=10, target_rank=1)
    assert sum(r.needed for r in path.rows) == pytest.approx(140)
    assert [r.needed for r in path.rows][:2] == [pytest.approx(100), pytest.approx(40)]


def test_the_path_shows_components_with_their_own_gains():
    observations = {**OBS, (10, 21): 0.5, (10, 22): 0.25}
    observations.pop((10, 2))
    path = planning.path(NODES, PROVINCES, observations, province_id=10, target_rank=1)
    hts = next(r for r in path.rows if r.code == "HTS")
    assert hts.points == pytest.approx(40) and hts.gain == pytest.approx(60)
    assert [(c.code, c.gain) for c in hts.components] == [("HTS1", pytest.approx(30)), ("HTS2", pytest.approx(30))]
