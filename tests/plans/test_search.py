"""Search: the normalised column kept up to date, the list filters and the search page agreeing, the page itself."""

import datetime as dt
import importlib
import logging
from io import StringIO

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import connection
from django.urls import reverse

from plans.filters import DocumentFilter, TaskFilter
from plans.forms import SEARCH_MAX
from plans.models import Document, Leader, Task, Unit, UnitAlias
from plans.search_index import ensure_trigram_indexes
from plans.selectors import common
from tests import factories
from tests.conftest import client_for

pytestmark = pytest.mark.django_db

MIGRATION = importlib.import_module("plans.migrations.0012_search_text_fill_and_trigram_index")


def codes(queryset):
    return sorted(t.code for t in queryset)


# The column, kept up to date


def test_save_folds_the_searched_fields_one_per_line():
    task = factories.TaskFactory(code="9.2", title="Bệnh án điện tử tại Bệnh viện", description="Đa khoa tỉnh")
    assert task.search_text == "9.2\nbenh an dien tu tai benh vien\nda khoa tinh"
    task.title = "Khám chữa bệnh từ xa"
    task.save()
    assert Task.objects.get(pk=task.pk).search_text == "9.2\nkham chua benh tu xa\nda khoa tinh"


def test_a_query_never_matches_across_two_fields():
    factories.TaskFactory(code="NV1", title="Bệnh viện", description="tỉnh")
    assert not Task.objects.matching("vien tinh").exists()
    assert Task.objects.matching("benh vien").exists()


def test_save_with_update_fields_refreshes_the_column():
    leader = factories.LeaderFactory(position_title="Giám đốc Sở Y tế")
    leader.position_title = "Phó Giám đốc Bệnh viện"
    leader.save(update_fields=["position_title"])
    assert Leader.objects.get(pk=leader.pk).search_text == "pho giam doc benh vien"
    # A save of other fields leaves the column alone (and does not write it).
    leader.term_end = dt.date(2030, 1, 1)
    leader.save(update_fields=["term_end"])
    assert Leader.objects.get(pk=leader.pk).search_text == "pho giam doc benh vien"


def test_bulk_create_and_bulk_update_fill_the_column():
    unit = factories.UnitFactory()
    plan = factories.PlanFactory(owner=unit)
    made = Task.objects.bulk_create(
        [
            Task(plan=plan, code=f"B{i}", title=f"Bệnh viện số {i}", pillar="society", field="health", lead_unit=unit)
            for i in range(3)
        ]
    )
    assert codes(Task.objects.matching("benh vien so")) == ["B0", "B1", "B2"]
    for task in made:
        task.title = "Trạm y tế"
    Task.objects.bulk_update(made, ["title"])
    assert codes(Task.objects.matching("tram y te")) == ["B0", "B1", "B2"]
    assert not Task.objects.matching("benh vien").exists()


def test_update_or_create_refreshes_the_column():
    unit = factories.UnitFactory(name="Sở Y tế")
    Unit.objects.update_or_create(pk=unit.pk, defaults={"short_name": "SYT Đồng Nai"})
    assert list(Unit.objects.matching("syt dong nai")) == [unit]


def test_units_are_found_by_name_short_name_and_alias_once_each():
    unit = factories.UnitFactory(name="Sở Thông tin và Truyền thông", short_name="Sở TT&TT")
    UnitAlias.objects.create(alias="Sở TTTT", unit=unit)
    UnitAlias.objects.create(alias="Sở Thông tin - Truyền thông", unit=unit)
    factories.UnitFactory(name="Sở Y tế", short_name="Sở YT")
    for text in ("thong tin", "so tt&tt", "SỞ TTTT", "thong tin - truyen"):
        assert list(Unit.objects.matching(text)) == [unit], text
    # An alias moved to another unit finds that unit (each row's column depends on its own fields only).
    other = factories.UnitFactory(name="Văn phòng UBND tỉnh")
    alias = UnitAlias.objects.get(alias="Sở TTTT")
    alias.unit = other
    alias.save()
    assert list(Unit.objects.matching("so tttt")) == [other]


def test_an_empty_or_blank_query_matches_everything():
    factories.TaskFactory.create_batch(3)
    for text in ("", "   ", "\u0301"):
        assert Task.objects.matching(text).count() == 3


