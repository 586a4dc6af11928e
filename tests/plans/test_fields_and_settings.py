"""The province's own data instead of code: its fields (kept in the admin, read by every page, filter and the plan
import), its programme settings (read by the overview, the DTI card and the report), and the migration that
turned the former choices and settings into rows without losing a task's field."""

import importlib
import io

import pytest
from django.apps import apps
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.template import Context, Template
from django.test import RequestFactory
from django.urls import reverse

from common import request_cache
from plans.models import Field, ProgrammeSettings, Task
from plans.onboarding.annex import parse_annex
from plans.selectors import programme
from reports.models import ReportSettings
from tests import factories
from tests.conftest import client_for
from tests.plans.onboarding import annexes

data_migration = importlib.import_module("plans.migrations.0014_fields_and_settings_data")


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()


# --- the migration ----------------------------------------------------------------------------------------------


def test_the_migration_turns_every_former_choice_into_a_field_and_keeps_each_tasks_field(db):
    health = factories.TaskFactory(field="health")
    other = factories.TaskFactory(field="other")
    stray = factories.TaskFactory(field="legacy")  # a value no choice had: never left without its field
    Field.objects.all().delete()
    data_migration.create_fields(apps, None)
    names = dict(Field.objects.values_list("code", "name"))
    assert names["health"] == "Y tế" and names["other"] == "Khác" and names["e_government"] == "Chính quyền điện tử"
    assert names["legacy"] == "legacy"
    for task in (health, other, stray):
        task.refresh_from_db()
        assert task.field in names and task.full_clean() is None
    # A database with tasks keeps the five the overview showed.
    assert set(Field.objects.filter(is_priority=True).values_list("code", flat=True)) == data_migration.FORMER_PRIORITY
    assert Field.objects.get(code="environment").keywords.splitlines() == ["Tài nguyên", "Môi trường"]


def test_a_new_database_gets_the_fields_but_no_province_s_priorities(db):
    Field.objects.all().delete()
    data_migration.create_fields(apps, None)
    assert Field.objects.count() == len(data_migration.FIELDS)
    assert not Field.objects.filter(is_priority=True).exists()
    Field.objects.filter(code="health").update(name="Y tế cơ sở")
    data_migration.create_fields(apps, None)  # again: what the DX office changed stays
    assert Field.objects.get(code="health").name == "Y tế cơ sở"


def test_the_settings_row_comes_from_the_former_settings(db, settings):
    ProgrammeSettings.objects.all().delete()
    settings.DXT_PROVINCE, settings.DXT_TARGET_RANK = "Trà Vinh", 15
    data_migration.create_settings(apps, None)
    row = ProgrammeSettings.objects.get()
    assert (row.province, row.target_rank) == ("Trà Vinh", 15)
    # A database holding the demo that never set the province keeps the demo's province.
    ProgrammeSettings.objects.all().delete()
    settings.DXT_PROVINCE = ""
    factories.TaskFactory(is_sample=True)
    data_migration.create_settings(apps, None)
    assert ProgrammeSettings.objects.get().province == "Nam Định"
    settings.DXT_PROVINCE = "Atlantis"
    data_migration.create_settings(apps, None)  # a row exists: left alone
    assert ProgrammeSettings.objects.get().province == "Nam Định"


# --- fields in the admin and on the pages -------------------------------------------------------------------------


def test_a_field_renamed_in_the_admin_shows_on_the_pages(dx_office):
    task = factories.TaskFactory(field="health", title="Bệnh án điện tử")
    Field.objects.filter(code="health").update(is_priority=True)
    field = Field.objects.get(code="health")
    office = client_for(dx_office)
    response = office.post(
        reverse("admin:plans_field_change", args=[field.pk]),
        {"name": "Y tế và chăm sóc sức khỏe", "is_priority": "on", "order": 3, "active": "on", "keywords": ""},
    )
    assert response.status_code == 302, response.content[:2000]
    assert Field.objects.get(code="health").name == "Y tế và chăm sóc sức khỏe"  # the code (on tasks) is read-only
    pages = [reverse("plans:task_detail", args=[task.pk]), reverse("plans:task_list"), reverse("plans:overview")]
    for url in pages:
        assert "Y tế và chăm sóc sức khỏe" in client_for(None).get(url).content.decode(), url
    export = client_for(None).get(reverse("plans:task_export", args=["csv"]))
    assert "Y tế và chăm sóc sức khỏe" in b"".join(export.streaming_content).decode("utf-8-sig")


def test_a_field_added_in_the_admin_filters_the_task_list(dx_office):
    office = client_for(dx_office)
    response = office.post(
        reverse("admin:plans_field_add"),
        {"code": "agriculture", "name": "Nông nghiệp", "order": 12, "active": "on", "keywords": "Nông thôn số"},
    )
    assert response.status_code == 302, response.content[:2000]
    farm = factories.TaskFactory(field="agriculture", title="Sàn nông sản số")
    other = factories.TaskFactory(field="health", title="Bệnh án điện tử")
    response = client_for(None).get(reverse("plans:task_list"), {"field": "agriculture"})
    html = response.content.decode()
    assert '<option value="agriculture" selected>Nông nghiệp</option>' in html
    assert farm.title in html and other.title not in html
    admin_list = office.get(reverse("admin:plans_task_changelist"), {"field": "agriculture"})
    assert [t.pk for t in admin_list.context["cl"].result_list] == [farm.pk]


def test_a_task_takes_only_a_field_that_exists(db):
    task = factories.TaskFactory()
    task.field = "astrology"
    with pytest.raises(ValidationError) as error:
        task.full_clean()
    assert "field" in error.value.message_dict


