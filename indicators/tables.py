"""django-tables2 tables of the DTI pages; rows are the plain dicts the selectors build.

As in plans/tables.py: `render_<name>` is the page's HTML cell, `value_<name>` the export's plain value."""

from __future__ import annotations

import django_tables2 as tables
from django.urls import reverse
from django.utils.formats import number_format
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from indicators.scoring import RANK_DECIMALS
from plans.tables import Table


def _value(value) -> str:
    """Rounded (never truncated) to the decimals at which ties are judged, so tied provinces show one value."""
    return "—" if value is None else number_format(round(value, RANK_DECIMALS), RANK_DECIMALS)


class ValueColumn(tables.Column):
    def render(self, value):
        return _value(value)

    def value(self, value):  # exports: the number itself
        return value


class RankingTable(Table):
    rank = tables.Column(verbose_name=_("Rank (computed)"), order_by=("sort_rank",), default="—")
    province = tables.Column(verbose_name=_("Province"), order_by=("province",))
    value = ValueColumn(verbose_name=_("DTI (computed)"), order_by=("sort_value",), default="—")
    government_value = ValueColumn(verbose_name=_("Digital government"), order_by=("sort_government",), default="—")
    government_rank = tables.Column(verbose_name=_("rank"), order_by=("sort_government",), default="—")
    economy_value = ValueColumn(verbose_name=_("Digital economy"), order_by=("sort_economy",), default="—")
    economy_rank = tables.Column(verbose_name=_("rank"), order_by=("sort_economy",), default="—")
    society_value = ValueColumn(verbose_name=_("Digital society"), order_by=("sort_society",), default="—")
    society_rank = tables.Column(verbose_name=_("rank"), order_by=("sort_society",), default="—")
    change = tables.Column(verbose_name=_("Change since previous year"), order_by=("sort_change",), default="—")
    published_rank = tables.Column(verbose_name=_("Rank (published)"), order_by=("sort_published",), default="—")
    published_value = ValueColumn(verbose_name=_("DTI (published)"), order_by=("sort_published",), default="—")

    class Meta:
        attrs = {"class": "table table-sm table-hover align-middle", "id": "ranking-table"}
        row_attrs = {"data-province": lambda record: record["province"]}
        orderable = True

    def render_province(self, value, record):
        url = reverse("indicators:province", args=[record["pk"]])
        flag = (
            format_html(' <span class="badge text-bg-warning sample-flag">{}</span>', _("sample data"))
            if record["sample"]
            else ""
        )
        return format_html('<a href="{}">{}</a>{}', url, value, flag)

    def value_province(self, value):
        return value

    def render_change(self, value):
        if value > 0:
            return format_html('<span class="text-success">▲ {}</span>', value)
        if value < 0:
            return format_html('<span class="text-danger">▼ {}</span>', -value)
        return "="

    def value_change(self, value):
        return value  # places gained (negative: lost)

    def render_published_rank(self, value, record):
        if record["published_rank_derived"]:
            return format_html('{} <span class="text-muted small">({})</span>', value, _("derived"))
        return value

    def value_published_rank(self, value):
        return value


class GapTable(Table):
    indicator = tables.Column(verbose_name=_("Main indicator"), orderable=False)
    max_points = tables.Column(verbose_name=_("Max points"), orderable=False)
    points = tables.Column(verbose_name=_("Points"), orderable=False, default="—")
    target_gap = tables.Column(verbose_name=_("Behind the target-rank province"), orderable=False, default="—")
    leader_gap = tables.Column(verbose_name=_("Behind the leader"), orderable=False, default="—")
    headroom = tables.Column(verbose_name=_("Up to max points"), orderable=False, default="—")

    class Meta:
        attrs = {"class": "table table-sm align-middle", "id": "gap-table"}

    def render_indicator(self, value):
        return format_html('<a href="{}">{}</a>', value.get_absolute_url(), value.name)

    def _points(self, value):
        return number_format(value, 2)

    render_max_points = render_points = render_target_gap = render_leader_gap = render_headroom = _points
