"""Shared by the DTI pages: the years with data, the default year, the framework of a year, the dashboard province."""

from __future__ import annotations

from django.db.models import Count, Q

from indicators.models import (
    Framework,
    Province,
    PublishedResult,
    Score,
)
from plans.models import ProgrammeSettings
from plans.selectors import programme

PILLAR_NODES = [Score.Node.GOVERNMENT, Score.Node.ECONOMY, Score.Node.SOCIETY]


def framework_for_year(year: int, frameworks: list[Framework] | None = None) -> Framework | None:
    for f in frameworks if frameworks is not None else Framework.objects.all():
        if f.covers(year):
            return f
    return None


def available_years() -> list[int]:
    """Every year with a framework, published results or scores (two queries)."""
    years = set(PublishedResult.objects.order_by().values_list("year", flat=True).distinct())
    years |= set(Score.objects.order_by().values_list("year", flat=True).distinct())
    return sorted(years)


def default_year() -> int | None:
    """The year with the most published ranks (the full 2022 list), the latest one on a tie."""
    row = (
        PublishedResult.objects.filter(rank__isnull=False)
        .values("year")
        .annotate(n=Count("pk"))
        .order_by("-n", "-year")
        .first()
    )
    return row["year"] if row else None


def dashboard_province(settings: ProgrammeSettings | None = None) -> Province | None:
    """The province the dashboard is about (the programme settings), as it was before the merger when both exist."""
    key = (settings or programme.programme_settings()).dti_key
    if not key:
        return None
    return (
        Province.objects.filter(Q(name=key) | Q(code=key))
        .select_related("successor")
        .order_by("-group")  # "63" before "34"
        .first()
    )
