"""Who may do what: the one place that decides it. Views, services and the admin all ask here.

- Unit head: full updates (status, progress, note, evidence) on tasks whose lead unit is their unit or one below
  it; a note only on tasks where such a unit co-operates. Their units are those where they hold a current head or
  deputy post (a Leader row linked to their account).
- DX office (and the administrator group): updates any task, reopens completed or cancelled ones, verifies or
  returns updates, edits the programme (plans, tasks) in the admin.
- Leadership viewer: reads everything, writes nothing.
- Superusers can do everything.
"""

from __future__ import annotations

import datetime as dt
import enum

from plans import roles
from plans.models import Leader, Task, TaskUpdate, Unit


class UpdateMode(enum.Enum):
    """What a user may send on a task's update form."""

    FULL = "full"  # status, progress, note, evidence
    NOTE = "note"  # note and evidence only: the task's state stays as it is


def is_dx_office(user) -> bool:
    """The DX office, the administrator group and superusers: the programme's keepers."""
    if not user.is_authenticated or not user.is_active:
        return False
    return user.is_superuser or roles.user_in(user, roles.DX_OFFICE, roles.ADMIN)


def is_unit_head(user) -> bool:
    return user.is_authenticated and user.is_active and roles.user_in(user, roles.UNIT_HEAD)


def headed_unit_ids(user, date: dt.date | None = None) -> frozenset[int]:
    """The units the user heads (head or deputy post, current on `date`) and every unit below them.

    Cached on the user object for the request when asked for today, so a page asks the database once.
    """
    if not is_unit_head(user):
        return frozenset()
    cache_key = "_dxt_headed_unit_ids"
    if date is None and hasattr(user, cache_key):
        return getattr(user, cache_key)
    own = set(
        Leader.objects.current_on(date)
        .filter(user=user, role__in=[Leader.Role.HEAD, Leader.Role.DEPUTY])
        .values_list("unit_id", flat=True)
    )
    result = frozenset(Unit.subtree_ids(own)) if own else frozenset()
    if date is None:
        setattr(user, cache_key, result)
    return result


def update_mode(user, task: Task) -> UpdateMode | None:
    """FULL, NOTE, or None when the user may not report on the task at all."""
    if not user.is_authenticated or not user.is_active:
        return None
    if is_dx_office(user):
        return UpdateMode.FULL
    units = headed_unit_ids(user)
    if not units:
        return None
    if task.lead_unit_id in units:
        return UpdateMode.FULL
    cooperating = {u.pk for u in task.cooperating_units.all()}
    if cooperating & units:
        return UpdateMode.NOTE
    return None


def can_update_task(user, task: Task) -> bool:
    """May change the task's status and progress."""
    return update_mode(user, task) is UpdateMode.FULL


def can_note_task(user, task: Task) -> bool:
    """May add a report to the task (a note, evidence), whether or not they may change its state."""
    return update_mode(user, task) is not None


def can_reopen(user, task: Task) -> bool:
    """Only the DX office takes a completed or cancelled task back into work."""
    return is_dx_office(user)


def can_review_updates(user) -> bool:
    """Verify or return updates."""
    return is_dx_office(user)


def can_review(user, update: TaskUpdate) -> bool:
    return can_review_updates(user)


def can_view_evidence(user, update: TaskUpdate) -> bool:
    """Evidence is for signed-in users only; it is never served from a public URL."""
    return user.is_authenticated and user.is_active


def can_edit_programme(user) -> bool:
    """Edit documents, plans, goals, tasks and units (the admin)."""
    return is_dx_office(user)


def editable_tasks(user):
    """The tasks whose state the user may change (a queryset)."""
    if is_dx_office(user):
        return Task.objects.all()
    units = headed_unit_ids(user)
    return Task.objects.filter(lead_unit_id__in=units) if units else Task.objects.none()
