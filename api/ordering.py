"""`sort=<column>` / `sort=-<column>`: the pages' ordering, read from the same django-tables2 Table classes.

A column the table cannot sort by, or any other value, keeps the default order (as on the pages).
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework.filters import BaseFilterBackend

from plans.forms import SORT_MAX

SORT_PARAM = "sort"


def table_order(table_class, value: str) -> list[str] | None:
    """The ORM order for `value` on `table_class`, or None when the table does not sort by it."""
    if not value or len(value) > SORT_MAX:
        return None
    descending = value.startswith("-")
    name = value.removeprefix("-")
    table = table_class([])
    if name not in table.columns.names():
        return None
    column = table.columns[name]
    if not column.orderable:
        return None
    order = column.order_by.opposite if descending else column.order_by
    return [str(part).replace(".", "__") for part in order]


class TableOrdering(BaseFilterBackend):
    def filter_queryset(self, request, queryset, view):
        table_class = getattr(view, "table_class", None)
        order = table_order(table_class, request.query_params.get(SORT_PARAM, "")) if table_class else None
        return queryset.order_by(*order, "pk") if order else queryset

    def get_schema_operation_parameters(self, view):
        table_class = getattr(view, "table_class", None)
        if table_class is None:
            return []
        names = [c.name for c in table_class([]).columns if c.orderable]
        return [
            {
                "name": SORT_PARAM,
                "required": False,
                "in": "query",
                "description": str(_("Sort by a column (a minus sign for descending): %(names)s"))
                % {"names": ", ".join(names)},
                "schema": {"type": "string", "maxLength": SORT_MAX},
            }
        ]
