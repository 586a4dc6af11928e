"""An official types "benh vien" in the navigation bar's search box, sees the results grouped by kind, and opens a
task; the box keeps a head's bar to one line at 1366 px (a magnifier that widens while typing)."""

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from tests import factories
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def hospital(unit_b, head_b):
    plan = factories.PlanFactory(title="Kế hoạch y tế số")
    tasks = [
        factories.TaskFactory(
            plan=plan, code="9.2", title="Bệnh án điện tử tại bệnh viện tuyến tỉnh", lead_unit=unit_b
        ),
        factories.TaskFactory(plan=plan, code="9.4", title="Thanh toán không dùng tiền mặt trong bệnh viện"),
        factories.TaskFactory(plan=plan, code="1.1", title="Tuyên truyền về chuyển đổi số"),
    ]
    factories.UnitFactory(name="Bệnh viện Đa khoa tỉnh", short_name="BVĐK", parent=unit_b)
    return tasks


def test_search_from_the_navigation_bar_and_open_a_task(live_server, page: Page, hospital):
    page.goto(live_server.url + reverse("plans:plan_list"))
    box = page.locator("#navbar-search-q")
    expect(box).to_be_visible()
    box.fill("benh vien")
    box.press("Enter")
    page.wait_for_url("**/search/?q=benh+vien")

    expect(page.get_by_test_id("count-tasks")).to_have_text("2")
    expect(page.get_by_test_id("count-units")).to_have_text("1")
    expect(page.get_by_test_id("count-documents")).to_have_text("0")
    tasks = page.get_by_test_id("results-tasks")
    expect(tasks.get_by_role("link")).to_have_count(2)
    expect(page.get_by_test_id("results-units")).to_contain_text("Bệnh viện Đa khoa tỉnh")
    expect(page.get_by_test_id("results-documents")).to_have_count(0)  # an empty kind is counted, not listed

    tasks.get_by_role("link", name="9.2 Bệnh án điện tử tại bệnh viện tuyến tỉnh").click()
    page.wait_for_url(f"**{hospital[0].get_absolute_url()}")
    expect(page.locator("h1")).to_contain_text("Bệnh án điện tử tại bệnh viện tuyến tỉnh")


def nav_rows(page: Page) -> int:
    """How many lines the navigation bar's shown items and controls take (their distinct middles, to 8 px)."""
    tops = page.eval_on_selector_all(
        "#mainnav .nav-link, #mainnav form, #mainnav .navbar-text, #mainnav .btn",
        # Shown elements only: the sign-out form inside the closed user menu has no box.
        "els => els.filter(e => e.getClientRects().length)"
        " .map(e => Math.round(e.getBoundingClientRect().top + e.getBoundingClientRect().height / 2))",
    )
    rows: list[int] = []
    for top in sorted(tops):
        if not rows or top - rows[-1] > 8:
            rows.append(top)
    return len(rows)


def test_the_search_box_keeps_the_navigation_bar_on_one_line_at_1366_px(live_server, page: Page, head_a):
    page.set_viewport_size({"width": 1366, "height": 768})
    page.goto(live_server.url + "/")
    expect(page.locator("#navbar-search-q")).to_be_visible()
    assert nav_rows(page) == 1

    # A unit head's bar has "My tasks" and the signed-in controls too.
    page.goto(live_server.url + reverse("login"))
    page.fill("#id_username", "head_a")
    page.fill("#id_password", PASSWORD)
    page.click("form button[type=submit]")
    expect(page.get_by_test_id("current-user")).to_be_visible()
    page.goto(live_server.url + "/")
    assert nav_rows(page) == 1
    # Typing widens the box over the links; nothing moves to a second line.
    box = page.locator("#navbar-search-q")
    box.fill("benh vien")
    page.wait_for_timeout(400)  # the widening is a 0.15 s transition (the page's CSP forbids wait_for_function)
    assert box.bounding_box()["width"] > 200
    assert nav_rows(page) == 1
    box.press("Enter")
    page.wait_for_url("**/search/?q=benh+vien")
