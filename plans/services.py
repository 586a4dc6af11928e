"""Writes that move the programme: a head's update on a task, and the DX office's review of it.

Each service takes keyword-only arguments, checks permission itself (plans/rules.py), and runs in one
transaction, so the TaskUpdate row and the task's new state are written together or not at all.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from plans import notifications, rules
from plans.models import (
    CLOSED_STATUSES,
    Notification,
    Status,
    Task,
    TaskUpdate,
    UserPreferences,
    sanitise_file_name,
)

logger = logging.getLogger(__name__)


class UpdateConflict(Exception):
    """The task changed since the form was opened: nothing was written. `latest` is the newer update."""

    def __init__(self, *, task: Task, latest: TaskUpdate | None):
        super().__init__(f"task {task.pk} is at version {task.version}")
        self.task = task
        self.latest = latest


PARENT_PROGRESS_MESSAGE = _(
    "This task has subtasks: its progress is rolled up from them. Report progress on the subtasks; "
    "here you can report the status, a note and evidence."
)


def parent_progress(task: Task, status: str) -> int:
    """The progress column a parent task keeps (never shown: its progress is the roll-up of its subtasks): 100
    when it is completed, as the database requires, else what it was."""
    return 100 if status == Status.COMPLETED else task.progress


def update_rule_errors(
    *,
    task: Task,
    user,
    status: str,
    progress: int | None,
    note: str,
    has_evidence: bool,
    today: dt.date,
    has_subtasks: bool = False,
) -> dict[str, list[str]]:
    """The update rules, in words a head understands. Empty when the update may be written.

    `task` holds the state before the update. Used by the form (to show the messages beside the fields) and by
    `task_submit_update` (which checks again on the locked row). On a parent task (`has_subtasks`) progress is
    not reported: it is rolled up from the subtasks; a progress other than the current one is refused.
    """
    if has_subtasks:
        if progress is not None and progress not in (task.progress, parent_progress(task, status)):
            return _error("progress", PARENT_PROGRESS_MESSAGE)
        progress = parent_progress(task, status) if status in Status.values else task.progress
    mode = rules.update_mode(user, task)
    note = (note or "").strip()
    changes_state = status != task.status or progress != task.progress
    invalid = _invalid_input(status, progress)
    if invalid:
        return invalid
    if mode is rules.UpdateMode.NOTE:
        return _note_only_errors(changes_state=changes_state, note=note, has_evidence=has_evidence)
    if _reopens_without_right(task, user, status):
        return _error(
            "status",
            _(
                "Only the DX office can reopen a completed or cancelled task. "
                "Contact the DX office if it needs more work."
            ),
        )
    errors: dict[str, list[str]] = {}
    if status == Status.COMPLETED and progress != 100:
        errors["progress"] = [_("A completed task has progress 100%. Set progress to 100, or choose another status.")]
    missing_note = "" if note else _missing_note(task, status, progress, has_evidence=has_evidence, today=today)
    if missing_note:
        errors["note"] = [missing_note]
    return errors


def _invalid_input(status: str, progress: int | None) -> dict[str, list[str]]:
    """A status off the list or a progress outside 0-100: nothing else is checked until it is fixed."""
    if status not in Status.values:
        return _error("status", _("Choose a status from the list."))
    if progress is None or not 0 <= progress <= 100:
        return _error("progress", _("Progress must be a whole number from 0 to 100."))
    return {}


def _reopens_without_right(task: Task, user, status: str) -> bool:
    return task.status in CLOSED_STATUSES and status != task.status and not user.has_perm(rules.REOPEN_TASK, task)


def _error(field: str, message: str) -> dict[str, list[str]]:
    return {field: [message]}


def _note_only_errors(*, changes_state: bool, note: str, has_evidence: bool) -> dict[str, list[str]]:
    """A co-operating unit's head adds a note or evidence; the lead unit alone moves the task."""
    if changes_state:
        return _error(
            "status",
            _(
                "Your unit co-operates on this task: you can add a note or evidence, but only the lead unit "
                "changes its status and progress."
            ),
        )
    if not note and not has_evidence:
        return _error("note", _("Write a note or attach evidence."))
    return {}


def _missing_note(task: Task, status: str, progress: int, *, has_evidence: bool, today: dt.date) -> str:
    """Why an update without a note is refused (the first reason that applies), or "" when it may go without."""
    if task.status not in CLOSED_STATUSES and task.due_date and today > task.due_date:
        return _("This task is past its deadline: give the reason for the delay in the note.")
    if status in (Status.PAUSED, Status.CANCELLED) and status != task.status:
        return _("Give the reason for pausing or cancelling the task in the note.")
    if progress < task.progress:
        return _("Progress is going down: explain why in the note.")
    if status == task.status and progress == task.progress and not has_evidence:
        return _("Nothing to report yet: change the status or progress, write a note, or attach evidence.")
    return ""


