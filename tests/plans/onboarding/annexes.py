"""Realistic plan annexes, built as provincial plans publish them: title rows, a header, a numbering row, group
headings, tasks, subtasks, a collective lead and an unknown co-operating body."""

from __future__ import annotations

import csv
import io

HEADER = [
    "STT",
    "Nhiệm vụ",
    "Cơ quan chủ trì",
    "Cơ quan phối hợp",
    "Thời gian hoàn thành",
    "Sản phẩm",
    "Ghi chú",
]
TITLE_ROWS = [
    ["PHỤ LỤC"],
    ["DANH MỤC NHIỆM VỤ CHUYỂN ĐỔI SỐ NĂM 2026"],
    ["(Kèm theo Kế hoạch số 45/KH-UBND ngày 20/01/2026 của UBND tỉnh Ninh Bình)"],
    [],
]
NUMBERING = ["(1)", "(2)", "(3)", "(4)", "(5)", "(6)", "(7)"]
BODY = [
    ["I", "PHÁT TRIỂN CHÍNH QUYỀN SỐ", "", "", "", "", ""],
    ["1", "Nâng cấp Cổng dịch vụ công của tỉnh", "Sở TTTT", "Văn phòng UBND tỉnh", "Quý II/2026", "Cổng DVC", ""],
    ["2", "Số hóa hồ sơ thủ tục hành chính", "Sở Y tế tỉnh Nam Định", "Sở TT&TT", "Thường xuyên", "", "Ưu tiên"],
    ["2.1", "Số hóa hồ sơ bệnh án", "Sở Y tế", "", "Tháng 06 năm 2026", "", ""],
    ["II", "HẠ TẦNG SỐ", "", "", "", "", ""],
    [
        "3",
        "Phủ sóng 5G các khu công nghiệp",
        "UBND các huyện, thành phố",
        "Hiệp hội Doanh nghiệp tỉnh",
        "2026 - 2027",
        "",
        "",
    ],
]
BAD_DEADLINE_ROW = ["4", "Triển khai nền tảng dữ liệu", "Sở TT&TT", "", "Sớm nhất có thể", "", ""]


def rows(extra: list[list[str]] | None = None) -> list[list[str]]:
    return [*TITLE_ROWS, HEADER, NUMBERING, *BODY, *(extra or [])]


def xlsx(table: list[list[str]]) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    for row in table:
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def docx(table: list[list[str]]) -> bytes:
    import docx as python_docx

    document = python_docx.Document()
    document.add_paragraph("ỦY BAN NHÂN DÂN TỈNH NINH BÌNH")
    intro = document.add_table(rows=1, cols=2)  # a layout table before the annex: not the annex
    intro.cell(0, 0).text = "Số: 45/KH-UBND"
    intro.cell(0, 1).text = "Ninh Bình, ngày 20 tháng 01 năm 2026"
    titles = [r for r in table if len(r) < len(HEADER)]
    for row in titles:
        document.add_paragraph(" ".join(row))
    body = [r for r in table if len(r) == len(HEADER)]
    annex = document.add_table(rows=len(body), cols=len(HEADER))
    for r, row in enumerate(body):
        for c, value in enumerate(row):
            annex.cell(r, c).text = value
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def csv_bytes(table: list[list[str]]) -> bytes:
    out = io.StringIO()
    csv.writer(out).writerows(table)
    return out.getvalue().encode("utf-8-sig")
