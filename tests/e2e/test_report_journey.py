"""The DX office's quarterly report in a real browser: open the quarter, write section II's text, close the
quarter, download the DOCX and find the text and the frozen figures in it."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.models import Group
from django.utils import translation
from django.utils.translation import gettext
from docx import Document
from playwright.sync_api import Page, expect

from plans import rules
from reports.models import ReportPeriod, Snapshot
from tests.e2e.test_workflow_journey import log_in
from tests.reports.conftest import quarter  # noqa: F401 (the fixture: the quarter to report on)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _role_groups(transactional_db):
    for name in rules.ALL:
        Group.objects.get_or_create(name=name)


def vi(msgid: str) -> str:
    with translation.override("vi"):
        return gettext(msgid)


@pytest.mark.usefixtures("quarter")
def test_dx_office_closes_a_quarter_writes_section_two_and_downloads_the_docx(
    live_server, page: Page, dx_office, tmp_path
):
    ReportPeriod.objects.all().delete()  # the office opens the quarter itself
    log_in(page, live_server.url, "dx_office")
    page.get_by_role("link", name=vi("Reports")).click()
    page.fill("#id_code", "2026-Q3")
    page.get_by_role("button", name=vi("Open the period")).click()
    expect(page).to_have_url(re.compile(r"/reports/\d+/$"))
    expect(page.get_by_test_id("report-state")).to_contain_text("Chưa chốt")

    page.fill("#id_problems_text", "Kinh phí cho bệnh án điện tử chưa được bố trí kịp thời.")
    page.get_by_role("button", name=vi("Save the texts")).click()
    expect(page.get_by_role("alert").first).to_contain_text(vi("The report's texts are saved."))

    page.get_by_role("button", name=vi("Close the period")).click()
    expect(page.get_by_test_id("report-state")).to_contain_text("30/09/2026")
    assert Snapshot.objects.filter(period__code="2026-Q3").exists()
    expect(page.get_by_test_id("annex-two")).to_contain_text("Đỏ")

    with page.expect_download() as download:
        page.get_by_test_id("download-docx").click()
    path = tmp_path / "bao-cao.docx"
    download.value.save_as(path)
    assert download.value.suggested_filename == "bao-cao-2026-Q3.docx"
    texts = [p.text for p in Document(str(path)).paragraphs]
    section_two = texts.index("II. TỒN TẠI, HẠN CHẾ VÀ NGUYÊN NHÂN")
    assert "Kinh phí cho bệnh án điện tử chưa được bố trí kịp thời." in texts[section_two:]
    assert "KẾT QUẢ THỰC HIỆN CHUYỂN ĐỔI SỐ QUÝ III NĂM 2026" in texts
