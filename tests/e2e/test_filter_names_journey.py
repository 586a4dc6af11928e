"""An official filters the task list by a unit on an instance with too many units for a drop-down: types part
of the name, sees the suggestions, picks one, and the list is filtered by that unit; then types part of a name
without picking, and the list keeps the tasks of the units whose name contains it."""

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from plans.templatetags import pages
from tests import factories

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def units(monkeypatch):
    monkeypatch.setattr(pages, "CHOICES_LIMIT", 2)  # the live server runs in this process
    health = factories.UnitFactory(name="Sở Y tế", short_name="")
    preventive = factories.UnitFactory(name="Trung tâm Kiểm soát bệnh tật", short_name="")
    finance = factories.UnitFactory(name="Sở Tài chính", short_name="")
    plan = factories.PlanFactory(title="Kế hoạch chuyển đổi số")
    for unit, title in ((health, "Bệnh án điện tử"), (preventive, "Sổ sức khỏe điện tử"), (finance, "Hóa đơn số")):
        factories.TaskFactory(plan=plan, lead_unit=unit, title=title)
    return {"health": health, "finance": finance}


def test_pick_a_suggested_unit_then_filter_by_a_typed_name(live_server, page: Page, units):
    page.goto(live_server.url + reverse("plans:task_list"))
    box = page.locator("#id_lead_unit")
    expect(box).to_have_attribute("type", "search")
    box.press_sequentially("y te", delay=30)
    expect(page.locator("#id_lead_unit-list option")).to_have_count(1)
    expect(page.locator("#id_lead_unit-list option")).to_have_attribute("value", "Sở Y tế")
    box.fill("Sở Y tế")  # what picking the suggestion writes in the box
    box.press("Enter")
    page.wait_for_url(f"**/tasks/?*lead_unit={units['health'].pk}*")
    rows = page.get_by_test_id("task-table").locator("tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("Bệnh án điện tử")
    expect(page.locator("#id_lead_unit")).to_have_value("Sở Y tế")

    page.locator("#id_lead_unit").fill("soat")  # typed, not picked: every unit whose name contains it
    page.get_by_role("button", name="Lọc").click()
    page.wait_for_url("**/tasks/?*lead_unit=soat*")
    rows = page.get_by_test_id("task-table").locator("tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("Sổ sức khỏe điện tử")