def test_the_task_admin_offers_the_fields_of_the_admin(dx_office, task_a):
    Field.objects.create(code="agriculture", name="Nông nghiệp", order=12)
    html = client_for(dx_office).get(reverse("admin:plans_task_change", args=[task_a.pk])).content.decode()
    assert '<option value="agriculture">Nông nghiệp</option>' in html


def test_a_field_in_use_is_not_deleted(dx_office):
    factories.TaskFactory(field="health")
    assert not dx_office.has_perm("plans.delete_field", Field.objects.get(code="health"))
    assert dx_office.has_perm("plans.delete_field", Field.objects.get(code="awareness"))


def test_the_overview_shows_the_priority_fields_the_dx_office_marks(db):
    factories.TaskFactory(field="data", progress=40)
    Field.objects.update(is_priority=False)
    Field.objects.filter(code="data").update(is_priority=True)
    rows = client_for(None).get(reverse("plans:overview")).context["field_rows"]
    assert rows == [("Dữ liệu", 40.0)]


def test_the_plan_import_finds_the_fields_the_dx_office_keeps(db):
    Field.objects.create(code="agriculture", name="Nông nghiệp", order=12, keywords="Nông thôn số")
    Field.objects.filter(code="health").update(active=False)
    extra = [
        ["III", "PHÁT TRIỂN NÔNG THÔN SỐ", "", "", "", "", ""],
        ["5", "Truy xuất nguồn gốc nông sản", "Sở TT&TT", "", "Năm 2026", "", ""],
        ["6", "Khám chữa bệnh từ xa ở y tế cơ sở", "Sở Y tế", "", "Năm 2026", "", ""],
    ]
    tasks = {t.code: t for t in parse_annex(list(enumerate(annexes.rows(extra), start=1)))}
    assert tasks["5"].field == "agriculture"  # the heading names it through its other name
    assert tasks["6"].field == "agriculture"  # "y tế" is inactive: the task keeps its heading's field
    assert tasks["1"].field == "e_government"  # "chính quyền số", the field's other name since the migration


# --- the programme settings ---------------------------------------------------------------------------------------


def test_the_overview_and_the_dti_card_follow_the_settings(db):
    factories.TaskFactory()
    ProgrammeSettings.objects.update(province="Trà Vinh", target_rank=7)
    html = client_for(None).get(reverse("plans:overview")).content.decode()
    assert 'data-testid="programme-province">Tỉnh Trà Vinh<' in html
    card = html.split('data-testid="dti-rank-card"')[1]
    assert "Trà Vinh" in card and "Nam Định" not in card and "7" in card


def test_the_dti_card_names_the_successor_province_with_its_date(db):
    html = Template("{% load dti %}{% dti_rank_card %}").render(Context({}))
    successor = html.split('data-testid="dti-successor"')[1].split("</span>")[0]
    assert "Nam Định" in html and "từ 01/07/2025 thuộc tỉnh Ninh Bình" in successor


def test_the_dti_province_can_be_named_by_its_code(db):
    ProgrammeSettings.objects.update(province="Ninh Bình", dti_province="ninh-binh-2025")
    html = Template("{% load dti %}{% dti_rank_card %}").render(Context({}))
    assert "Ninh Bình" in html and 'data-testid="dti-successor"' not in html


def test_the_report_heading_takes_the_province_from_the_settings(db):
    ProgrammeSettings.objects.update(province="Trà Vinh")
    ReportSettings.objects.all().delete()
    report = ReportSettings.load()
    assert (report.parent_body, report.place) == ("UBND TỈNH TRÀ VINH", "Trà Vinh")


def test_start_province_fills_the_settings(db):
    call_command("start_province", "Ninh Bình", stdout=io.StringIO())
    row = ProgrammeSettings.objects.get()
    assert row.province == "Ninh Bình"
    assert row.dx_office.name == "Sở Khoa học và Công nghệ tỉnh Ninh Bình"


def test_the_demo_sets_its_province_and_its_five_priority_fields(db):
    from plans import demo

    ProgrammeSettings.objects.update(province="")
    demo.load()
    row = ProgrammeSettings.objects.get()
    assert (row.province, row.dx_office.short_name, row.target_rank) == ("Nam Định", "Sở TT&TT", 20)
    priority = set(Field.objects.filter(is_priority=True).values_list("code", flat=True))
    assert priority == {"e_government", "smart_city", "health", "education", "environment"}
    assert set(Task.objects.values_list("field", flat=True)) <= set(Field.objects.values_list("code", flat=True))


# --- read once per request ----------------------------------------------------------------------------------------


def test_the_settings_and_fields_are_read_once_per_request(db, django_assert_num_queries):
    def view(request):
        for _ in range(3):
            programme.programme_settings()
            programme.field_names()
        return None

    middleware = request_cache.RequestCacheMiddleware(view)
    with django_assert_num_queries(2):
        middleware(RequestFactory().get("/"))
    # Outside a request nothing is kept: an edit shows at once.
    ProgrammeSettings.objects.update(province="Trà Vinh")
    assert programme.programme_settings().province == "Trà Vinh"


def test_an_edit_within_the_request_is_read_back(db):
    def view(request):
        before = programme.field_names()["health"]
        field = Field.objects.get(code="health")
        field.name = "Y tế số"
        field.save()
        return before, programme.field_names()["health"]

    assert request_cache.RequestCacheMiddleware(view)(RequestFactory().get("/")) == ("Y tế", "Y tế số")


def test_the_overview_without_priority_fields_still_draws(db):
    factories.TaskFactory(field="data")
    Field.objects.update(is_priority=False)
    response = client_for(None).get(reverse("plans:overview"))
    assert response.status_code == 200 and response.context["field_rows"] == []
