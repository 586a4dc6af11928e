"""Goals read their values from the data: published where it exists, else computed (marked), with the merger
successor; the overview shows value, year, source and whether the target is met."""

from decimal import Decimal

import pytest
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


def test_the_overview_shows_the_measured_goal_with_its_source_and_whether_it_is_met(goal, nam_dinh, viewer):
    GoalMeasure.objects.create(goal=goal, province=nam_dinh, follow_successor=False)
    factories.TaskFactory(plan=goal.plan)  # a dashboard without tasks shows the next onboarding steps instead
    html = client_for(viewer).get(reverse("plans:overview")).content.decode()
    assert 'data-testid="measured-goals"' in html and "Top 20 DTI" in html
    latest = PublishedResult.objects.filter(province=nam_dinh, rank__isnull=False).order_by("-year").first()
    assert f'data-testid="measured-value">{latest.rank}<' in html
