"""Progress pages (read-only): overview, documents, plans, tasks, units and heads.

Thin views: check access (`public_page`), call selectors, build charts from their plain results, render.
"""

from __future__ import annotations

import datetime as dt

from django.core.paginator import EmptyPage
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _

from plans import charts, selectors
from plans.exports import FORMATS, export_response
from plans.filters import DocumentFilter, TaskFilter
from plans.forms import TableQueryForm
from plans.models import Document, Field, Leader, Pillar, Plan, Task, Timeliness, Unit, stale_days
from plans.rules import public_page
from plans.tables import DocumentTable, LeaderTable, PlanTable, TaskTable, UnitTable

PER_PAGE = 25


def _paginate(request: HttpRequest, table, per_page: int = PER_PAGE):
    """Sort and paginate from the query string, parsed by TableQueryForm (a bad value gets its default); a page
    beyond the last shows the last. The page size is the page's own: the query string cannot change it."""
    query = TableQueryForm(request.GET).values()
    table.request = request
    if query["sort"]:
        table.order_by = query["sort"]
    try:
        table.paginate(page=query["page"], per_page=per_page, orphans=0)
    except EmptyPage:
        table.page = table.paginator.page(table.paginator.num_pages)
    return table


def _tasks_table(request: HttpRequest, tasks, *, prefix: str = "") -> TaskTable:
    table = TaskTable(tasks, prefix=prefix)
    return _paginate(request, table)


@public_page
def overview(request: HttpRequest) -> HttpResponse:
    on = selectors.today()
    version = selectors.task_table_version()
    headline = selectors.overview_counts(on=on, version=version)
    summary = selectors.progress_summary(version=version)
    by_unit = headline.by_unit
    months = selectors.completions_by_month(on=on, version=version)
    pillar_rows = [(str(p.label), summary.pillars.get(p.value)) for p in Pillar]
    field_rows = [(str(f.label), summary.fields.get(f.value)) for f in Field.priority()]
    context = {
        "headline": headline,
        "due_to_param": (on + dt.timedelta(days=30)).isoformat(),
        "summary": summary,
        "pillar_rows": pillar_rows,
        "field_rows": field_rows,
        "unit_rows": by_unit,
        "month_rows": months,
        "goals": selectors.goals_with_progress(summary),
        "overdue": selectors.most_overdue(on=on),
        "charts": {
            "pillar": charts.as_data(charts.progress_bars(pillar_rows, title=_("Progress by pillar"))),
            "field": charts.as_data(charts.progress_bars(field_rows, title=_("Progress by priority field"))),
            "unit": charts.as_data(
                charts.timeliness_stacked_bars(
                    [(str(u), c.counts) for u, c in by_unit], title=_("Timeliness by lead unit")
                )
            ),
            "months": charts.as_data(charts.completions_per_month(months, title=_("Completions per month"))),
        },
    }
    return render(request, "plans/overview.html", context)


@public_page
def document_list(request: HttpRequest) -> HttpResponse:
    filterset = DocumentFilter(request.GET or None, queryset=Document.objects.select_related("issuer"))
    table = _paginate(request, DocumentTable(filterset.qs))
    return render(request, "plans/document_list.html", {"filter": filterset, "table": table})


@public_page
def document_detail(request: HttpRequest, pk: int) -> HttpResponse:
    document = get_object_or_404(Document.objects.select_related("issuer"), pk=pk)
    upward, downward = selectors.document_chain(document)
    plans = list(document.plans.select_related("owner").order_by("-start_year", "title"))
    summary = selectors.progress_summary() if plans else None
    for plan in plans:
        plan.progress = summary.plans.get(plan.pk)
    context = {"document": document, "upward": upward, "downward": downward, "plans": plans}
    return render(request, "plans/document_detail.html", context)


@public_page
def plan_list(request: HttpRequest) -> HttpResponse:
    table = _paginate(request, PlanTable(selectors.plan_rows()), per_page=50)
    return render(request, "plans/plan_list.html", {"table": table})


@public_page
def plan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    plan = get_object_or_404(Plan.objects.select_related("owner", "document"), pk=pk)
    on = selectors.today()
    result, _info = selectors.plan_rollup(plan.pk)
    counts = selectors.timeliness_counts(plan.tasks.all(), on=on)
    table = _tasks_table(request, selectors.task_rows(on=on).filter(plan=plan))
    context = {
        "plan": plan,
        "progress": result.plan_progress,
        "goals": list(plan.goals.all()),
        "counts": counts,
        "table": table,
        "chart": charts.as_data(charts.timeliness_donut(counts.counts, title=_("Tasks by timeliness"))),
    }
    return render(request, "plans/plan_detail.html", context)


