"""Under the Content-Security-Policy, in Chromium: the charts still draw, the year and language selects still
submit on change (a static script, not onchange=), and no page reports a policy violation."""

import pytest
from django.test import Client
from playwright.sync_api import expect

from tests import factories
from tests.plans.pages_data import build_programme

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def violations(page):
    """Every message Chromium logs when the policy blocks something (script, handler, style, image)."""
    seen = []
    page.on("console", lambda msg: seen.append(msg.text) if "Content Security Policy" in msg.text else None)
    return seen


def test_overview_charts_draw_and_language_select_submits_under_the_policy(live_server, page, violations):
    build_programme(units=3, plans=2, tasks_per_plan=6, updates_per_task=1)
    response = page.goto(live_server.url + "/")
    assert "script-src 'self'" in response.headers["content-security-policy"]
    for name in ("pillar", "field", "unit", "months"):
        expect(page.locator(f"#chart-{name}")).to_have_attribute("data-drawn", "true", timeout=20_000)
    page.select_option("#language-select", "en")
    expect(page.locator("h1")).to_have_text("Digital transformation programme: where it stands")
    assert violations == []


def test_dti_year_select_submits_and_profile_charts_draw_under_the_policy(live_server, page, dti_demo, violations):
    page.goto(f"{live_server.url}/dti/")
    page.select_option("#year", "2021")
    page.wait_for_url("**year=2021**")
    expect(page.locator("h1")).to_contain_text("2021")
    page.locator('#ranking-table tr[data-province="Nam Định"]').get_by_role("link", name="Nam Định").click()
    page.wait_for_selector("#chart-radar[data-drawn=true]")
    page.wait_for_selector("#chart-trend[data-drawn=true]")
    assert violations == []


def test_admin_forms_work_under_the_policy(live_server, page, violations):
    client = Client()
    client.force_login(factories.UserFactory(username="root", is_staff=True, is_superuser=True))
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    for url in ("/admin/", "/admin/plans/task/add/", "/admin/indicators/observation/"):
        page.goto(live_server.url + url)
        expect(page.locator("#content")).to_be_visible()
    assert violations == []
