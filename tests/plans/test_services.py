"""task_submit_update and the review services: the update rules at their edges, one transaction, no lost update."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from plans import services
from plans.models import Status, Task, TaskUpdate
from tests import factories


def submit(task, user, **kwargs):
    task.refresh_from_db()
    kwargs.setdefault("expected_version", task.version)
    return services.task_submit_update(task=task, user=user, **kwargs)


def rule_error(task, user, **kwargs) -> dict:
    with pytest.raises(ValidationError) as exc:
        submit(task, user, **kwargs)
    return exc.value.message_dict


def state(task):
    task.refresh_from_db()
    return (task.status, task.progress, task.completed_on, task.version, task.updates.count())


def test_update_writes_row_and_task_state_together(task_a, head_a):
    update = submit(task_a, head_a, status=Status.IN_PROGRESS, progress=60, note="Đã triển khai 3/5 huyện")
    task_a.refresh_from_db()
    assert (task_a.progress, task_a.version) == (60, 2)
    assert (update.previous_status, update.previous_progress) == (Status.IN_PROGRESS, 20)
    assert (update.status, update.progress, update.author) == (Status.IN_PROGRESS, 60, head_a)
    assert update.review_state == TaskUpdate.Review.PENDING
    # simple_history keeps the task's own trail too.
    assert task_a.history.count() == 2


@pytest.mark.parametrize("progress", [0, 100])
def test_progress_bounds_are_accepted(task_a, head_a, progress):
    submit(task_a, head_a, status=Status.IN_PROGRESS, progress=progress, note="biên")
    task_a.refresh_from_db()
    assert task_a.progress == progress


@pytest.mark.parametrize("progress", [-1, 101])
def test_progress_out_of_bounds_is_refused(task_a, head_a, progress):
    before = state(task_a)
    errors = rule_error(task_a, head_a, status=Status.IN_PROGRESS, progress=progress)
    assert "progress" in errors
    assert state(task_a) == before


def test_rules_refuse_an_empty_progress(task_a, head_a):
    """The form sends None when the field is left empty: the rule names the field, and nothing else."""
    errors = services.update_rule_errors(
        task=task_a,
        user=head_a,
        status=Status.IN_PROGRESS,
        progress=None,
        note="Đã triển khai",
        has_evidence=False,
        today=timezone.localdate(),
    )
    assert list(errors) == ["progress"]


def test_submit_without_progress_keeps_the_task_progress(task_a, head_a):
    """The service reads a missing progress as "unchanged", not as an error."""
    before_progress = task_a.progress
    update = submit(task_a, head_a, status=Status.IN_PROGRESS, note="Đang làm thủ tục")
    task_a.refresh_from_db()
    assert before_progress == 20
    assert (update.progress, update.previous_progress, task_a.progress) == (20, 20, 20)


def test_completed_sets_completion_date_and_needs_100(task_a, head_a):
    today = timezone.localdate()
    errors = rule_error(task_a, head_a, status=Status.COMPLETED, progress=99)
    assert "progress" in errors
    submit(task_a, head_a, status=Status.COMPLETED, progress=100)
    task_a.refresh_from_db()
    assert (task_a.status, task_a.completed_on) == (Status.COMPLETED, today)


def test_note_required_when_overdue(unit_a, head_a):
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    task = factories.TaskFactory(lead_unit=unit_a, due_date=yesterday)
    errors = rule_error(task, head_a, status=Status.IN_PROGRESS, progress=50)
    assert "note" in errors
    submit(task, head_a, status=Status.IN_PROGRESS, progress=50, note="Chậm do chờ kinh phí")
    assert Task.objects.get(pk=task.pk).progress == 50


def test_due_today_is_not_overdue(unit_a, head_a):
    task = factories.TaskFactory(lead_unit=unit_a, due_date=timezone.localdate())
    submit(task, head_a, status=Status.IN_PROGRESS, progress=50)
    assert Task.objects.get(pk=task.pk).progress == 50


@pytest.mark.parametrize("status", [Status.PAUSED, Status.CANCELLED])
def test_note_required_when_pausing_or_cancelling(task_a, head_a, status):
    before = state(task_a)
    assert "note" in rule_error(task_a, head_a, status=status, progress=20)
    assert "note" in rule_error(task_a, head_a, status=status, progress=20, note="   ")
    assert state(task_a) == before
    submit(task_a, head_a, status=status, progress=20, note="Dừng theo chỉ đạo")
    assert Task.objects.get(pk=task_a.pk).status == status


def test_note_required_when_progress_goes_down(task_a, head_a):
    assert "note" in rule_error(task_a, head_a, status=Status.IN_PROGRESS, progress=19)
    # Equal progress is not "down".
    submit(task_a, head_a, status=Status.IN_PROGRESS, progress=20, note="Không đổi")
    submit(task_a, head_a, status=Status.IN_PROGRESS, progress=10, note="Đánh giá lại khối lượng")
    assert Task.objects.get(pk=task_a.pk).progress == 10


def test_empty_update_is_refused(task_a, head_a):
    assert "note" in rule_error(task_a, head_a, status=Status.IN_PROGRESS, progress=20)


@pytest.mark.parametrize("closed", ["completed", "cancelled"])
def test_only_dx_office_reopens_closed_task(unit_a, head_a, dx_office, closed):
    if closed == "completed":
        task = factories.TaskFactory(lead_unit=unit_a, completed=True)
    else:
        task = factories.TaskFactory(lead_unit=unit_a, status=Status.CANCELLED)
    before = state(task)
    errors = rule_error(task, head_a, status=Status.IN_PROGRESS, progress=80, note="Mở lại")
    assert "status" in errors
    assert state(task) == before
    submit(task, dx_office, status=Status.IN_PROGRESS, progress=80, note="Mở lại theo yêu cầu")
    task.refresh_from_db()
    assert (task.status, task.progress, task.completed_on) == (Status.IN_PROGRESS, 80, None)


def test_head_may_add_note_to_completed_task_without_reopening(unit_a, head_a):
    task = factories.TaskFactory(lead_unit=unit_a, completed=True)
    completed_on = task.completed_on
    submit(task, head_a, status=Status.COMPLETED, progress=100, note="Bổ sung minh chứng")
    task.refresh_from_db()
    assert (task.status, task.completed_on) == (Status.COMPLETED, completed_on)


def test_stale_version_is_refused_and_nothing_is_overwritten(task_a, head_a, dx_office):
    opened_at = task_a.version
    newer = submit(task_a, dx_office, status=Status.IN_PROGRESS, progress=70, note="Văn phòng cập nhật")
    before = state(task_a)
    with pytest.raises(services.UpdateConflict) as exc:
        services.task_submit_update(
            task=task_a, user=head_a, expected_version=opened_at, status=Status.IN_PROGRESS, progress=40, note="cũ"
        )
    assert exc.value.latest == newer
    assert state(task_a) == before
    assert Task.objects.get(pk=task_a.pk).progress == 70


def test_refused_user_raises_permission_denied_and_writes_nothing(task_b, head_a, viewer):
    for user in (head_a, viewer):
        before = state(task_b)
        with pytest.raises(PermissionDenied):
            submit(task_b, user, status=Status.IN_PROGRESS, progress=90, note="x")
        assert state(task_b) == before


def test_cooperating_head_adds_note_but_cannot_change_state(task_a, unit_b, head_b):
    task_a.cooperating_units.add(unit_b)
    before = state(task_a)
    errors = rule_error(task_a, head_b, status=Status.IN_PROGRESS, progress=90, note="Sở YT phối hợp")
    assert "status" in errors
    assert state(task_a) == before
    update = submit(task_a, head_b, note="Sở Y tế đã cung cấp dữ liệu")
    task_a.refresh_from_db()
    assert (task_a.status, task_a.progress) == before[:2]
    assert (update.status, update.progress, update.note) == (before[0], before[1], "Sở Y tế đã cung cấp dữ liệu")


def test_head_of_parent_unit_updates_task_of_unit_below(ward_a, head_a):
    task = factories.TaskFactory(lead_unit=ward_a)
    submit(task, head_a, status=Status.IN_PROGRESS, progress=45)
    assert Task.objects.get(pk=task.pk).progress == 45


def test_past_head_cannot_update(unit_a):
    former = factories.UserFactory(username="former", groups=["Thủ trưởng đơn vị"])
    factories.LeaderFactory(unit=unit_a, user=former, term_start=dt.date(2015, 1, 1), term_end=dt.date(2020, 12, 31))
    task = factories.TaskFactory(lead_unit=unit_a)
    with pytest.raises(PermissionDenied):
        submit(task, former, status=Status.IN_PROGRESS, progress=50)


def test_dx_office_update_is_verified_at_once(task_a, dx_office):
    update = submit(task_a, dx_office, status=Status.IN_PROGRESS, progress=30)
    assert (update.review_state, update.reviewed_by) == (TaskUpdate.Review.VERIFIED, dx_office)


def test_verify_and_return(task_a, head_a, dx_office):
    first = submit(task_a, head_a, status=Status.IN_PROGRESS, progress=30)
    services.update_verify(update=first, user=dx_office)
    first.refresh_from_db()
    assert (first.review_state, first.reviewed_by) == (TaskUpdate.Review.VERIFIED, dx_office)
    with pytest.raises(ValidationError):
        services.update_return(update=first, user=dx_office, reason="đã xác nhận rồi")

    second = submit(task_a, head_a, status=Status.IN_PROGRESS, progress=50)
    with pytest.raises(ValidationError):
        services.update_return(update=second, user=dx_office, reason="  ")
    services.update_return(update=second, user=dx_office, reason="Thiếu minh chứng")
    second.refresh_from_db()
    assert (second.review_state, second.review_note) == (TaskUpdate.Review.RETURNED, "Thiếu minh chứng")


def test_only_dx_office_reviews(task_a, head_a, viewer):
    update = submit(task_a, head_a, status=Status.IN_PROGRESS, progress=30)
    for user in (head_a, viewer):
        with pytest.raises(PermissionDenied):
            services.update_verify(update=update, user=user)
    update.refresh_from_db()
    assert update.review_state == TaskUpdate.Review.PENDING
