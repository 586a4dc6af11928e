"""The report document read back with python-docx: Nghị định 30/2020 page, fonts and required lines; the annexes,
and the XLSX that must hold the same rows."""

import datetime as dt
import io

import pytest
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Mm
from openpyxl import load_workbook

from reports import documents, formatting, selectors, services
from reports.models import ReportSettings

ON = dt.date(2027, 1, 5)


@pytest.fixture
def report(quarter, django_capture_on_commit_callbacks):
    quarter.problems_text = "Nguồn kinh phí còn hạn chế."
    quarter.number = "125/BC-SKHCN"
    quarter.save()
    with django_capture_on_commit_callbacks(execute=True):
        services.period_close(period=quarter)
    return selectors.report_for(quarter)


@pytest.fixture
def docx(report):
    return Document(io.BytesIO(documents.docx_bytes(report, on=ON)))


def paragraphs(document):
    texts = [(p.text, p) for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                texts += [(p.text, p) for p in cell.paragraphs]
    return texts


def find(document, text):
    return next(p for t, p in paragraphs(document) if t == text)


def test_the_page_is_a4_with_the_decree_margins(docx):
    first = docx.sections[0]
    # Word keeps sizes in twentieths of a point: A4 is 11906 x 16838, within 0.1 mm of 210 x 297 mm.
    assert abs(first.page_width - Mm(210)) < Mm(0.1) and abs(first.page_height - Mm(297)) < Mm(0.1)
    assert first.orientation == WD_ORIENT.PORTRAIT
    assert Mm(20) <= first.top_margin <= Mm(25) and Mm(20) <= first.bottom_margin <= Mm(25)
    assert Mm(30) <= first.left_margin <= Mm(35) and Mm(15) <= first.right_margin <= Mm(20)
    annexes = docx.sections[1:]
    assert len(annexes) == 2 and all(s.orientation == WD_ORIENT.LANDSCAPE for s in annexes)


def test_times_new_roman_13_to_14_pt_justified_with_first_line_indent(docx):
    normal = docx.styles["Normal"]
    assert normal.font.name == "Times New Roman"
    assert 13 <= normal.font.size.pt <= 14
    assert all(run.font.name in (None, "Times New Roman") for _t, p in paragraphs(docx) for run in p.runs)
    body = find(docx, "Nguồn kinh phí còn hạn chế.")
    assert body.alignment == WD_ALIGN_PARAGRAPH.JUSTIFY and body.paragraph_format.first_line_indent > 0


def test_the_heading_lines(docx):
    defaults = ReportSettings.load()
    parent = find(docx, defaults.parent_body.upper())
    issuer = find(docx, defaults.issuing_body.upper())
    assert not parent.runs[0].bold and issuer.runs[0].bold
    assert find(docx, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM").runs[0].bold
    assert find(docx, "Độc lập - Tự do - Hạnh phúc").runs[0].bold
    assert find(docx, "Số: 125/BC-SKHCN")
    assert find(docx, "Nam Định, ngày 05 tháng 01 năm 2027").runs[0].italic
    assert find(docx, "BÁO CÁO").runs[0].bold
    assert find(docx, "KẾT QUẢ THỰC HIỆN CHUYỂN ĐỔI SỐ QUÝ III NĂM 2026").runs[0].bold
    texts = [t for t, _p in paragraphs(docx)]
    for title in (
        "I. KẾT QUẢ ĐẠT ĐƯỢC",
        "II. TỒN TẠI, HẠN CHẾ VÀ NGUYÊN NHÂN",
        "III. PHƯƠNG HƯỚNG, NHIỆM VỤ KỲ TỚI",
        "IV. ĐỀ XUẤT, KIẾN NGHỊ",
        "Nơi nhận:",
        defaults.signer_authority,
        "Phụ lục I",
        "Phụ lục II",
    ):
        assert title in texts, title
    assert any(t.startswith("- Sở YT") and "NV02" in t for t in texts)  # generated part of section II
    assert any("NV05" in t for t in texts)  # section III: due next quarter


@pytest.mark.parametrize(
    ("day", "line"),
    [
        (dt.date(2027, 2, 9), "Hà Nội, ngày 09 tháng 02 năm 2027"),
        (dt.date(2026, 3, 10), "Hà Nội, ngày 10 tháng 3 năm 2026"),
        (dt.date(2026, 12, 31), "Hà Nội, ngày 31 tháng 12 năm 2026"),
    ],
)
def test_place_date_leading_zeros(day, line):
    assert formatting.place_date("Hà Nội", day) == line


def test_annex_two_has_one_row_per_task_of_the_period(docx, report):
    annex = docx.tables[-1]
    header = [c.text for c in annex.rows[0].cells]
    assert header == [
        "STT", "Nhiệm vụ", "Sản phẩm", "Đơn vị chủ trì", "Đơn vị phối hợp", "Thời hạn", "Tiến độ (%)",
        "Tình trạng", "Đánh giá (xanh/vàng/đỏ)", "Khó khăn, vướng mắc",
    ]  # fmt: skip
    assert len(annex.rows) - 1 == len(report.rows) == 3
    second = [c.text for c in annex.rows[2].cells]
    assert second[1] == "Bệnh án điện tử" and second[5] == "15/09/2026" and second[8] == "Đỏ"
    assert second[9] == "Thiếu kinh phí"
    goals = docx.tables[-2]
    assert [c.text for c in goals.rows[0].cells] == [
        "STT", "Chỉ tiêu", "ĐVT", "Mục tiêu", "Kết quả", "So với kỳ trước", "Đạt/Chưa đạt",
        "Đánh giá (xanh/vàng/đỏ)",
    ]  # fmt: skip
    assert [c.text for c in goals.rows[1].cells][3:5] == ["80", "62,5"]
    # Not met, no deadline: rated from its plan's tasks of the period (one red of three: red).
    plan_id = str(report.goals[0]["plan_id"])
    assert report.groups["plan"][plan_id]["rating"] == "red"
    assert goals.rows[1].cells[7].text == "Đỏ"


def test_the_xlsx_annexes_match_the_docx(docx, report):
    with documents.xlsx_bytes(report) as file:
        book = load_workbook(file)
    for sheet, table in zip(book.worksheets, docx.tables[-2:], strict=True):
        xlsx = [[formatting.cell_text(v) for v in row] for row in sheet.iter_rows(values_only=True)]
        word = [[c.text for c in row.cells] for row in table.rows]
        assert xlsx == word
    assert book.worksheets[1]["F3"].value == dt.datetime(2026, 9, 15)  # a real date in the spreadsheet
