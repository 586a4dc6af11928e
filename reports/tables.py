"""The report's two annexes, each declared once: the page, the DOCX and the XLSX all read these columns.

Records are the report's plain rows (reports.selectors). `value_<name>` gives the plain value (a date, a number or
text) that the XLSX writes as it is and the DOCX writes through `reports.formatting.cell_text`.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import django_tables2 as tables
from django.utils.translation import gettext, pgettext_lazy

from plans.models import timeliness_label
from plans.ratings import Rating
from plans.tables import Table
from plans.templatetags.ratings import rating_badge


def _number(value: str | None) -> float | None:
    """A number for the spreadsheet (a real number cell) and the document (written with a decimal comma)."""
    return None if value in (None, "") else float(Decimal(value))


class GoalAnnexTable(Table):
    """Annex I: the targets."""

    stt = tables.Column(verbose_name=pgettext_lazy("report", "No."), orderable=False)
    statement = tables.Column(verbose_name=pgettext_lazy("report", "Target"), orderable=False)
    unit = tables.Column(verbose_name=pgettext_lazy("report", "Unit of measure"), orderable=False)
    target = tables.Column(verbose_name=pgettext_lazy("report", "Goal"), orderable=False)
    value = tables.Column(verbose_name=pgettext_lazy("report", "Result"), orderable=False)
    change = tables.Column(verbose_name=pgettext_lazy("report", "Against the previous period"), orderable=False)
    met = tables.Column(verbose_name=pgettext_lazy("report", "Met / not met"), orderable=False)
    rating = tables.Column(verbose_name=pgettext_lazy("report", "Rating (green/amber/red)"), orderable=False)

    def value_target(self, value):
        return _number(value)

    def value_value(self, value):
        return _number(value)

    def value_change(self, value):
        return _number(value)

    def value_met(self, value):
        return met_label(value)

    def render_met(self, value):
        return met_label(value)

    def value_rating(self, value):
        return Rating(value).label if value else ""

    def render_rating(self, value):
        return rating_badge(value)


def met_label(value: bool | None) -> str:
    if value is None:
        return ""
    return gettext("Met") if value else gettext("Not met")


class TaskAnnexTable(Table):
    """Annex II: one row per task of the period."""

    stt = tables.Column(verbose_name=pgettext_lazy("report", "No."), orderable=False)
    title = tables.Column(verbose_name=pgettext_lazy("report", "Task"), orderable=False)
    product = tables.Column(verbose_name=pgettext_lazy("report", "Product"), orderable=False)
    unit = tables.Column(verbose_name=pgettext_lazy("report", "Lead unit"), orderable=False)
    cooperating = tables.Column(verbose_name=pgettext_lazy("report", "Co-operating units"), orderable=False)
    due_date = tables.Column(verbose_name=pgettext_lazy("report", "Deadline"), orderable=False)
    progress = tables.Column(verbose_name=pgettext_lazy("report", "Progress (%)"), orderable=False)
    timeliness = tables.Column(verbose_name=pgettext_lazy("report", "State"), orderable=False)
    rating = tables.Column(verbose_name=pgettext_lazy("report", "Rating (green/amber/red)"), orderable=False)
    note = tables.Column(verbose_name=pgettext_lazy("report", "Difficulties and obstacles"), orderable=False)

    def value_due_date(self, value):
        return dt.date.fromisoformat(value) if value else None

    def render_due_date(self, value):
        return dt.date.fromisoformat(value).strftime("%d/%m/%Y")

    def value_progress(self, value):
        return value

    def value_timeliness(self, value, record):
        return state_label(record)

    def render_timeliness(self, value, record):
        return state_label(record)

    def value_rating(self, value):
        return Rating(value).label if value else ""

    def render_rating(self, value):
        return rating_badge(value)


def state_label(row: dict) -> str:
    """Tình trạng: the timeliness class; for a task not started or paused, the status too (the one rule,
    `plans.models.timeliness_label`)."""
    return timeliness_label(row["timeliness"], row["status"])
