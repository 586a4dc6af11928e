"""A plan annex's rows, as provincial plans publish them.

Title rows above the header ("PHỤ LỤC", the plan's name, "(Kèm theo Kế hoạch số …)") and a column-numbering row
"(1) (2) (3)" under it are skipped; the header is found by its words. Roman numerals (I, II, …) are group
headings, whose pillar or foundation area the tasks under them take; numbered rows (1, 2) are tasks; dotted
numbers (2.1, 2.1.1) and letters (a, b) are subtasks of the row they extend. Columns the import does not know are
kept in the task's description.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from dataclasses import field as dc_field

from django.utils.translation import gettext as _

from plans.models import OTHER_FIELD, Pillar
from plans.onboarding.tables import Row
from plans.onboarding.text import clean, fold
from plans.selectors import programme

# Column -> the folded words that name it (the first that a header cell contains wins).
COLUMNS = {
    "code": ("stt", "so tt", "so thu tu"),
    "title": ("nhiem vu", "noi dung", "ten nhiem vu"),
    "lead": ("chu tri",),
    "cooperating": ("phoi hop",),
    "deadline": ("thoi gian", "thoi han", "tien do"),
    "product": ("san pham", "ket qua"),
}
REQUIRED = ("code", "title", "lead")
ROMAN_RE = re.compile(r"(?=[ivxlc]+$)m*(c[md]|d?c{0,3})(x[cl]|l?x{0,3})(i[xv]|v?i{0,3})")

# Words in a group heading -> the pillar of the tasks under it. The pillars are national (chính quyền số, kinh tế
# số, xã hội số and the foundations), so they stay in code; the fields are the province's own (`field_words`).
PILLARS = [
    ("chinh quyen so", Pillar.DIGITAL_GOVERNMENT),
    ("chinh quyen dien tu", Pillar.DIGITAL_GOVERNMENT),
    ("kinh te so", Pillar.DIGITAL_ECONOMY),
    ("xa hoi so", Pillar.DIGITAL_SOCIETY),
    ("nhan thuc so", Pillar.FOUNDATION),
    ("nhan thuc", Pillar.FOUNDATION),
    ("the che so", Pillar.FOUNDATION),
    ("the che", Pillar.FOUNDATION),
    ("ha tang so", Pillar.FOUNDATION),
    ("ha tang", Pillar.FOUNDATION),
    ("nhan luc so", Pillar.FOUNDATION),
    ("nguon nhan luc", Pillar.FOUNDATION),
    ("an toan thong tin", Pillar.FOUNDATION),
    ("an ninh mang", Pillar.FOUNDATION),
    ("du lieu so", Pillar.FOUNDATION),
    ("nen tang so", Pillar.FOUNDATION),
]
# A task under no heading that names a pillar.
DEFAULT_PILLAR = Pillar.FOUNDATION


class AnnexError(Exception):
    """The file has no annex header: nothing can be read."""


@dataclass
class AnnexTask:
    row: int
    code: str
    title: str
    parent_code: str = ""
    lead: str = ""
    cooperating: str = ""
    deadline: object = None
    description: str = ""
    pillar: str = DEFAULT_PILLAR
    field: str = OTHER_FIELD
    errors: list[str] = dc_field(default_factory=list)


def _column_of(cell: object) -> str | None:
    folded = fold(cell)
    for column, words in COLUMNS.items():
        if any(word in folded for word in words):
            return column
    return None


def header_columns(cells: list) -> dict[str, int]:
    """{column: index} when the row is the annex's header (STT, task, lead unit at least), else {}."""
    found: dict[str, int] = {}
    for index, cell in enumerate(cells):
        column = _column_of(cell)
        if column and column not in found and len(fold(cell)) < 80:
            found[column] = index
    return found if all(c in found for c in REQUIRED) else {}


def is_header(cells: list) -> bool:
    return bool(header_columns(cells))


def _is_numbering_row(cells: list) -> bool:
    values = [clean(c) for c in cells if clean(c)]
    return bool(values) and all(re.fullmatch(r"\(?\d{1,2}\)?", v) for v in values)


def field_words() -> list[tuple[str, str]]:
    """(folded word, field code) for the active fields in the DX office's order: each field's name, then the
    other names it is given in plans. The fallback field names nothing ("khác" is in many titles)."""
    return [
        (fold(word), f.code)
        for f in programme.fields()
        if f.active and f.code != OTHER_FIELD
        for word in f.words()
        if fold(word)
    ]


def _classify(folded: str, words) -> str | None:
    for word, value in words:
        if word in folded:
            return value
    return None


