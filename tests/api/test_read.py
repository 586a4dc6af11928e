"""The read API: as public as the pages, the pages' filters and sorting, public facts only, conditional GETs."""

import datetime as dt

import pytest
from django.utils import timezone

from plans.models import Status, Timeliness
from tests import factories
from tests.api.conftest import token_client

LISTS = [
    "/api/v1/units/",
    "/api/v1/heads/",
    "/api/v1/documents/",
    "/api/v1/plans/",
    "/api/v1/goals/",
    "/api/v1/tasks/",
    "/api/v1/updates/",
    "/api/v1/provinces/",
    "/api/v1/indicators/",
    "/api/v1/scores/",
    "/api/v1/results/",
]


@pytest.mark.parametrize("url", LISTS)
def test_every_list_is_public_when_the_pages_are(api, db, url):
    response = api.get(url)
    assert response.status_code == 200, response.content
    assert set(response.json()) == {"count", "next", "previous", "results"}


@pytest.mark.parametrize("url", LISTS)
def test_every_list_needs_a_sign_in_when_the_pages_do(api, db, settings, viewer, url):
    settings.DXT_LOGIN_REQUIRED = True
    assert api.get(url).status_code == 401
    assert token_client(viewer).get(url).status_code == 200


def test_a_task_shows_timeliness_rolled_up_progress_units_and_the_heads_position(api, task_a, unit_b):
    task_a.cooperating_units.add(unit_b)
    child = factories.TaskFactory(plan=task_a.plan, parent=task_a, lead_unit=task_a.lead_unit, progress=60)
    factories.TaskFactory(plan=task_a.plan, parent=task_a, lead_unit=task_a.lead_unit, progress=40)
    body = api.get(f"/api/v1/tasks/{task_a.pk}/").json()
    assert body["timeliness"] == Timeliness.ON_TRACK
    assert body["rolled_up_progress"] == 50.0
    assert body["lead_unit"] == task_a.lead_unit_id and body["cooperating_units"] == [unit_b.pk]
    assert body["responsible_leader"]["position_title"] == "Giám đốc Sở TT&TT"
    listed = {row["id"]: row for row in api.get("/api/v1/tasks/").json()["results"]}
    assert listed[task_a.pk]["rolled_up_progress"] == 50.0 and listed[child.pk]["rolled_up_progress"] == 60.0


def test_tasks_filter_with_the_task_pages_names(api, task_a, task_b):
    overdue = factories.TaskFactory(due_date=timezone.localdate() - dt.timedelta(days=3), lead_unit=task_b.lead_unit)

    def ids(**params):
        return {row["id"] for row in api.get("/api/v1/tasks/", params).json()["results"]}

    assert ids(lead_unit=task_a.lead_unit_id) == {task_a.pk}
    assert ids(timeliness=Timeliness.OVERDUE) == {overdue.pk}
    assert ids(q=task_b.code) == {task_b.pk}
    assert ids(status=Status.COMPLETED) == set()
    assert api.get("/api/v1/tasks/", {"plan": str(10**30)}).status_code == 400


def test_tasks_sort_by_the_task_tables_columns_and_ignore_a_bad_sort(api, db):
    for code in ("B", "C", "A"):
        factories.TaskFactory(code=code)
    codes = [row["code"] for row in api.get("/api/v1/tasks/", {"sort": "-code"}).json()["results"]]
    assert codes == ["C", "B", "A"]
    default = [row["id"] for row in api.get("/api/v1/tasks/").json()["results"]]
    for bad in ("nonsense", "start_date", "a" * 3000):
        assert [row["id"] for row in api.get("/api/v1/tasks/", {"sort": bad}).json()["results"]] == default


def test_documents_filter_by_year_and_show_what_they_implement(api, db):
    resolution = factories.DocumentFactory(issue_date=dt.date(2021, 5, 1))
    plan = factories.DocumentFactory(issue_date=dt.date(2022, 1, 1))
    plan.implements.add(resolution)
    rows = api.get("/api/v1/documents/", {"year": 2022}).json()["results"]
    assert [row["id"] for row in rows] == [plan.pk]
    assert rows[0]["implements"] == [{"target": resolution.pk, "note": ""}]
    assert api.get(f"/api/v1/documents/{resolution.pk}/").json()["implemented_by"] == [plan.pk]


def test_updates_show_public_facts_only_and_the_authors_position(api, task_a, head_a, dx_office):
    factories.TaskUpdateFactory(
        task=task_a, author=head_a, evidence_url="https://example.org/bien-ban.pdf", review_note="Thiếu chữ ký"
    )
    row = api.get(f"/api/v1/tasks/{task_a.pk}/updates/").json()["results"][0]
    assert row["author_position"] == "Giám đốc Sở TT&TT" and row["has_evidence"] is True
    assert not {"evidence_url", "evidence_file", "review_note", "reviewed_by", "author"} & set(row)
    assert "head_a" not in str(row) and "Thiếu chữ ký" not in str(row)


def test_an_unchanged_answer_is_a_304_and_a_changed_one_is_not(api, task_a):
    url = f"/api/v1/tasks/{task_a.pk}/"
    first = api.get(url)
    assert first["ETag"] and first["Last-Modified"]
    assert api.get(url, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    task_a.title = "Nhiệm vụ đã sửa"
    task_a.save()
    assert api.get(url, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 200
    listed = api.get("/api/v1/tasks/")
    assert api.get("/api/v1/tasks/", HTTP_IF_NONE_MATCH=listed["ETag"]).status_code == 304


def test_the_page_size_is_capped(api, db):
    factories.UnitFactory.create_batch(205)
    assert len(api.get("/api/v1/units/", {"page_size": 10**6}).json()["results"]) == 200
    assert len(api.get("/api/v1/units/", {"page_size": "abc"}).json()["results"]) == 50
    assert api.get("/api/v1/units/", {"page": 99}).status_code == 404


def test_scores_and_results_filter_by_year(api, db):
    rows = api.get("/api/v1/results/", {"year": 2022, "page_size": 200}).json()["results"]
    assert rows and {row["year"] for row in rows} == {2022}
    assert api.get("/api/v1/results/", {"year": str(10**30)}).status_code == 400


def test_the_task_list_reads_a_fixed_number_of_queries(api, db, django_assert_num_queries):
    from tests.plans.pages_data import build_programme

    build_programme(units=2, plans=2, tasks_per_plan=10, updates_per_task=0)
    # 1 count, 2 the page of tasks (heads joined, the roll-up stored on each), 3 their co-operating units,
    # 4 the fields' names
    with django_assert_num_queries(4):
        results = api.get("/api/v1/tasks/").json()["results"]
    assert len(results) == 20 and {r["field_name"] for r in results} >= {"Y tế", "Giáo dục"}


def test_the_update_list_reads_a_fixed_number_of_queries(api, db, django_assert_num_queries):
    from tests.plans.pages_data import build_programme

    build_programme(units=2, plans=1, tasks_per_plan=10, updates_per_task=2)
    # 1 count, 2 the page of updates (authors joined), 3 the authors' posts
    with django_assert_num_queries(3):
        assert len(api.get("/api/v1/updates/").json()["results"]) == 20
