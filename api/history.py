"""Public change history: what changed in a task, plan or document, version by version, and who changed it.

Read from django-simple-history's records (`diff_against` between consecutive versions). Who is named by the
post they hold (a unit head's position), else their display name, else their role: never by user name.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db import models
from django.db.models import Prefetch
from django.urls import reverse
from django.utils.translation import gettext as _
from simple_history.utils import get_m2m_reverse_field_name

from plans.models import Leader, Task, TaskUpdate
from plans.selectors.leaders import public_name

# Bookkeeping columns that are not part of what the record says.
HIDDEN_FIELDS = {"id", "version", "updated_at", "created_at", "file"}
UPDATE_REASON = re.compile(r"TaskUpdate #(\d+)")
KIND = {"+": "created", "~": "changed", "-": "deleted"}


@dataclass
class Change:
    field: str
    old: str
    new: str
    # "changed" (old → new), or "added"/"removed" for a member of a tracked many-to-many (co-operating units).
    kind: str = "changed"

    @property
    def sentence(self) -> str:
        """'added co-operating units: Sở Y tế' (a many-to-many change), for the page and the feed."""
        if self.kind == "added":
            return _("added %(field)s: %(name)s") % {"field": self.field.lower(), "name": self.new}
        if self.kind == "removed":
            return _("removed %(field)s: %(name)s") % {"field": self.field.lower(), "name": self.old}
        return f"{self.field}: {self.old} → {self.new}"


@dataclass
class Version:
    when: dt.datetime
    who: str
    kind: str
    reason: str
    changes: list[Change] = field(default_factory=list)


def who_did(user) -> str:
    """The post, the display name or the role of `user` (leader posts prefetched); never the user name."""
    return public_name(user)


def _display(model_field: models.Field, value, related: dict) -> str:
    if value is None or value == "":
        return "—"
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if model_field.is_relation:
        return str(related.get((model_field.related_model, value), value))
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    return str(value)


def _related_objects(model, deltas) -> dict:
    """Every object a foreign key of the diffs points to, one query per related model."""
    wanted: dict = {}
    for delta in deltas:
        for change in delta.changes:
            model_field = model._meta.get_field(change.field)
            if model_field.is_relation and not model_field.many_to_many:
                wanted.setdefault(model_field.related_model, set()).update({change.old, change.new} - {None})
    return {
        (related_model, pk): obj
        for related_model, pks in wanted.items()
        for pk, obj in related_model._default_manager.in_bulk(pks).items()
    }


def _update_authors(records) -> dict:
    """The author of each "TaskUpdate #N" a version names as its reason (plans.services writes the reason): who
    moved the task when the change was not made in a request (a Celery task, a shell), in one query."""
    ids = {}
    for record in records:
        match = UPDATE_REASON.fullmatch(record.history_change_reason or "")
        if match and record.history_user is None:
            ids[int(match[1])] = record.history_change_reason
    if not ids:
        return {}
    leader_posts = Prefetch("author__leader_posts", queryset=Leader.objects.order_by("-term_start"))
    updates = TaskUpdate.objects.filter(pk__in=ids).select_related("author").prefetch_related(leader_posts)
    return {ids[update.pk]: update.author for update in updates}


def _m2m_fields(model) -> list[models.ManyToManyField]:
    """The many-to-many fields whose history is recorded (HistoricalRecords(m2m_fields=...))."""
    return list(getattr(model.history.model, "_history_m2m_fields", []))


def _m2m_members(model, history_filter: dict) -> dict[str, dict[int, set[int]]]:
    """For each tracked many-to-many field: the related ids each version held, by history id (one query a field)."""
    members: dict[str, dict[int, set[int]]] = {}
    for m2m_field in _m2m_fields(model):
        rows = getattr(model.history.model, m2m_field.name).model.objects.filter(**history_filter)
        held = members.setdefault(m2m_field.name, {})
        for history_id, related_id in rows.values_list("history_id", f"{get_m2m_reverse_field_name(m2m_field)}_id"):
            held.setdefault(history_id, set()).add(related_id)
    return members


def _m2m_changes(model, members: dict, new_id: int, old_id: int) -> list[tuple[models.Field, str, int]]:
    """(field, "added" or "removed", related id) between two versions, in the order of the related ids."""
    changes = []
    for m2m_field in _m2m_fields(model):
        held = members.get(m2m_field.name, {})
        new, old = held.get(new_id, set()), held.get(old_id, set())
        changes += [(m2m_field, "added", pk) for pk in sorted(new - old)]
        changes += [(m2m_field, "removed", pk) for pk in sorted(old - new)]
    return changes


def _m2m_change_objects(model, changes: list[tuple[models.Field, str, int]]) -> list[Change]:
    """The changes as Change rows, naming each related object (one query per related model)."""
    wanted: dict = {}
    for m2m_field, _kind, pk in changes:
        wanted.setdefault(m2m_field.related_model, set()).add(pk)
    names = {m: m._default_manager.in_bulk(pks) for m, pks in wanted.items()}
    result = []
    for m2m_field, kind, pk in changes:
        name = str(names[m2m_field.related_model].get(pk, pk))
        old, new = (name, "—") if kind == "removed" else ("—", name)
        result.append(Change(field=str(m2m_field.verbose_name), old=old, new=new, kind=kind))
    return result


def versions_of(obj) -> list[Version]:
    """The object's versions, newest first, each with its changed fields in the order of the model, then the
    members added to or removed from its tracked many-to-many fields (co-operating units)."""
    leader_posts = Prefetch("history_user__leader_posts", queryset=Leader.objects.order_by("-term_start"))
    records = list(
        obj.history.select_related("history_user")
        .prefetch_related(leader_posts, "history_user__groups")
        .order_by("-history_date", "-history_id")
    )
    model = type(obj)
    authors = _update_authors(records)
    pairs = list(zip(records, [*records[1:], None], strict=True))
    m2m_names = [f.name for f in _m2m_fields(model)]
    # Many-to-many changes are read in one query below, not two per version as diff_against would.
    deltas = [new.diff_against(old, excluded_fields=m2m_names) for new, old in pairs if old is not None]
    related = _related_objects(model, deltas)
    members = _m2m_members(model, {"history__id": obj.pk}) if m2m_names else {}
    m2m = {
        new.history_id: _m2m_changes(model, members, new.history_id, old.history_id)
        for new, old in pairs
        if old is not None and m2m_names
    }
    m2m_objects = iter(_m2m_change_objects(model, [c for changes in m2m.values() for c in changes]))
    by_new = {id(delta.new_record): delta for delta in deltas}
    result = []
    for record, _older in pairs:
        version = Version(
            when=record.history_date,
            who=who_did(record.history_user or authors.get(record.history_change_reason)),
            kind=KIND.get(record.history_type, "changed"),
            reason=record.history_change_reason or "",
        )
        delta = by_new.get(id(record))
        for change in delta.changes if delta else []:
            if change.field in HIDDEN_FIELDS:
                continue
            model_field = model._meta.get_field(change.field)
            version.changes.append(
                Change(
                    field=str(model_field.verbose_name),
                    old=_display(model_field, change.old, related),
                    new=_display(model_field, change.new, related),
                )
            )
        version.changes += [next(m2m_objects) for _c in m2m.get(record.history_id, [])]
        if version.kind != "changed" or version.changes:
            result.append(version)
    return result


def verified_updates(*, plan_id: int | None = None, unit_id: int | None = None, limit: int = 50):
    """The latest verified updates of a plan's tasks or a unit's (lead) tasks, for the Atom feeds."""
    updates = TaskUpdate.objects.filter(review_state=TaskUpdate.Review.VERIFIED)
    if plan_id is not None:
        updates = updates.filter(task__plan_id=plan_id)
    if unit_id is not None:
        updates = updates.filter(task__lead_unit_id=unit_id)
    leader_posts = Prefetch("author__leader_posts", queryset=Leader.objects.order_by("-term_start"))
    return list(
        updates.select_related("task", "author")
        .prefetch_related(leader_posts, "author__groups")
        .order_by("-reviewed_at", "-pk")[:limit]
    )


@dataclass
class FeedEntry:
    """One entry of a plan's or unit's Atom feed: a verified update, or a change of a task's co-operating units."""

    guid: str
    title: str
    description: str
    link: str
    author: str
    published: dt.datetime
    updated: dt.datetime