def _task_filter(request: HttpRequest) -> TaskFilter:
    tasks = selectors.task_rows()
    return TaskFilter(request.GET or None, queryset=tasks)


@public_page
def task_list(request: HttpRequest) -> HttpResponse:
    filterset = _task_filter(request)
    table = _tasks_table(request, filterset.qs)
    query = request.GET.copy()
    for key in ("page", "sort"):
        query.pop(key, None)
    context = {"filter": filterset, "table": table, "export_query": query.urlencode()}
    return render(request, "plans/task_list.html", context)


@public_page
def task_export(request: HttpRequest, fmt: str) -> HttpResponse:
    if fmt not in FORMATS:
        raise Http404(_("Unknown export format: use csv or xlsx."))
    filterset = _task_filter(request)
    tasks = filterset.qs.prefetch_related("cooperating_units").order_by("plan__title", "code")
    return export_response(tasks, fmt=fmt)


@public_page
def task_detail(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        task = selectors.task_detail(pk)
    except Task.DoesNotExist as exc:
        raise Http404(_("No task with this number.")) from exc
    result, info = selectors.plan_rollup(task.plan_id)
    # The path from the plan's top level down to this task, from the same rows as the roll-up.
    ancestors, parent_id, seen = [], task.parent_id, set()
    while parent_id and parent_id in info and parent_id not in seen:
        seen.add(parent_id)
        code, title, next_parent = info[parent_id]
        ancestors.insert(0, {"pk": parent_id, "code": code, "title": title})
        parent_id = next_parent
    updates = selectors.task_updates(task)
    children = selectors.task_children(task)
    for child in children:
        child.rolled_up = result.task_progress.get(child.pk)
    context = {
        "task": task,
        "rolled_up": result.task_progress.get(task.pk, float(task.progress)),
        "plan_progress": result.plan_progress,
        "ancestors": ancestors,
        "children": children,
        "updates": updates,
        "latest": updates[0] if updates else None,
    }
    return render(request, "plans/task_detail.html", context)


@public_page
def unit_list(request: HttpRequest) -> HttpResponse:
    table = _paginate(request, UnitTable(selectors.unit_rows()), per_page=50)
    return render(request, "plans/unit_list.html", {"table": table, "stale_days": stale_days()})


@public_page
def unit_detail(request: HttpRequest, pk: int) -> HttpResponse:
    unit = get_object_or_404(Unit.objects.select_related("parent"), pk=pk)
    on = selectors.today()
    counts = selectors.timeliness_counts(Task.objects.filter(lead_unit=unit), on=on)
    staleness = selectors.unit_staleness(unit_ids=[unit.pk]).get(unit.pk, selectors.Staleness())
    table = _tasks_table(request, selectors.task_rows(on=on).filter(lead_unit=unit))
    context = {
        "unit": unit,
        "head": unit.head_on(on),
        "counts": counts,
        "staleness": staleness,
        "stale_days": stale_days(),
        "table": table,
        "chart": charts.as_data(charts.timeliness_donut(counts.counts, title=_("Tasks led, by timeliness"))),
    }
    return render(request, "plans/unit_detail.html", context)


@public_page
def leader_list(request: HttpRequest) -> HttpResponse:
    table = _paginate(request, LeaderTable(selectors.leader_rows()), per_page=50)
    return render(request, "plans/leader_list.html", {"table": table})


@public_page
def leader_detail(request: HttpRequest, pk: int) -> HttpResponse:
    leader = get_object_or_404(Leader.objects.select_related("unit", "user"), pk=pk)
    on = selectors.today()
    tasks = Task.objects.filter(responsible_leader=leader)
    counts = selectors.timeliness_counts(tasks, on=on)
    table = _tasks_table(request, selectors.task_rows(on=on).filter(responsible_leader=leader))
    context = {
        "leader": leader,
        "counts": counts,
        "overdue": selectors.most_overdue(limit=50, on=on, tasks=tasks),
        "table": table,
        "chart": charts.as_data(charts.timeliness_donut(counts.counts, title=_("Tasks answered for, by timeliness"))),
        "timeliness_overdue": Timeliness.OVERDUE,
    }
    return render(request, "plans/leader_detail.html", context)
