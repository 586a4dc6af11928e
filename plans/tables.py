"""django-tables2 tables of the progress pages: each column is declared once, here, for the page and the export.

A column's `render_<name>` gives its HTML cell on the page; its `value_<name>` (or the raw value) gives the plain
value of the CSV/XLSX export (plans/exports.py), never HTML. Columns with `visible=False` are in the export only.
Every table renders through one template, templates/tables/_table.html, which writes the rows from
`Table.body_rows()`: each column's renderer is looked up once per page rather than once per cell, since
django-tables2's per-cell rendering (a signature inspection and a few lookups per cell) was most of these pages'
time.
"""

from __future__ import annotations

import inspect

import django_tables2 as tables
from django.forms.utils import flatatt
from django.template.defaultfilters import date as date_filter
from django.template.defaultfilters import truncatechars
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from plans.models import Document, Pillar, Status, Task, Timeliness, stale_days, timeliness_label
from plans.numbers import percent_text, rounded
from plans.ratings import Rating
from plans.selectors import programme
from plans.templatetags.ratings import rating_badge

TIMELINESS_BADGE = '<span class="badge tl-{}">{}</span>'
SAMPLE_BADGE = ' <span class="badge text-bg-warning sample-flag">{}</span>'
TABLE_CLASS = "table table-sm table-hover align-middle small"
NUMBER = {"td": {"class": "text-end"}}
NOWRAP = {"td": {"class": "text-nowrap"}}
DASH = "—"
TEMPLATE = "tables/_table.html"


def percent(value, places: int = 1) -> str:
    """A percentage in the active language's format (Vietnamese: 45,3%), or a dash when unknown: the one rule of
    plans/numbers.py (round half up)."""
    return percent_text(value, places)


def timeliness_badge(value: str, status: str | None = None) -> str:
    """A timeliness class as its coloured badge; with the task's status, the task's own label
    (`plans.models.timeliness_label`: a not-started or paused task says so)."""
    return format_html(TIMELINESS_BADGE, value, timeliness_label(value, status)) if value else DASH


def link(url: str, text, **attrs) -> str:
    extra = format_html("".join(f' {name}="{{}}"' for name in attrs), *attrs.values()) if attrs else ""
    return format_html('<a href="{}"{}>{}</a>', url, extra, text)


class _Cell:
    """How one visible column turns a record into its cell: found once per page, applied to each row."""

    def __init__(self, table: tables.Table, bound_column):
        self.bound_column = bound_column
        self.accessor = tables.A(bound_column.accessor)
        self.empty_values = bound_column.column.empty_values
        self.default = bound_column.default
        self.td = _td_attrs(table, bound_column)
        # The table's render_<name>, or the raw value of a plain column over dicts; django-tables2's own per-cell
        # path for the rest (links, template and date columns, model choices shown through get_FOO_display).
        self.render = getattr(table, f"render_{bound_column.name}", None)
        self.kwargs = _accepted(self.render) if self.render else ()
        plain = type(bound_column.column) is tables.Column and getattr(table.data, "model", None) is None
        self.fast = not bound_column.link and (self.render is not None or plain)

    def __call__(self, row) -> object:
        if not self.fast:
            return row.get_cell(self.bound_column.name)
        try:
            value = self.accessor.resolve(row.record)
        except (AttributeError, KeyError, IndexError, TypeError, ValueError):
            value = None
        if value in self.empty_values:
            return self.default
        if self.render is None:
            return value
        args = {"value": value, "record": row.record, "bound_column": self.bound_column, "bound_row": row}
        return self.render(**{name: args[name] for name in self.kwargs})


def _td_attrs(table: tables.Table, bound_column) -> str:
    """A cell's attributes, with its column's name as a class (col-<name>) and its header as data-label (the line
    heading of a phone's card, static/css/dxtracker.css); dxt-optional on the columns a phone leaves out."""
    attrs = dict(bound_column.attrs["td"])
    classes = [attrs.get("class", ""), f"col-{bound_column.name}"]
    if bound_column.name in table.optional_on_phone:
        classes.append("dxt-optional")
    attrs["class"] = " ".join(c for c in classes if c)
    attrs["data-label"] = str(bound_column.header)
    return flatatt(attrs)


def _accepted(function) -> tuple[str, ...]:
    names = ("value", "record", "bound_column", "bound_row")
    parameters = inspect.signature(function).parameters
    if any(p.kind is p.VAR_KEYWORD for p in parameters.values()):
        return names
    return tuple(name for name in names if name in parameters)


