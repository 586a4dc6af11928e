"""An official opens a plan in Chromium: the timeline draws, its date axis speaks Vietnamese (plotly.js's locale
served from our static files), and every chart's mode bar holds one button, "download as PNG", in Vietnamese."""

import datetime as dt
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from plans.models import Status
from tests import factories
from tests.plans.pages_data import build_programme

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

ENGLISH_MONTHS = re.compile(r"\b(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)\b")
DOWNLOAD = "Tải biểu đồ về dạng ảnh PNG"


@pytest.fixture
def plan(db):
    today = timezone.localdate()
    plan = factories.PlanFactory()
    unit = factories.UnitFactory()
    on = {"plan": plan, "lead_unit": unit}
    # Dates over a year, so that the axis ticks are months.
    parent = factories.TaskFactory(code="1", start_date=today - dt.timedelta(days=200), **on)
    factories.TaskFactory(code="1.1", parent=parent, due_date=today + dt.timedelta(days=200), **on)
    factories.TaskFactory(code="1.2", parent=parent, status=Status.NOT_STARTED, **on)
    factories.TaskFactory(code="2", is_ongoing=True, due_date=None, **on)
    return plan


def assert_one_vietnamese_download_button(page, chart):
    chart.hover()
    buttons = chart.locator(".modebar-btn")
    expect(buttons).to_have_count(1)
    expect(buttons.first).to_have_attribute("data-title", DOWNLOAD)
    assert chart.locator('.modebar-btn[data-title*="Share"], .modebar-btn[data-title*="Download"]').count() == 0
    assert chart.locator("a[href*='plot.ly'], a[href*='plotly.com']").count() == 0


def test_plan_timeline_draws_with_vietnamese_months(live_server, page, plan):
    page.goto(live_server.url + f"/plans/{plan.pk}/")
    chart = page.locator("#chart-timeline")
    expect(chart).to_have_attribute("data-drawn", "true", timeout=20_000)
    # One bar per task with dates (4), the ongoing one hatched; today's dotted line is a layout shape.
    assert chart.locator(".barlayer .point").count() == 4
    ticks = " ".join(chart.locator(".xtick text").all_text_contents())
    assert "Tháng" in ticks, ticks
    assert not ENGLISH_MONTHS.search(ticks), ticks
    expect(chart.locator(".annotation-text")).to_contain_text("Hôm nay")
    assert_one_vietnamese_download_button(page, chart)


def test_every_overview_chart_has_only_the_vietnamese_download_button(live_server, page):
    build_programme(units=3, plans=2, tasks_per_plan=6, updates_per_task=1)
    page.goto(live_server.url + "/")
    for name in ("pillar", "field", "unit", "months"):
        chart = page.locator(f"#chart-{name}")
        expect(chart).to_have_attribute("data-drawn", "true", timeout=20_000)
        assert_one_vietnamese_download_button(page, chart)
