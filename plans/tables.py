"""django-tables2 tables for the progress pages: every column sorts, pages of 25 or 50 rows.

The task, plan, unit and head tables write their rows in their own templates (templates/plans/_*_table.html),
one cell per column declared here: django-tables2's per-cell rendering (a signature inspection and a few
lookups per cell) was most of these pages' time. The columns still give the headers, sorting and pagination;
tests/plans/test_pages_views.py checks that each row has one cell per column.
"""

from __future__ import annotations

import django_tables2 as tables
from django.utils.formats import number_format
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from plans.models import Document, Task, Timeliness

TIMELINESS_BADGE = '<span class="badge tl-{}">{}</span>'
TABLE_CLASS = "table table-sm table-hover align-middle small"
NUMBER = {"td": {"class": "text-end"}}


def percent(value, places: int = 1) -> str:
    """A percentage in the active language's format (Vietnamese: 45,3%), or a dash when unknown."""
    if value is None:
        return "—"
    return f"{number_format(value, places)}%"


def timeliness_badge(value: str) -> str:
    return format_html(TIMELINESS_BADGE, value, Timeliness(value).label) if value else "—"


class TaskTable(tables.Table):
    code = tables.Column(verbose_name=_("Code"))
    title = tables.Column(verbose_name=_("Task"))
    plan = tables.Column(verbose_name=_("Plan"), order_by=("plan__title",))
    pillar = tables.Column(verbose_name=_("Pillar"))
    field = tables.Column(verbose_name=_("Field"))
    lead_unit = tables.Column(verbose_name=_("Lead unit"), order_by=("lead_unit__name",))
    responsible_leader = tables.Column(
        verbose_name=_("Head"), order_by=("responsible_leader__person_name", "responsible_leader__position_title")
    )
    due_date = tables.Column(verbose_name=_("Due date"))
    status = tables.Column(verbose_name=_("Status"))
    progress = tables.Column(verbose_name=_("Progress"), attrs=NUMBER)
    timeliness = tables.Column(verbose_name=_("Timeliness"), order_by=("timeliness", "due_date"))

    class Meta:
        model = Task
        fields = (
            "code",
            "title",
            "plan",
            "pillar",
            "field",
            "lead_unit",
            "responsible_leader",
            "due_date",
            "status",
            "progress",
            "timeliness",
        )
        attrs = {"class": TABLE_CLASS, "data-testid": "task-table"}
        template_name = "plans/_task_table.html"
        empty_text = _("No task matches these filters.")


class DocumentTable(tables.Table):
    number = tables.Column(verbose_name=_("Number and symbol"), linkify=True, empty_values=())
    kind = tables.Column(verbose_name=_("Kind"))
    title = tables.Column(verbose_name=_("Title"), linkify=True)
    issue_date = tables.DateColumn(verbose_name=_("Issue date"), short=True)
    issuer = tables.Column(verbose_name=_("Issuing body"), order_by=("issuer__name",))
    level = tables.Column(verbose_name=_("Level"))

    class Meta:
        model = Document
        fields = ("number", "kind", "title", "issue_date", "issuer", "level")
        attrs = {"class": TABLE_CLASS, "data-testid": "document-table"}
        empty_text = _("No document matches these filters.")

    def render_number(self, value):
        return value or "—"


class _CountsTable(tables.Table):
    """A table over a selector's list of dicts (sorted in Python: at most a few hundred rows), with the task
    count and one column per timeliness class, headed by the class colour (static/css/dxtracker.css)."""

    total = tables.Column(verbose_name=_("Tasks"), attrs=NUMBER)
    done_on_time = tables.Column(
        verbose_name=Timeliness.DONE_ON_TIME.label, attrs={**NUMBER, "th": {"class": "th-done_on_time"}}
    )
    done_late = tables.Column(
        verbose_name=Timeliness.DONE_LATE.label, attrs={**NUMBER, "th": {"class": "th-done_late"}}
    )
    on_track = tables.Column(verbose_name=Timeliness.ON_TRACK.label, attrs={**NUMBER, "th": {"class": "th-on_track"}})
    overdue = tables.Column(verbose_name=Timeliness.OVERDUE.label, attrs={**NUMBER, "th": {"class": "th-overdue"}})


class PlanTable(_CountsTable):
    title = tables.Column(verbose_name=_("Plan"))
    period = tables.Column(verbose_name=_("Period"), order_by=("start_year",))
    owner_name = tables.Column(verbose_name=_("Owner unit"))
    progress = tables.Column(verbose_name=_("Progress"), attrs=NUMBER)

    class Meta:
        sequence = ("title", "period", "owner_name", "progress", "total", "...")
        attrs = {"class": TABLE_CLASS, "data-testid": "plan-table"}
        template_name = "plans/_plan_table.html"
        empty_text = _("No plan yet.")


class UnitTable(_CountsTable):
    rank = tables.Column(verbose_name=_("Rank"), attrs=NUMBER)
    name = tables.Column(verbose_name=_("Unit"))
    head_name = tables.Column(verbose_name=_("Head"))
    on_time_rate = tables.Column(verbose_name=_("On-time rate"), attrs=NUMBER)
    days_since_update = tables.Column(verbose_name=_("Days since last update"), attrs=NUMBER)
    recent_share = tables.Column(verbose_name=_("Open tasks updated in 30 days"), attrs=NUMBER)

    class Meta:
        sequence = ("rank", "name", "head_name", "on_time_rate", "total", "...", "days_since_update", "recent_share")
        attrs = {"class": TABLE_CLASS, "data-testid": "unit-table"}
        template_name = "plans/_unit_table.html"
        empty_text = _("No unit yet.")


class LeaderTable(_CountsTable):
    name = tables.Column(verbose_name=_("Head"))
    unit_name = tables.Column(verbose_name=_("Unit"))
    in_office = tables.Column(verbose_name=_("In office"))
    on_time_rate = tables.Column(verbose_name=_("On-time rate"), attrs=NUMBER)

    class Meta:
        sequence = ("name", "unit_name", "in_office", "on_time_rate", "total", "...")
        attrs = {"class": TABLE_CLASS, "data-testid": "leader-table"}
        template_name = "plans/_leader_table.html"
        empty_text = _("No head yet.")