def test_the_data_migration_fills_existing_rows():
    task = factories.TaskFactory(title="Bệnh viện thông minh")
    document = factories.DocumentFactory(number="09-NQ/TU", title="Nghị quyết về chuyển đổi số")
    leader = factories.LeaderFactory(position_title="Giám đốc Bệnh viện", person_name="Nguyễn Văn Đức")
    alias = UnitAlias.objects.create(alias="BV Đa khoa", unit=leader.unit)
    for model in (Task, Document, Leader, UnitAlias, Unit):
        model.objects.update(search_text="")
    MIGRATION.fill(apps, None)
    assert Task.objects.get(pk=task.pk).search_text.endswith("benh vien thong minh")
    assert Document.objects.get(pk=document.pk).search_text == "09-nq/tu\nnghi quyet ve chuyen doi so"
    assert Leader.objects.get(pk=leader.pk).search_text == "giam doc benh vien\nnguyen van duc"
    assert UnitAlias.objects.get(pk=alias.pk).search_text == "bv da khoa"
    assert Unit.objects.get(pk=leader.unit.pk).search_text == Unit.objects.get(pk=leader.unit.pk).search_source()


class RefusingCursor:
    """A PostgreSQL cursor as a role without the right to create extensions sees it."""

    def __init__(self, log):
        self.log = log

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def execute(self, sql):
        self.log.append(sql)
        if sql.startswith("CREATE EXTENSION"):
            from django.db import DatabaseError

            raise DatabaseError('permission denied to create extension "pg_trgm"')

    def fetchone(self):
        return None


class RefusingConnection:
    vendor = "postgresql"
    alias = "default"

    def __init__(self):
        self.log = []

    def cursor(self):
        return RefusingCursor(self.log)


class Editor:
    def __init__(self, connection):
        self.connection = connection

    def add_index(self, model, index):
        raise AssertionError("no index without pg_trgm")


def test_without_the_right_to_create_pg_trgm_the_migration_goes_on_unindexed(caplog):
    editor = Editor(RefusingConnection())
    with caplog.at_level(logging.WARNING):
        MIGRATION.create_indexes(apps, editor)
        assert ensure_trigram_indexes(editor, [Task]) == []
    assert editor.connection.log[-1] == "CREATE EXTENSION IF NOT EXISTS pg_trgm"
    assert "search works without its index" in caplog.text
    # The database is still usable, and search works.
    factories.TaskFactory(title="Bệnh viện")
    assert Task.objects.matching("benh vien").count() == 1


def test_the_search_index_command_has_nothing_to_do_after_migrate():
    out = StringIO()
    call_command("search_index", stdout=out)
    if connection.vendor == "sqlite":
        assert out.getvalue() == "SQLite: the search column needs no index here.\n"
    else:
        assert out.getvalue() == "Every search index exists already.\n"


# The list filters use the same match


def test_task_list_filter_ignores_case_and_diacritics():
    hospital = factories.TaskFactory(code="9.2", title="Bệnh án điện tử tại bệnh viện tuyến tỉnh")
    factories.TaskFactory(code="9.3", title="Khám, chữa bệnh từ xa cho trạm y tế xã")
    factories.TaskFactory(code="1.1", title="Tuyên truyền", description="Phối hợp với Bệnh Viện")
    for text in ("benh vien", "Benh Vien", "BỆNH VIỆN", "bệnh  viện "):
        found = TaskFilter({"q": text}, queryset=common.task_rows()).qs
        assert codes(found) == ["1.1", "9.2"], text
    assert codes(TaskFilter({"q": "y te"}, queryset=common.task_rows()).qs) == ["9.3"]
    assert codes(TaskFilter({"q": "9.2"}, queryset=common.task_rows()).qs) == [hospital.code]


def test_document_list_filter_ignores_case_and_diacritics():
    factories.DocumentFactory(number="749/QĐ-TTg", title="Chương trình Chuyển đổi số quốc gia")
    factories.DocumentFactory(number="09-NQ/TU", title="Nghị quyết", summary="về chuyển đổi số đến năm 2025")
    factories.DocumentFactory(number="1/KH", title="Kế hoạch y tế")
    found = DocumentFilter({"q": "chuyen doi so"}, queryset=Document.objects.all()).qs
    assert sorted(d.number for d in found) == ["09-NQ/TU", "749/QĐ-TTg"]
    assert [d.number for d in DocumentFilter({"q": "qd-ttg"}, queryset=Document.objects.all()).qs] == ["749/QĐ-TTg"]


