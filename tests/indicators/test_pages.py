"""The DTI pages: what they show, who may see them, and a query count that does not grow with the data."""

import csv
import io
import json

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from indicators import demo, services
from indicators.models import Indicator, Province, PublishedResult, Score
from plans.models import ProgrammeSettings
from tests import factories
from tests.conftest import client_for


@pytest.fixture
def scored_2022(f922):
    services.recompute_scores(framework_id=f922.pk, year=2022)


@pytest.fixture
def with_demo(db):
    demo.load()


def table_rows(response):
    return {r["province"]: r for r in response.context["table"].data}


def test_ranking_shows_the_2022_published_ranks_by_default_with_computed_values_side_by_side(scored_2022):
    response = client_for(None).get(reverse("indicators:ranking"))
    assert response.status_code == 200 and response.context["year"] == 2022
    rows = table_rows(response)
    assert len(rows) == 63
    assert rows["Nam Định"]["published_rank"] == 10 and rows["Nam Định"]["rank"] is None
    assert rows["TP. Hồ Chí Minh"]["rank"] == 2 and rows["TP. Hồ Chí Minh"]["published_rank"] == 2
    assert rows["TP. Hồ Chí Minh"]["value"] == pytest.approx(0.7163, abs=0.0001)
    html = response.content.decode()
    assert "0,7163" in html or "0.7163" in html  # published value shown
    assert 'data-testid="scoring-policy"' in html
    assert 'data-testid="sample-note"' not in html  # only real data so far


def test_ranking_marks_sample_data_and_the_rank_change(with_demo):
    response = client_for(None).get(reverse("indicators:ranking"), {"year": 2022})
    html = response.content.decode()
    assert 'data-testid="sample-note"' in html and "dữ liệu minh họa" in html
    rows = table_rows(response)
    assert rows["Nam Định"]["rank"] == 10 and rows["Nam Định"]["sample"]
    assert not rows["TP. Đà Nẵng"]["sample"]  # the top five are real
    assert rows["Nam Định"]["previous_rank"] == 11 and rows["Nam Định"]["change"] == 1


def test_ranking_can_be_sorted_by_any_column_without_error(with_demo):
    client = client_for(None)
    for column in ["rank", "province", "value", "government_rank", "change", "published_rank", "-change"]:
        assert client.get(reverse("indicators:ranking"), {"year": 2022, "sort": column}).status_code == 200
    rows = client.get(reverse("indicators:ranking"), {"year": 2022, "sort": "-value"}).context["table"].rows
    assert rows[0].record["province"] == "TP. Đà Nẵng"


def test_ranking_lists_incomplete_provinces_and_the_policy(f922, mains):
    from indicators.models import Observation

    Observation.objects.create(
        province=Province.objects.get(name="Nam Định", group="63"), indicator=mains["NTS"], year=2022, value=0.9
    )
    services.recompute_scores(framework_id=f922.pk, year=2022)
    response = client_for(None).get(reverse("indicators:ranking"), {"year": 2022})
    assert [r["province"] for r in response.context["data"].incomplete] == ["Nam Định"]
    assert 'data-testid="incomplete"' in response.content.decode()


def test_a_framework_without_max_points_says_which_are_missing(db):
    response = client_for(None).get(reverse("indicators:ranking"), {"year": 2024})
    html = response.content.decode()
    assert 'data-testid="refused"' in html and "NTS" in html and "XHS" in html


def test_the_34_province_group_for_2024(db):
    response = client_for(None).get(reverse("indicators:ranking"), {"year": 2024, "group": "34"})
    rows = table_rows(response)
    assert rows["TP. Hà Nội"]["published_rank"] == 1 and rows["TP. Huế"]["published_value"] == 0.7951
    assert response.context["published_average"].value == 0.6961
    # That average was published with the 34-province ranking, not with the 63 old provinces'.
    old = client_for(None).get(reverse("indicators:ranking"), {"year": 2024, "group": "63"})
    assert old.context["published_average"] is None
    assert (
        client_for(None).get(reverse("indicators:ranking"), {"year": 2023}).context["published_average"].value == 0.6783
    )


def test_ranking_exports_csv_and_xlsx(with_demo):
    client = client_for(None)
    response = client.get(reverse("indicators:ranking"), {"year": 2022, "_export": "csv"})
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert len(rows) == 64
    hcm = next(r for r in rows if "TP. Hồ Chí Minh" in r)
    assert "2" in hcm
    response = client.get(reverse("indicators:ranking"), {"year": 2022, "_export": "xlsx"})
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    assert sheet.max_row == 64


