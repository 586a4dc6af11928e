"""The daily reminder digest: content, recipients, and at most one per person per day.

Eager tests run everywhere (`make test`); the real-worker tests run under .ci/run (two workers over Redis on
PostgreSQL), including the job dispatched twice at the same moment.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone

from plans import reminders, rules
from plans.models import ReminderDigest, Status
from plans.tasks import send_reminders
from tests import factories


@pytest.fixture(autouse=True)
def _settings(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.DXT_REMINDER_DUE_DAYS = 7
    settings.DXT_REMINDER_STALE_DAYS = 30
    settings.DXT_SITE_URL = "https://cds.example.gov.vn"


def old(days: int):
    return timezone.now() - dt.timedelta(days=days)


@pytest.fixture
def story(unit_a, unit_b, head_a, head_b):
    """head_a: one overdue, one due in 3 days, one stale, one fine, one completed; head_b: only a fine task."""
    today = timezone.localdate()
    leader_a = head_a.leader_posts.get()
    make = factories.TaskFactory
    tasks = {
        "overdue": make(lead_unit=unit_a, responsible_leader=leader_a, code="A-QH", due_date=today - dt.timedelta(1)),
        "due_soon": make(lead_unit=unit_a, code="A-SH", due_date=today + dt.timedelta(days=7)),
        "stale": make(lead_unit=unit_a, code="A-CU", due_date=today + dt.timedelta(days=90)),
        "fine": make(lead_unit=unit_a, code="A-OK", due_date=today + dt.timedelta(days=8)),
        "done": make(lead_unit=unit_a, code="A-XONG", due_date=today - dt.timedelta(days=5), completed=True),
        "b_fine": make(lead_unit=unit_b, code="B-OK", due_date=today + dt.timedelta(days=60)),
        "cancelled": make(lead_unit=unit_b, code="B-HUY", due_date=today - dt.timedelta(3), status=Status.CANCELLED),
    }
    factories.TaskUpdateFactory(task=tasks["stale"], created_at=old(31))
    for key in ("fine", "b_fine", "due_soon"):
        factories.TaskUpdateFactory(task=tasks[key], created_at=old(2))
    return tasks


def test_digest_content_and_recipients(story, head_a, head_b):
    sent = send_reminders.apply().get()
    assert sent == 1
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [head_a.email]
    body = message.body
    for code in ("A-QH", "A-SH", "A-CU"):
        assert code in body
    for code in ("A-OK", "A-XONG", "B-OK", "B-HUY"):
        assert code not in body
    assert f"https://cds.example.gov.vn/tasks/{story['overdue'].pk}/update/" in body
    # Overdue first, then due soon, then stale.
    assert body.index("A-QH") < body.index("A-SH") < body.index("A-CU")
    html = message.alternatives[0][0]
    assert "A-QH" in html and "A-CU" in html
    assert timezone.localdate().strftime("%d/%m/%Y") in message.subject
    # The claim records it.
    assert ReminderDigest.objects.get().user == head_a


def test_digest_is_in_vietnamese(story, head_a):
    from django.utils import translation

    send_reminders.apply()
    with translation.override("vi"):
        expected = translation.gettext("These digital transformation tasks of your unit need your attention:")
    assert expected in mail.outbox[0].body


def test_runs_twice_same_day_send_once(story, head_a):
    assert send_reminders.apply().get() == 1
    assert send_reminders.apply().get() == 0
    assert len(mail.outbox) == 1
    assert ReminderDigest.objects.count() == 1


def test_next_day_sends_again(story, head_a):
    today = timezone.localdate()
    send_reminders.apply(args=[today.isoformat()])
    send_reminders.apply(args=[(today + dt.timedelta(days=1)).isoformat()])
    assert len(mail.outbox) == 2


def test_task_without_responsible_leader_goes_to_current_head(unit_b, head_b):
    factories.TaskFactory(lead_unit=unit_b, code="B-QH", due_date=timezone.localdate() - dt.timedelta(days=2))
    send_reminders.apply()
    assert [m.to for m in mail.outbox] == [[head_b.email]]


def test_responsible_leader_out_of_office_falls_back_to_current_head(unit_a, head_a):
    former = factories.UserFactory(username="former_head", groups=[rules.UNIT_HEAD])
    post = factories.LeaderFactory(
        unit=unit_a, user=former, term_start=dt.date(2015, 1, 1), term_end=dt.date(2020, 1, 1)
    )
    factories.TaskFactory(
        lead_unit=unit_a, responsible_leader=post, code="A-QH", due_date=timezone.localdate() - dt.timedelta(days=2)
    )
    send_reminders.apply()
    assert [m.to for m in mail.outbox] == [[head_a.email]]


def test_failed_send_releases_the_claim(story, head_a, monkeypatch):
    def broken(self, fail_silently=False):
        raise OSError("SMTP down")

    monkeypatch.setattr("django.core.mail.EmailMultiAlternatives.send", broken)
    assert reminders.send_daily_digests() == 0
    assert not ReminderDigest.objects.exists()
    monkeypatch.undo()
    assert reminders.send_daily_digests() == 1


def test_head_without_email_is_skipped(story, head_a):
    head_a.email = ""
    head_a.save()
    assert send_reminders.apply().get() == 0
    assert not ReminderDigest.objects.exists()


def test_a_head_who_turned_the_reminder_off_gets_none_and_the_others_still_do(story, unit_b, head_a, head_b):
    """The settings page's "daily reminder" choice: off for head_a, left on (no settings row) for head_b."""
    from plans import services

    factories.TaskFactory(lead_unit=unit_b, code="B-QH", due_date=timezone.localdate() - dt.timedelta(days=2))
    services.preferences_update(user=head_a, email_notifications=True, email_reminders=False)
    assert send_reminders.apply().get() == 1
    assert [m.to for m in mail.outbox] == [[head_b.email]]
    assert list(ReminderDigest.objects.values_list("user", flat=True)) == [head_b.pk]
    # Turned on again, it comes the next day.
    services.preferences_update(user=head_a, email_notifications=True, email_reminders=True)
    mail.outbox.clear()
    reminders.send_daily_digests(timezone.localdate() + dt.timedelta(days=1))
    assert sorted(m.to[0] for m in mail.outbox) == sorted([head_a.email, head_b.email])


