"""Every list and dashboard page runs a fixed number of queries, whatever the number of rows.

Each test runs with a small and a larger programme and expects the same count. Anonymous requests (no session
or user queries). The aggregates are read from the summaries kept on write (plans/summaries.py): nothing is
cached, so the first view and the next cost the same.
"""

import pytest
from django.urls import reverse

from tests.plans.pages_data import build_programme

SIZES = {
    "small": {"units": 2, "plans": 1, "tasks_per_plan": 5, "updates_per_task": 1},
    "larger": {"units": 7, "plans": 4, "tasks_per_plan": 16, "updates_per_task": 3},
}


@pytest.fixture(params=list(SIZES))
def programme(request, db):
    return build_programme(**SIZES[request.param])


def get(client, url):
    response = client.get(url)
    assert response.status_code == 200, response.content[:500]
    return response


def test_overview(client, programme, django_assert_num_queries):
    # 1 stored counts by timeliness × lead unit (headline figures and the unit chart); 2 names of the units in it
    # 3 stored roll-ups of plans, pillars and fields; 4 stored completions per month
    # 5-7 the stored rating days × pillar, × lead unit, × plan (plans.selectors.aggregates.ratings_of: the
    # ratings of the pillars, the units and the goals, whole page in one query each)
    # 8 goals with their plan; 9 most overdue tasks with unit, head and plan
    # 10 the programme settings (the province; read once for the page and its DTI card); 11 the fields (priority)
    # 12-14 the DTI rank card (indicators.templatetags.dti): dashboard province, latest computed rank, latest
    # published rank; 15 what the goals measure on the DX index (plans' goal reader, indicators/selectors/goals.py;
    # none here, so no more). No cache: the second view costs the same.
    for _ in range(2):
        with django_assert_num_queries(15):
            get(client, reverse("plans:overview"))


def test_document_list(client, programme, django_assert_num_queries):
    # 1 issuing bodies for the filter; 2 count of documents; 3 the page of documents with their issuer
    with django_assert_num_queries(3):
        get(client, reverse("plans:document_list"))


def test_plan_list(client, programme, django_assert_num_queries):
    # 1 stored counts by timeliness and rating days × plan (one query for both); 2 stored roll-up of every plan;
    # 3 plans with owner and document
    with django_assert_num_queries(3):
        get(client, reverse("plans:plan_list"))


def test_task_list(client, programme, django_assert_num_queries):
    # 1 count of matching tasks; 2-4 filter choices: plans, units (the lead and the co-operating unit's, read
    # once), heads; 5 the page of tasks with plan, unit, head, timeliness and rating; 6 the fields (filter choices
    # and column, once)
    with django_assert_num_queries(6):
        get(client, reverse("plans:task_list"))
    with django_assert_num_queries(6):
        get(client, reverse("plans:task_list") + "?timeliness=overdue&sort=-responsible_leader&q=Nhi")
    with django_assert_num_queries(6):
        get(client, reverse("plans:task_list") + "?rating=amber&sort=-responsible_leader")


def test_task_export(client, programme, django_assert_num_queries):
    # 1 the filtered tasks with plan, unit, head; 2 their co-operating units (prefetch); 3 the fields' names
    with django_assert_num_queries(3):
        get(client, reverse("plans:task_export", args=["xlsx"]) + "?timeliness=overdue")


def test_unit_list(client, programme, django_assert_num_queries):
    # 1 stored counts by timeliness × lead unit; 2 units; for the units shown (or every unit, sorted by a column
    # read for the rows shown): 3 their stored rating days; 4 their latest update (stored on the unit); 5 their
    # stored open tasks by day of last update; 6 their heads in office
    for sort in ("", "-overdue", "head_name", "-days_since_update,name"):
        with django_assert_num_queries(6):
            get(client, reverse("plans:unit_list") + f"?sort={sort}")


def test_leader_list(client, programme, django_assert_num_queries):
    # 1 stored counts by timeliness × responsible head; 2 heads' posts with their unit's name; 3 the stored rating
    # days of the heads shown
    for sort in ("", "-overdue", "name"):
        with django_assert_num_queries(3):
            get(client, reverse("plans:leader_list") + f"?sort={sort}")


def test_search(client, programme, django_assert_num_queries):
    # 1 the first matching tasks with plan, unit, head and timeliness, and how many match (a window count);
    # 2 documents with their issuer; 3 units with their parent; 4 heads with their unit (each counted the same way)
    for query in ("nhiem vu", "thu nghiem"):
        with django_assert_num_queries(4):
            response = get(client, reverse("plans:search") + f"?q={query}")
        assert response.context["found"] > 0
    # An empty query searches nothing.
    with django_assert_num_queries(0):
        get(client, reverse("plans:search"))


def test_plan_detail(client, programme, django_assert_num_queries):
    plan = programme["plans"][-1]
    # 1 plan with owner and document; 2 its stored counts by timeliness and rating days; 3 its stored roll-up;
    # 4 goals; 5 what they measure on the DX index (plans' goal reader, indicators/selectors/goals.py; none here,
    # so no more); 6 its tasks for the timeline; 7 count of its tasks; 8 the page of tasks; 9 the fields' names
    with django_assert_num_queries(9):
        get(client, reverse("plans:plan_detail", args=[plan.pk]))


def test_unit_detail(client, programme, django_assert_num_queries):
    unit = programme["units"][0]
    # 1 unit; 2 its stored counts by timeliness and rating days; 3 latest update; 4 its open tasks by day of last
    # update; 5 head in office; 6 its tasks for the timeline; 7 count of its tasks; 8 the page of tasks; 9 the
    # fields' names
    with django_assert_num_queries(9):
        get(client, reverse("plans:unit_detail", args=[unit.pk]))


def test_leader_detail(client, programme, django_assert_num_queries):
    leader = programme["heads"][0]
    # 1 leader with unit and user; 2 their stored counts by timeliness and rating days; 3 overdue tasks; 4 count;
    # 5 the page of tasks; 6 the fields' names
    with django_assert_num_queries(6):
        get(client, reverse("plans:leader_detail", args=[leader.pk]))


def test_task_detail(client, programme, django_assert_num_queries):
    task = programme["tasks"][-1]
    # 1 task with plan, document, owner, parent, unit, head and the plan's stored roll-up; 2 co-operating units;
    # 3 updates with author and reviewer; 4 the authors' and reviewers' posts (named by post when they have no full
    # name); 5 subtasks; 6 linked DTI indicators (indicators app); 7 the fields' names
    # (a subtask's page reads its plan's codes and titles once more, for the path down to it)
    with django_assert_num_queries(7):
        get(client, reverse("plans:task_detail", args=[task.pk]))


def test_document_detail(client, programme, django_assert_num_queries):
    # 1 document with issuer; 2 every document link; 3 the issue dates of the documents in its chain; 4 the
    # documents shown; 5 plans it issued; 6 their stored roll-ups
    with django_assert_num_queries(6):
        get(client, reverse("plans:document_detail", args=[programme["plans"][0].document_id]))


def test_ratings_help(client, programme, django_assert_num_queries):
    # No query: the thresholds are settings.
    with django_assert_num_queries(0):
        get(client, reverse("plans:ratings_help"))
