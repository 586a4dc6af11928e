"""The rows a filter picks from (plans, units, heads): its drop-down while they are few, the suggestions of its
name box when they are many (plans/filters.py `RowFilter`, static/js/suggest.js), and the rows a typed name
matches."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import QuerySet

from common.search import fold
from plans.models import Leader, Plan, Unit, post_name

SUGGESTIONS = 20  # names offered at a time as one types


@dataclass(frozen=True)
class Kind:
    rows: Callable[[], QuerySet]  # every row, in the order they are offered
    fields: tuple[str, ...]  # the values a label is made from, after the id
    label: Callable[..., str]


KINDS = {
    "plan": Kind(lambda: Plan.objects.order_by("-start_year", "title"), ("title",), lambda title: title),
    "unit": Kind(lambda: Unit.objects.order_by("name"), ("name", "short_name"), lambda name, short: short or name),
    "head": Kind(
        lambda: Leader.objects.filter(role=Leader.Role.HEAD).order_by("unit__name", "-term_start", "pk"),
        ("person_name", "position_title"),
        post_name,
    ),
}


def _labelled(kind: Kind, rows: QuerySet) -> list[tuple[int, str]]:
    return [(pk, kind.label(*values)) for pk, *values in rows.values_list("pk", *kind.fields)]


def options(kind: str, *, limit: int) -> list[tuple[int, str]] | None:
    """One query: every row as (id, label), in order; None when there are more than `limit` (a name box then)."""
    found = _labelled(KINDS[kind], KINDS[kind].rows()[: limit + 1])
    return None if len(found) > limit else found


def _matching(kind: str, text: str) -> QuerySet:
    rows = KINDS[kind].rows()
    if kind == "plan":  # plans keep no folded text: few enough to match in Python
        folded = fold(text)
        return rows.filter(pk__in=[pk for pk, title in rows.values_list("pk", "title") if folded in fold(title)])
    return rows.matching(text)


def suggestions(kind: str, text: str) -> list[dict]:
    """One query: the first SUGGESTIONS rows whose name contains `text` (case and diacritics ignored)."""
    if not fold(text):
        return []
    found = _labelled(KINDS[kind], _matching(kind, text)[:SUGGESTIONS])
    return [{"id": pk, "label": label} for pk, label in found]


def as_id(value: str) -> int | None:
    """A filter's value as a row's id when it is one (ASCII digits), else None: a name."""
    value = value.strip()
    return int(value) if value.isascii() and value.isdigit() else None


def rows_named(kind: str, value: str) -> QuerySet:
    """The ids a filter's value picks, as a subquery: the row with that id (a drop-down or a suggestion picked),
    else every row whose name contains the text."""
    pk = as_id(value)
    if pk is not None:
        return KINDS[kind].rows().filter(pk=pk).order_by().values("pk")
    return _matching(kind, value).order_by().values("pk")


def label_of(kind: str, value: str) -> str:
    """How a filter's value reads in its name box: the row's label for an id (one query), else the text itself."""
    pk = as_id(value)
    if pk is None:
        return value.strip()
    found = _labelled(KINDS[kind], KINDS[kind].rows().filter(pk=pk))
    return found[0][1] if found else ""
