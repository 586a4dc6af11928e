"""A head completes a task in a real browser, and the figures kept on write move at once: the overview's counts,
the plan's roll-up progress and the on-time rate of the plan, the unit and the head in their lists."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from playwright.sync_api import Page, expect

from plans.numbers import percent_text
from tests.e2e.test_workflow_journey import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def vi_percent(value: float | None) -> str:
    with translation.override("vi"):
        return percent_text(value)


def expect_overview_and_plan(page: Page, base: str, task, *, done_on_time: str, on_track: str, progress: float):
    page.goto(base + reverse("plans:overview"))
    expect(page.get_by_test_id("count-done_on_time")).to_have_text(done_on_time)
    expect(page.get_by_test_id("count-on_track")).to_have_text(on_track)
    page.goto(base + reverse("plans:plan_detail", args=[task.plan_id]))
    expect(page.get_by_test_id("plan-progress")).to_have_text(vi_percent(progress))


def test_completing_a_task_moves_the_overview_plan_unit_and_head_figures_at_once(
    live_server, page: Page, task_a, head_a
):
    base = live_server.url
    leader = task_a.responsible_leader
    log_in(page, base, "head_a")

    expect_overview_and_plan(page, base, task_a, done_on_time="0", on_track="1", progress=20)
    page.goto(base + reverse("plans:unit_list"))
    expect(page.locator(f"tr[data-unit='{task_a.lead_unit_id}']")).not_to_contain_text(vi_percent(100))
    page.goto(base + reverse("plans:leader_detail", args=[leader.pk]))
    expect(page.get_by_test_id("timeliness-table").locator("tfoot")).not_to_contain_text(vi_percent(100))

    page.goto(base + reverse("plans:task_update", args=[task_a.pk]))
    page.select_option("#id_status", "completed")
    page.fill("#id_progress", "100")
    with translation.override("vi"):
        page.get_by_role("button", name=gettext("Save update")).click()
    expect(page).to_have_url(re.compile(rf"/tasks/{task_a.pk}/$"))

    # No job, no reload of anything: the next page view reads the figures the update wrote.
    expect_overview_and_plan(page, base, task_a, done_on_time="1", on_track="0", progress=100)
    page.goto(base + reverse("plans:plan_list"))
    expect(page.locator(f"tr[data-plan='{task_a.plan_id}']")).to_contain_text(vi_percent(100))
    page.goto(base + reverse("plans:unit_list"))
    expect(page.locator(f"tr[data-unit='{task_a.lead_unit_id}']")).to_contain_text(vi_percent(100))
    page.goto(base + reverse("plans:leader_list"))
    expect(page.locator(f"tr[data-leader='{leader.pk}']")).to_contain_text(vi_percent(100))
    page.goto(base + reverse("plans:leader_detail", args=[leader.pk]))
    with translation.override("vi"):
        rate = f"{gettext('On-time rate')}: {vi_percent(100)}"
    expect(page.get_by_test_id("timeliness-table").locator("tfoot")).to_contain_text(rate)
