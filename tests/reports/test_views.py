"""The reports pages: who may do what (with the database unchanged by every refusal), and what each page does."""

import io

import pytest
from django.urls import reverse
from docx import Document

from reports.models import ReportPeriod, Snapshot
from tests.conftest import client_for

READ = ["period_list", "period_detail", "docx", "xlsx"]
WRITE = ["create", "texts", "close"]
ALLOWED = {
    "anonymous": set(),
    "head_a": set(),
    "viewer": set(READ),
    "dx_office": set(READ + WRITE),
    "superuser": set(READ + WRITE),
}


def request_for(client, action, period):
    if action == "period_list":
        return client.get(reverse("reports:period_list"))
    if action == "period_detail":
        return client.get(reverse("reports:period_detail", args=[period.pk]))
    if action in ("docx", "xlsx"):
        return client.get(reverse("reports:period_download", args=[period.pk, action]))
    if action == "create":
        return client.post(reverse("reports:period_list"), {"code": "2026-11"})
    if action == "texts":
        return client.post(reverse("reports:period_detail", args=[period.pk]), {"problems_text": "Vướng mắc"})
    return client.post(reverse("reports:period_close", args=[period.pk]))


def state():
    return list(ReportPeriod.objects.values_list("code", "problems_text", "closed_at")), Snapshot.objects.count()


@pytest.mark.parametrize("role", list(ALLOWED))
@pytest.mark.parametrize("action", READ + WRITE)
def test_permission_matrix(role, action, quarter, request, django_capture_on_commit_callbacks):
    user = None if role == "anonymous" else request.getfixturevalue(role)
    client = client_for(user)
    before = state()
    with django_capture_on_commit_callbacks(execute=True):
        response = request_for(client, action, quarter)
    if action in ALLOWED[role]:
        assert response.status_code in (200, 302), response.status_code
        if response.status_code == 302:
            assert "/accounts/login/" not in response["Location"]
    elif role == "anonymous":
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
        assert state() == before
    else:
        assert response.status_code == 403
        assert state() == before


def test_the_dx_office_opens_writes_and_closes_a_period(dx_office, quarter, django_capture_on_commit_callbacks):
    client = client_for(dx_office)
    response = client.post(reverse("reports:period_list"), {"code": "2026-H1"})
    half = ReportPeriod.objects.get(code="2026-H1")
    assert response["Location"] == half.get_absolute_url() and half.end.isoformat() == "2026-06-30"
    client.post(
        reverse("reports:period_detail", args=[quarter.pk]), {"problems_text": "Thiếu nhân lực", "number": "7/BC-SKHCN"}
    )
    quarter.refresh_from_db()
    assert (quarter.problems_text, quarter.number) == ("Thiếu nhân lực", "7/BC-SKHCN")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("reports:period_close", args=[quarter.pk]))
    assert Snapshot.objects.filter(period=quarter).exists()
    page = client.get(reverse("reports:period_detail", args=[quarter.pk])).content.decode()
    assert "Đã chốt: số liệu tính đến ngày 30/09/2026" in page
    assert 'class="badge rating-red text-bg-danger">Đỏ</span>' in page  # colour and text


def test_a_bad_period_is_refused_with_a_message(dx_office):
    response = client_for(dx_office).post(reverse("reports:period_list"), {"code": "2026-Q5"})
    assert response.status_code == 400 and "Không đọc được kỳ báo cáo" in response.content.decode()
    assert not ReportPeriod.objects.exists()


def test_the_unit_report_download_holds_that_units_tasks(viewer, quarter, unit_b):
    url = reverse("reports:period_download", args=[quarter.pk, "docx"])
    document = Document(io.BytesIO(client_for(viewer).get(url, {"unit": unit_b.pk}).content))
    annex = document.tables[-1]
    assert [row.cells[1].text for row in annex.rows[1:]] == ["Bệnh án điện tử"]
    assert any("SỞ Y TẾ" in p.text for p in document.paragraphs)


def test_an_unknown_unit_or_format_falls_back_or_404s(viewer, quarter):
    client = client_for(viewer)
    province = client.get(reverse("reports:period_detail", args=[quarter.pk]), {"unit": "10" * 20})
    assert province.status_code == 200 and province.context["report"].unit is None
    assert client.get(reverse("reports:period_download", args=[quarter.pk, "pdf"])).status_code == 404


def _queries_of_report_page(client, period, django_assert_num_queries, count):
    # session, user, groups (the permission), the period, its snapshot, the previous period, the report settings,
    # then the menu's (plans/context_processors.py): unread notifications, the user's posts
    with django_assert_num_queries(count):
        assert client.get(reverse("reports:period_detail", args=[period.pk])).status_code == 200


def test_a_closed_reports_page_makes_the_same_queries_whatever_the_number_of_tasks(
    viewer, quarter, django_assert_num_queries, django_capture_on_commit_callbacks
):
    from reports import services
    from reports.models import ReportSettings
    from tests import factories

    ReportSettings.load()  # made once, on the first report ever shown
    with django_capture_on_commit_callbacks(execute=True):
        services.period_close(period=quarter)
    client = client_for(viewer)
    _queries_of_report_page(client, quarter, django_assert_num_queries, 9)
    factories.TaskFactory.create_batch(20)
    with django_capture_on_commit_callbacks(execute=True):
        services.period_close(period=quarter, rebuild=True)
    _queries_of_report_page(client, quarter, django_assert_num_queries, 9)


def test_an_open_reports_page_makes_a_handful_of_queries_whatever_the_number_of_tasks(
    viewer, quarter, django_assert_num_queries
):
    from reports.models import ReportSettings
    from tests import factories

    ReportSettings.load()
    client = client_for(viewer)
    # session, user, groups; the period; no snapshot; the DTI rank card (province, computed rank, published rank);
    # plan titles, unit names, head names, co-operating units (reports.snapshots._names); the tasks as of the day
    # (plain values); goals; the previous period; the report settings; the menu's unread notifications and posts;
    # the programme settings
    _queries_of_report_page(client, quarter, django_assert_num_queries, 19)
    for task in factories.TaskFactory.create_batch(30, start_date=quarter.start, due_date=quarter.end):
        task.cooperating_units.add(factories.UnitFactory())
        factories.TaskUpdateFactory(task=task)
    _queries_of_report_page(client, quarter, django_assert_num_queries, 19)


def test_annex_two_is_shown_a_page_at_a_time_on_screen(viewer, quarter, settings):
    from reports import views
    from tests import factories

    factories.TaskFactory.create_batch(4, start_date=quarter.start, due_date=quarter.end)
    settings_page, views.ANNEX_PAGE = views.ANNEX_PAGE, 2
    try:
        client = client_for(viewer)
        url = reverse("reports:period_detail", args=[quarter.pk])
        first = client.get(url).context["task_table"]
        total = first.paginator.count
        assert total > 4 and len(first.page.object_list) == 2
        last = client.get(url, {"page": "999"}).context["task_table"]  # past the last: the last
        assert last.page.number == first.paginator.num_pages
        assert client.get(url, {"page": "abc"}).context["task_table"].page.number == 1
    finally:
        views.ANNEX_PAGE = settings_page


def test_a_viewer_is_told_that_writing_is_the_dx_offices(viewer, quarter):
    response = client_for(viewer).post(reverse("reports:period_close", args=[quarter.pk]))
    assert response.status_code == 403
    assert "Chỉ Văn phòng CĐS được mở, chốt kỳ báo cáo" in response.content.decode()
