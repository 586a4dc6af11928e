"""Rank robustness: reproducible for a seed, collapsing to the computed ranks without perturbation, intervals
around the computed rank; the command's JSON; the cache filled after a score run that wrote."""

import json
import random
from io import StringIO

import numpy as np
import pytest
from django.core.management import CommandError, call_command

from indicators import robustness, robustness_services, scoring, services
from indicators.models import Observation, Province, RankRobustness
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


def sample(n=63, seed=7):
    """n provinces with random main values, one computing HTS from its components, and a tie at 4 decimals."""
    rng = random.Random(seed)
    provinces = [ProvinceIn(i) for i in range(1, n + 1)]
    obs = {(p.id, m): round(rng.uniform(0.3, 0.9), 4) for p in provinces for m in (1, 2, 3, 4, 5)}
    del obs[(1, 2)]
    obs[(1, 21)], obs[(1, 22)] = 0.5, 0.75
    for m in (1, 2, 3, 4, 5):  # province 3 equals province 2: tied
        obs[(3, m)] = obs[(2, m)]
    return provinces, obs


def test_the_vectorised_ranks_are_the_scoring_modules_ranks():
    values = np.array([0.61236, 0.61244, 0.5, 0.7, 0.5])
    expected = scoring.competition_ranks(dict(enumerate(values.tolist())))
    assert robustness.competition_ranks(values).tolist() == [expected[i] for i in range(5)] == [2, 2, 4, 1, 4]


def test_without_perturbation_every_draw_gives_the_computed_ranks():
    provinces, obs = sample()
    computed = {s.province_id: s.rank for s in scoring.score(NODES, provinces, obs).scores if s.node == "overall"}
    rows = robustness.simulate(NODES, provinces, obs, group="", draws=20, seed=1, spread=0.0)
    assert len(rows) == 63
    assert all(r.rank == r.median_rank == r.p5 == r.p95 == computed[r.province_id] for r in rows)
    assert next(r for r in rows if r.province_id == 2).rank == next(r for r in rows if r.province_id == 3).rank


def test_the_same_seed_gives_the_same_intervals_and_another_seed_may_not():
    provinces, obs = sample()
    first = robustness.simulate(NODES, provinces, obs, group="", draws=300, seed=42)
    assert first == robustness.simulate(NODES, provinces, obs, group="", draws=300, seed=42)
    assert first != robustness.simulate(NODES, provinces, obs, group="", draws=300, seed=43)
    assert any(r.p5 < r.p95 for r in first)  # the weights do move ranks


@pytest.mark.parametrize("perturb_values", [False, True])
def test_the_intervals_contain_the_computed_rank(perturb_values):
    provinces, obs = sample()
    rows = robustness.simulate(NODES, provinces, obs, group="", draws=1000, seed=0, perturb_values=perturb_values)
    assert all(r.p5 <= r.rank <= r.p95 and r.p5 <= r.median_rank <= r.p95 for r in rows)


def test_a_wider_spread_widens_the_intervals():
    provinces, obs = sample()
    narrow = robustness.simulate(NODES, provinces, obs, group="", draws=500, seed=0, spread=0.05)
    wide = robustness.simulate(NODES, provinces, obs, group="", draws=500, seed=0, spread=0.5)
    assert sum(r.p95 - r.p5 for r in wide) > sum(r.p95 - r.p5 for r in narrow)


@pytest.fixture
def observed_2023(mains):
    rng = random.Random(3)
    for province in Province.objects.filter(group="63")[:12]:
        for main in mains.values():
            if main.scored:
                Observation.objects.create(province=province, indicator=main, year=2023, value=rng.uniform(0.3, 0.9))


def run_command(*args):
    out = StringIO()
    call_command("dti_robustness", *args, stdout=out)
    return json.loads(out.getvalue())


def test_the_command_prints_each_provinces_rank_interval_reproducibly(observed_2023, f922):
    out = run_command("--year", "2023", "--draws", "200", "--seed", "5")
    assert out == run_command("--year", "2023", "--draws", "200", "--seed", "5")
    assert len(out) == 12 and set(out[0]) == {"province", "rank", "median_rank", "p5", "p95"}
    services.recompute_scores(framework_id=f922.pk, year=2023)
    ranking = dict(
        Province.objects.filter(scores__year=2023, scores__node="overall").values_list("name", "scores__rank")
    )
    assert {r["province"]: r["rank"] for r in out} == ranking
    flat = run_command("--year", "2023", "--draws", "10", "--spread", "0")
    assert all(r["rank"] == r["p5"] == r["p95"] == r["median_rank"] for r in flat)


@pytest.mark.parametrize("args", [["--draws", "0"], ["--spread", "1.5"], ["--year", "1990"]])
def test_the_command_refuses_bad_parameters(observed_2023, args):
    with pytest.raises(CommandError):
        run_command(*(["--year", "2023"] if "--year" not in args else []), *args)


def test_a_score_run_that_writes_caches_the_intervals_once_per_inputs(observed_2023, f922, commit):
    from indicators.tasks import recompute_scores

    with commit():  # the robustness task is published on commit
        recompute_scores.apply(args=[f922.pk, 2023])
    cached = robustness_services.cached_intervals(year=2023, group="63")
    assert len(cached) == 12 and RankRobustness.objects.filter(year=2023, group="63").count() == 1
    with commit():
        recompute_scores.apply(args=[f922.pk, 2023])  # unchanged inputs: nothing recomputed
    assert RankRobustness.objects.filter(year=2023, group="63").count() == 1
    Observation.objects.filter(year=2023).first().delete()
    with commit():
        recompute_scores.apply(args=[f922.pk, 2023])
    assert robustness_services.cached_intervals(year=2023, group="63") != cached  # a province lost its rank


def test_the_benchmark_meets_its_target_for_63_provinces_and_1000_draws():
    from devtools.management.commands import bench_robustness

    out = bench_robustness.run(provinces=63, draws=1000, repeat=1, perturb_values=True)
    assert out["met"] and out["max_s"] < 5


def test_after_load_demo_the_ranking_page_shows_the_robustness_chart_and_sentence(db, client):
    from django.urls import reverse

    call_command("load_demo")
    html = client.get(reverse("indicators:ranking")).content.decode()
    assert 'id="chart-robustness-data"' in html
    sentence = html.split('data-testid="robustness-sentence">')[1].split("</p>")[0]
    assert "trong khoảng" in sentence and "90% số lần mô phỏng" in sentence
