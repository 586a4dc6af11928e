"""The reports page: periods, the figures of a report on screen, its texts, closing, DOCX and XLSX downloads.

Every view needs a signed-in user (anonymous visitors go to the login page) and asks the rules (reports/rules.py);
a refused action raises PermissionDenied (templates/403.html).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import EmptyPage
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from plans.exports import FORMATS as SHEET_TYPES
from reports import documents, rules, selectors, services
from reports.forms import FORMATS, PeriodForm, ReportQueryForm, ReportTextForm
from reports.tables import GoalAnnexTable, TaskAnnexTable

ANNEX_PAGE = 100


def _require(request: HttpRequest, perm: str) -> None:
    if not request.user.has_perm(perm):
        if perm == rules.VIEW_REPORT:
            raise PermissionDenied(_("Reports are for the DX office and the leadership."))
        raise PermissionDenied(_("Only the DX office opens and closes periods and writes the reports' texts."))


@login_required
def period_list(request: HttpRequest) -> HttpResponse:
    _require(request, rules.VIEW_REPORT)
    form = PeriodForm(request.POST or None)
    if request.method == "POST":
        _require(request, rules.CLOSE_PERIOD)
        if form.is_valid():
            period = services.period_get_or_create(span=form.cleaned_data["span"])
            return redirect(period)
    context = {"periods": selectors.period_list(), "form": form, "can_close": request.user.has_perm(rules.CLOSE_PERIOD)}
    return render(request, "reports/period_list.html", context, status=400 if form.errors else 200)


@login_required
def period_detail(request: HttpRequest, pk: int) -> HttpResponse:
    _require(request, rules.VIEW_REPORT)
    period = selectors.period(pk)
    form = ReportTextForm(request.POST or None, instance=period)
    if request.method == "POST":
        _require(request, rules.EDIT_REPORT)
        if form.is_valid():
            services.period_save_texts(period=period, **{n: form.cleaned_data[n] for n in form.Meta.fields})
            messages.success(request, _("The report's texts are saved."))
            return redirect(period)
    query = ReportQueryForm(request.GET).values()
    report = selectors.report_for(period, query["unit"])
    context = {
        "report": report,
        "goal_table": GoalAnnexTable(report.goals),
        "task_table": _annex_two(request, report, query["page"]),
        "form": form,
        "can_edit": request.user.has_perm(rules.EDIT_REPORT),
    }
    return render(request, "reports/period_detail.html", context, status=400 if form.errors else 200)


def _annex_two(request: HttpRequest, report, page: int) -> TaskAnnexTable:
    """Annex II on screen, ANNEX_PAGE rows a page (the DOCX and XLSX hold every row); past the last: the last."""
    table = TaskAnnexTable(report.rows)
    table.request = request
    try:
        table.paginate(page=page, per_page=ANNEX_PAGE, orphans=0)
    except EmptyPage:
        table.paginate(page=max(table.paginator.num_pages, 1), per_page=ANNEX_PAGE, orphans=0)
    return table


@login_required
@require_POST
def period_close(request: HttpRequest, pk: int) -> HttpResponse:
    _require(request, rules.CLOSE_PERIOD)
    period = selectors.period(pk)
    services.period_close(period=period, user=request.user, rebuild=request.POST.get("rebuild") == "1")
    messages.success(request, _("The period %(code)s is closed: its figures are frozen.") % {"code": period.code})
    return redirect(period)


@login_required
def period_download(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    _require(request, rules.VIEW_REPORT)
    if fmt not in FORMATS:
        raise Http404
    period = selectors.period(pk)
    unit = ReportQueryForm(request.GET).values()["unit"]
    report = selectors.report_for(period, unit)
    name = f"bao-cao-{period.code}{f'-{unit.pk}' if unit else ''}"
    if fmt == "xlsx":
        return FileResponse(
            documents.xlsx_bytes(report), as_attachment=True, filename=f"{name}.xlsx", content_type=SHEET_TYPES["xlsx"]
        )
    content = documents.docx_bytes(report, on=services.today())
    response = HttpResponse(content, content_type=documents.DOCX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{name}.docx"'
    return response
