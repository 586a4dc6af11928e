"""Progress pages (read-only): overview, documents, plans, tasks, units and heads, and the search across them.

Thin views: check access (`public_page`), call the page family's selectors (plans/selectors/<family>.py), build
charts from their plain results, render. No view queries the database itself.
"""

from __future__ import annotations

from django.core.paginator import EmptyPage
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from common.page_cache import cached_for_visitors
from plans import charts
from plans.exports import FORMATS, export_response
from plans.filters import DocumentFilter, TaskFilter
from plans.forms import SearchForm, SuggestForm, TableQueryForm
from plans.models import stale_days
from plans.ratings import thresholds
from plans.rules import public_page
from plans.selectors import choices, common, documents, leaders, plans, tasks, units
from plans.selectors import overview as overview_selectors
from plans.selectors import search as search_selectors
from plans.tables import DocumentTable, LeaderTable, PlanTable, TaskTable, UnitTable

PER_PAGE = 25


def _paginate(request: HttpRequest, table, per_page: int = PER_PAGE, complete=None):
    """Sort and paginate from the query string, parsed by TableQueryForm (a bad value gets its default); a page
    beyond the last shows the last. The page size is the page's own: the query string cannot change it.

    `complete(rows)`, for a table over a selector's list of rows, fills in the columns read only for the rows
    shown (the table's `deferred`): before sorting, every row, when the sort is by one of them; else only the
    page's rows."""
    query = TableQueryForm(request.GET).values()
    table.request = request
    sorted_by = {name.lstrip("-") for name in query["sort"].split(",")}
    if complete and sorted_by & set(table.deferred):
        complete(table.data.data)
    if query["sort"]:
        table.order_by = query["sort"]
    try:
        table.paginate(page=query["page"], per_page=per_page, orphans=0)
    except EmptyPage:
        table.page = table.paginator.page(table.paginator.num_pages)
    if complete:
        complete([row.record for row in table.page.object_list])
    return table


def _tasks_table(request: HttpRequest, rows, *, prefix: str = "") -> TaskTable:
    table = TaskTable(rows, prefix=prefix)
    return _paginate(request, table)


def _donut(counts: common.TimelinessCounts, title: str) -> dict:
    return charts.as_data(charts.timeliness_donut(counts.counts, title=title))


def _timeline(timeline: common.Timeline, on, title: str) -> dict:
    """The timeline section's context: its rows (for the figures table) and its chart, if there is a bar to draw."""
    drawable = [r for r in timeline.rows if r["start_date"] or r["due_date"]]
    chart = charts.as_data(charts.timeline(drawable, today=on, title=title)) if drawable else None
    return {"timeline": timeline, "timeline_chart": chart}


def _overview_charts(context: dict) -> dict:
    unit_rows = [(str(u), c.counts) for u, c in context["unit_rows"]]
    return {
        "pillar": charts.as_data(charts.progress_bars(context["pillar_rows"], title=_("Progress by pillar"))),
        "field": charts.as_data(charts.progress_bars(context["field_rows"], title=_("Progress by priority field"))),
        "unit": charts.as_data(charts.timeliness_stacked_bars(unit_rows, title=_("Timeliness by lead unit"))),
        "months": charts.as_data(charts.completions_per_month(context["month_rows"], title=_("Completions per month"))),
    }


@public_page
@cached_for_visitors
def overview(request: HttpRequest) -> HttpResponse:
    context = overview_selectors.overview_page()
    context["charts"] = _overview_charts(context)
    return render(request, "plans/overview.html", context)


@public_page
@cached_for_visitors
def document_list(request: HttpRequest) -> HttpResponse:
    filterset = DocumentFilter(request.GET or None, queryset=documents.document_rows())
    table = _paginate(request, DocumentTable(filterset.qs))
    return render(request, "plans/document_list.html", {"filter": filterset, "table": table})