@dataclass
class _State:
    pillar: str = DEFAULT_PILLAR
    field: str = OTHER_FIELD
    group: str = ""
    fields: list[tuple[str, str]] = dc_field(default_factory=list)  # field_words()
    codes: dict[str, str] = dc_field(default_factory=dict)  # the number as written in this group -> the task's code
    seen: set[str] = dc_field(default_factory=set)
    last: AnnexTask | None = None
    last_numbered: str = ""


def parse_annex(rows: list[Row]) -> list[AnnexTask]:
    """The annex's tasks in file order (each with its own row errors). Raises AnnexError without a header."""
    position = next((i for i, (_n, cells) in enumerate(rows) if header_columns(cells)), None)
    if position is None:
        raise AnnexError(
            _("No header row found: the annex needs the columns STT, Nhiệm vụ (or Nội dung) and Cơ quan chủ trì.")
        )
    cells = rows[position][1]
    columns = header_columns(cells)
    extras = {i: clean(c) for i, c in enumerate(cells) if i not in columns.values() and clean(c)}
    state, tasks = _State(fields=field_words()), []
    for number, cells in rows[position + 1 :]:
        task = _parse_row(number, cells, columns, extras, state)
        if task is not None:
            tasks.append(task)
    return tasks


def _cell(cells: list, columns: dict[str, int], column: str) -> object:
    index = columns.get(column)
    return cells[index] if index is not None and index < len(cells) else None


def _parse_row(number: int, cells: list, columns, extras, state: _State) -> AnnexTask | None:
    if all(not clean(c) for c in cells) or _is_numbering_row(cells):
        return None
    stt = clean(_cell(cells, columns, "code")).rstrip(".")
    title = clean(_cell(cells, columns, "title"))
    if stt.isupper() and (ROMAN_RE.fullmatch(stt.lower()) or len(stt) == 1):
        _start_group(state, stt, title)
        return None
    if not stt:
        if state.last is not None and title:
            state.last.description = "\n".join(filter(None, [state.last.description, title]))
        return None
    task = AnnexTask(row=number, code=stt, title=title, pillar=state.pillar)
    task.field = _classify(fold(title), state.fields) or state.field
    task.lead = clean(_cell(cells, columns, "lead"))
    task.cooperating = clean(_cell(cells, columns, "cooperating"))
    raw_deadline = _cell(cells, columns, "deadline")
    task.deadline = raw_deadline.strip() if isinstance(raw_deadline, str) else raw_deadline
    task.description = _description(cells, columns, extras)
    _place(task, stt, state)
    if not title:
        task.errors.append(_("The task has no title."))
    return task


def _start_group(state: _State, stt: str, title: str) -> None:
    folded = fold(title)
    state.group = stt.upper()
    state.pillar = _classify(folded, PILLARS) or DEFAULT_PILLAR
    state.field = _classify(folded, state.fields) or OTHER_FIELD
    state.codes = {}
    state.last = None
    state.last_numbered = ""


def _place(task: AnnexTask, stt: str, state: _State) -> None:
    """The task's code and parent: STT as written (a number repeated in a new group gets the group's numeral);
    "2.1" extends the row numbered 2, "a" the last numbered row."""
    letter = re.fullmatch(r"([a-zđ])\)?", stt)
    if letter:
        parent_code = state.last_numbered
        code = f"{parent_code}.{letter[1]}" if parent_code else stt
    elif "." in stt:
        parent_raw, tail = stt.rsplit(".", 1)
        parent_code = state.codes.get(parent_raw, "")
        code = f"{parent_code}.{tail}" if parent_code else stt
    else:
        parent_code = ""
        code = f"{state.group}.{stt}" if stt in state.seen and state.group else stt
    if (letter or "." in stt) and not parent_code:
        task.errors.append(_("Row %(code)s extends a row that is not above it.") % {"code": stt})
    if not (letter or re.fullmatch(r"\d+(\.\d+)*", stt)):
        task.errors.append(_('The number "%(code)s" is not 1, 2.1 or a.') % {"code": stt})
    if code in state.seen:
        task.errors.append(_("The number %(code)s appears twice.") % {"code": stt})
    task.code, task.parent_code = code[:32], parent_code
    state.codes[stt] = code
    state.seen.add(code)
    state.last = task
    if not letter:
        state.last_numbered = code


def _description(cells: list, columns: dict[str, int], extras: dict[int, str]) -> str:
    lines = []
    product = clean(_cell(cells, columns, "product"))
    if product:
        lines.append(_("Product: %(product)s") % {"product": product})
    for index, name in extras.items():
        value = clean(cells[index]) if index < len(cells) else ""
        if value:
            lines.append(f"{name}: {value}")
    return "\n".join(lines)
