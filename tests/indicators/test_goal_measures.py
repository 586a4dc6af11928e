"""Goals read their values from the data: published where it exists, else computed (marked), with the merger
successor; the overview shows value, year, source and whether the target is met."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from indicators import services
from indicators.models import GoalMeasure, Observation, Province, PublishedResult
from indicators.selectors import goals as goal_selectors
from tests import factories
from tests.conftest import client_for


@pytest.fixture
def goal(db):
    return factories.GoalFactory(
        statement="Top 20 DTI", target_value=Decimal("20"), direction="at_most", current_value=Decimal("5")
    )


def test_a_rank_goal_reads_the_latest_published_rank_not_the_typed_value(goal, nam_dinh):
    measure = GoalMeasure.objects.create(goal=goal, province=nam_dinh, follow_successor=False)
    latest = PublishedResult.objects.filter(province=nam_dinh, rank__isnull=False).order_by("-year").first()
    m = goal_selectors.measurement(measure)
    assert (m.value, m.year, m.computed) == (latest.rank, latest.year, False)
    assert m.met == (latest.rank <= 20)


def test_a_computed_score_of_a_later_year_is_read_and_marked_computed_and_sample(goal, f922, mains):
    province = Province.objects.get(name="Thái Bình", group="63")
    PublishedResult.objects.filter(province=province).delete()
    for main in mains.values():
        if main.scored:
            Observation.objects.create(province=province, indicator=main, year=2023, value=0.6, is_sample=True)
    services.recompute_scores(framework_id=f922.pk, year=2023)
    measure = GoalMeasure.objects.create(goal=goal, province=province, kind=GoalMeasure.Kind.INDEX_VALUE)
    m = goal_selectors.measurement(measure)
    assert (m.value, m.year, m.computed, m.sample) == (pytest.approx(0.6), 2023, True, True)
    ind = GoalMeasure.objects.create(
        goal=factories.GoalFactory(target_value=Decimal("0.5")),
        province=province,
        kind=GoalMeasure.Kind.INDICATOR_VALUE,
        indicator=mains["CQS"],
    )
    m = goal_selectors.measurement(ind)
    assert (m.value, m.computed, m.met) == (pytest.approx(0.6), True, True)


def test_after_the_merger_the_successors_published_rank_is_read(goal, nam_dinh):
    successor = nam_dinh.successor
    PublishedResult.objects.update_or_create(province=successor, year=2030, defaults={"rank": 7, "source": "thử"})
    m = goal_selectors.measurement(GoalMeasure.objects.create(goal=goal, province=nam_dinh))
    assert (m.value, m.year, m.province, m.source) == (7, 2030, successor.name, "thử")
    alone = goal_selectors.measurement(
        GoalMeasure.objects.create(goal=factories.GoalFactory(), province=nam_dinh, follow_successor=False)
    )
    assert alone.year < 2030 and alone.province == nam_dinh.name


def _overview(user) -> str:
    return client_for(user).get(reverse("plans:overview")).content.decode()


def _cell(html: str, testid: str, index: int = 0) -> str:
    return html.split(f'data-testid="{testid}"')[index + 1].split("</td>")[0]


def test_the_overview_shows_the_measured_goal_with_value_year_source_and_whether_it_is_met(goal, nam_dinh, viewer):
    GoalMeasure.objects.create(goal=goal, province=nam_dinh, follow_successor=False)
    factories.TaskFactory(plan=goal.plan)  # a dashboard without tasks shows the next onboarding steps instead
    html = _overview(viewer)
    latest = PublishedResult.objects.filter(province=nam_dinh, rank__isnull=False).order_by("-year").first()
    assert "Top 20 DTI" in html
    assert _cell(html, "goal-value") == f">{latest.rank}"
    assert _cell(html, "goal-year") == f">{latest.year}"
    source = _cell(html, "goal-source")
    assert 'data-source="published"' in source and "công bố" in source and "Nam Định" in source
    assert (">đạt<" if latest.rank <= 20 else ">chưa đạt<") in _cell(html, "goal-met")


def _leaf(_framework=None):
    """A component with no components of its own: it gets no score, only observations."""
    from indicators.models import Indicator

    return Indicator.objects.filter(parent__isnull=False, children__isnull=True).order_by("pk").first()


def test_a_leaf_indicator_is_read_from_its_observation_with_its_source(goal, f922, nam_dinh, viewer):
    leaf = _leaf(f922)
    Observation.objects.create(province=nam_dinh, indicator=leaf, year=2030, value=0.75, source="Sở TT&TT, 2030")
    goal.target_value, goal.direction = Decimal("0.7"), "at_least"
    goal.save()
    measure = GoalMeasure.objects.create(
        goal=goal, province=nam_dinh, kind=GoalMeasure.Kind.INDICATOR_VALUE, indicator=leaf, follow_successor=False
    )
    m = goal_selectors.measurement(measure)
    assert (m.value, m.year, m.source, m.computed, m.met) == (0.75, 2030, "Sở TT&TT, 2030", False, True)
    factories.TaskFactory(plan=goal.plan)
    html = _overview(viewer)
    assert _cell(html, "goal-value") == ">0,7500"
    assert 'data-source="recorded"' in _cell(html, "goal-source") and leaf.code in _cell(html, "goal-source")


def test_a_computed_value_from_sample_inputs_is_said_so_on_the_overview(goal, f922, mains, viewer):
    province = Province.objects.get(name="Thái Bình", group="63")
    PublishedResult.objects.filter(province=province).delete()
    for main in mains.values():
        if main.scored:
            Observation.objects.create(province=province, indicator=main, year=2023, value=0.6, is_sample=True)
    services.recompute_scores(framework_id=f922.pk, year=2023)
    GoalMeasure.objects.create(goal=goal, province=province, kind=GoalMeasure.Kind.INDEX_VALUE)
    factories.TaskFactory(plan=goal.plan)
    source = _cell(_overview(viewer), "goal-source")
    assert 'data-source="computed_sample"' in source and "tính từ dữ liệu minh họa" in source


def test_the_overview_reads_measured_goals_in_a_fixed_number_of_queries(
    f922, mains, nam_dinh, viewer, django_assert_num_queries
):
    plan = factories.PlanFactory()
    factories.TaskFactory(plan=plan)
    leaf = _leaf(f922)
    kinds = [
        {"kind": GoalMeasure.Kind.INDEX_RANK},
        {"kind": GoalMeasure.Kind.INDEX_VALUE},
        {"kind": GoalMeasure.Kind.INDICATOR_VALUE, "indicator": mains["CQS"]},
        {"kind": GoalMeasure.Kind.INDICATOR_VALUE, "indicator": leaf},
    ]

    def add_goals(n):
        for i in range(n):
            goal = factories.GoalFactory(plan=plan, target_value=Decimal("20"))
            GoalMeasure.objects.create(goal=goal, province=nam_dinh, **kinds[i % len(kinds)])

    def goal_queries() -> int:
        goals = list(plan.goals.select_related("plan"))
        with CaptureQueriesContext(connection) as ctx:
            readings = goal_selectors.goal_readings(goals)
        assert set(readings) == {g.pk for g in goals}
        return len(ctx.captured_queries)

    add_goals(4)  # one of each kind
    few = goal_queries()
    client_for(viewer).get(reverse("plans:overview"))  # fill the aggregates' cache
    with CaptureQueriesContext(connection) as page_few:
        client_for(viewer).get(reverse("plans:overview"))
    add_goals(6)
    # the measures; published results and overall scores of their provinces; scores and observations of
    # their indicators
    assert few == goal_queries() == 5
    client_for(viewer).get(reverse("plans:overview"))
    with CaptureQueriesContext(connection) as page_many:
        client_for(viewer).get(reverse("plans:overview"))
    assert len(page_many.captured_queries) == len(page_few.captured_queries)


def test_the_plan_page_shows_the_measured_value_not_the_typed_one(goal, nam_dinh, viewer):
    GoalMeasure.objects.create(goal=goal, province=nam_dinh, follow_successor=False)
    html = client_for(viewer).get(reverse("plans:plan_detail", args=[goal.plan_id])).content.decode()
    latest = PublishedResult.objects.filter(province=nam_dinh, rank__isnull=False).order_by("-year").first()
    reading = html.split('data-testid="goal-reading"')[1].split("</span>")[0]
    assert 'data-source="published"' in reading and f": {latest.rank} ({latest.year})" in reading
    assert "Hiện tại: 5 " not in html  # the typed value (5) is not shown as if measured


def test_the_api_gives_each_goal_its_reading_in_a_fixed_number_of_queries(
    goal, nam_dinh, viewer, django_assert_max_num_queries
):
    GoalMeasure.objects.create(goal=goal, province=nam_dinh, follow_successor=False)
    typed = factories.GoalFactory(plan=goal.plan, target_value=Decimal("90"), current_value=Decimal("93"))
    typed.record_typed_value(by="Giám đốc Sở TT&TT")
    typed.save()
    for _ in range(5):
        factories.GoalFactory(plan=goal.plan)
    client = client_for(viewer)
    # session and user; count; the page of goals; what they measure; published results; overall scores
    with django_assert_max_num_queries(8):
        rows = {r["id"]: r for r in client.get("/api/v1/goals/").json()["results"]}
    latest = PublishedResult.objects.filter(province=nam_dinh, rank__isnull=False).order_by("-year").first()
    measured = rows[goal.pk]
    assert (measured["reading_value"], measured["reading_year"], measured["reading_source"]) == (
        latest.rank,
        latest.year,
        "published",
    )
    assert measured["current_value"] == "5.0000"  # the typed value stays, apart
    assert (rows[typed.pk]["reading_source"], rows[typed.pk]["current_value_entered_by"]) == (
        "entered",
        "Giám đốc Sở TT&TT",
    )
    assert rows[typed.pk]["is_met"] is True
