"""The path and what-if page: who may use it, the path table, the projection, the linked tasks, the scenarios."""

import pytest
from django.urls import reverse

from indicators import services
from indicators.models import LinkProjection, Observation, Province, Scenario
from plans.models import ProgrammeSettings
from tests.conftest import client_for


@pytest.fixture
def three_provinces_2023(f922, mains):
    """1000 points: Nam Định 500, Thái Bình 600, Hà Nam 700; scored."""
    for name, value in (("Nam Định", 0.5), ("Thái Bình", 0.6), ("Hà Nam", 0.7)):
        province = Province.objects.get(name=name, group="63")
        for main in mains.values():
            if main.scored:
                Observation.objects.create(province=province, indicator=main, year=2023, value=value)
    services.recompute_scores(framework_id=f922.pk, year=2023)
    return Province.objects.get(name="Nam Định", group="63")


def plan_url(province):
    return reverse("indicators:province_plan", args=[province.pk])


def test_only_the_dx_office_and_leadership_may_use_it(three_provinces_2023, viewer, dx_office, head_a):
    url = plan_url(three_provinces_2023)
    assert client_for(None).get(url).status_code == 302  # to sign in
    assert client_for(head_a).get(url).status_code == 403
    assert client_for(viewer).get(url).status_code == 200
    assert client_for(dx_office).get(url).status_code == 200
    post = reverse("indicators:scenario_save", args=[three_provinces_2023.pk])
    assert client_for(head_a).post(post, {"year": 2023, "name": "x", "set_CQS": "1"}).status_code == 403
    assert not Scenario.objects.exists()


def test_the_path_table_gives_the_gap_and_the_gains(three_provinces_2023, viewer, task_a, mains):
    ProgrammeSettings.objects.update(target_rank=2)
    mains["CQS"].tasks.add(task_a)
    response = client_for(viewer).get(plan_url(three_provinces_2023), {"year": 2023})
    path = response.context["plan"].page.path
    assert path.gap_to_target_points == pytest.approx(100) and path.gap_to_leader_points == pytest.approx(200)
    assert path.rows[0].code == "CQS" and path.rows[0].gain == pytest.approx(100)
    assert sum(r.needed for r in path.rows) == pytest.approx(100)
    html = response.content.decode()
    assert 'id="path-table"' in html and task_a.title[:40] in html and task_a.get_status_display() in html


def test_two_projected_values_give_the_projected_rank(three_provinces_2023, viewer):
    ProgrammeSettings.objects.update(target_rank=1)
    # CQS 1 (+100) and KTS 1 (+75): 675, between Thái Bình (600) and Hà Nam (700): rank 2, 25 points short.
    response = client_for(viewer).get(plan_url(three_provinces_2023), {"year": 2023, "set_CQS": "1", "set_KTS": "1,0"})
    projection = response.context["plan"].projection
    assert projection.projected.rank == 2 and projection.gap_to_target_points == pytest.approx(25)
    html = response.content.decode()
    assert 'data-testid="projected-rank">2<' in html and "0,6750" in html


@pytest.mark.parametrize("value", ["1,5", "-0,1", "abc", "0,12345", "1e400", "NaN"])
def test_a_bad_value_is_refused_with_a_message_not_scored(three_provinces_2023, viewer, value):
    response = client_for(viewer).get(plan_url(three_provinces_2023), {"year": 2023, "set_CQS": value})
    assert response.status_code == 400 and response.context["plan"].projection is None
    assert "is-invalid" in response.content.decode()


def test_all_linked_tasks_complete_takes_the_projected_value_of_each_link(
    three_provinces_2023, viewer, mains, task_a, unit_a, head_a
):
    from tests import factories

    ProgrammeSettings.objects.update(target_rank=1)
    other = factories.TaskFactory(lead_unit=unit_a, responsible_leader=head_a.leader_posts.get())
    LinkProjection.objects.create(indicator=mains["CQS"], task=task_a, projected_value=0.8)
    LinkProjection.objects.create(indicator=mains["CQS"], task=other, projected_value=0.9)  # the highest counts
    LinkProjection.objects.create(indicator=mains["NTS"], task=other, projected_value=1.0)
    response = client_for(viewer).get(plan_url(three_provinces_2023), {"year": 2023, "linked": "on"})
    # CQS 0.5 -> 0.9: +80; NTS 0.5 -> 1: +50: 630 points.
    assert response.context["plan"].projection.projected.points == pytest.approx(630)
    # A typed value wins over the link's.
    response = client_for(viewer).get(plan_url(three_provinces_2023), {"year": 2023, "linked": "on", "set_CQS": "0,5"})
    assert response.context["plan"].projection.projected.points == pytest.approx(550)


def test_saved_scenarios_are_listed_side_by_side_with_their_projection(three_provinces_2023, viewer, dx_office):
    post = reverse("indicators:scenario_save", args=[three_provinces_2023.pk])
    client_for(viewer).post(post, {"year": 2023, "name": "Hạ tầng", "set_HTS": "1"})
    client_for(dx_office).post(post, {"year": 2023, "name": "Chính quyền số", "set_CQS": "1", "set_KTS": "0,9"})
    client_for(dx_office).post(post, {"year": 2023, "name": "", "set_CQS": "1"})  # no name: not saved
    client_for(dx_office).post(post, {"year": 2023, "name": "Sai", "set_CQS": "2"})  # out of 0-1: not saved
    assert sorted(Scenario.objects.values_list("name", flat=True)) == ["Chính quyền số", "Hạ tầng"]
    response = client_for(viewer).get(plan_url(three_provinces_2023), {"year": 2023})
    rows = {s["scenario"].name: s["projection"] for s in response.context["plan"].scenarios}
    assert rows["Hạ tầng"].projected.points == pytest.approx(550)
    assert rows["Chính quyền số"].projected.points == pytest.approx(500 + 100 + 60)
    assert response.context["plan"].scenario_codes == ["CQS", "HTS", "KTS"]
    assert 'id="scenario-table"' in response.content.decode()


def test_the_province_page_offers_the_what_if_panel_to_leadership_only(three_provinces_2023, viewer):
    url = reverse("indicators:province", args=[three_provinces_2023.pk])
    assert 'data-testid="whatif-panel"' in client_for(viewer).get(url, {"year": 2023}).content.decode()
    assert 'data-testid="whatif-panel"' not in client_for(None).get(url, {"year": 2023}).content.decode()


def test_the_ranking_and_province_pages_show_the_rank_intervals_and_the_sentence(three_provinces_2023, commit):
    from indicators import robustness_services

    assert (
        'data-testid="rank-robustness"'
        not in client_for(None).get(reverse("indicators:ranking"), {"year": 2023}).content.decode()
    )  # not computed yet: nothing shown
    robustness_services.robustness_refresh(framework_id=three_provinces_2023.scores.first().framework_id, year=2023)
    html = client_for(None).get(reverse("indicators:ranking"), {"year": 2023}).content.decode()
    assert 'data-testid="rank-robustness"' in html and 'id="chart-robustness-data"' in html
    response = client_for(None).get(reverse("indicators:province", args=[three_provinces_2023.pk]), {"year": 2023})
    html = response.content.decode()
    # 500, 600 and 700 points: no change of weights moves an all-equal profile, so the interval is the rank.
    sentence = html.split('data-testid="robustness-sentence">')[1].split("</p>")[0]
    assert "Hạng 3, trong khoảng 3-3 ở 90% số lần mô phỏng" in sentence
