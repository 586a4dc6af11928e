"""The documents list and a document's page: the chain of documents implementing one another, its plans."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict, deque
from dataclasses import dataclass, field

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
    return {"document": document, "upward": upward, "downward": downward, "plans": plans, "tree_limit": TREE_LIMIT}


# Documents shown in each direction of a document's chain: the nearest first, level by level; a document whose
# own implementing (or implemented) documents are beyond it says how many, and its page shows them.
TREE_LIMIT = 100


@dataclass
class DocumentNode:
    document: Document
    children: list[DocumentNode] = field(default_factory=list)
    repeated: bool = False  # already shown elsewhere in this tree (a document reached by two paths)
    more: int = 0  # next steps not shown (beyond TREE_LIMIT)


def document_chain(document: Document, *, limit: int | None = None) -> tuple[DocumentNode, DocumentNode]:
    """Two queries: the documents `document` implements (upward, transitively) and those implementing it.

    Returns (upward tree, downward tree), each rooted at `document`: a node's children are the next step away.
    At most `limit` (default TREE_LIMIT) documents each way, the nearest first (breadth first), so that the page
    stays the same size however long the chain grows.
    """
    limit = limit or TREE_LIMIT
    up: dict[int, list[int]] = defaultdict(list)
    down: dict[int, list[int]] = defaultdict(list)
    for source, target in DocumentLink.objects.values_list("source_id", "target_id"):
        up[source].append(target)
        down[target].append(source)
    up_ids, down_ids = _reach(document.pk, up), _reach(document.pk, down)
    docs = {d.pk: d for d in Document.objects.filter(pk__in=up_ids | down_ids).select_related("issuer")}
    docs[document.pk] = document
    return _tree(document, up, docs, limit), _tree(document, down, docs, limit)


def _reach(start: int, edges: dict[int, list[int]]) -> set[int]:
    seen, stack = set(), [start]
    while stack:
        for nxt in edges.get(stack.pop(), []):
            if nxt not in seen and nxt != start:
                seen.add(nxt)
                stack.append(nxt)
    return seen


def _tree(document: Document, edges: dict[int, list[int]], docs: dict[int, Document], limit: int) -> DocumentNode:
    root = DocumentNode(document)
    shown: set[int] = {document.pk}
    queue = deque([root])
    budget = limit
    while queue:
        node = queue.popleft()
        steps = sorted(edges.get(node.document.pk, []), key=lambda k: (docs[k].issue_date or dt.date.min, k))
        taken = steps[:budget]
        node.more = len(steps) - len(taken)
        budget -= len(taken)
        for nxt in taken:
            child = DocumentNode(docs[nxt], repeated=nxt in shown)
            node.children.append(child)
            if not child.repeated:
                shown.add(nxt)
                queue.append(child)
    return root
