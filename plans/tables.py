"""django-tables2 tables for the progress pages. Every column sorts; timeliness shows as a coloured badge."""

from __future__ import annotations

import django_tables2 as tables
from django.urls import reverse
from django.utils.formats import number_format
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from plans.models import Document, Task, Timeliness

TIMELINESS_BADGE = '<span class="badge tl-{}">{}</span>'


def percent(value, places: int = 1) -> str:
    """A percentage in the active language's format (Vietnamese: 45,3 %), or a dash when unknown."""
    if value is None:
        return "—"
    return f"{number_format(value, places)}%"


def leader_url(pk: int | None) -> str | None:
    return reverse("plans:leader_detail", args=[pk]) if pk else None


def timeliness_badge(value: str) -> str:
    return format_html(TIMELINESS_BADGE, value, Timeliness(value).label) if value else "—"


def sample_flag() -> str:
    return format_html(' <span class="badge text-bg-warning sample-flag">{}</span>', _("sample data"))


class TaskTable(tables.Table):
    code = tables.Column(verbose_name=_("Code"), linkify=True)
    title = tables.Column(verbose_name=_("Task"), linkify=True)
    plan = tables.Column(verbose_name=_("Plan"), linkify=True, order_by=("plan__title",))
    pillar = tables.Column(verbose_name=_("Pillar"))
    field = tables.Column(verbose_name=_("Field"))
    lead_unit = tables.Column(verbose_name=_("Lead unit"), linkify=True, order_by=("lead_unit__name",))
    responsible_leader = tables.Column(
        verbose_name=_("Head"),
        linkify=lambda record: leader_url(record.responsible_leader_id),
        order_by=("responsible_leader__person_name", "responsible_leader__position_title"),
    )
    due_date = tables.DateColumn(verbose_name=_("Due date"), short=True)
    status = tables.Column(verbose_name=_("Status"))
    progress = tables.Column(verbose_name=_("Progress"), attrs={"td": {"class": "text-end"}})
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
        attrs = {"class": "table table-sm table-hover align-middle small", "data-testid": "task-table"}
        # Rows are written out in this template (cells matching the columns above); the columns give the
        # headers, sorting and pagination.
        template_name = "plans/_task_table.html"
        empty_text = _("No task matches these filters.")

    def render_title(self, record, value):
        return format_html("{}{}", value, sample_flag() if record.is_sample else "")

    def render_progress(self, value):
        return f"{value}%"

    def render_timeliness(self, value):
        return timeliness_badge(value)


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
        attrs = {"class": "table table-sm table-hover align-middle", "data-testid": "document-table"}
        empty_text = _("No document matches these filters.")

    def render_number(self, value):
        return value or "—"


def _counts_columns() -> dict[str, tables.Column]:
    """One sortable count column per timeliness class, headed by a badge in the class colour."""
    cols = {}
    for cls in (Timeliness.DONE_ON_TIME, Timeliness.DONE_LATE, Timeliness.ON_TRACK, Timeliness.OVERDUE):
        cols[cls] = tables.Column(
            verbose_name=Timeliness(cls).label,
            attrs={"td": {"class": "text-end"}, "th": {"class": f"th-{cls}"}},
        )
    return cols


class _RowTable(tables.Table):
    """A table over a list of dicts from a selector (sorted in Python: these lists are short)."""

    total = tables.Column(verbose_name=_("Tasks"), attrs={"td": {"class": "text-end"}})
    locals().update(_counts_columns())

    def render_on_time_rate(self, value):
        return percent(value)

    def render_progress(self, value):
        return percent(value)

    def render_recent_share(self, value):
        return percent(value, 0)


class PlanTable(_RowTable):
    title = tables.Column(verbose_name=_("Plan"), linkify=lambda record: record["plan"].get_absolute_url())
    period = tables.Column(verbose_name=_("Period"), order_by=("start_year",))
    owner_name = tables.Column(verbose_name=_("Owner unit"), linkify=lambda record: record["owner"].get_absolute_url())
    progress = tables.Column(verbose_name=_("Progress"), attrs={"td": {"class": "text-end"}})

    class Meta:
        sequence = ("title", "period", "owner_name", "progress", "total", "...")
        attrs = {"class": "table table-sm table-hover align-middle small", "data-testid": "plan-table"}
        template_name = "plans/_plan_table.html"
        empty_text = _("No plan yet.")


class UnitTable(_RowTable):
    rank = tables.Column(verbose_name=_("Rank"), attrs={"td": {"class": "text-end"}})
    name = tables.Column(verbose_name=_("Unit"), linkify=lambda record: record["unit"].get_absolute_url())
    head_name = tables.Column(
        verbose_name=_("Head"),
        linkify=lambda record: leader_url(record["head"].pk if record["head"] else None),
    )
    on_time_rate = tables.Column(verbose_name=_("On-time rate"), attrs={"td": {"class": "text-end"}})
    days_since_update = tables.Column(
        verbose_name=_("Days since last update"), attrs={"td": {"class": "text-end"}}, default="—"
    )
    recent_share = tables.Column(
        verbose_name=_("Open tasks updated in 30 days"), attrs={"td": {"class": "text-end"}}, default="—"
    )

    class Meta:
        sequence = ("rank", "name", "head_name", "on_time_rate", "total", "...", "days_since_update", "recent_share")
        attrs = {"class": "table table-sm table-hover align-middle small", "data-testid": "unit-table"}
        template_name = "plans/_unit_table.html"
        empty_text = _("No unit yet.")

    def render_days_since_update(self, value):
        return format_html('<span class="{}">{}</span>', "text-danger fw-semibold" if value > 30 else "", value)


class LeaderTable(_RowTable):
    name = tables.Column(verbose_name=_("Head"), linkify=lambda record: leader_url(record["leader"].pk))
    unit_name = tables.Column(verbose_name=_("Unit"), linkify=lambda record: record["unit"].get_absolute_url())
    in_office = tables.BooleanColumn(verbose_name=_("In office"))
    on_time_rate = tables.Column(verbose_name=_("On-time rate"), attrs={"td": {"class": "text-end"}})

    class Meta:
        sequence = ("name", "unit_name", "in_office", "on_time_rate", "total", "...")
        attrs = {"class": "table table-sm table-hover align-middle small", "data-testid": "leader-table"}
        template_name = "plans/_leader_table.html"
        empty_text = _("No head yet.")
