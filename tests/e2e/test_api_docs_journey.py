"""The API docs in Chromium: /api/docs/ is our Vietnamese reference in the site's layout, and its link leads to
Swagger UI (from our own static files, an English interface) at /api/docs/swagger/, which draws under the policy
and tries a call."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests import factories

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_the_vietnamese_reference_leads_to_swagger_ui(live_server, page):
    page.goto(live_server.url + reverse("api:docs"))
    expect(page.locator("html")).to_have_attribute("lang", "vi")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Tài liệu API")
    expect(page.get_by_role("heading", name="Xác thực bằng khóa API")).to_be_visible()
    report = page.locator("#tasks-updates-create")
    expect(report.get_by_role("heading", level=3)).to_have_text("POST /api/v1/tasks/{task_id}/updates/")
    expect(report).to_contain_text("Báo cáo tiến độ một nhiệm vụ")
    # The resource list jumps to its section.
    page.get_by_role("navigation", name="Các nhóm dữ liệu").get_by_role("link", name="Nhiệm vụ", exact=True).click()
    expect(page).to_have_url(live_server.url + reverse("api:docs") + "#tag-tasks")
    page.get_by_test_id("swagger-link").click()
    expect(page).to_have_url(live_server.url + reverse("api:docs_swagger"))
    expect(page.locator(".swagger-ui .info .title")).to_contain_text("dxtracker API", timeout=20_000)


def test_swagger_ui_draws_every_endpoint_and_tries_one_without_a_policy_violation(live_server, page):
    factories.UnitFactory(name="Sở Y tế")
    seen, requests = [], []
    page.on("console", lambda msg: seen.append(msg.text) if "Content Security Policy" in msg.text else None)
    page.on("request", lambda request: requests.append(request.url))
    response = page.goto(live_server.url + reverse("api:docs_swagger"))
    assert "script-src 'self'" in response.headers["content-security-policy"]
    expect(page.locator(".swagger-ui .info .title")).to_contain_text("dxtracker API", timeout=20_000)
    expect(page.locator("#operations-units-units_list")).to_be_visible()
    page.locator("#operations-units-units_list .opblock-summary").click()
    page.get_by_role("button", name="Try it out").click()
    page.get_by_role("button", name="Execute").click()
    expect(page.locator("#operations-units-units_list .live-responses-table")).to_contain_text("Sở Y tế")
    assert seen == []
    assert all(url.startswith(live_server.url) for url in requests), "every file comes from our own server"
