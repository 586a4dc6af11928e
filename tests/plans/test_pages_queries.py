"""Every list and dashboard page runs a fixed number of queries, whatever the number of rows.

Each test runs with a small and a larger programme and expects the same count. Anonymous requests (no session
or user queries); the roll-up cache is cleared first, so the pages that roll progress up pay for computing it.
"""

import pytest
from django.core.cache import cache
from django.urls import reverse

from tests.plans.pages_data import build_programme

SIZES = {
    "small": {"units": 2, "plans": 1, "tasks_per_plan": 5, "updates_per_task": 1},
    "larger": {"units": 7, "plans": 4, "tasks_per_plan": 16, "updates_per_task": 3},
}


@pytest.fixture(params=list(SIZES))
def programme(request, db):
    data = build_programme(**SIZES[request.param])
    cache.clear()
    return data


def get(client, url):
    response = client.get(url)
    assert response.status_code == 200, response.content[:500]
    return response


def test_overview(client, programme, django_assert_num_queries):
    # 1 task-table version (fingerprint: key of the cached aggregates)
    # 2 tasks counted by timeliness × lead unit (headline figures and the unit chart); 3 names of the units in it
    # 4 tasks completed per month; 5 every task's plain row (roll-up)
    # 6-8 tasks counted by rating × pillar, × lead unit, × plan (plans.ratings.ratings_by: the ratings of the
    # pillars, the units and the goals, whole page in one query each)
    # 9 goals with their plan; 10 most overdue tasks with unit, head and plan
    # 11-13 the DTI rank card (indicators.templatetags.dti): dashboard province, latest computed rank, latest
    # published rank; 14 goals measured on the DTI (indicators/goal_selectors.py; none here)
    with django_assert_num_queries(14):
        get(client, reverse("plans:overview"))
    # With the aggregates cached (no task changed), queries 2-8 are not needed.
    with django_assert_num_queries(7):
        get(client, reverse("plans:overview"))


def test_document_list(client, programme, django_assert_num_queries):
    # 1 issuing bodies for the filter; 2 count of documents; 3 the page of documents with their issuer
    with django_assert_num_queries(3):
        get(client, reverse("plans:document_list"))


def test_plan_list(client, programme, django_assert_num_queries):
    # 1 task-table version; 2 tasks counted by timeliness × plan; 3 every task's row (roll-up);
    # 4 tasks counted by rating × plan; 5 plans with owner and document
    with django_assert_num_queries(5):
        get(client, reverse("plans:plan_list"))
    # Cached counts and roll-up: the version and the plans.
    with django_assert_num_queries(2):
        get(client, reverse("plans:plan_list"))


def test_task_list(client, programme, django_assert_num_queries):
    # 1 count of matching tasks; 2-5 filter choices: plans, lead units, co-operating units, heads;
    # 6 the page of tasks with plan, unit, head, timeliness and rating
    with django_assert_num_queries(6):
        get(client, reverse("plans:task_list"))
    with django_assert_num_queries(6):
        get(client, reverse("plans:task_list") + "?timeliness=overdue&sort=-responsible_leader&q=Nhi")
    with django_assert_num_queries(6):
        get(client, reverse("plans:task_list") + "?rating=amber&sort=-responsible_leader")


def test_task_export(client, programme, django_assert_num_queries):
    # 1 the filtered tasks with plan, unit, head; 2 their co-operating units (prefetch)
    with django_assert_num_queries(2):
        get(client, reverse("plans:task_export", args=["xlsx"]) + "?timeliness=overdue")


def test_unit_list(client, programme, django_assert_num_queries):
    # 1 task-table version; 2 tasks counted by timeliness × lead unit; 3 latest update per unit; 4 open tasks and
    # those updated in 30 days per unit; 5 tasks counted by rating × lead unit; 6 heads in office; 7 units
    with django_assert_num_queries(7):
        get(client, reverse("plans:unit_list"))
    # Cached counts, staleness and ratings: the version, the heads and the units.
    with django_assert_num_queries(3):
        get(client, reverse("plans:unit_list") + "?sort=-overdue")


def test_leader_list(client, programme, django_assert_num_queries):
    # 1 task-table version; 2 tasks counted by timeliness × responsible head; 3 tasks counted by rating × head;
    # 4 heads with their unit
    with django_assert_num_queries(4):
        get(client, reverse("plans:leader_list"))
    with django_assert_num_queries(2):
        get(client, reverse("plans:leader_list"))


def test_plan_detail(client, programme, django_assert_num_queries):
    plan = programme["plans"][-1]
    # 1 plan with owner and document; 2 its tasks' rows (roll-up); 3 its tasks counted by timeliness;
    # 4 its tasks counted by rating; 5 goals; 6 its tasks for the timeline; 7 count of its tasks; 8 the page of tasks
    with django_assert_num_queries(8):
        get(client, reverse("plans:plan_detail", args=[plan.pk]))


def test_unit_detail(client, programme, django_assert_num_queries):
    unit = programme["units"][0]
    # 1 unit; 2 its tasks counted by timeliness; 3 its tasks counted by rating; 4 latest update; 5 open tasks
    # updated in 30 days; 6 head in office; 7 its tasks for the timeline; 8 count of its tasks; 9 the page of tasks
    with django_assert_num_queries(9):
        get(client, reverse("plans:unit_detail", args=[unit.pk]))


def test_leader_detail(client, programme, django_assert_num_queries):
    leader = programme["heads"][0]
    # 1 leader with unit and user; 2 their tasks counted by timeliness; 3 their tasks counted by rating;
    # 4 overdue tasks; 5 count; 6 the page of tasks
    with django_assert_num_queries(6):
        get(client, reverse("plans:leader_detail", args=[leader.pk]))


def test_task_detail(client, programme, django_assert_num_queries):
    task = programme["tasks"][-1]
    # 1 task with plan, document, owner, parent, unit, head; 2 co-operating units; 3 the plan's rows (roll-up and
    # place in the plan); 4 updates with author and reviewer; 5 the authors' and reviewers' posts (named by post
    # when they have no full name); 6 subtasks; 7 linked DTI indicators (indicators app)
    with django_assert_num_queries(7):
        get(client, reverse("plans:task_detail", args=[task.pk]))


def test_document_detail(client, programme, django_assert_num_queries):
    # 1 document with issuer; 2 every document link; 3 the documents in its chain; 4 plans it issued;
    # 5 fingerprint; 6 every task's row (roll-up)
    with django_assert_num_queries(6):
        get(client, reverse("plans:document_detail", args=[programme["plans"][0].document_id]))


def test_ratings_help(client, programme, django_assert_num_queries):
    # No query: the thresholds are settings.
    with django_assert_num_queries(0):
        get(client, reverse("plans:ratings_help"))
