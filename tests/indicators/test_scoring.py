"""scoring.py on its own: plain data in, scores out (no database)."""

import pytest

from indicators import scoring
from indicators.scoring import Node, ProvinceIn

ALL = ("government", "economy", "society")
# A small 922-like framework: two foundation indicators (in every pillar), one activity indicator per pillar,
# and an unscored one.
NODES = [
    Node(1, "NTS", None, 100, True, ALL),
    Node(2, "HTS", None, 100, True, ALL),
    Node(3, "CQS", None, 200, True, ("government",)),
    Node(4, "KTS", None, 150, True, ("economy",)),
    Node(5, "XHS", None, 150, True, ("society",)),
    Node(6, "DTTM", None, 0, False, ALL),
]


def obs(province_id, values):
    return {(province_id, node_id): v for node_id, v in zip([1, 2, 3, 4, 5], values, strict=True)}


def by(result, province_id, node):
    return next(s for s in result.scores if s.province_id == province_id and s.node == node)


def test_points_pillars_and_overall_follow_the_rules():
    result = scoring.score(NODES, [ProvinceIn(10)], obs(10, [1.0, 0.5, 0.8, 0.6, 0.4]))
    assert by(result, 10, "ind:3").points == pytest.approx(160)
    # overall = (100 + 50 + 160 + 90 + 60) / 700
    assert by(result, 10, "overall").value == pytest.approx(460 / 700)
    # government pillar = (foundation 150 + CQS 160) / (200 + 200)
    assert by(result, 10, "government").value == pytest.approx(310 / 400)
    assert by(result, 10, "economy").value == pytest.approx((150 + 90) / 350)
    assert by(result, 10, "society").value == pytest.approx((150 + 60) / 350)


def test_parent_points_are_the_sum_of_children_and_value_is_points_over_max():
    nodes = [Node(1, "A", None, 100, True, ALL), Node(11, "A.1", 1, 40, True, ALL), Node(12, "A.2", 1, 60, True, ALL)]
    result = scoring.score(nodes, [ProvinceIn(1)], {(1, 11): 0.5, (1, 12): 1.0})
    assert by(result, 1, "ind:1").points == pytest.approx(80)
    assert by(result, 1, "ind:1").value == pytest.approx(0.8)
    assert by(result, 1, "overall").value == pytest.approx(0.8)


def test_ties_share_a_rank_and_the_next_rank_is_skipped():
    assert scoring.competition_ranks({1: 0.9, 2: 0.8, 3: 0.8, 4: 0.7}) == {1: 1, 2: 2, 3: 2, 4: 4}


def test_ranks_compare_values_at_the_published_precision():
    assert scoring.competition_ranks({1: 0.65011, 2: 0.65014, 3: 0.6}) == {2: 1, 1: 1, 3: 3}


def test_ranks_are_per_ranking_group():
    provinces = [ProvinceIn(1, "63"), ProvinceIn(2, "63"), ProvinceIn(3, "34")]
    data = {**obs(1, [1, 1, 1, 1, 1]), **obs(2, [0.5] * 5), **obs(3, [0.1] * 5)}
    result = scoring.score(NODES, provinces, data)
    assert [by(result, p, "overall").rank for p in (1, 2, 3)] == [1, 2, 1]


def test_a_province_missing_a_main_indicator_is_unranked_and_listed_incomplete_not_scored_as_zero():
    data = {**obs(1, [0.5] * 5), **obs(2, [0.9] * 5)}
    del data[(2, 4)]  # province 2 lacks KTS
    result = scoring.score(NODES, [ProvinceIn(1), ProvinceIn(2)], data)
    overall = by(result, 2, "overall")
    assert overall.value is None and overall.rank is None and overall.missing == ("KTS",)
    assert result.incomplete == {2: ("KTS",)}
    assert by(result, 1, "overall").rank == 1  # ranked alone, not behind a zero-filled province 2
    # Its complete pillar is still scored; the economy pillar is not.
    assert by(result, 2, "government").value == pytest.approx(0.9)
    assert not [s for s in result.scores if s.province_id == 2 and s.node == "economy"]


def test_component_leaves_below_a_main_indicator_are_not_repeated_as_scores():
    nodes = [Node(1, "A", None, 100, True, ALL), Node(11, "A.1", 1, 40, True, ALL), Node(12, "A.2", 1, 60, True, ALL)]
    result = scoring.score(nodes, [ProvinceIn(1)], {(1, 11): 0.5, (1, 12): 1.0})
    assert sorted(s.node for s in result.scores) == ["economy", "government", "ind:1", "overall", "society"]


