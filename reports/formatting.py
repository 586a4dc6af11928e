"""Plain values as the province writes them: dd/mm/yyyy, decimal comma, Vietnamese period names."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from plans.numbers import round_half_up
from reports import periods

ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}


def number(value, places: int = 1) -> str:
    """45,3 / 1.234,5: Vietnamese grouping and decimal comma, rounded half up (plans/numbers.py); whole numbers
    without decimals."""
    if isinstance(value, Decimal):
        head, _dot, tail = format(value.normalize(), "f").partition(".")
    else:
        whole = not isinstance(value, float) or float(value).is_integer()
        # The product's one rounding rule (round half up), so the report prints the pages' figures.
        text = str(int(value)) if whole else format(round_half_up(value, places), "f")
        head, _dot, tail = text.partition(".")
    sign = "-" if head.startswith("-") else ""
    head = head.lstrip("-")
    grouped = f"{int(head):,}".replace(",", ".")
    return f"{sign}{grouped},{tail}" if tail else f"{sign}{grouped}"


def cell_text(value) -> str:
    if value is None or value == "":
        return ""
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int | float | Decimal):
        return number(value)
    return str(value)


def signed(value) -> str:
    if value is None or value == "":
        return ""
    text = number(Decimal(value))
    return text if text.startswith("-") or text == "0" else f"+{text}"


def place_date(place: str, day: dt.date) -> str:
    """Nghị định 30/2020: leading zero for days below 10 and for months 1 and 2."""
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return f"{place}, ngày {day.day:02d} tháng {month} năm {day.year}"


def period_name(span: periods.Span) -> str:
    if span.kind == periods.MONTH:
        return f"tháng {span.start.month} năm {span.start.year}"
    if span.kind == periods.QUARTER:
        return f"quý {ROMAN[(span.start.month + 2) // 3]} năm {span.start.year}"
    if span.kind == periods.HALF:
        half = "6 tháng đầu năm" if span.start.month == 1 else "6 tháng cuối năm"
        return f"{half} {span.start.year}"
    if span.kind == periods.YEAR:
        return f"năm {span.start.year}"
    return f"từ ngày {span.start:%d/%m/%Y} đến ngày {span.end:%d/%m/%Y}"