class Table(tables.Table):
    """The base of every table: the shared template, and `export_headers` where the export names a column
    differently from the page (e.g. "Progress (%)" for a bare number)."""

    export_headers: dict[str, str] = {}
    # Sortable columns whose values a list page reads only for the rows it shows (views/pages.py `_paginate`).
    deferred: tuple[str, ...] = ()
    # Columns a phone's card leaves out: on a task table the task's own page repeats them.
    optional_on_phone: tuple[str, ...] = ()

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("template_name", TEMPLATE)  # Meta is not inherited in django-tables2
        super().__init__(*args, **kwargs)
        # Every table becomes cards on a phone (static/css/dxtracker.css).
        self.attrs["class"] = f"{self.attrs.get('class', 'table')} dxt-cards"

    def body_rows(self):
        """The rows of the current page: (row attributes as HTML, [(cell attributes as HTML, cell), ...])."""
        cells = [_Cell(self, column) for column in self.columns]
        for row in self.paginated_rows:
            yield row.attrs.as_html(), [(cell.td, cell(row)) for cell in cells]


class TaskTable(Table):
    code = tables.Column(verbose_name=_("Code"), attrs=NOWRAP)
    title = tables.Column(verbose_name=_("Task"))
    plan = tables.Column(verbose_name=_("Plan"), order_by=("plan__title",))
    pillar = tables.Column(verbose_name=_("Pillar"))
    field = tables.Column(verbose_name=_("Field"))
    lead_unit = tables.Column(verbose_name=_("Lead unit"), order_by=("lead_unit__name",))
    cooperating_units = tables.Column(verbose_name=_("Co-operating units"), visible=False, orderable=False)
    responsible_leader = tables.Column(
        verbose_name=_("Head"),
        order_by=("head_name", "pk"),  # the name shown, stored and indexed (Task.head_name)
    )
    start_date = tables.Column(verbose_name=_("Start date"), visible=False, orderable=False)
    due_date = tables.Column(verbose_name=_("Due date"), attrs=NOWRAP)
    status = tables.Column(verbose_name=_("Status"))
    # A parent's progress is its roll-up from its subtasks (stored, plans/summaries.py); a leaf's, its own.
    progress = tables.Column(
        verbose_name=_("Progress"),
        accessor="rollup_progress",
        order_by=("rollup_progress",),
        attrs={"td": {"class": "text-end text-nowrap"}},
    )
    completed_on = tables.Column(verbose_name=_("Completion date"), visible=False, orderable=False)
    timeliness = tables.Column(verbose_name=_("Timeliness"), order_by=("timeliness", "due_date"))
    rating = tables.Column(verbose_name=_("Rating"), orderable=False)
    is_sample = tables.Column(verbose_name=_("Sample data"), visible=False, orderable=False)

    export_headers = {"progress": _("Progress (%)")}
    optional_on_phone = ("plan", "pillar", "field", "responsible_leader")

    class Meta:
        model = Task
        fields = (
            "code",
            "title",
            "plan",
            "pillar",
            "field",
            "lead_unit",
            "cooperating_units",
            "responsible_leader",
            "start_date",
            "due_date",
            "status",
            "progress",
            "completed_on",
            "timeliness",
            "rating",
            "is_sample",
        )
        attrs = {"class": TABLE_CLASS, "data-testid": "task-table"}
        row_attrs = {"data-task": lambda record: record.pk, "data-timeliness": lambda record: record.timeliness}
        empty_text = _("No task matches these filters.")

    def render_code(self, value, record):
        return link(reverse("plans:task_detail", args=[record.pk]), value)

    def render_title(self, value, record):
        flag = format_html(SAMPLE_BADGE, gettext("sample data")) if record.is_sample else ""
        return format_html("{}{}", link(reverse("plans:task_detail", args=[record.pk]), value), flag)

    def render_plan(self, value):
        return link(reverse("plans:plan_detail", args=[value.pk]), truncatechars(value.title, 36), title=value.title)

    def value_plan(self, value):
        return value.title

    def render_pillar(self, value):
        return Pillar(value).label

    value_pillar = render_pillar

    def render_field(self, value):
        return self.field_names.get(value, value)

    @cached_property
    def field_names(self) -> dict[str, str]:
        # Read once per table: an export writes its rows after the request's cache is gone.
        return programme.field_names()

    value_field = render_field

    def render_lead_unit(self, value):
        return link(reverse("plans:unit_detail", args=[value.pk]), value)

    def value_lead_unit(self, value):
        return value.name

    def value_cooperating_units(self, record):
        names = getattr(record, "cooperating_names", None)  # set by plans.selectors.tasks.for_export
        return "; ".join(names if names is not None else (unit.name for unit in record.cooperating_units.all()))

    def render_responsible_leader(self, value):
        return link(reverse("plans:leader_detail", args=[value.pk]), value)

    def value_responsible_leader(self, value):
        return str(value)

    def render_due_date(self, value):
        return date_filter(value, "SHORT_DATE_FORMAT")

    def value_due_date(self, value):
        return value  # a date: the export writes it as the format wants (plans/exports.py)

    def render_status(self, value):
        return Status(value).label

    value_status = render_status

    def render_progress(self, value):
        # A leaf's reported progress is a whole number ("20%"); a parent's roll-up keeps one decimal ("62,5%").
        return percent(value, 0 if value == int(value) else 1)

    def value_progress(self, value):
        return int(value) if value == int(value) else round(value, 1)

    def render_timeliness(self, value, record):
        return timeliness_badge(value, record.status)

    def value_timeliness(self, value, record):
        return timeliness_label(value, record.status)

    def value_is_sample(self, value):
        return gettext("yes") if value else ""

    def render_rating(self, value):
        return rating_badge(value)

    def value_rating(self, value):
        return rating_label(value)