def test_the_review_e_mail_setting_does_not_stop_the_reminder(story, head_a):
    from plans import services

    services.preferences_update(user=head_a, email_notifications=False)
    assert send_reminders.apply().get() == 1


def test_the_digest_says_how_to_stop_it(story, head_a):
    send_reminders.apply()
    [message] = mail.outbox
    assert "https://cds.example.gov.vn/settings/" in message.body
    assert 'href="https://cds.example.gov.vn/settings/"' in message.alternatives[0][0]


def test_collect_digests_query_count(story, django_assert_num_queries):
    # The open tasks needing a reminder (with responsible leader and user), the current heads.
    with django_assert_num_queries(2):
        digests = reminders.collect_digests()
    assert [d.task_count for d in digests] == [3]


@pytest.mark.celery_worker
@pytest.mark.django_db(transaction=True)
def test_real_workers_send_one_digest_per_head_even_when_dispatched_twice_at_once(celery_workers, unit_a, unit_b):
    today = timezone.localdate()
    heads = []
    for unit, name in ((unit_a, "worker_head_a"), (unit_b, "worker_head_b")):
        user = factories.UserFactory(username=name, groups=[rules.UNIT_HEAD])
        factories.LeaderFactory(unit=unit, user=user)
        factories.TaskFactory(lead_unit=unit, due_date=today - dt.timedelta(days=1))
        heads.append(user)
    first, second = send_reminders.delay(), send_reminders.delay()
    results = [first.get(timeout=60), second.get(timeout=60)]
    assert sum(results) == 2
    assert sorted(ReminderDigest.objects.filter(date=today).values_list("user__username", flat=True)) == sorted(
        h.username for h in heads
    )
    # And a third run the same day sends nothing.
    assert send_reminders.delay().get(timeout=60) == 0
    assert ReminderDigest.objects.count() == 2
