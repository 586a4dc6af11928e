"""A new user's DTI journey in a real browser: the ranking shows the 2022 published ranks, the province profile
draws its radar, trend and gap table, and the DX office imports a file (a bad one changes nothing)."""

import pytest
from django.contrib.auth.models import Group
from django.test import Client

from indicators import demo
from indicators.models import Observation, Province, ScoreRun
from tests import factories
from tests.indicators.reference import load_reference_data

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def dti_demo(transactional_db):
    from dxtracker.celery import app

    # In-process tasks even when .ci/run configures a broker: the journey checks the run the import causes.
    saved = app.conf.task_always_eager
    app.conf.task_always_eager = True
    load_reference_data()
    demo.load()
    yield
    app.conf.task_always_eager = saved


def login(page, live_server, user):
    client = Client()
    client.force_login(user)
    cookie = client.cookies["sessionid"]
    page.context.add_cookies([{"name": "sessionid", "value": cookie.value, "url": live_server.url}])


def test_ranking_and_province_profile(page, live_server, dti_demo):
    page.goto(f"{live_server.url}/dti/")
    table = page.locator("#ranking-table")
    nam_dinh = table.locator('tr[data-province="Nam Định"]')
    assert nam_dinh.locator("td").nth(0).inner_text().strip() == "10"  # computed (sample), same as published
    assert "10" in nam_dinh.locator("td").nth(10).inner_text()  # published rank
    da_nang = table.locator('tr[data-province="TP. Đà Nẵng"]')
    assert "0,8002" in da_nang.inner_text() and "dữ liệu minh họa" not in da_nang.inner_text()
    assert page.get_by_test_id("sample-note").is_visible()

    nam_dinh.get_by_role("link", name="Nam Định").click()
    page.wait_for_selector("#chart-radar[data-drawn=true]")
    assert page.locator("#chart-radar svg .scatterlayer, #chart-radar svg .polarlayer").count() >= 1
    page.wait_for_selector("#chart-trend[data-drawn=true]")
    assert page.locator("#chart-trend svg").count() >= 1
    assert page.locator("#gap-table tbody tr").count() == 8
    assert page.get_by_test_id("successor").is_visible()


def test_import_bad_row_changes_nothing_then_good_file_triggers_one_run(page, live_server, dti_demo, tmp_path):
    from plans import rules

    Group.objects.get_or_create(name=rules.DX_OFFICE)  # a flush by an earlier transactional test removes it
    user = factories.UserFactory(username="cds", groups=[rules.DX_OFFICE], is_staff=True)
    login(page, live_server, user)
    before = Observation.objects.count()
    runs_before = ScoreRun.objects.count()
    bad = tmp_path / "bad.csv"
    bad.write_text("province,indicator_code,year,value,source\nNam Định,NTS,2023,0.9,x\nNam Định,NTS,2023,7,x\n")
    page.goto(f"{live_server.url}/dti/import/")
    page.set_input_files("input[type=file]", str(bad))
    page.locator("form[enctype] button").click()
    errors = page.get_by_test_id("import-errors")
    assert "3" in errors.inner_text()  # the bad row's number
    assert Observation.objects.count() == before

    good = tmp_path / "good.csv"
    good.write_text("province,indicator_code,year,value,source\nNam Định,NTS,2023,0.99,Báo cáo\n")
    page.set_input_files("input[type=file]", str(good))
    page.locator("form[enctype] button").click()
    page.wait_for_selector(".alert-success")
    nd = Province.objects.get(name="Nam Định", group="63")
    assert Observation.objects.get(province=nd, year=2023, indicator__code="NTS").value == 0.99
    assert ScoreRun.objects.count() == runs_before + 1
    assert page.locator("#runs tbody tr").first.inner_text().count("2023") >= 1
