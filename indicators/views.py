"""DTI pages. Thin: check access, call a selector or service, build charts from plain data, render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from common.page_cache import cached_for_visitors
from indicators import charts, importers, planning_services, services
from indicators.forms import ImportForm, RankingQueryForm, RecomputeForm, YearQueryForm
from indicators.models import Province, ScoreRun
from indicators.planning_forms import ScenarioForm, WhatIfForm
from indicators.rules import IMPORT_OBSERVATIONS, PLAN_WHATIF, RECOMPUTE_SCORES, SAVE_SCENARIO
from indicators.selectors import common
from indicators.selectors import indicator as indicator_selectors
from indicators.selectors import planning as planning_selectors
from indicators.selectors import province as province_selectors
from indicators.selectors import ranking as ranking_selectors
from indicators.selectors import runs as run_selectors
from indicators.tables import GapTable, RankingTable
from plans import exports
from plans.rules import public_page


def _year(request: HttpRequest) -> int | None:
    """The year asked for in the query string, or None (not given, or bad: the page's default year)."""
    return YearQueryForm(request.GET).values()["year"]


def _ranking_table(data, request: HttpRequest, sort: str) -> RankingTable:
    table = RankingTable(data.rows)
    table.request = request
    if sort:
        table.order_by = sort
    return table


@public_page
@cached_for_visitors
def ranking(request: HttpRequest) -> HttpResponse:
    query = RankingQueryForm(request.GET).values()
    year, years = ranking_selectors.ranking_year(query["year"])
    if year is None:
        return render(request, "indicators/ranking.html", {"years": [], "data": None})
    group, export = query["group"], query["_export"]
    data = ranking_selectors.ranking(year=year, group=group)
    table = _ranking_table(data, request, query["sort"])
    if export:
        return exports.table_response(table, fmt=export, filename=f"dti-{year}-{group}.{export}", title=f"DTI {year}")
    context = {
        "data": data,
        "table": table,
        "years": years,
        "year": year,
        "asked_year": query["year"],
        "group": group,
        "groups": Province.Group.choices,
        "can_manage": request.user.has_perm(IMPORT_OBSERVATIONS),
        "province": common.dashboard_province(),
        "published_average": ranking_selectors.published_average(year, group),
        "recompute": run_selectors.recompute_state(framework=data.framework, year=year, latest_run=data.latest_run),
    }
    return render(request, "indicators/ranking.html", context)


@public_page
def dashboard_province(request: HttpRequest) -> HttpResponse:
    province = common.dashboard_province()
    if province is None:
        raise Http404(_("The dashboard province is not in the list of provinces."))
    return redirect("indicators:province", pk=province.pk)


@public_page
@cached_for_visitors
def province(request: HttpRequest, pk: int) -> HttpResponse:
    obj = province_selectors.province_or_404(pk)
    profile = province_selectors.province_profile(province=obj, year=_year(request))
    context = {
        "province": obj,
        "profile": profile,
        "radar": _radar_chart(obj, profile) if profile.mains else None,
        "trend_chart": _trend_chart(profile) if profile.trend else None,
        "gap_table": GapTable(profile.gaps) if profile.gaps else None,
        "home": common.dashboard_province(),
    }
    return render(request, "indicators/province.html", context)


def _radar_chart(obj: Province, profile: province_selectors.Profile) -> dict:
    """The province's main indicators against the average, the leader and the target-rank province."""
    mains = profile.mains
    series = [(str(obj.name), [profile.own[m.pk].value if m.pk in profile.own else None for m in mains])]
    series.append((_("Average of provinces"), [profile.average.get(m.pk) for m in mains]))
    for label, other in ((_("Leader"), profile.leader), (_("Target rank"), profile.target)):
        if other:
            values = [other["scores"][m.pk].value if m.pk in other["scores"] else None for m in mains]
            series.append((f"{label}: {other['province'].name} ({other['overall'].rank})", values))
    return charts.figure_data(charts.radar(labels=[m.name for m in mains], series=series))


def _trend_chart(profile: province_selectors.Profile) -> dict:
    """The province's computed value and rank over the years, with the published rank and the target."""
    figure = charts.trend(
        years=[t["year"] for t in profile.trend],
        values=[t["value"] for t in profile.trend],
        ranks=[t["rank"] for t in profile.trend],
        published_ranks=[t["published_rank"] for t in profile.trend],
        target_rank=profile.target_rank,
        labels={
            "value": _("DTI value (computed)"),
            "rank": _("Rank (computed)"),
            "published_rank": _("Rank (published)"),
            "target": _("Target: rank %(rank)d") % {"rank": profile.target_rank},
            "year": _("Year"),
        },
    )
    return charts.figure_data(figure)


@public_page
@cached_for_visitors
def indicator(request: HttpRequest, pk: int) -> HttpResponse:
    obj = indicator_selectors.indicator_or_404(pk)
    year, years, rows = indicator_selectors.indicator_distribution(indicator=obj, year=_year(request))
    home = common.dashboard_province()
    chart = None
    if rows:
        chart = charts.figure_data(
            charts.distribution(
                names=[r["province__name"] for r in rows],
                values=[r["value"] for r in rows],
                highlight=home.name if home else None,
                labels={"value": _("Value (0-1)"), "average": _("Average")},
            )
        )
    context = {
        "indicator": obj,
        "year": year,
        "years": years,
        "rows": rows,
        "chart": chart,
        "has_sample": any(r["is_sample"] for r in rows),
        "tasks": list(indicator_selectors.indicator_tasks(indicator=obj)),
    }
    return render(request, "indicators/indicator.html", context)


@login_required
@permission_required(IMPORT_OBSERVATIONS, raise_exception=True)
def import_observations(request: HttpRequest) -> HttpResponse:
    result = None
    if request.method == "POST":
        form = ImportForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            result = importers.parse(upload.name, upload)  # reads at most the size limit
            if result.ok:
                count = services.observations_import(rows=result.rows, user=request.user)
                messages.success(request, _import_message(count))
                return redirect("indicators:import")
    else:
        form = ImportForm()
    context = {"form": form, "result": result, "columns": importers.COLUMNS, "runs": run_selectors.recent_runs()}
    return render(request, "indicators/import.html", context, status=400 if result and result.errors else 200)


def _import_message(count: int) -> str:
    if run_selectors.recomputations_held():
        return _(
            "%(count)d rows imported. The task queue cannot be reached: the recomputation of the years concerned "
            "is queued for later and will start by itself."
        ) % {"count": count}
    return _("%(count)d rows imported. The scores of the years concerned are being recomputed.") % {"count": count}


@login_required
@permission_required(IMPORT_OBSERVATIONS, raise_exception=True)
def import_template(request: HttpRequest, fmt: str) -> HttpResponse:
    if fmt not in exports.FORMATS:
        raise Http404
    notes = [[line] for line in (importers.__doc__ or "").strip().splitlines()]
    sheets = [("observations", importers.template_rows()), ("huong-dan", notes)]
    return exports.response(fmt, sheets, filename=f"dti-observations-template.{fmt}")


@require_POST
@login_required
@permission_required(RECOMPUTE_SCORES, raise_exception=True)
def recompute_now(request: HttpRequest) -> HttpResponse:
    form = RecomputeForm(request.POST)
    if form.is_valid():
        framework, year = form.cleaned_data["framework"], form.cleaned_data["year"]
        services.request_recompute(framework_id=framework.pk, year=year, trigger=ScoreRun.Trigger.MANUAL)
        if run_selectors.recomputations_held():
            message = _("Recomputation of %(year)s queued for later: the task queue cannot be reached just now.")
        else:
            message = _("Recomputation of %(year)s requested.")
        messages.success(request, message % {"year": year})
    else:
        messages.error(request, " ".join(m for errors in form.errors.values() for m in errors))
    return redirect(f"{reverse('indicators:ranking')}?year={form.cleaned_data.get('year') or ''}")


@login_required
def province_plan(request: HttpRequest, pk: int) -> HttpResponse:
    """The path to the target rank, the what-if panel and the saved scenarios (DX office, leadership)."""
    obj = province_selectors.province_or_404(pk)
    if not request.user.has_perm(PLAN_WHATIF, obj):
        raise PermissionDenied
    year = planning_selectors.plan_year(province=obj, year=_year(request))
    form = WhatIfForm(request.GET or None, codes=planning_selectors.scored_codes(year) if year else [])
    valid = form.is_bound and form.is_valid()
    plan = planning_selectors.plan_page(
        province=obj, year=year, values=form.values() if valid else {}, linked=valid and form.cleaned_data["linked"]
    )
    can_save = request.user.has_perm(SAVE_SCENARIO, obj)
    context = {"province": obj, "plan": plan, "form": form, "scenario_form": ScenarioForm(), "can_save": can_save}
    return render(request, "indicators/plan.html", context, status=400 if form.is_bound and form.errors else 200)


@login_required
def scenario_save(request: HttpRequest, pk: int) -> HttpResponse:
    """Save the what-if's values under a name (POST); anything else goes to the what-if page."""
    obj = province_selectors.province_or_404(pk)
    if request.method != "POST":
        return redirect("indicators:province_plan", pk=obj.pk)
    if not request.user.has_perm(SAVE_SCENARIO, obj):
        raise PermissionDenied
    year = YearQueryForm(request.POST).values()["year"]
    form = WhatIfForm(request.POST, codes=planning_selectors.scored_codes(year) if year else [])
    name_form = ScenarioForm(request.POST)
    if year in planning_selectors.plan_years(obj) and form.is_valid() and name_form.is_valid() and form.values():
        planning_services.scenario_save(
            province=obj, year=year, name=name_form.cleaned_data["name"], values=form.values(), user=request.user
        )
        messages.success(request, _("Scenario saved."))
    else:
        messages.error(request, _("Not saved: give the scenario a name and at least one projected value from 0 to 1."))
    return redirect(f"{reverse('indicators:province_plan', args=[obj.pk])}?year={year or ''}")