def update_entries(updates) -> list[FeedEntry]:
    return [
        FeedEntry(
            guid=f"taskupdate-{u.pk}",
            title=f"{u.task.code} {u.task.title}: {u.get_status_display()}, {u.progress}%",
            description=u.note,
            link=u.task.get_absolute_url(),
            author=who_did(u.author),
            published=u.created_at,
            updated=u.reviewed_at or u.created_at,
        )
        for u in updates
    ]


def cooperating_unit_changes(*, plan_id: int | None = None, unit_id: int | None = None, limit: int = 50):
    """The latest co-operating units added to or removed from a plan's tasks or a unit's (lead) tasks, as feed
    entries, newest first. Reads the tasks' versions (values only) and their recorded units: five queries
    whatever the number (versions, units recorded, unit names, authors, their posts and groups)."""
    scope = {"plan_id": plan_id} if plan_id is not None else {"lead_unit_id": unit_id}
    versions = list(
        Task.history.filter(**scope)
        .order_by("id", "history_date", "history_id")
        .values("history_id", "id", "code", "title", "history_date", "history_user_id")
    )
    members = _m2m_members(Task, {f"history__{k}": v for k, v in scope.items()})
    events = []
    for old, new in zip(versions, versions[1:], strict=False):
        if old["id"] == new["id"]:
            events += [(new, change) for change in _m2m_changes(Task, members, new["history_id"], old["history_id"])]
    events = sorted(events, key=lambda e: (e[0]["history_date"], e[0]["history_id"]), reverse=True)[:limit]
    changes = _m2m_change_objects(Task, [change for _v, change in events])
    leader_posts = Prefetch("leader_posts", queryset=Leader.objects.order_by("-term_start"))
    users = (
        get_user_model()
        .objects.prefetch_related(leader_posts, "groups")
        .in_bulk({v["history_user_id"] for v, _c in events} - {None})
    )
    return [
        FeedEntry(
            guid=f"task-{v['id']}-version-{v['history_id']}-{m2m_field.name}-{kind}-{pk}",
            title=f"{v['code']} {v['title']}: {change.sentence}",
            description=change.sentence,
            link=reverse("history:task", args=[v["id"]]),
            author=who_did(users.get(v["history_user_id"])),
            published=v["history_date"],
            updated=v["history_date"],
        )
        for (v, (m2m_field, kind, pk)), change in zip(events, changes, strict=True)
    ]


def feed_entries(*, plan_id: int | None = None, unit_id: int | None = None, limit: int = 50) -> list[FeedEntry]:
    """A plan's or unit's feed: its verified updates and its tasks' co-operating-unit changes, newest first."""
    entries = update_entries(verified_updates(plan_id=plan_id, unit_id=unit_id, limit=limit))
    entries += cooperating_unit_changes(plan_id=plan_id, unit_id=unit_id, limit=limit)
    return sorted(entries, key=lambda e: e.updated, reverse=True)[:limit]


def task_panel(task) -> dict:
    """The task page's link to its history (no query)."""
    return {"task": task}


def plan_panel(plan) -> dict:
    """The plan page's links to its history and its feed of verified updates (no query)."""
    return {"plan": plan}


def document_panel(document) -> dict:
    """The document page's link to its history (no query)."""
    return {"document": document}
