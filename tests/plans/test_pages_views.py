"""The progress pages as an official sees them: what each shows, who may read it, and bad input."""

import datetime as dt

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from plans.models import DocumentLink, Status, TaskUpdate
from plans.selectors import leaders as leaders_selectors
from plans.selectors import units as units_selectors
from tests import factories
from tests.conftest import client_for
from tests.plans.pages_data import build_document_chain, build_programme

PAGES = [
    "plans:overview",
    "plans:document_list",
    "plans:plan_list",
    "plans:task_list",
    "plans:unit_list",
    "plans:leader_list",
]


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts without cached aggregates (they are keyed by the task table's version, not by test)."""
    cache.clear()


@pytest.fixture
def programme(db):
    return build_programme()


def detail_urls(p):
    return [
        reverse("plans:document_detail", args=[p["resolution"].pk]),
        reverse("plans:plan_detail", args=[p["plans"][0].pk]),
        reverse("plans:task_detail", args=[p["tasks"][0].pk]),
        reverse("plans:unit_detail", args=[p["units"][0].pk]),
        reverse("plans:leader_detail", args=[p["heads"][0].pk]),
    ]


def test_every_page_is_public_by_default(client, programme):
    for url in [reverse(name) for name in PAGES] + detail_urls(programme):
        assert client.get(url).status_code == 200, url


def test_one_setting_makes_every_page_login_only(client, programme, settings, viewer):
    settings.DXT_LOGIN_REQUIRED = True
    urls = [reverse(name) for name in PAGES] + detail_urls(programme)
    urls.append(reverse("plans:task_export", args=["csv"]))
    for url in urls:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("login") + "?next=")
    signed_in = client_for(viewer)
    for url in urls:
        assert signed_in.get(url).status_code == 200, url


def test_overview_shows_headline_figures_charts_and_most_overdue(client, programme):
    response = client.get(reverse("plans:overview"))
    html = response.content.decode()
    headline = response.context["headline"]
    assert headline.total == len(programme["tasks"])
    assert f'data-testid="total-tasks">{headline.total}<' in html
    for name in ("pillar", "field", "unit", "months"):
        assert f'id="chart-{name}-data"' in html
    assert "plotly/plotly.min.js" in html and "js/charts.js" in html
    assert 'id="dti-card"' in html
    overdue = response.context["overdue"]
    assert overdue and all(t.timeliness == "overdue" for t in overdue)
    assert overdue[0].lead_unit.name in html
    assert "Dữ liệu minh họa" in html  # sample tasks are flagged


def test_task_list_filters_sorts_and_paginates(client, programme):
    url = reverse("plans:task_list")
    response = client.get(url + "?timeliness=overdue&field=health")
    rows = [r.record for r in response.context["table"].page.object_list]
    assert rows and all(t.timeliness == "overdue" and t.field == "health" for t in rows)
    everything = client.get(url).context["table"].paginator.count
    assert everything == len(programme["tasks"])
    response = client.get(url + "?sort=-progress")
    progress = [r.record.progress for r in response.context["table"].page.object_list]
    assert progress == sorted(progress, reverse=True)
    response = client.get(url + "?sort=timeliness")
    values = [r.record.timeliness for r in response.context["table"].page.object_list]
    assert values == sorted(values)


def test_task_list_keeps_filters_in_export_links(client, programme):
    html = client.get(reverse("plans:task_list") + "?timeliness=overdue&field=health&page=1").content.decode()
    assert reverse("plans:task_export", args=["xlsx"]) + "?timeliness=overdue&amp;field=health" in html


def test_task_list_paginates_25_a_page(client, db):
    build_programme(units=2, plans=1, tasks_per_plan=30, updates_per_task=0)
    response = client.get(reverse("plans:task_list") + "?page=2")
    assert len(response.context["table"].page.object_list) == 5


@pytest.mark.parametrize(
    "query", ["?due_from=31/02/2025", "?page=abc", "?page=9999", "?sort=nonsense", "?plan=999999", "?timeliness=x"]
)
def test_bad_input_gives_a_page_not_an_error(client, programme, query):
    response = client.get(reverse("plans:task_list") + query)
    assert response.status_code == 200


def test_invalid_filter_shows_a_vietnamese_message(client, programme):
    html = client.get(reverse("plans:task_list") + "?due_from=31/02/2025").content.decode()
    assert "invalid-feedback" in html
    assert "Nhập" in html  # Django's Vietnamese "Nhập ngày hợp lệ."


def test_missing_objects_are_404(client, db):
    for name in (
        "plans:task_detail",
        "plans:plan_detail",
        "plans:unit_detail",
        "plans:leader_detail",
        "plans:document_detail",
    ):
        assert client.get(reverse(name, args=[999999])).status_code == 404


