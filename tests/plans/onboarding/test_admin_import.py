"""The DX office's annex import in the admin: upload, preview (nothing written), confirm."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from plans.models import Task
from tests.conftest import client_for
from tests.plans.onboarding import annexes


@pytest.fixture
def page(province):
    return reverse("admin:plans_plan_import", args=[province["plan"].pk])


def upload(client, page, table, name="phu-luc.xlsx", **extra):
    data = (annexes.docx if name.endswith(".docx") else annexes.xlsx)(table)
    return client.post(page, {"file": SimpleUploadedFile(name, data), **extra})


def test_the_preview_lists_every_row_and_writes_nothing(province, dx_office, page):
    response = upload(client_for(dx_office), page, annexes.rows(), name="phu-luc.docx")
    html = response.content.decode()
    assert response.status_code == 200 and not Task.objects.exists()
    assert html.count('class="import-create"') == 6 and 'name="confirm"' in html
    assert "Hiệp hội Doanh nghiệp tỉnh" in html  # the warning


def test_a_row_error_is_shown_with_its_row_and_no_confirm_button(province, dx_office, page):
    html = upload(client_for(dx_office), page, annexes.rows([annexes.BAD_DEADLINE_ROW])).content.decode()
    assert "Sớm nhất có thể" in html and 'id="import-errors"' in html and 'name="confirm"' not in html


def test_confirm_writes_what_was_previewed(province, dx_office, page):
    client = client_for(dx_office)
    upload(client, page, annexes.rows())
    response = client.post(page, {"confirm": "1"})
    assert response.status_code == 302 and response["Location"].endswith(f"/plan/{province['plan'].pk}/change/")
    assert Task.objects.filter(plan=province["plan"]).count() == 6
    # The stash is gone: confirming again is refused, nothing is written twice.
    again = client.post(page, {"confirm": "1"})
    assert again.status_code == 302 and again["Location"] == page


def test_only_xlsx_csv_and_docx_files_are_accepted(province, dx_office, page):
    response = client_for(dx_office).post(page, {"file": SimpleUploadedFile("a.pdf", b"%PDF-1.4")})
    assert "XLSX, CSV or DOCX" in response.content.decode() or "XLSX, CSV hoặc DOCX" in response.content.decode()


def test_the_plan_page_links_to_the_import(province, dx_office, page):
    html = client_for(dx_office).get(reverse("admin:plans_plan_change", args=[province["plan"].pk])).content
    assert page.encode() in html


def test_the_annex_template_has_the_header_and_a_vietnamese_instruction_sheet(dx_office):
    response = client_for(dx_office).get(reverse("admin:plans_plan_import_template"))
    workbook = load_workbook(
        io.BytesIO(b"".join(response.streaming_content if response.streaming else [response.content]))
    )
    assert workbook.sheetnames == ["Phu luc", "Huong dan"]
    header = [c.value for c in workbook["Phu luc"][5]]
    assert header[:3] == ["STT", "Nhiệm vụ", "Cơ quan chủ trì"]
    assert "HƯỚNG DẪN" in workbook["Huong dan"]["A1"].value


def test_the_annex_template_imports_as_it_is(province, dx_office, page):
    from plans.onboarding import blanks
    from plans.onboarding.services import plan_import

    data = annexes.xlsx(blanks.ANNEX_SHEET)
    result = plan_import(plan=province["plan"], name="mau.xlsx", data=data, create_units=True)
    assert result.errors == [] and result.count("create") >= 4
