"""The report as a Word document in the format of Nghị định 30/2020/NĐ-CP (python-docx), and its annexes as XLSX.

The document is an administrative text of the Vietnamese state: its wording is Vietnamese whatever the
interface language (the annex headers are rendered in Vietnamese too). Both annexes come from the tables in
reports/tables.py, so the DOCX and the XLSX hold the same rows and columns.
"""

from __future__ import annotations

import datetime as dt
import io

from django.utils import translation
from docx import Document as new_document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt, Twips

from plans.exports import table_rows, xlsx_file
from plans.models import Timeliness, timeliness_label
from plans.ratings import Rating
from reports import formatting
from reports.selectors import Report
from reports.tables import GoalAnnexTable, TaskAnnexTable

FONT = "Times New Roman"
BODY_PT = 14
NATION = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def annex_rows(report: Report) -> tuple[list[list], list[list]]:
    """Annex I and Annex II as lists of rows (header first), in Vietnamese: what both files write."""
    with translation.override("vi"):
        goals = list(table_rows(GoalAnnexTable([]), report.goals))
        tasks = list(table_rows(TaskAnnexTable([]), report.rows))
    return goals, tasks


def xlsx_bytes(report: Report):
    goals, tasks = annex_rows(report)
    return xlsx_file([("Phụ lục I", goals), ("Phụ lục II", tasks)])


def subject(report: Report) -> str:
    owner = f" của {report.unit.name}" if report.unit else ""
    return f"Kết quả thực hiện chuyển đổi số{owner} {formatting.period_name(report.period.span())}"


def docx_bytes(report: Report, *, on: dt.date) -> bytes:
    document = new_document()
    _page(document.sections[0], landscape=False)
    _styles(document)
    with translation.override("vi"):
        _heading(document, report, on)
        _results(document, report)
        _problems(document, report)
        _next(document, report)
        _section(document, "IV. ĐỀ XUẤT, KIẾN NGHỊ")
        _text(document, report.period.proposals_text)
        _signature(document, report)
        _annexes(document, report)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _page(section, *, landscape: bool) -> None:
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = (Mm(297), Mm(210)) if landscape else (Mm(210), Mm(297))
    section.top_margin = section.bottom_margin = Mm(20)
    # Word stores margins in twentieths of a point: 851 is the first whole value not below 15 mm.
    section.left_margin, section.right_margin = Mm(30), Twips(851)


def _styles(document) -> None:
    style = document.styles["Normal"]
    style.font.name = FONT
    style.font.size = Pt(BODY_PT)
    fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
    for attribute in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attribute), FONT)
    style.paragraph_format.space_after = Pt(6)


def _para(container, text: str = "", *, bold=False, italic=False, size=None, align=None, indent=False):
    paragraph = container.add_paragraph()
    if align is not None:
        paragraph.alignment = align
    if indent:
        paragraph.paragraph_format.first_line_indent = Cm(1)
    paragraph.paragraph_format.space_after = Pt(0 if align == WD_ALIGN_PARAGRAPH.CENTER else 6)
    if text:
        run = paragraph.add_run(text)
        run.bold, run.italic = bold, italic
        run.font.name = FONT
        if size:
            run.font.size = Pt(size)
    return paragraph