def rating_label(value: str | None) -> str:
    """A rating in words for the exports (never colour alone); empty when not rated."""
    return str(Rating(value).label) if value else ""


class DocumentTable(Table):
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
        return value or DASH


class _CountsTable(Table):
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
    rating = tables.Column(verbose_name=_("Rating"), orderable=False, default=DASH)

    def render_rating(self, value):
        return rating_badge(value)

    def value_rating(self, value):
        return rating_label(value)

    def render_on_time_rate(self, value):
        return percent(value)

    def value_on_time_rate(self, value):
        return rounded(value)


class PlanTable(_CountsTable):
    title = tables.Column(verbose_name=_("Plan"))
    period = tables.Column(verbose_name=_("Period"), order_by=("start_year",), attrs=NOWRAP)
    owner_name = tables.Column(verbose_name=_("Owner unit"))
    progress = tables.Column(verbose_name=_("Progress"), attrs=NUMBER, default=DASH)

    class Meta:
        sequence = ("title", "period", "owner_name", "progress", "total", "...")
        attrs = {"class": TABLE_CLASS, "data-testid": "plan-table"}
        row_attrs = {"data-plan": lambda record: record["pk"]}
        empty_text = _("No plan yet.")

    def render_title(self, value, record):
        return link(reverse("plans:plan_detail", args=[record["pk"]]), value)

    def render_owner_name(self, value, record):
        return link(reverse("plans:unit_detail", args=[record["owner_id"]]), value)

    def render_progress(self, value):
        return percent(value)

    def value_progress(self, value):
        return rounded(value)


class UnitTable(_CountsTable):
    rank = tables.Column(verbose_name=_("Rank"), attrs=NUMBER)
    name = tables.Column(verbose_name=_("Unit"))
    head_name = tables.Column(verbose_name=_("Head"), default=DASH)
    on_time_rate = tables.Column(verbose_name=_("On-time rate"), attrs=NUMBER, default=DASH)
    days_since_update = tables.Column(verbose_name=_("Days since last update"), attrs=NUMBER, default=DASH)
    recent_share = tables.Column(verbose_name=_("Open tasks updated in 30 days"), attrs=NUMBER, default=DASH)
    deferred = ("head_name", "days_since_update", "recent_share")

    class Meta:
        sequence = ("rank", "name", "head_name", "on_time_rate", "total", "...", "days_since_update", "recent_share")
        attrs = {"class": TABLE_CLASS, "data-testid": "unit-table"}
        row_attrs = {"data-unit": lambda record: record["pk"]}
        empty_text = _("No unit yet.")

    def render_name(self, value, record):
        return link(reverse("plans:unit_detail", args=[record["pk"]]), value)

    def render_head_name(self, value, record):
        if not record["head"]:
            return DASH
        return link(reverse("plans:leader_detail", args=[record["head"].pk]), value)

    def render_days_since_update(self, value):
        stale = "text-danger fw-semibold" if value > stale_days() else ""
        return format_html('<span class="{}" data-testid="days-since">{}</span>', stale, value)

    def render_recent_share(self, value):
        return percent(value, 0)

    def value_recent_share(self, value):
        return rounded(value, 0)


class LeaderTable(_CountsTable):
    name = tables.Column(verbose_name=_("Head"))
    unit_name = tables.Column(verbose_name=_("Unit"))
    in_office = tables.Column(verbose_name=_("In office"))
    on_time_rate = tables.Column(verbose_name=_("On-time rate"), attrs=NUMBER, default=DASH)

    class Meta:
        sequence = ("name", "unit_name", "in_office", "on_time_rate", "total", "...")
        attrs = {"class": TABLE_CLASS, "data-testid": "leader-table"}
        row_attrs = {"data-leader": lambda record: record["pk"]}
        empty_text = _("No head yet.")

    def render_name(self, value, record):
        return link(reverse("plans:leader_detail", args=[record["pk"]]), value)

    def render_unit_name(self, value, record):
        return link(reverse("plans:unit_detail", args=[record["unit_id"]]), value)

    def render_in_office(self, value):
        return format_html('<span aria-label="{}">✔</span>', gettext("In office")) if value else DASH

    def value_in_office(self, value):
        return gettext("yes") if value else ""

    def render_overdue(self, value, record):
        if not value:
            return 0
        url = reverse("plans:leader_detail", args=[record["pk"]]) + "#overdue-title"
        return link(url, value, **{"class": "text-danger fw-semibold"})