def test_task_page_shows_fields_place_history_and_verification(client, unit_a, head_a, dx_office):
    parent = factories.TaskFactory(code="1", title="Nhiệm vụ cha")
    task = factories.TaskFactory(
        plan=parent.plan, parent=parent, code="1.1", lead_unit=unit_a, responsible_leader=head_a.leader_posts.get()
    )
    child = factories.TaskFactory(plan=parent.plan, parent=task, code="1.1.1", progress=80)
    task.cooperating_units.add(factories.UnitFactory(name="Sở Tài chính"))
    now = timezone.now()
    TaskUpdate.objects.create(
        task=task,
        author=head_a,
        status=Status.IN_PROGRESS,
        progress=20,
        previous_status=Status.NOT_STARTED,
        previous_progress=0,
        note="Bắt đầu triển khai",
        created_at=now - dt.timedelta(days=5),
        review_state="verified",
        reviewed_by=dx_office,
    )
    TaskUpdate.objects.create(
        task=task,
        author=head_a,
        status=Status.IN_PROGRESS,
        progress=45,
        previous_status=Status.IN_PROGRESS,
        previous_progress=20,
        note="Đã ký hợp đồng",
        evidence_url="https://example.gov.vn/hop-dong",
        evidence_file=SimpleUploadedFile("hd.pdf", b"%PDF-1.4"),
        created_at=now,
    )
    response = client.get(reverse("plans:task_detail", args=[task.pk]))
    html = response.content.decode()
    assert "1 Nhiệm vụ cha" in html  # place in the plan
    assert child.title in html  # subtasks
    assert "Sở Tài chính" in html  # co-operating units
    assert html.index("Đã ký hợp đồng") < html.index("Bắt đầu triển khai")  # newest first
    assert "20% → <strong>45%" in html
    assert "https://example.gov.vn/hop-dong" in html
    latest = task.updates.first()
    assert reverse("plans:evidence_download", args=[latest.pk]) in html
    assert 'data-testid="verification">Tình trạng hiện tại đang chờ xác nhận' in html
    # Anonymous readers get no update button; the head who answers for the task does.
    assert reverse("plans:task_update", args=[task.pk]) not in html
    html = client_for(head_a).get(reverse("plans:task_detail", args=[task.pk])).content.decode()
    assert reverse("plans:task_update", args=[task.pk]) in html and "Cập nhật tiến độ" in html


def test_update_button_only_for_who_may_report(task_a, head_b, viewer, dx_office):
    url = reverse("plans:task_update", args=[task_a.pk])
    page = reverse("plans:task_detail", args=[task_a.pk])
    assert url not in client_for(head_b).get(page).content.decode()  # another unit's head
    assert url not in client_for(viewer).get(page).content.decode()  # leadership reads only
    assert url in client_for(dx_office).get(page).content.decode()


def test_task_page_says_verified_when_the_latest_update_is(client, task_a, dx_office):
    TaskUpdate.objects.create(task=task_a, status=Status.IN_PROGRESS, progress=30, review_state="verified")
    html = client.get(reverse("plans:task_detail", args=[task_a.pk])).content.decode()
    assert "Tình trạng hiện tại đã được xác nhận" in html


def test_unit_list_ranks_by_on_time_rate_and_shows_staleness(client, programme):
    response = client.get(reverse("plans:unit_list"))
    rows = list(response.context["table"].rows)
    rates = [r.record["on_time_rate"] for r in rows]
    known = [r for r in rates if r is not None]
    assert known == sorted(known, reverse=True)
    html = response.content.decode()
    assert "Số ngày từ lần cập nhật cuối" in html
    assert all(r.record["days_since_update"] == 3 for r in rows)  # build_programme's latest update: 3 days ago


@pytest.mark.django_db
def test_unit_and_head_lists_complete_every_row_shown_and_sort_every_row_by_a_read_on_demand_column(client):
    """The lists read heads, staleness and ratings only for the rows shown: every row of any page has them, and a
    sort by one of them orders all the units, not one page."""
    build_programme(units=60, plans=1, tasks_per_plan=60, updates_per_task=0)
    every = {r["pk"]: r for r in units_selectors.unit_rows()}
    seen = []
    for page in (1, 2):
        response = client.get(reverse("plans:unit_list") + f"?sort=-head_name&page={page}")
        records = [r.record for r in response.context["table"].page.object_list]
        for record in records:
            full = every[record["pk"]]
            assert (record["head_name"], record["rating"], record["open_tasks"]) == (
                full["head_name"],
                full["rating"],
                full["open_tasks"],
            )
        seen += [r["head_name"] for r in records]
    assert len(seen) == 60 and seen == sorted((r["head_name"] for r in every.values()), reverse=True)
    response = client.get(reverse("plans:unit_list") + "?page=2")
    shown = [r.record for r in response.context["table"].page.object_list]
    assert len(shown) == 10 and all(r["rating"] == every[r["pk"]]["rating"] for r in shown)
    heads = {r["pk"]: r for r in leaders_selectors.leader_rows()}
    response = client.get(reverse("plans:leader_list") + "?page=2&sort=name")
    shown = [r.record for r in response.context["table"].page.object_list]
    assert len(shown) == 10 and all(r["rating"] == heads[r["pk"]]["rating"] for r in shown)
    assert any(r["rating"] for r in shown)


