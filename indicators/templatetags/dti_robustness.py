"""The rank-robustness panel (chart and sentence) of the ranking and province pages, from the intervals cached
after the year's last score run (indicators/robustness_services.py). Two queries for the intervals, one for the
names; nothing computed here."""

from django import template
from django.utils.translation import gettext as _

from indicators import charts, robustness, robustness_services
from indicators.models import Province

register = template.Library()


@register.inclusion_tag("indicators/_robustness.html")
def rank_robustness(year, group, province=None, name="robustness"):
    if not year:
        return {"rows": []}
    cached = robustness_services.cached_intervals(year=year, group=group)
    if not cached:
        return {"rows": [], "year": year}
    names = dict(Province.objects.filter(pk__in=cached).values_list("pk", "name"))
    rows = sorted(({**r, "name": names[pid]} for pid, r in cached.items()), key=lambda r: (r["rank"], r["name"]))
    own = cached.get(province.pk) if province is not None else None
    figure = charts.rank_intervals(
        names=[r["name"] for r in rows],
        ranks=[r["rank"] for r in rows],
        p5=[r["p5"] for r in rows],
        p95=[r["p95"] for r in rows],
        highlight=province.name if province is not None else None,
        labels={"rank": _("Rank (computed)"), "axis": _("Rank, with its 5-95% interval")},
    )
    return {
        "rows": rows,
        "own": own,
        "year": year,
        "fig": charts.figure_data(figure),
        "name": name,
        "spread": int(robustness.DEFAULT_SPREAD * 100),
        "draws": robustness.DEFAULT_DRAWS,
    }