@public_page
@cached_for_visitors
def document_detail(request: HttpRequest, pk: int) -> HttpResponse:
    context = documents.document_page(documents.document_or_404(pk))
    return render(request, "plans/document_detail.html", context)


@public_page
@cached_for_visitors
def plan_list(request: HttpRequest) -> HttpResponse:
    table = _paginate(request, PlanTable(plans.plan_rows()), per_page=50)
    return render(request, "plans/plan_list.html", {"table": table})


@public_page
@cached_for_visitors
def plan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    plan = plans.plan_or_404(pk)
    on = common.today()
    context = plans.plan_page(plan, on=on)
    context["table"] = _tasks_table(request, plans.plan_tasks(plan, on=on))
    context["chart"] = _donut(context["counts"], _("Tasks by timeliness"))
    context.update(_timeline(plans.plan_timeline(plan, on=on), on, _("Timeline of the plan's tasks")))
    return render(request, "plans/plan_detail.html", context)


def _task_filter(request: HttpRequest) -> TaskFilter:
    return TaskFilter(request.GET or None, queryset=common.task_rows())


@public_page
@cached_for_visitors
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
    return export_response(tasks.for_export(_task_filter(request).qs), fmt=fmt)


@public_page
@cached_for_visitors
def task_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return render(request, "plans/task_detail.html", tasks.task_page(pk))


@public_page
@cached_for_visitors
def unit_list(request: HttpRequest) -> HttpResponse:
    rows = units.unit_rows(complete=False)
    table = _paginate(request, UnitTable(rows), per_page=50, complete=units.complete_unit_rows)
    return render(request, "plans/unit_list.html", {"table": table, "stale_days": stale_days()})


@public_page
@cached_for_visitors
def unit_detail(request: HttpRequest, pk: int) -> HttpResponse:
    unit = units.unit_or_404(pk)
    on = common.today()
    context = units.unit_page(unit, on=on)
    context["table"] = _tasks_table(request, units.unit_tasks(unit, on=on))
    context["chart"] = _donut(context["counts"], _("Tasks led, by timeliness"))
    context.update(_timeline(units.unit_timeline(unit, on=on), on, _("Timeline of the tasks led")))
    return render(request, "plans/unit_detail.html", context)


@public_page
@cached_for_visitors
def leader_list(request: HttpRequest) -> HttpResponse:
    rows = leaders.leader_rows(complete=False)
    table = _paginate(request, LeaderTable(rows), per_page=50, complete=leaders.complete_leader_rows)
    return render(request, "plans/leader_list.html", {"table": table})


@public_page
@cached_for_visitors
def leader_detail(request: HttpRequest, pk: int) -> HttpResponse:
    leader = leaders.leader_or_404(pk)
    on = common.today()
    context = leaders.leader_page(leader, on=on)
    context["table"] = _tasks_table(request, leaders.leader_tasks(leader, on=on))
    context["chart"] = _donut(context["counts"], _("Tasks answered for, by timeliness"))
    return render(request, "plans/leader_detail.html", context)


@public_page
@cached_for_visitors
def search(request: HttpRequest) -> HttpResponse:
    form = SearchForm(request.GET or None)
    query = form.query()
    groups = search_selectors.search(query) if query else []
    context = {"form": form, "query": query, "groups": groups, "found": sum(g.total for g in groups)}
    return render(request, "plans/search.html", context)


@public_page
def suggest(request: HttpRequest, kind: str) -> JsonResponse:
    """The names a filter's box suggests as one types (static/js/suggest.js): {"results": [{"id", "label"}]}."""
    if kind not in choices.KINDS:
        raise Http404(_("Nothing to suggest here."))
    return JsonResponse({"results": choices.suggestions(kind, SuggestForm(request.GET).query())})


def ratings_help(request: HttpRequest) -> HttpResponse:
    """How ratings work: the rule and the thresholds in force (public, like the pages that show ratings)."""
    return render(request, "plans/ratings_help.html", {"limits": thresholds()})