def test_unit_page_shows_head_staleness_and_chart(client, programme):
    unit = programme["units"][0]
    response = client.get(reverse("plans:unit_detail", args=[unit.pk]))
    html = response.content.decode()
    assert programme["heads"][0].person_name in html
    assert response.context["staleness"].days_since == 3
    assert 'id="chart-timeliness-data"' in html


def test_leader_pages_show_counts_rate_and_overdue_list(client, programme):
    leader = programme["heads"][0]
    response = client.get(reverse("plans:leader_list") + "?sort=-overdue")
    overdue = [r.record["overdue"] for r in response.context["table"].rows]
    assert overdue == sorted(overdue, reverse=True)
    response = client.get(reverse("plans:leader_detail", args=[leader.pk]))
    assert all(t.responsible_leader_id == leader.pk for t in response.context["overdue"])
    assert response.context["counts"].total == sum(1 for t in programme["tasks"] if t.responsible_leader == leader)


def test_plan_pages_show_rollup_goals_and_tasks(client, programme):
    plan = programme["plans"][0]
    response = client.get(reverse("plans:plan_list"))
    row = next(r.record for r in response.context["table"].rows if r.record["pk"] == plan.pk)
    assert row["total"] == plan.tasks.count()
    response = client.get(reverse("plans:plan_detail", args=[plan.pk]))
    assert response.context["progress"] == pytest.approx(plan.rolled_up_progress())
    assert "Mục tiêu 0" in response.content.decode()


def test_document_page_shows_chain_and_plans(client, programme):
    resolution = programme["resolution"]
    plan = programme["plans"][0]
    response = client.get(reverse("plans:document_detail", args=[plan.document_id]))
    html = response.content.decode()
    assert resolution.number in html and plan.title in html
    DocumentLink.objects.create(source=factories.DocumentFactory(number="5/QĐ-UBND"), target=plan.document)
    html = client.get(reverse("plans:document_detail", args=[resolution.pk])).content.decode()
    assert "5/QĐ-UBND" in html  # two steps down


def test_document_page_shows_the_nearest_documents_and_counts_the_rest(client, db, monkeypatch):
    from plans.selectors import documents

    top, near, _far = build_document_chain()
    monkeypatch.setattr(documents, "TREE_LIMIT", 3)
    html = client.get(reverse("plans:document_detail", args=[top.pk])).content.decode()
    # Breadth first: both plans, then the first decision below the first plan; the other two are counted there.
    assert "1/KH-UBND" in html and "2/KH-UBND" in html and "1/QĐ-UBND" in html
    assert "2/QĐ-UBND" not in html and "3/QĐ-UBND" not in html
    assert "và 2 văn bản khác" in html
    assert f'href="{reverse("plans:document_detail", args=[near[0].pk])}">trang của văn bản' in html
    monkeypatch.setattr(documents, "TREE_LIMIT", 1)
    html = client.get(reverse("plans:document_detail", args=[top.pk])).content.decode()
    assert "1/KH-UBND" in html and "2/KH-UBND" not in html
    assert "và 1 văn bản khác, không hiển thị" in html


def test_document_list_filters_by_kind(client, programme):
    response = client.get(reverse("plans:document_list") + "?kind=resolution")
    assert [r.record.number for r in response.context["table"].page.object_list] == ["09-NQ/TU"]


def test_english_interface(client, programme):
    client.cookies["django_language"] = "en"
    html = client.get(reverse("plans:overview"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Overall progress" in html and "Tiến độ chung" not in html


@pytest.mark.parametrize("name", ["plans:plan_list", "plans:unit_list", "plans:leader_list", "plans:task_list"])
def test_table_rows_have_one_cell_per_sortable_column(client, programme, name):
    """The rows are written out in templates (for speed): they must line up with the table's column headers."""
    import re

    html = client.get(reverse(name)).content.decode()
    table = html[html.index("<table") : html.index("</table>")]
    head = table[table.index("<thead") : table.index("</thead>")]
    first_row = re.search(r"<tbody[^>]*>\s*<tr[^>]*>(.*?)</tr>", table, re.S).group(1)
    assert len(re.findall(r"<th[\s>]", head)) == len(re.findall(r"<td[\s>]", first_row)) > 3
