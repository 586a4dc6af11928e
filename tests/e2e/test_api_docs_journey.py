"""The API's interactive docs (Swagger UI from our own static files) draw under the policy, in Chromium."""

import pytest
from playwright.sync_api import expect

from tests import factories

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_the_api_docs_draw_every_endpoint_and_try_one_without_a_policy_violation(live_server, page):
    factories.UnitFactory(name="Sở Y tế")
    seen, requests = [], []
    page.on("console", lambda msg: seen.append(msg.text) if "Content Security Policy" in msg.text else None)
    page.on("request", lambda request: requests.append(request.url))
    response = page.goto(f"{live_server.url}/api/docs/")
    assert "script-src 'self'" in response.headers["content-security-policy"]
    expect(page.locator(".swagger-ui .info .title")).to_contain_text("dxtracker API", timeout=20_000)
    expect(page.locator("#operations-units-units_list")).to_be_visible()
    page.locator("#operations-units-units_list .opblock-summary").click()
    page.get_by_role("button", name="Try it out").click()
    page.get_by_role("button", name="Execute").click()
    expect(page.locator("#operations-units-units_list .live-responses-table")).to_contain_text("Sở Y tế")
    assert seen == []
    assert all(url.startswith(live_server.url) for url in requests), "every file comes from our own server"
