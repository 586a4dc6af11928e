"""The search page: tasks, documents, units and heads whose text contains the query, ignoring case and diacritics.

Each kind is one query: its first rows, with the number of all matching rows counted by a window over the
same filter (so a kind costs one query whatever it finds). The match is `SearchQuerySet.matching`, the one the
task and document lists' text filters use, so "show all" links land on lists that count the same rows. What is
searched is what the list pages show to the same visitor: every task, document and unit, and the heads'
posts (the heads list's rows).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, QuerySet, Window
from django.utils.translation import gettext_lazy as _

from plans.models import Document, Leader, Unit
from plans.selectors.common import task_rows, today

LIMIT = 20


@dataclass
class Group:
    kind: str
    title: str
    total: int
    rows: list = field(default_factory=list)
    list_url_name: str = ""  # the list page that shows all of them, filtered by the same text

    @property
    def has_more(self) -> bool:
        return self.total > len(self.rows)


def _first(queryset: QuerySet, limit: int) -> tuple[list, int]:
    rows = list(queryset.annotate(search_total=Window(Count("pk")))[:limit])
    return rows, rows[0].search_total if rows else 0


def search(query: str, *, limit: int = LIMIT) -> list[Group]:
    """The groups in page order (tasks, documents, units, heads): four queries."""
    kinds = [
        ("tasks", _("Tasks"), task_rows().matching(query).order_by("plan_id", "code"), "plans:task_list"),
        (
            "documents",
            _("Documents"),
            Document.objects.matching(query).select_related("issuer").order_by("-issue_date", "number", "pk"),
            "plans:document_list",
        ),
        ("units", _("Units"), Unit.objects.matching(query).select_related("parent").order_by("name"), ""),
        (
            "heads",
            _("Heads"),
            Leader.objects.matching(query)
            .filter(role=Leader.Role.HEAD)
            .select_related("unit")
            .order_by("unit__name", "-term_start"),
            "",
        ),
    ]
    groups = []
    for kind, title, queryset, list_url_name in kinds:
        rows, total = _first(queryset, limit)
        groups.append(Group(kind=kind, title=title, total=total, rows=rows, list_url_name=list_url_name))
    on = today()
    for leader in groups[-1].rows:
        leader.in_office = leader.in_office_on(on)
    return groups
