"""The documents list and a document's page: the chain of documents implementing one another, its plans."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from plans.models import Document, DocumentLink
from plans.selectors.aggregates import plan_progress


def document_rows() -> QuerySet:
    """The documents list's base queryset (filtered and paginated by the page)."""
    return Document.objects.select_related("issuer")


def document_or_404(pk: int) -> Document:
    return get_object_or_404(Document.objects.select_related("issuer"), pk=pk)


def document_page(document: Document) -> dict:
    """A document's page: the documents it implements and that implement it, its plans with their progress."""
    upward, downward = document_chain(document)
    plans = list(document.plans.select_related("owner").order_by("-start_year", "title"))
    progress = plan_progress([p.pk for p in plans]) if plans else {}
    for plan in plans:
        plan.progress = progress.get(plan.pk)
    return {"document": document, "upward": upward, "downward": downward, "plans": plans}


@dataclass
class DocumentNode:
    document: Document
    children: list[DocumentNode]
    repeated: bool = False  # already shown elsewhere in this tree (a document reached by two paths)


def document_chain(document: Document) -> tuple[list[DocumentNode], list[DocumentNode]]:
    """Two queries: the documents `document` implements (upward, transitively) and those implementing it.

    Returns (upward trees, downward trees): each node's children are the next step away from `document`.
    """
    up: dict[int, list[int]] = defaultdict(list)
    down: dict[int, list[int]] = defaultdict(list)
    for source, target in DocumentLink.objects.values_list("source_id", "target_id"):
        up[source].append(target)
        down[target].append(source)

    def reach(start: int, edges: dict[int, list[int]]) -> set[int]:
        seen, stack = set(), [start]
        while stack:
            for nxt in edges.get(stack.pop(), []):
                if nxt not in seen and nxt != start:
                    seen.add(nxt)
                    stack.append(nxt)
        return seen

    ids = reach(document.pk, up) | reach(document.pk, down)
    docs = {d.pk: d for d in Document.objects.filter(pk__in=ids).select_related("issuer")}
    docs[document.pk] = document

    def tree(start: int, edges: dict[int, list[int]]) -> list[DocumentNode]:
        shown: set[int] = {start}

        def build(pk: int) -> DocumentNode:
            kids = []
            for nxt in sorted(edges.get(pk, []), key=lambda k: (docs[k].issue_date or dt.date.min, docs[k].pk)):
                if nxt in shown:
                    kids.append(DocumentNode(docs[nxt], [], repeated=True))
                else:
                    shown.add(nxt)
                    kids.append(build(nxt))
            return DocumentNode(docs[pk], kids)

        return build(start).children

    return tree(document.pk, up), tree(document.pk, down)
