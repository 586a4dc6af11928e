"""Report periods written as the province writes them: 2026-11 (month), 2026-Q3 (quarter), 2026-H1 (half-year),
2026 (year), or two dates. Pure: no database."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

MONTH, QUARTER, HALF, YEAR, CUSTOM = "month", "quarter", "half", "year", "custom"
PATTERN = re.compile(r"^(?P<year>\d{4})(?:-(?:(?P<month>\d{2})|Q(?P<quarter>[1-4])|H(?P<half>[12])))?$")


@dataclass(frozen=True)
class Span:
    kind: str
    start: dt.date
    end: dt.date
    code: str


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def _months(kind: str, year: int, first: int, count: int, code: str) -> Span:
    return Span(kind, dt.date(year, first, 1), _month_end(year, first + count - 1), code)


def parse(code: str) -> Span:
    """The span a code names; ValueError with a readable message otherwise."""
    match = PATTERN.match(code.strip())
    if not match or not 1900 <= int(match["year"]) <= 2100:
        raise ValueError(f"{code!r}: write 2026-11, 2026-Q3, 2026-H1 or 2026")
    year = int(match["year"])
    if match["month"]:
        month = int(match["month"])
        if not 1 <= month <= 12:
            raise ValueError(f"{code!r}: the month must be 01 to 12")
        return _months(MONTH, year, month, 1, f"{year}-{month:02d}")
    if match["quarter"]:
        quarter = int(match["quarter"])
        return _months(QUARTER, year, 3 * quarter - 2, 3, f"{year}-Q{quarter}")
    if match["half"]:
        half = int(match["half"])
        return _months(HALF, year, 6 * half - 5, 6, f"{year}-H{half}")
    return _months(YEAR, year, 1, 12, str(year))


def custom(start: dt.date, end: dt.date) -> Span:
    if end < start:
        raise ValueError("the period cannot end before it starts")
    return Span(CUSTOM, start, end, f"{start.isoformat()}..{end.isoformat()}")


def following(span: Span) -> Span:
    """The next period of the same length: the next month, quarter, half-year or year; for custom dates, as many
    days again."""
    if span.kind == CUSTOM:
        length = span.end - span.start
        start = span.end + dt.timedelta(days=1)
        return custom(start, start + length)
    after = span.end + dt.timedelta(days=1)
    months = {MONTH: 1, QUARTER: 3, HALF: 6, YEAR: 12}[span.kind]
    code = {
        MONTH: f"{after.year}-{after.month:02d}",
        QUARTER: f"{after.year}-Q{(after.month + 2) // 3}",
        HALF: f"{after.year}-H{(after.month + 5) // 6}",
        YEAR: str(after.year),
    }[span.kind]
    return _months(span.kind, after.year, after.month, months, code)