def _heading(document, report: Report, on: dt.date) -> None:
    defaults, period = report.defaults, report.period
    table = document.add_table(rows=1, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    left, right = table.rows[0].cells
    left.width, right.width = Cm(6.5), Cm(9.5)
    centre = WD_ALIGN_PARAGRAPH.CENTER
    left.paragraphs[0].add_run(defaults.parent_body.upper()).font.size = Pt(13)
    left.paragraphs[0].alignment = centre
    _para(left, defaults.issuing_body.upper(), bold=True, size=13, align=centre)
    _para(left, f"Số: {period.number or f'…/BC-{defaults.symbol}'}", size=13, align=centre)
    nation = right.paragraphs[0].add_run(NATION)
    nation.bold, nation.font.size = True, Pt(13)
    right.paragraphs[0].alignment = centre
    _para(right, MOTTO, bold=True, size=14, align=centre)
    _para(right, formatting.place_date(defaults.place, on), italic=True, size=14, align=centre)
    _para(document)
    _para(document, "BÁO CÁO", bold=True, align=centre)
    _para(document, subject(report).upper(), bold=True, align=centre)
    _para(document)


def _section(document, title: str) -> None:
    _para(document, title, bold=True, indent=True, align=WD_ALIGN_PARAGRAPH.JUSTIFY)


def _text(document, text: str) -> None:
    for line in (text or "").splitlines():
        if line.strip():
            _para(document, line.strip(), indent=True, align=WD_ALIGN_PARAGRAPH.JUSTIFY)


def _body(document, text: str) -> None:
    _para(document, text, indent=True, align=WD_ALIGN_PARAGRAPH.JUSTIFY)


def _share(row: dict) -> str:
    share = "" if row["share"] is None else f" ({formatting.number(row['share'])}%)"
    return f"{str(row['label']).lower()} {row['count']}{share}"


def _tally(bucket: dict) -> str:
    classes = "; ".join(_share(r) for r in bucket["timeliness_rows"] if r["count"])
    ratings = "; ".join(_share(r) for r in bucket["rating_rows"])
    return f"{bucket['total']} nhiệm vụ: {classes or 'không có'}. Đánh giá: {ratings}."


def _results(document, report: Report) -> None:
    _section(document, "I. KẾT QUẢ ĐẠT ĐƯỢC")
    _section(document, "1. Công tác lãnh đạo, chỉ đạo")
    _text(document, report.period.leadership_text)
    _section(document, "2. Kết quả thực hiện các chỉ tiêu")
    met = sum(1 for g in report.goals if g["met"])
    unmet = sum(1 for g in report.goals if g["met"] is False)
    _body(
        document,
        f"Tổng số {len(report.goals)} chỉ tiêu: đạt {met}, chưa đạt {unmet}, "
        f"chưa có số liệu {len(report.goals) - met - unmet} (chi tiết tại Phụ lục I).",
    )
    _section(document, "3. Kết quả thực hiện nhiệm vụ theo trụ cột")
    _body(document, f"Tổng số {_tally(report.totals)} (chi tiết tại Phụ lục II).")
    if report.previous_totals is not None:
        _body(document, _against_previous(report))
    for pillar in report.pillars:
        _body(document, f"- {pillar['name']}: {_tally(pillar)}")
    _section(document, "4. Chỉ số chuyển đổi số (DTI)")
    _body(document, _dti_sentence(report.dti))


def _against_previous(report: Report) -> str:
    now, before = report.totals, report.previous_totals
    done_now = now["timeliness"].get(Timeliness.DONE_ON_TIME, 0) + now["timeliness"].get(Timeliness.DONE_LATE, 0)
    done_before = before["timeliness"].get(Timeliness.DONE_ON_TIME, 0) + before["timeliness"].get(
        Timeliness.DONE_LATE, 0
    )
    red_now, red_before = now["ratings"].get(Rating.RED, 0), before["ratings"].get(Rating.RED, 0)
    done, red = formatting.signed(done_now - done_before), formatting.signed(red_now - red_before)
    return f"So với kỳ trước ({report.previous.code}): số nhiệm vụ hoàn thành {done}, số nhiệm vụ đánh giá đỏ {red}."


def _dti_sentence(dti: dict) -> str:
    if not dti.get("rank"):
        return "Chưa có kết quả xếp hạng DTI."
    reached = "đạt" if dti["rank"] <= (dti.get("target_rank") or 0) else "chưa đạt"
    return (
        f"Năm {dti['year']}, tỉnh {dti['province']} xếp hạng {dti['rank']} về chỉ số DTI; "
        f"mục tiêu: trong nhóm {dti['target_rank']} tỉnh dẫn đầu ({reached} mục tiêu)."
    )


def _problems(document, report: Report) -> None:
    _section(document, "II. TỒN TẠI, HẠN CHẾ VÀ NGUYÊN NHÂN")
    count = sum(len(g["rows"]) for g in report.problems)
    _body(document, f"Còn {count} nhiệm vụ quá hạn hoặc được đánh giá đỏ, theo đơn vị và người đứng đầu:")
    for group in report.problems:
        head = f" ({group['head']})" if group["head"] else ""
        names = "; ".join(
            f"{r['code']} {r['title']} ({timeliness_label(r['timeliness'], r.get('status')).lower()})"
            for r in group["rows"]
        )
        _body(document, f"- {group['unit']}{head}: {names}.")
    _text(document, report.period.problems_text)


def _next(document, report: Report) -> None:
    _section(document, "III. PHƯƠNG HƯỚNG, NHIỆM VỤ KỲ TỚI")
    _body(
        document,
        f"Các nhiệm vụ đến hạn trong kỳ tới ({formatting.period_name(report.next_span)}): {len(report.next_rows)}.",
    )
    for row in report.next_rows:
        due = dt.date.fromisoformat(row["due_date"]).strftime("%d/%m/%Y")
        _body(document, f"- {row['code']} {row['title']} ({row['unit']}, hạn {due}, tiến độ {row['progress']}%).")
    _text(document, report.period.next_text)


def _signature(document, report: Report) -> None:
    period, defaults = report.period, report.defaults
    table = document.add_table(rows=1, cols=2)
    left, right = table.rows[0].cells
    left.paragraphs[0].add_run("Nơi nhận:").bold = True
    left.paragraphs[0].runs[0].italic = True
    left.paragraphs[0].runs[0].font.size = Pt(12)
    for line in (period.recipients or defaults.recipients).splitlines():
        _para(left, line, size=11)
    centre = WD_ALIGN_PARAGRAPH.CENTER
    right.paragraphs[0].alignment = centre
    right.paragraphs[0].add_run(period.signer_authority or defaults.signer_authority).bold = True
    _para(right, period.signer_title or defaults.signer_title, bold=True, align=centre)
    for _ in range(3):
        _para(right, align=centre)
    _para(right, period.signer_name or defaults.signer_name, bold=True, align=centre)


def _annexes(document, report: Report) -> None:
    goals, tasks = annex_rows(report)
    name = formatting.period_name(report.period.span())
    for title, rows in (
        (f"Phụ lục I\nKẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU {name.upper()}", goals),
        (f"Phụ lục II\nTÌNH HÌNH THỰC HIỆN NHIỆM VỤ {name.upper()}", tasks),
    ):
        section = document.add_section()
        _page(section, landscape=True)
        for line in title.splitlines():
            _para(document, line, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
        _para(
            document,
            f"(Kèm theo Báo cáo số {report.period.number or '…'})",
            italic=True,
            align=WD_ALIGN_PARAGRAPH.CENTER,
        )
        _grid(document, rows)


def _grid(document, rows: list[list]) -> None:
    table = document.add_table(rows=len(rows), cols=len(rows[0]))
    table.style = "Table Grid"
    for r, values in enumerate(rows):
        cells = table.rows[r].cells
        for c, value in enumerate(values):
            paragraph = cells[c].paragraphs[0]
            run = paragraph.add_run(formatting.cell_text(value))
            run.font.size = Pt(11)
            run.bold = r == 0
