"""The documents list and a document's page: the chain of documents implementing one another, its plans."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict, deque
from collections.abc import Iterator
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
TREE_LIMIT = 50  # as many as a list page's rows


@dataclass
class DocumentNode:
    pk: int
    document: Document | None = None  # read once the tree is drawn: only the documents shown are read
    children: list[DocumentNode] = field(default_factory=list)
    repeated: bool = False  # already shown elsewhere in this tree (a document reached by two paths)
    more: int = 0  # next steps not shown (beyond TREE_LIMIT)


def document_chain(document: Document, *, limit: int | None = None) -> tuple[DocumentNode, DocumentNode]:
    """Three queries: the links, the issue dates of the documents `document` implements (upward, transitively) and
    of those implementing it, and the documents shown.

    Returns (upward tree, downward tree), each rooted at `document`: a node's children are the next step away.
    At most `limit` (default TREE_LIMIT) documents each way, the nearest first (breadth first), the earliest
    issued first among the steps of one document, so that the page stays the same size however long the chain
    grows.
    """
    limit = limit or TREE_LIMIT
    up: dict[int, list[int]] = defaultdict(list)
    down: dict[int, list[int]] = defaultdict(list)
    for source, target in DocumentLink.objects.values_list("source_id", "target_id"):
        up[source].append(target)
        down[target].append(source)
    reached = _reach(document.pk, up) | _reach(document.pk, down)
    dates = dict(Document.objects.filter(pk__in=reached).values_list("pk", "issue_date"))
    trees = _tree(document.pk, up, dates, limit), _tree(document.pk, down, dates, limit)
    nodes = [node for tree in trees for node in _walk(tree)]
    docs = Document.objects.in_bulk({node.pk for node in nodes} - {document.pk})
    docs[document.pk] = document
    for node in nodes:
        node.document = docs[node.pk]
    return trees


def _reach(start: int, edges: dict[int, list[int]]) -> set[int]:
    seen, stack = set(), [start]
    while stack:
        for nxt in edges.get(stack.pop(), []):
            if nxt not in seen and nxt != start:
                seen.add(nxt)
                stack.append(nxt)
    return seen


def _tree(start: int, edges: dict[int, list[int]], dates: dict[int, dt.date | None], limit: int) -> DocumentNode:
    root = DocumentNode(start)
    shown: set[int] = {start}
    queue = deque([root])
    budget = limit
    while queue:
        node = queue.popleft()
        steps = sorted(edges.get(node.pk, []), key=lambda k: (dates[k] or dt.date.min, k))
        taken = steps[:budget]
        node.more = len(steps) - len(taken)
        budget -= len(taken)
        for nxt in taken:
            child = DocumentNode(nxt, repeated=nxt in shown)
            node.children.append(child)
            if not child.repeated:
                shown.add(nxt)
                queue.append(child)
    return root


def _walk(node: DocumentNode) -> Iterator[DocumentNode]:
    yield node
    for child in node.children:
        yield from _walk(child)
