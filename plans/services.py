"""Writes that move the programme: a head's update on a task, and the DX office's review of it.

Each service takes keyword-only arguments, checks permission itself (plans/rules.py), and runs in one
transaction, so the TaskUpdate row and the task's new state are written together or not at all.
"""

from __future__ import annotations

import datetime as dt
import logging

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from plans import rules
from plans.models import Status, Task, TaskUpdate

logger = logging.getLogger(__name__)

CLOSED = (Status.COMPLETED, Status.CANCELLED)


class UpdateConflict(Exception):
    """The task changed since the form was opened: nothing was written. `latest` is the newer update."""

    def __init__(self, *, task: Task, latest: TaskUpdate | None):
        super().__init__(f"task {task.pk} is at version {task.version}")
        self.task = task
        self.latest = latest


def update_rule_errors(
    *,
    task: Task,
    user,
    status: str,
    progress: int | None,
    note: str,
    has_evidence: bool,
    today: dt.date,
) -> dict[str, list[str]]:
    """The update rules, in words a head understands. Empty when the update may be written.

    `task` holds the state before the update. Used by the form (to show the messages beside the fields) and by
    `task_submit_update` (which checks again on the locked row).
    """
    errors: dict[str, list[str]] = {}

    def add(field: str, message: str) -> None:
        errors.setdefault(field, []).append(message)

    mode = rules.update_mode(user, task)
    note = (note or "").strip()
    if status not in Status.values:
        add("status", _("Choose a status from the list."))
        return errors
    if progress is None or not 0 <= progress <= 100:
        add("progress", _("Progress must be a whole number from 0 to 100."))
        return errors

    changes_state = status != task.status or progress != task.progress
    if mode is rules.UpdateMode.NOTE:
        if changes_state:
            add(
                "status",
                _(
                    "Your unit co-operates on this task: you can add a note or evidence, but only the lead unit "
                    "changes its status and progress."
                ),
            )
        elif not note and not has_evidence:
            add("note", _("Write a note or attach evidence."))
        return errors

    if task.status in CLOSED and status != task.status and not user.has_perm(rules.REOPEN_TASK, task):
        add(
            "status",
            _(
                "Only the DX office can reopen a completed or cancelled task. "
                "Contact the DX office if it needs more work."
            ),
        )
        return errors
    if status == Status.COMPLETED and progress != 100:
        add("progress", _("A completed task has progress 100%. Set progress to 100, or choose another status."))
    if not note:
        if task.status not in CLOSED and task.due_date and today > task.due_date:
            add("note", _("This task is past its deadline: give the reason for the delay in the note."))
        elif status in (Status.PAUSED, Status.CANCELLED) and status != task.status:
            add("note", _("Give the reason for pausing or cancelling the task in the note."))
        elif progress < task.progress:
            add("note", _("Progress is going down: explain why in the note."))
        elif not changes_state and not has_evidence:
            add("note", _("Nothing to report yet: change the status or progress, write a note, or attach evidence."))
    return errors


def latest_update(task: Task) -> TaskUpdate | None:
    return task.updates.select_related("author").order_by("-created_at", "-pk").first()


def task_submit_update(
    *,
    task: Task,
    user,
    expected_version: int,
    status: str | None = None,
    progress: int | None = None,
    note: str = "",
    evidence_url: str = "",
    evidence_file=None,
    today: dt.date | None = None,
) -> TaskUpdate:
    """Record a head's report on `task` and move the task to its new state, in one transaction.

    Raises PermissionDenied when the user may not report on the task, UpdateConflict when the task is no longer
    at `expected_version` (someone else updated it meanwhile), and ValidationError when a rule is broken. In each
    case nothing is written. A co-operating unit's head sends only a note: `status` and `progress` default to
    the task's current ones.
    """
    mode = rules.update_mode(user, task)
    if mode is None:
        raise PermissionDenied(_("You cannot report on this task."))
    today = today or timezone.localdate()
    update = TaskUpdate(author=user, note=(note or "").strip(), evidence_url=evidence_url or "")
    try:
        with transaction.atomic():
            # Claim the version first: a conditional UPDATE is atomic on every database, so of two submissions
            # from the same version exactly one gets here; the other sees 0 rows and is refused.
            claimed = Task.objects.filter(pk=task.pk, version=expected_version).update(version=F("version") + 1)
            current = Task.objects.select_for_update().get(pk=task.pk)
            if not claimed:
                raise UpdateConflict(task=current, latest=latest_update(current))
            status = current.status if status is None else status
            progress = current.progress if progress is None else progress
            errors = update_rule_errors(
                task=current,
                user=user,
                status=status,
                progress=progress,
                note=update.note,
                has_evidence=bool(evidence_url or evidence_file),
                today=today,
            )
            if errors:
                raise ValidationError(errors)

            update.task = current
            update.status = status
            update.progress = progress
            update.previous_status = current.status
            update.previous_progress = current.progress
            if user.has_perm(rules.REVIEW_UPDATE, update):
                # The DX office's own report needs no second look.
                update.review_state = TaskUpdate.Review.VERIFIED
                update.reviewed_by = user
                update.reviewed_at = timezone.now()
            if evidence_file:
                update.evidence_file = evidence_file
            update.save()

            if status == Status.COMPLETED:
                current.completed_on = current.completed_on if current.status == Status.COMPLETED else today
            else:
                current.completed_on = None
            current.status = status
            current.progress = progress
            current._change_reason = f"TaskUpdate #{update.pk}"
            current.save(update_fields=["status", "progress", "completed_on", "updated_at"])
    except BaseException:
        # The row is gone with the rollback; the stored file must go too.
        if update.evidence_file and getattr(update.evidence_file, "_committed", False):
            try:
                update.evidence_file.storage.delete(update.evidence_file.name)
            except OSError:
                logger.warning("could not remove evidence file %s", update.evidence_file.name)
        raise
    return update


def _review(*, update: TaskUpdate, user, state: str, note: str) -> TaskUpdate:
    if not user.has_perm(rules.REVIEW_UPDATE, update):
        raise PermissionDenied(_("Only the DX office verifies or returns updates."))
    with transaction.atomic():
        locked = TaskUpdate.objects.select_for_update().get(pk=update.pk)
        if locked.review_state != TaskUpdate.Review.PENDING:
            raise ValidationError(_("This update has already been reviewed."))
        locked.review_state = state
        locked.reviewed_by = user
        locked.reviewed_at = timezone.now()
        locked.review_note = note
        locked.save(update_fields=["review_state", "reviewed_by", "reviewed_at", "review_note"])
    return locked


def update_verify(*, update: TaskUpdate, user, note: str = "") -> TaskUpdate:
    """The DX office confirms the update matches the evidence."""
    return _review(update=update, user=user, state=TaskUpdate.Review.VERIFIED, note=(note or "").strip())


def update_return(*, update: TaskUpdate, user, reason: str) -> TaskUpdate:
    """The DX office sends the update back to the head, with the reason; the head sees it on "my tasks"."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"review_note": [_("Give the reason for returning the update.")]})
    return _review(update=update, user=user, state=TaskUpdate.Review.RETURNED, note=reason)