def test_a_parent_with_a_missing_child_is_missing():
    nodes = [Node(1, "A", None, 100, True, ALL), Node(11, "A.1", 1, 40, True, ALL), Node(12, "A.2", 1, 60, True, ALL)]
    result = scoring.score(nodes, [ProvinceIn(1)], {(1, 11): 0.5})
    assert by(result, 1, "overall").missing == ("A",)


def test_a_province_with_no_observation_at_all_is_not_listed():
    result = scoring.score(NODES, [ProvinceIn(1), ProvinceIn(2)], obs(1, [0.5] * 5))
    assert {s.province_id for s in result.scores} == {1}


def test_a_merged_province_takes_the_mean_of_its_predecessors_main_indicator_values():
    provinces = [
        ProvinceIn(1, "63", evaluated=True),
        ProvinceIn(2, "63", evaluated=True),
        ProvinceIn(9, "34", evaluated=True, predecessors=(1, 2)),
    ]
    data = {**obs(1, [1.0, 0.6, 0.8, 0.2, 0.4]), **obs(2, [0.5, 0.4, 0.6, 0.6, 0.2])}
    result = scoring.score(NODES, provinces, data)
    assert by(result, 9, "ind:1").value == pytest.approx(0.75)
    assert by(result, 9, "ind:4").value == pytest.approx(0.4)
    expected = (75 + 50 + 0.7 * 200 + 0.4 * 150 + 0.3 * 150) / 700
    assert by(result, 9, "overall").value == pytest.approx(expected)
    assert by(result, 9, "overall").rank == 1  # alone in its group


def test_a_merged_province_misses_an_indicator_any_predecessor_misses():
    provinces = [ProvinceIn(1), ProvinceIn(2), ProvinceIn(9, "34", predecessors=(1, 2))]
    data = {**obs(1, [0.5] * 5), **obs(2, [0.5] * 5)}
    del data[(2, 3)]
    result = scoring.score(NODES, provinces, data)
    assert by(result, 9, "overall").missing == ("CQS",)


def test_provinces_not_evaluated_that_year_get_no_scores_but_still_feed_their_successor():
    provinces = [ProvinceIn(1, evaluated=False), ProvinceIn(9, "34", predecessors=(1,))]
    result = scoring.score(NODES, provinces, obs(1, [0.5] * 5))
    assert {s.province_id for s in result.scores} == {9}


def test_missing_max_points_refuse_to_score_and_name_the_indicators():
    nodes = [
        Node(1, "NTS", None, None, True, ALL),
        Node(2, "CQS", None, 200, True, ("government",)),
        Node(3, "KTS", None, None, True, ("economy",)),
    ]
    with pytest.raises(scoring.MissingMaxPoints) as excinfo:
        scoring.score(nodes, [ProvinceIn(1)], {(1, 1): 0.5})
    assert excinfo.value.codes == ["KTS", "NTS"]
    assert "KTS, NTS" in str(excinfo.value)


def test_children_max_points_that_do_not_add_up_refuse_to_score():
    nodes = [Node(1, "A", None, 100, True, ALL), Node(11, "A.1", 1, 40, True, ALL), Node(12, "A.2", 1, 50, True, ALL)]
    with pytest.raises(scoring.InconsistentMaxPoints):
        scoring.score(nodes, [ProvinceIn(1)], {})


def test_an_unscored_indicator_without_max_points_does_not_block_scoring():
    nodes = [*NODES[:5], Node(6, "DTTM", None, None, False, ALL)]
    result = scoring.score(nodes, [ProvinceIn(1)], obs(1, [0.5] * 5))
    assert by(result, 1, "overall").value == pytest.approx(0.5)


def test_checksum_depends_on_values_not_on_order():
    a = obs(1, [0.1, 0.2, 0.3, 0.4, 0.5])
    b = dict(reversed(list(a.items())))
    provinces = [ProvinceIn(1)]
    assert scoring.checksum(NODES, provinces, a) == scoring.checksum(list(reversed(NODES)), provinces, b)
    changed = {**a, (1, 3): 0.31}
    assert scoring.checksum(NODES, provinces, a) != scoring.checksum(NODES, provinces, changed)


def test_scoring_module_does_not_import_django():
    import ast
    from pathlib import Path

    tree = ast.parse(Path(scoring.__file__).read_text())
    imported = {
        (n.module if isinstance(n, ast.ImportFrom) else a.name).split(".")[0]
        for n in ast.walk(tree)
        if isinstance(n, ast.Import | ast.ImportFrom)
        for a in (n.names if isinstance(n, ast.Import) else [n])
    }
    assert "django" not in imported and "indicators" not in imported
