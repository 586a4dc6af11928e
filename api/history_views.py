"""History pages (what changed, when, by whom) and Atom feeds of verified updates: public when the pages are."""

from __future__ import annotations

from django.contrib.syndication.views import Feed
from django.http import FileResponse
from django.shortcuts import get_object_or_404, render
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from api import opendata
from api.history import feed_entries, versions_of
from plans.models import Document, Plan, Task, Unit
from plans.rules import public_page

KINDS = {"task": Task, "plan": Plan, "document": Document}


def _history(request, kind: str, pk: int):
    obj = get_object_or_404(KINDS[kind], pk=pk)
    return render(request, "history/history.html", {"object": obj, "kind": kind, "versions": versions_of(obj)})


@public_page
def task_history(request, pk: int):
    return _history(request, "task", pk)


@public_page
def plan_history(request, pk: int):
    return _history(request, "plan", pk)


@public_page
def document_history(request, pk: int):
    return _history(request, "document", pk)


class VerifiedUpdatesFeed(Feed):
    """Verified updates (what the DX office has confirmed) and co-operating-unit changes, newest first."""

    feed_type = Atom1Feed
    model = Plan

    def get_object(self, request, pk: int):
        return get_object_or_404(self.model, pk=pk)

    def title(self, obj) -> str:
        return _("Verified updates: %(name)s") % {"name": getattr(obj, "title", None) or obj.name}

    def link(self, obj) -> str:
        return obj.get_absolute_url()

    def subtitle(self, obj) -> str:
        return _("Progress reports confirmed by the DX office, and co-operating units added to or removed from tasks.")

    def items(self, obj):
        return feed_entries(plan_id=obj.pk)

    def item_title(self, item) -> str:
        return item.title

    def item_description(self, item) -> str:
        return item.description

    def item_link(self, item) -> str:
        return item.link

    def item_guid(self, item) -> str:
        return item.guid

    def item_author_name(self, item) -> str:
        return item.author

    def item_pubdate(self, item):
        return item.published

    def item_updateddate(self, item):
        return item.updated


class UnitVerifiedUpdatesFeed(VerifiedUpdatesFeed):
    model = Unit

    def items(self, obj):
        return feed_entries(unit_id=obj.pk)


plan_feed = public_page(VerifiedUpdatesFeed())
unit_feed = public_page(UnitVerifiedUpdatesFeed())


@public_page
def open_data(request):
    """The open-data zip (rebuilt nightly; built at once the first time)."""
    return FileResponse(opendata.open_archive(), as_attachment=True, filename="dxtracker-open-data.zip")