def test_bad_parameters_never_give_a_500(with_demo):
    client = client_for(None)
    for params in [{"year": "abc"}, {"year": "1900"}, {"group": "x"}, {"sort": "nonsense"}, {"_export": "pdf"}]:
        assert client.get(reverse("indicators:ranking"), params).status_code == 200
    assert client.get(reverse("indicators:province", args=[999999])).status_code == 404
    nd = Province.objects.get(name="Nam Định", group="63")
    assert client.get(reverse("indicators:province", args=[nd.pk]), {"year": "x"}).status_code == 200


@pytest.mark.parametrize("demo_data", [False, True])
def test_ranking_query_count_does_not_grow_with_the_data(f922, demo_data, django_assert_num_queries):
    services.recompute_scores(framework_id=f922.pk, year=2022)
    if demo_data:
        demo.load()
    client = client_for(None)
    # years with published results, years with scores, default year, frameworks, provinces, scores,
    # previous-year ranks, published results, latest run, missing max points, programme settings, dashboard
    # province, average, pending recomputation request, cached rank intervals; with the demo (which computes the
    # intervals after its score runs), the provinces' names for the intervals chart.
    with django_assert_num_queries(16 if demo_data else 15):
        client.get(reverse("indicators:ranking"))


def test_province_profile_draws_radar_trend_and_gap_table(with_demo, nam_dinh):
    response = client_for(None).get(reverse("indicators:province", args=[nam_dinh.pk]))
    assert response.status_code == 200
    profile = response.context["profile"]
    assert profile.year == 2023 and profile.years == [2021, 2022, 2023]
    radar = response.context["radar"]
    names = [t["name"] for t in radar["data"]]
    assert names[0] == "Nam Định" and len(names) == 4
    assert len(radar["data"][0]["r"]) == 9  # 8 main indicators, closed
    trend = response.context["trend_chart"]
    target_line = trend["data"][-1]
    assert target_line["y"] == [20, 20]
    gaps = profile.gaps
    leader_gaps = [g["leader_gap"] for g in gaps]
    assert leader_gaps == sorted(leader_gaps, reverse=True) and len(gaps) == 8
    html = response.content.decode()
    assert 'id="gap-table"' in html and 'id="chart-radar"' in html and 'id="chart-trend"' in html
    assert 'data-testid="sample-note"' in html
    assert 'data-testid="successor"' in html and "Ninh Bình" in html


def test_province_profile_target_province_is_the_one_at_the_target_rank(with_demo, nam_dinh):
    ProgrammeSettings.objects.update(target_rank=5)
    response = client_for(None).get(reverse("indicators:province", args=[nam_dinh.pk]), {"year": 2022})
    profile = response.context["profile"]
    assert profile.target["province"].name == "TP. Cần Thơ" and profile.leader["province"].name == "TP. Đà Nẵng"
    cqs = next(g for g in profile.gaps if g["indicator"].code == "CQS")
    nd = Score.objects.get(
        province=nam_dinh, year=2022, indicator__code="CQS", indicator__framework__code="922/QĐ-BTTTT"
    )
    assert cqs["target_gap"] == pytest.approx(max(0.0, 0.7325 * 200 - nd.points))


def test_province_profile_query_count(with_demo, nam_dinh, django_assert_num_queries):
    # province, its overall scores, main indicators, the framework-year's scores, averages, published results,
    # programme settings (target rank, dashboard province), dashboard province, the predecessors list in the
    # template, cached rank intervals (the demo computes them), the provinces' names for the intervals chart.
    with django_assert_num_queries(11):
        client_for(None).get(reverse("indicators:province", args=[nam_dinh.pk]))


def test_dashboard_province_redirects_to_the_setting(db):
    ProgrammeSettings.objects.update(province="Trà Vinh")
    response = client_for(None).get(reverse("indicators:dashboard_province"))
    assert response.url == reverse("indicators:province", args=[Province.objects.get(name="Trà Vinh").pk])