# The demo


def test_benh_vien_finds_the_demos_hospital_tasks():
    call_command("load_demo")
    hospital = {t.code for t in Task.objects.all() if "bệnh viện" in t.title.lower()}
    assert len(hospital) >= 2, "the demo's plan has hospital tasks"
    client = client_for(None)
    tasks = client.get(reverse("plans:search"), {"q": "benh vien"}).context["groups"][0]
    assert {t.code for t in tasks.rows} == hospital and tasks.total == len(hospital)
    # "y te" finds the health department and the commune health stations' task.
    groups = {g.kind: g for g in client.get(reverse("plans:search"), {"q": "y te"}).context["groups"]}
    assert "Sở Y tế" in [u.name for u in groups["units"].rows]
    assert any("trạm y tế" in t.title for t in groups["tasks"].rows)


# The search page


def search(client, q, **params):
    response = client.get(reverse("plans:search"), {"q": q, **params})
    assert response.status_code == 200
    return response


@pytest.fixture
def hospital(unit_b, head_b):
    head = Leader.objects.get(unit=unit_b, role=Leader.Role.HEAD)
    head.person_name = "Trần Thị Bệnh Viện"  # an unlikely name, to be found as a head
    head.save()
    Leader.objects.create(
        unit=unit_b, position_title="Phó Giám đốc Bệnh viện", role=Leader.Role.DEPUTY, term_start=dt.date(2021, 1, 1)
    )
    plan = factories.PlanFactory(title="Kế hoạch y tế số")
    tasks = [
        factories.TaskFactory(plan=plan, code="9.2", title="Bệnh án điện tử tại bệnh viện", lead_unit=unit_b),
        factories.TaskFactory(
            plan=plan,
            code="9.4",
            title="Thanh toán không dùng tiền mặt trong bệnh viện",
            lead_unit=unit_b,
            is_sample=True,
        ),
        factories.TaskFactory(plan=plan, code="1.1", title="Tuyên truyền về CĐS"),
    ]
    document = factories.DocumentFactory(number="12/KH-SYT", title="Kế hoạch chuyển đổi số ngành y tế, bệnh viện")
    unit = factories.UnitFactory(name="Bệnh viện Đa khoa tỉnh", short_name="BVĐK", parent=unit_b)
    return {"tasks": tasks, "document": document, "unit": unit, "head": head}


def test_results_are_grouped_by_kind_with_counts_and_links(client, hospital):
    response = search(client, "Benh Vien")
    groups = {g.kind: g for g in response.context["groups"]}
    assert [g.kind for g in response.context["groups"]] == ["tasks", "documents", "units", "heads"]
    assert [t.code for t in groups["tasks"].rows] == ["9.2", "9.4"]
    assert groups["documents"].rows == [hospital["document"]]
    assert groups["units"].rows == [hospital["unit"]]
    assert groups["heads"].rows == [hospital["head"]]  # the deputy's post is not a head's
    assert response.context["found"] == 5
    html = response.content.decode()
    for kind, count in (("tasks", 2), ("documents", 1), ("units", 1), ("heads", 1)):
        assert f'data-testid="count-{kind}">{count}<' in html
    for task in hospital["tasks"][:2]:
        assert f'href="{task.get_absolute_url()}"' in html
    assert f'href="{hospital["document"].get_absolute_url()}"' in html
    assert f'href="{hospital["unit"].get_absolute_url()}"' in html
    assert f'href="{reverse("plans:leader_detail", args=[hospital["head"].pk])}"' in html
    assert "5 kết quả cho “Benh Vien”" in html


def test_the_search_page_counts_the_same_tasks_as_the_task_list(client, hospital):
    factories.TaskFactory.create_batch(25, title="Nâng cấp hệ thống bệnh viện", lead_unit=hospital["unit"])
    response = search(client, "benh vien")
    tasks = response.context["groups"][0]
    assert tasks.total == 27 and len(tasks.rows) == 20 and tasks.has_more
    more = f"{reverse('plans:task_list')}?q=benh%20vien"
    assert more in response.content.decode()
    listed = client.get(reverse("plans:task_list"), {"q": "benh vien"})
    assert listed.context["table"].paginator.count == 27


def test_an_empty_query_says_what_to_do(client, hospital):
    for params in ({}, {"q": ""}, {"q": "   "}):
        response = client.get(reverse("plans:search"), params)
        assert response.status_code == 200
        assert b'data-testid="search-empty"' in response.content
        assert response.context["groups"] == []


