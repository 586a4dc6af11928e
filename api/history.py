"""Public change history: what changed in a task, plan or document, version by version, and who changed it.

Read from django-simple-history's records (`diff_against` between consecutive versions). Who is named by the
post they hold (a unit head's position), else their display name, else their role: never by user name.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from django.db import models
from django.db.models import Prefetch
from django.utils.translation import gettext as _

from plans import rules
from plans.models import Leader, TaskUpdate

# Bookkeeping columns that are not part of what the record says.
HIDDEN_FIELDS = {"id", "version", "updated_at", "created_at", "file"}
UPDATE_REASON = re.compile(r"TaskUpdate #(\d+)")
KIND = {"+": "created", "~": "changed", "-": "deleted"}


@dataclass
class Change:
    field: str
    old: str
    new: str


@dataclass
class Version:
    when: dt.datetime
    who: str
    kind: str
    reason: str
    changes: list[Change] = field(default_factory=list)


def who_did(user) -> str:
    """The post, the display name or the role of `user` (leader posts prefetched); never the user name."""
    if user is None:
        return _("the system")
    posts = list(user.leader_posts.all())
    if posts:
        return posts[0].position_title
    if user.get_full_name():
        return user.get_full_name()
    groups = rules.group_names(user)
    for group in (rules.DX_OFFICE, rules.ADMIN, rules.UNIT_HEAD, rules.VIEWER):
        if group in groups:
            return str(rules.LABELS[group])
    return _("an official")


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


def versions_of(obj) -> list[Version]:
    """The object's versions, newest first, each with its changed fields in the order of the model."""
    leader_posts = Prefetch("history_user__leader_posts", queryset=Leader.objects.order_by("-term_start"))
    records = list(
        obj.history.select_related("history_user")
        .prefetch_related(leader_posts, "history_user__groups")
        .order_by("-history_date", "-history_id")
    )
    model = type(obj)
    authors = _update_authors(records)
    pairs = list(zip(records, [*records[1:], None], strict=True))
    deltas = [new.diff_against(old) for new, old in pairs if old is not None]
    related = _related_objects(model, deltas)
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


def task_panel(task) -> dict:
    """The task page's link to its history (no query)."""
    return {"task": task}


def plan_panel(plan) -> dict:
    """The plan page's links to its history and its feed of verified updates (no query)."""
    return {"plan": plan}


def document_panel(document) -> dict:
    """The document page's link to its history (no query)."""
    return {"document": document}
