"""The deadlines as provincial plans write them, each to the last day of the period it names.

"Thường xuyên" / "Hằng năm": ongoing (no due date); "Năm 2026"; "Quý II/2026", "Quý 3/2026"; "Tháng 6/2026",
"Tháng 06 năm 2026"; "6 tháng đầu năm 2026"; "30/9/2026", "Trước 30/9/2026"; "2026-2027" (a start and a due
date). Anything else is refused with the text quoted.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from django.utils.translation import gettext as _

from plans.onboarding.text import fold

ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}
YEAR = r"((?:19|20)\d\d)"


@dataclass(frozen=True)
class Deadline:
    start: dt.date | None = None
    due: dt.date | None = None
    ongoing: bool = False


class DeadlineError(ValueError):
    pass


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def _quarter(match: re.Match) -> Deadline:
    number = match[1]
    quarter = int(number) if number.isdigit() else ROMAN.get(number, 0)
    if not 1 <= quarter <= 4:
        raise DeadlineError
    return Deadline(due=_month_end(int(match[2]), quarter * 3))


def _month(match: re.Match) -> Deadline:
    month = int(match[1])
    if not 1 <= month <= 12:
        raise DeadlineError
    return Deadline(due=_month_end(int(match[2]), month))


def _half(match: re.Match) -> Deadline:
    return Deadline(due=_month_end(int(match[2]), 6 if match[1] == "dau" else 12))


def _day(match: re.Match) -> Deadline:
    return Deadline(due=dt.date(int(match[3]), int(match[2]), int(match[1])))


def _years(match: re.Match) -> Deadline:
    first, last = int(match[1]), int(match[2])
    if last < first:
        raise DeadlineError
    return Deadline(start=dt.date(first, 1, 1), due=dt.date(last, 12, 31))


def _year(match: re.Match) -> Deadline:
    return Deadline(due=dt.date(int(match[1]), 12, 31))


# On the folded text (lower case, no diacritics), "trước" / "trước ngày" / "giai đoạn" already removed.
PATTERNS = [
    (re.compile(r"(?:thuong xuyen|hang nam|hang thang|hang quy|lien tuc)"), lambda m: Deadline(ongoing=True)),
    (re.compile(rf"quy ([1-4]|i{{1,3}}|iv) ?(?:/|nam) ?{YEAR}"), _quarter),
    (re.compile(r"6 thang (dau|cuoi) nam " + YEAR), _half),
    (re.compile(rf"thang (\d{{1,2}}) ?(?:/|nam) ?{YEAR}"), _month),
    (re.compile(rf"(\d{{1,2}})[/.-](\d{{1,2}})[/.-]{YEAR}"), _day),
    (re.compile(rf"{YEAR} ?[-–—] ?{YEAR}"), _years),
    (re.compile(rf"(?:nam )?{YEAR}"), _year),
]


def parse_deadline(value: object) -> Deadline:
    """The deadline a cell states; an empty cell has none. Raises DeadlineError quoting the text."""
    if isinstance(value, dt.datetime):
        return Deadline(due=value.date())
    if isinstance(value, dt.date):
        return Deadline(due=value)
    if isinstance(value, int) and 1900 <= value <= 2100:
        return Deadline(due=dt.date(value, 12, 31))
    text = str(value or "").strip()
    if not text:
        return Deadline()
    folded = fold(text).rstrip(".;")
    folded = re.sub(r"^(?:truoc ngay|truoc|giai doan|trong nam|den)\s+", "", folded)
    for pattern, build in PATTERNS:
        match = pattern.fullmatch(folded)
        if match:
            try:
                return build(match)
            except (DeadlineError, ValueError):
                break
    raise DeadlineError(_('The deadline "%(text)s" is not a date, month, quarter or year.') % {"text": text})
