"""What the ministry published, loaded by the data migrations, and our scores reproducing it."""

import csv
from pathlib import Path

import pytest

from indicators import services
from indicators.models import Observation, Province, PublishedResult, Score

DATA = Path(__file__).resolve().parents[2] / "indicators" / "data"


def test_scoring_the_2022_top_five_with_922_reproduces_the_published_dti_and_order(f922):
    run = services.recompute_scores(framework_id=f922.pk, year=2022)
    assert run.outcome == "written"
    with open(DATA / "dti_2022_main_indicators_top5.csv", encoding="utf-8") as f:
        published = [(row["province"], float(row["pdti"]), int(row["rank"])) for row in csv.DictReader(f)]
    scores = {
        s.province.name: s
        for s in Score.objects.filter(framework=f922, year=2022, node="overall").select_related("province")
    }
    for name, pdti, rank in published:
        assert scores[name].value == pytest.approx(pdti, abs=0.0001), name
        assert scores[name].rank == rank, name
    computed_order = [s.province.name for s in sorted(scores.values(), key=lambda s: -s.value)]
    assert computed_order == [name for name, _, _ in published]


def test_the_2022_top_five_observations_are_real_not_sample(f922):
    rows = Observation.objects.filter(indicator__framework=f922, year=2022)
    assert rows.count() == 40 and not rows.filter(is_sample=True).exists()
    assert rows.filter(province__name="TP. Đà Nẵng", indicator__code="XHS").get().value == pytest.approx(0.5197)


def test_the_2022_published_ranking_has_all_63_provinces_with_the_tie_at_15th(db):
    ranks = dict(PublishedResult.objects.filter(year=2022).values_list("province__name", "rank"))
    assert len(ranks) == 63
    assert ranks["Thanh Hóa"] == ranks["Yên Bái"] == 15 and ranks["Hậu Giang"] == 17
    assert ranks["Nam Định"] == 10


def test_trà_vinh_published_pillars_and_derived_ranks_are_kept_apart(db):
    tv = PublishedResult.objects.get(province__name="Trà Vinh", year=2022)
    assert (tv.value, tv.government_value, tv.government_rank) == (0.6077, 0.6683, 29)
    nd_2021 = PublishedResult.objects.get(province__name="Nam Định", year=2021)
    assert nd_2021.rank == 11 and nd_2021.rank_derived
    lang_son = PublishedResult.objects.get(province__name="Lạng Sơn", year=2021)
    assert lang_son.rank is None and lang_son.in_top10


def test_the_merger_maps_63_provinces_into_34_and_nam_dinh_into_ninh_binh(nam_dinh):
    assert Province.objects.filter(group="63").count() == 63
    assert Province.objects.filter(group="34").count() == 34
    assert not Province.objects.filter(group="63", successor__isnull=True).exists()
    assert nam_dinh.successor.name == "Ninh Bình" and nam_dinh.successor.group == "34"
    assert set(nam_dinh.successor.predecessors.values_list("name", flat=True)) == {"Ninh Bình", "Hà Nam", "Nam Định"}
    hn = PublishedResult.objects.get(province__group="34", province__name="TP. Hà Nội", year=2024)
    assert (hn.rank, hn.value) == (1, 0.8241)


def test_frameworks_without_max_points_refuse_with_the_missing_codes(db):
    from indicators.models import Framework

    f405 = Framework.objects.get(code="405/QĐ-BKHCN")
    run = services.recompute_scores(framework_id=f405.pk, year=2024)
    assert run.outcome == "refused"
    for code in ["NTS", "TCS", "HTS", "NLS", "ATTT", "CQS", "KTS", "XHS"]:
        assert code in run.error
    f1726 = Framework.objects.get(code="1726/QĐ-BTTTT")
    run = services.recompute_scores(framework_id=f1726.pk, year=2020)
    assert run.outcome == "refused" and "CQS.1" in run.error
    assert not Score.objects.filter(framework__in=[f405, f1726]).exists()
