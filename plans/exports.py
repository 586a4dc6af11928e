"""Exports of the filtered task list to CSV and XLSX, headed in the active language."""

from __future__ import annotations

import datetime as dt

import tablib
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from plans.models import Field, Pillar, Status, Timeliness

FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _date(value: dt.date | None, fmt: str):
    if value is None:
        return ""
    # XLSX keeps real dates (Excel formats them); CSV gets dd/mm/yyyy as the province reads them.
    return value if fmt == "xlsx" else value.strftime("%d/%m/%Y")


def task_dataset(tasks, *, fmt: str) -> tablib.Dataset:
    """One row per task of `tasks` (a queryset annotated with timeliness, with its relations fetched)."""
    headers = [
        _("Code"),
        _("Task"),
        _("Plan"),
        _("Pillar"),
        _("Field"),
        _("Lead unit"),
        _("Co-operating units"),
        _("Head"),
        _("Start date"),
        _("Due date"),
        _("Status"),
        _("Progress (%)"),
        _("Completion date"),
        _("Timeliness"),
        _("Sample data"),
    ]
    data = tablib.Dataset(headers=headers, title=_("Tasks")[:31])
    for task in tasks:
        data.append(
            [
                task.code,
                task.title,
                task.plan.title,
                str(Pillar(task.pillar).label),
                str(Field(task.field).label),
                task.lead_unit.name,
                "; ".join(u.name for u in task.cooperating_units.all()),
                str(task.responsible_leader) if task.responsible_leader else "",
                _date(task.start_date, fmt),
                _date(task.due_date, fmt),
                str(Status(task.status).label),
                task.progress,
                _date(task.completed_on, fmt),
                str(Timeliness(task.timeliness).label),
                _("yes") if task.is_sample else "",
            ]
        )
    return data


def export_response(tasks, *, fmt: str) -> HttpResponse:
    """The file as a download; `fmt` must be one of FORMATS (the view checks it)."""
    data = task_dataset(tasks, fmt=fmt)
    if fmt == "csv":
        # A byte-order mark so that Excel opens the Vietnamese text as UTF-8.
        body = "\ufeff" + data.export("csv")
        body = body.encode("utf-8")
    else:
        body = data.export("xlsx")
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response = HttpResponse(body, content_type=FORMATS[fmt])
    response["Content-Disposition"] = f'attachment; filename="dxtracker-tasks-{stamp}.{fmt}"'
    return response
