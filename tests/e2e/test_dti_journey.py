"""A new user's DTI journey in a real browser: the ranking shows the 2022 published ranks, the province profile
draws its radar, trend and gap table, and the DX office imports a file (a bad one changes nothing)."""

import pytest
from django.test import Client

from indicators.models import Observation, Province, PublishedResult, Score, ScoreRun
from indicators.selectors import common as common_selectors
from tests import factories

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def login(page, live_server, user):
    client = Client()
    client.force_login(user)
    cookie = client.cookies["sessionid"]
    page.context.add_cookies([{"name": "sessionid", "value": cookie.value, "url": live_server.url}])


def overall_score(name: str, year: int) -> Score:
    return Score.objects.get(province__name=name, province__group="63", year=year, node=Score.Node.OVERALL)


def test_ranking_and_province_profile(page, live_server, dti_demo):
    """The page shows what the scoring wrote (rank, value rounded to the 4 decimals of ties), beside what was
    published; whatever the sample inputs are, the two columns come from different sources."""
    year = common_selectors.default_year()
    page.goto(f"{live_server.url}/dti/")
    table = page.locator("#ranking-table")
    for name in ("Nam Định", "TP. Đà Nẵng"):
        row = table.locator(f'tr[data-province="{name}"]')
        computed = overall_score(name, year)
        assert row.locator("td").nth(0).inner_text().strip() == str(computed.rank)
        assert f"{computed.value:.4f}".replace(".", ",") in row.inner_text()
        published = PublishedResult.objects.get(province__name=name, province__group="63", year=year)
        assert str(published.rank) in row.locator("td").nth(10).inner_text()
    assert "dữ liệu minh họa" not in table.locator('tr[data-province="TP. Đà Nẵng"]').inner_text()
    assert page.get_by_test_id("sample-note").is_visible()

    nam_dinh = table.locator('tr[data-province="Nam Định"]')
    nam_dinh.get_by_role("link", name="Nam Định").click()
    page.wait_for_selector("#chart-radar[data-drawn=true]")
    assert page.locator("#chart-radar svg .scatterlayer, #chart-radar svg .polarlayer").count() >= 1
    page.wait_for_selector("#chart-trend[data-drawn=true]")
    assert page.locator("#chart-trend svg").count() >= 1
    assert page.locator("#gap-table tbody tr").count() == 8
    assert page.get_by_test_id("successor").is_visible()


def test_import_bad_row_changes_nothing_then_good_file_triggers_one_run(page, live_server, dti_demo, tmp_path):
    from plans import rules

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