def test_no_result_says_so(client, hospital):
    response = search(client, "đường cao tốc")
    assert "Không tìm thấy kết quả nào cho “đường cao tốc”" in response.content.decode()
    assert b'data-testid="search-none"' in response.content


def test_a_too_long_query_is_refused_with_a_message(client, hospital):
    response = search(client, "a" * (SEARCH_MAX + 1))
    assert response.context["groups"] == []
    assert f"tối đa {SEARCH_MAX} ký tự" in response.content.decode()
    assert b'data-testid="search-empty"' not in response.content


def test_the_query_is_escaped(client, hospital):
    response = search(client, "<script>alert(1)</script>")
    assert b"<script>alert(1)</script>" not in response.content
    assert b"&lt;script&gt;" in response.content


def test_like_wildcards_are_plain_characters(client, hospital):
    assert search(client, "%").context["found"] == 0
    assert search(client, "_").context["found"] == 0


def test_search_follows_login_required(client, settings, hospital, viewer):
    settings.DXT_LOGIN_REQUIRED = True
    response = client.get(reverse("plans:search"), {"q": "benh vien"})
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    assert search(client_for(viewer), "benh vien").context["found"] == 5


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/tasks/",
        "/documents/",
        "/units/",
        "/heads/",
        "/search/?q=y+te",
        "/dti/",
        "/accounts/login/",
    ],
)
def test_the_navigation_bar_has_the_search_box_on_every_page(client, url):
    response = client.get(url, follow=True)
    assert response.status_code == 200
    html = response.content.decode()
    form = f'<form action="{reverse("plans:search")}" method="get" class="d-flex dxt-navbar-search-form" role="search"'
    assert form in html
    assert 'id="navbar-search-q"' in html and 'name="q"' in html


def test_the_navigation_bar_box_for_a_signed_in_head(hospital):
    response = client_for(hospital["head"].user).get(reverse("plans:my_tasks"))
    assert b'id="navbar-search-q"' in response.content


@pytest.mark.postgres
def test_on_postgresql_the_search_is_served_by_the_trigram_index(hospital):
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm'")
        assert cursor.fetchone()
        cursor.execute("SELECT indexname FROM pg_indexes WHERE indexname LIKE '%%_search_trgm'")
        assert {r[0] for r in cursor.fetchall()} == {
            "task_search_trgm",
            "document_search_trgm",
            "unit_search_trgm",
            "unitalias_search_trgm",
            "leader_search_trgm",
        }
        sql, params = Task.objects.matching("benh vien").order_by().values("pk").query.sql_with_params()
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("EXPLAIN " + sql, params)
        plan = "\n".join(r[0] for r in cursor.fetchall())
    assert "task_search_trgm" in plan
    assert codes(Task.objects.matching("BENH VIEN")) == ["9.2", "9.4"]
    assert list(Unit.objects.matching("bvdk")) == [hospital["unit"]]


@pytest.mark.postgres
def test_on_postgresql_the_search_index_command_adds_a_missing_index():
    with connection.cursor() as cursor:
        cursor.execute("DROP INDEX task_search_trgm")
    out = StringIO()
    call_command("search_index", stdout=out)
    assert out.getvalue().strip() == "Created: task_search_trgm."
    call_command("search_index", stdout=out)
    assert "Every search index exists already." in out.getvalue()
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = 'task_search_trgm'")
        assert "gin (search_text gin_trgm_ops)" in cursor.fetchone()[0]


def test_the_admin_search_and_autocomplete_ignore_accents(dx_office, hospital):
    client = client_for(dx_office)
    response = client.get(reverse("admin:plans_task_changelist"), {"q": "benh vien"})
    assert response.status_code == 200
    assert sorted(t.code for t in response.context["cl"].result_list) == ["9.2", "9.4"]
    # The plain substring search still works alongside.
    response = client.get(reverse("admin:plans_unit_changelist"), {"q": "BVĐK"})
    assert list(response.context["cl"].result_list) == [hospital["unit"]]
    response = client.get(
        reverse("admin:autocomplete"),
        {"term": "so y te", "app_label": "plans", "model_name": "task", "field_name": "lead_unit"},
    )
    assert response.status_code == 200
    assert [r["text"] for r in response.json()["results"]] == ["Sở YT"]
