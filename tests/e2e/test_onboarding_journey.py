"""The DX office onboards a plan in a real browser: it uploads the annex, sees the preview with one error, fixes
the file, imports it, and finds the tasks on the progress pages."""

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from playwright.sync_api import expect

from plans import rules
from plans.models import Task, Unit
from tests import factories
from tests.plans.onboarding import annexes

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def login(page, live_server, user):
    client = Client()
    client.force_login(user)
    cookie = client.cookies["sessionid"]
    page.context.add_cookies([{"name": "sessionid", "value": cookie.value, "url": live_server.url}])


def test_the_dx_office_imports_an_annex_fixes_an_error_and_sees_the_tasks(page, live_server, tmp_path):
    Group.objects.get_or_create(name=rules.DX_OFFICE)
    owner = factories.UnitFactory(name="Ủy ban nhân dân tỉnh Ninh Bình", short_name="UBND tỉnh", kind="committee")
    factories.UnitFactory(name="Sở Thông tin và Truyền thông", short_name="Sở TT&TT")
    factories.UnitFactory(name="Văn phòng UBND tỉnh Ninh Bình", short_name="VP UBND")
    factories.UnitFactory(name="Sở Y tế", short_name="SYT")
    factories.UnitFactory(name="UBND thành phố Ninh Bình", short_name="TPNB", kind=Unit.Kind.DISTRICT)
    plan = factories.PlanFactory(title="Kế hoạch chuyển đổi số năm 2026", owner=owner, start_year=2026, end_year=2026)
    user = factories.UserFactory(username="cds", groups=[rules.DX_OFFICE], is_staff=True)
    login(page, live_server, user)

    bad = tmp_path / "phu-luc.xlsx"
    bad.write_bytes(annexes.xlsx(annexes.rows([annexes.BAD_DEADLINE_ROW])))
    page.goto(f"{live_server.url}/admin/plans/plan/{plan.pk}/change/")
    page.locator(f'a[href$="/plan/{plan.pk}/import/"]').click()
    page.set_input_files('input[name="file"]', str(bad))
    page.locator('form[enctype="multipart/form-data"] input[type="submit"]').click()
    errors = page.locator("#import-errors li")
    expect(errors).to_have_count(1)  # waits for the preview page (a form post, slower on a loaded machine)
    assert errors.count() == 1 and "13" in errors.inner_text() and "Sớm nhất có thể" in errors.inner_text()
    assert page.locator('input[name="confirm"]').count() == 0 and not Task.objects.exists()

    fixed = tmp_path / "phu-luc-da-sua.xlsx"
    fixed_row = [*annexes.BAD_DEADLINE_ROW[:4], "Quý IV/2026", "", ""]
    fixed.write_bytes(annexes.xlsx(annexes.rows([fixed_row])))
    page.set_input_files('input[name="file"]', str(fixed))
    page.locator('form[enctype="multipart/form-data"] input[type="submit"]').click()
    expect(page.locator("#import-preview tr.import-create")).to_have_count(6)  # waits for the new preview
    assert page.locator("#import-errors").count() == 0
    page.locator('form:has(input[name="confirm"]) input[type="submit"]').click()
    page.wait_for_url(f"**/admin/plans/plan/{plan.pk}/change/")
    assert Task.objects.filter(plan=plan).count() == 6

    page.goto(f"{live_server.url}/plans/{plan.pk}/")
    assert "Nâng cấp Cổng dịch vụ công của tỉnh" in page.content()
    page.goto(f"{live_server.url}/tasks/")
    listed = page.content()
    assert "Phủ sóng 5G các khu công nghiệp" in listed and "Triển khai nền tảng dữ liệu" in listed