def test_indicator_page_shows_distribution_and_linked_tasks_with_timeliness(with_demo, task_a, task_b):
    cqs = Indicator.objects.get(framework__code="922/QĐ-BTTTT", code="CQS")
    cqs.tasks.add(task_a)
    response = client_for(None).get(reverse("indicators:indicator", args=[cqs.pk]))
    assert response.status_code == 200 and response.context["year"] == 2023
    assert len(response.context["rows"]) == 63
    html = response.content.decode()
    assert task_a.title in html and task_b.title not in html
    assert f"tl-{task_a.current_timeliness()}" in html
    assert 'id="chart-distribution"' in html


def test_indicator_page_query_count(with_demo, django_assert_num_queries):
    cqs = Indicator.objects.get(framework__code="922/QĐ-BTTTT", code="CQS")
    for _ in range(5):
        cqs.tasks.add(factories.TaskFactory())
    # indicator, years, values, programme settings, dashboard province, tasks with timeliness (lead unit and plan
    # joined).
    with django_assert_num_queries(6):
        client_for(None).get(reverse("indicators:indicator", args=[cqs.pk]))


def test_pages_follow_the_login_setting(with_demo, settings, viewer, nam_dinh):
    settings.DXT_LOGIN_REQUIRED = True
    urls = [reverse("indicators:ranking"), reverse("indicators:province", args=[nam_dinh.pk])]
    for url in urls:
        assert client_for(None).get(url).status_code == 302
        assert client_for(viewer).get(url).status_code == 200


def test_rank_card_shows_the_latest_rank_against_the_goal(with_demo, django_assert_num_queries):
    from django.template import Context, Template

    template = Template("{% load dti %}{% dti_rank_card %}")
    # programme settings, dashboard province (with its successor), latest computed rank, latest published rank.
    with django_assert_num_queries(4):
        html = template.render(Context({}))
    assert "Nam Định" in html and "Ninh Bình" in html
    assert 'data-testid="dti-published-rank">10' in html
    # The goal is judged on the published 2022 rank, not on the later rank computed from sample data.
    assert "2022" in html.split('data-testid="dti-goal"')[1].split("</p>")[0]
    assert PublishedResult.objects.get(province__name="Nam Định", year=2022).rank == 10


def test_rank_card_says_when_the_province_is_unknown(db):
    from django.template import Context, Template

    ProgrammeSettings.objects.update(province="Atlantis")
    html = Template("{% load dti %}{% dti_rank_card %}").render(Context({}))
    assert "dti-rank-card" in html and "Nam Định" not in html


def test_demo_load_is_idempotent_and_marks_its_data_as_sample(db):
    from indicators.models import Observation, ScoreRun

    demo.load()
    counts = (Observation.objects.count(), Score.objects.count(), ScoreRun.objects.count())
    demo.load()
    assert (Observation.objects.count(), Score.objects.count(), ScoreRun.objects.count()) == counts
    assert Observation.objects.filter(is_sample=False).count() == 40  # only the published top five of 2022
    assert counts[0] == 40 + (63 * 3 - 5) * 8


def test_demo_sample_values_follow_the_published_ranks_and_values(with_demo, f922):
    ranks = dict(Score.objects.filter(framework=f922, year=2022, node="overall").values_list("province__name", "rank"))
    published = dict(PublishedResult.objects.filter(year=2022).values_list("province__name", "rank"))
    assert ranks == published  # including the tie at 15th
    tv = Score.objects.get(framework=f922, year=2022, node="overall", province__name="Trà Vinh")
    assert tv.value == pytest.approx(0.6077, abs=0.0001) and tv.is_sample


def test_figures_are_json_for_the_shared_chart_renderer(with_demo, nam_dinh):
    response = client_for(None).get(reverse("indicators:province", args=[nam_dinh.pk]))
    html = response.content.decode()
    start = html.index('id="chart-radar-data"')
    payload = html[html.index(">", start) + 1 : html.index("</script>", start)]
    assert json.loads(payload)["data"][0]["type"] == "scatterpolar"
    assert "plotly/plotly.min.js" in html and "js/charts.js" in html


def test_demo_links_only_sample_tasks_to_the_indicator_their_field_improves(db):
    sample = factories.TaskFactory(is_sample=True, field="e_government")
    real = factories.TaskFactory(is_sample=False, field="e_government")
    demo.load()
    cqs = Indicator.objects.get(framework__code="922/QĐ-BTTTT", code="CQS")
    assert list(cqs.tasks.all()) == [sample] and not real.indicators.exists()
