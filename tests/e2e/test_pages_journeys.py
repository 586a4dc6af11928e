"""An official browses the progress pages in Chromium: charts drawn, tasks filtered, a task's history, an
XLSX export holding exactly the filtered rows, a long chain of documents followed, and the interface switched to
English."""

import openpyxl
import pytest
from playwright.sync_api import expect

from plans.models import Task
from plans.selectors import documents
from tests.plans.pages_data import build_document_chain, build_programme

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def programme(db):
    return build_programme(units=3, plans=2, tasks_per_plan=12, updates_per_task=2)


def test_overview_draws_every_chart(live_server, page, programme):
    page.goto(live_server.url + "/")
    for name in ("pillar", "field", "unit", "months"):
        chart = page.locator(f"#chart-{name}")
        expect(chart).to_have_attribute("data-drawn", "true", timeout=20_000)
        # Plotly draws SVG, with the bars or slices inside it.
        expect(chart.locator("svg.main-svg").first).to_be_visible()
    assert page.locator("#chart-unit .barlayer .point").count() > 0
    expect(page.get_by_test_id("total-tasks")).to_have_text(str(len(programme["tasks"])))


def test_filter_overdue_in_one_field_open_a_task_and_export_xlsx(live_server, page, programme):
    page.goto(live_server.url + "/tasks/")
    page.select_option("#id_timeliness", "overdue")
    page.select_option("#id_field", "health")
    page.get_by_role("button", name="Lọc").click()
    page.wait_for_url("**timeliness=overdue**")
    expected = sorted(t.code for t in Task.objects.with_timeliness().filter(timeliness="overdue", field="health"))
    assert expected, "the demo programme must have overdue health tasks"
    rows = page.locator("[data-testid=task-table] tbody tr[data-task]")
    expect(rows).to_have_count(len(expected))
    for i in range(rows.count()):
        expect(rows.nth(i)).to_have_attribute("data-timeliness", "overdue")

    # The XLSX export holds exactly the filtered rows.
    with page.expect_download() as download_info:
        page.get_by_test_id("export-xlsx").click()
    download = download_info.value
    assert download.suggested_filename.endswith(".xlsx")
    with open(download.path(), "rb") as fh:  # the saved download has no extension, so hand openpyxl the file
        book = openpyxl.load_workbook(fh)
    values = list(book.active.iter_rows(values_only=True))
    assert values[0][0] == "Mã"
    assert sorted(r[0] for r in values[1:]) == expected

    # Open the first task and read its history.
    rows.first.locator("td").nth(1).get_by_role("link").click()
    timeline = page.get_by_test_id("timeline-item")
    expect(timeline).to_have_count(2)
    expect(timeline.first).to_contain_text("Báo cáo 0")
    expect(page.get_by_test_id("verification")).to_be_visible()


def test_switching_to_english_changes_the_interface(live_server, page, programme):
    page.goto(live_server.url + "/")
    expect(page.locator("h1")).to_have_text("Chương trình chuyển đổi số: tình hình thực hiện")
    page.select_option("#language-select", "en")
    page.wait_for_load_state("load")
    expect(page.locator("h1")).to_have_text("Digital transformation programme: where it stands")
    expect(page.locator("nav").get_by_role("link", name="Tasks", exact=True)).to_be_visible()


def test_follow_a_long_chain_of_documents(live_server, page, monkeypatch):
    """A resolution's page draws the nearest documents implementing it; where the chain is cut, the count of the
    rest links to the page that shows them."""
    top, plans_, decisions = build_document_chain()
    monkeypatch.setattr(documents, "TREE_LIMIT", 3)
    page.goto(f"{live_server.url}/documents/{top.pk}/")
    chain = page.get_by_test_id("document-chain")
    expect(chain).to_contain_text("2/KH-UBND")
    expect(chain).not_to_contain_text("3/QĐ-UBND")
    more = page.get_by_test_id("tree-more")
    expect(more).to_contain_text("và 2 văn bản khác")
    more.get_by_role("link").click()
    page.wait_for_url(f"**/documents/{plans_[0].pk}/")
    for doc in decisions:
        expect(page.get_by_test_id("document-chain")).to_contain_text(doc.number)