def latest_update(task: Task) -> TaskUpdate | None:
    return task.updates.newest_first().select_related("author").first()


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
    the task's current ones. A parent task's progress is rolled up from its subtasks: on one, only the status, a
    note and evidence are reported (see `update_rule_errors`).
    """
    if rules.update_mode(user, task) is None:
        raise PermissionDenied(_("You cannot report on this task."))
    today = today or timezone.localdate()
    update = TaskUpdate(author=user, note=(note or "").strip(), evidence_url=evidence_url or "")
    try:
        with transaction.atomic():
            current = _claim_version(task, expected_version)
            has_subtasks = current.has_subtasks()
            status = current.status if status is None else status
            if not has_subtasks:
                progress = current.progress if progress is None else progress
            errors = update_rule_errors(
                task=current,
                user=user,
                status=status,
                progress=progress,
                note=update.note,
                has_evidence=bool(evidence_url or evidence_file),
                today=today,
                has_subtasks=has_subtasks,
            )
            if errors:
                raise ValidationError(errors)
            if has_subtasks:
                progress = parent_progress(current, status)
            _save_update(update, task=current, user=user, status=status, progress=progress, evidence_file=evidence_file)
            _move_task(current, update=update, status=status, progress=progress, today=today)
    except BaseException:
        _discard_evidence_file(update)
        raise
    return update


def _claim_version(task: Task, expected_version: int) -> Task:
    """The task's row, locked, after moving it past `expected_version`; UpdateConflict when it was not there.

    The version is claimed first: a conditional UPDATE is atomic on every database, so of two submissions from
    the same version exactly one gets here; the other sees 0 rows and is refused.
    """
    claimed = Task.objects.filter(pk=task.pk, version=expected_version).update(version=F("version") + 1)
    current = Task.objects.select_for_update().get(pk=task.pk)
    if not claimed:
        raise UpdateConflict(task=current, latest=latest_update(current))
    return current


def _save_update(update: TaskUpdate, *, task: Task, user, status: str, progress: int, evidence_file) -> None:
    """Write the TaskUpdate row: the new state and the one it moves the task from."""
    update.task = task
    update.status = status
    update.progress = progress
    update.previous_status = task.status
    update.previous_progress = task.progress
    if user.has_perm(rules.REVIEW_UPDATE, update):
        # The DX office's own report needs no second look.
        update.review_state = TaskUpdate.Review.VERIFIED
        update.reviewed_by = user
        update.reviewed_at = timezone.now()
    if evidence_file:
        update.evidence_name = sanitise_file_name(evidence_file.name)
        update.evidence_file = evidence_file
    update.save()


def _move_task(task: Task, *, update: TaskUpdate, status: str, progress: int, today: dt.date) -> None:
    """Give the task its new state; a task keeps its completion date while it stays completed."""
    if status == Status.COMPLETED:
        task.completed_on = task.completed_on if task.status == Status.COMPLETED else today
    else:
        task.completed_on = None
    task.status = status
    task.progress = progress
    task._change_reason = f"TaskUpdate #{update.pk}"
    task.save(update_fields=["status", "progress", "completed_on", "updated_at"])


def _discard_evidence_file(update: TaskUpdate) -> None:
    """The row is gone with the rollback; the stored file must go too."""
    if update.evidence_file and getattr(update.evidence_file, "_committed", False):
        try:
            update.evidence_file.storage.delete(update.evidence_file.name)
        except OSError:
            logger.warning("could not remove evidence file %s", update.evidence_file.name)


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
        notifications.notify_reviewed(locked)
    return locked


def update_verify(*, update: TaskUpdate, user, note: str = "") -> TaskUpdate:
    """The DX office confirms the update matches the evidence."""
    return _review(update=update, user=user, state=TaskUpdate.Review.VERIFIED, note=(note or "").strip())


@dataclass
class ReviewOutcome:
    """One row of a bulk verification: the update (None when no such id), and why it was refused ("" if not)."""

    update_id: int
    update: TaskUpdate | None
    error: str = ""

    @property
    def ok(self) -> bool:
        return not self.error


def updates_verify_many(*, user, update_ids: list[int], note: str = "") -> list[ReviewOutcome]:
    """Verify several updates, each one on its own through `update_verify` (its permission check, its lock, its
    "still pending" check, its transaction and notification): a refused row is reported and the others go on.
    """
    if not user.has_perm(rules.REVIEW_UPDATE):
        raise PermissionDenied(_("Only the DX office verifies or returns updates."))
    found = TaskUpdate.objects.select_related("task").in_bulk(update_ids)
    outcomes = []
    for pk in update_ids:
        update = found.get(pk)
        if update is None:
            outcomes.append(ReviewOutcome(pk, None, _("This update no longer exists.")))
            continue
        try:
            update_verify(update=update, user=user, note=note)
        except (ValidationError, PermissionDenied) as exc:
            message = " ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)
            outcomes.append(ReviewOutcome(pk, update, message))
        else:
            outcomes.append(ReviewOutcome(pk, update))
    return outcomes


def notification_open(*, notification: Notification, user) -> Notification:
    """Mark the notification read (once: the first reading time is kept)."""
    if not user.has_perm(rules.OPEN_NOTIFICATION, notification):
        raise PermissionDenied(_("This notification is not addressed to you."))
    if notification.read_at is None:
        notification.read_at = timezone.now()
        Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(read_at=notification.read_at)
    return notification


def notifications_mark_all_read(*, user) -> int:
    """Mark every unread notification of `user` read; returns how many."""
    if not user.is_authenticated:
        raise PermissionDenied
    return Notification.objects.filter(recipient=user).unread().update(read_at=timezone.now())


def preferences_update(*, user, email_notifications: bool, email_reminders: bool | None = None) -> UserPreferences:
    """A person's own settings (nobody changes another's). `email_reminders` left out keeps what it was."""
    if not user.is_authenticated or not user.is_active:
        raise PermissionDenied
    values = {"email_notifications": email_notifications}
    if email_reminders is not None:
        values["email_reminders"] = email_reminders
    prefs, _created = UserPreferences.objects.update_or_create(user=user, defaults=values)
    return prefs


def update_return(*, update: TaskUpdate, user, reason: str) -> TaskUpdate:
    """The DX office sends the update back to the head, with the reason; the head sees it on "my tasks"."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"review_note": [_("Give the reason for returning the update.")]})
    return _review(update=update, user=user, state=TaskUpdate.Review.RETURNED, note=reason)
