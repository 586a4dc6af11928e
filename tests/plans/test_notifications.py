"""Notifications: the DX office verifies or returns an update → its author is told (in dxtracker and by e-mail,
after commit, unless they turned e-mails off); the navigation bar's badges; the notifications and settings
pages; the bulk verification and the unit filter of the review queue; where each role lands after signing in."""

from __future__ import annotations

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext

from plans import services
from plans.models import Notification, Status, TaskUpdate, UserPreferences
from tests import factories
from tests.conftest import PASSWORD, client_for


def vi(msgid: str) -> str:
    with translation.override("vi"):
        return escape(gettext(msgid))


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def pending_a(task_a, head_a):
    return services.task_submit_update(
        task=task_a, user=head_a, expected_version=task_a.version, status=Status.IN_PROGRESS, progress=40
    )


def review(update, user, *, action, capture, note=""):
    with capture(execute=True):
        if action == "return":
            return services.update_return(update=update, user=user, reason=note or "Thiếu biên bản")
        return services.update_verify(update=update, user=user, note=note)


# --- the service ------------------------------------------------------------------------------------------------


def test_return_notifies_the_author_and_emails_after_commit(
    pending_a, head_a, dx_office, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks:
        services.update_return(update=pending_a, user=dx_office, reason="Thiếu biên bản nghiệm thu")
        assert mail.outbox == []  # nothing is sent before the commit
    notification = Notification.objects.get()
    assert (notification.recipient, notification.kind, notification.update) == (
        head_a,
        Notification.Kind.RETURNED,
        pending_a,
    )
    assert notification.read_at is None
    for callback in callbacks:
        callback()
    [message] = mail.outbox
    assert message.to == [head_a.email]
    assert pending_a.task.code in message.subject and "Thiếu biên bản nghiệm thu" in message.body
    with translation.override("vi"):
        assert gettext("Reason") in message.body
    assert reverse("plans:task_update", args=[pending_a.task_id]) in message.body
    assert reverse("plans:preferences") in message.alternatives[0][0]


def test_verify_notifies_the_author(pending_a, head_a, dx_office, django_capture_on_commit_callbacks):
    review(pending_a, dx_office, action="verify", capture=django_capture_on_commit_callbacks, note="Đã đối chiếu")
    assert Notification.objects.get().kind == Notification.Kind.VERIFIED
    [message] = mail.outbox
    assert "Đã đối chiếu" in message.body


def test_email_off_keeps_the_in_app_notification(pending_a, head_a, dx_office, django_capture_on_commit_callbacks):
    services.preferences_update(user=head_a, email_notifications=False)
    review(pending_a, dx_office, action="return", capture=django_capture_on_commit_callbacks)
    assert Notification.objects.filter(recipient=head_a).count() == 1
    assert mail.outbox == []


def test_no_email_address_sends_nothing(pending_a, head_a, dx_office, django_capture_on_commit_callbacks):
    head_a.email = ""
    head_a.save()
    review(pending_a, dx_office, action="return", capture=django_capture_on_commit_callbacks)
    assert Notification.objects.count() == 1 and mail.outbox == []


def test_refused_review_notifies_nobody(pending_a, dx_office, head_b, django_capture_on_commit_callbacks):
    review(pending_a, dx_office, action="verify", capture=django_capture_on_commit_callbacks)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(ValidationError):
        services.update_return(update=pending_a, user=dx_office, reason="Lần hai")
    with pytest.raises(PermissionDenied):
        services.update_verify(update=pending_a, user=head_b)
    assert Notification.objects.count() == 1 and mail.outbox == []


def test_own_update_of_the_dx_office_notifies_nobody(task_a, dx_office):
    services.task_submit_update(
        task=task_a, user=dx_office, expected_version=task_a.version, status=Status.IN_PROGRESS, progress=90
    )
    assert not Notification.objects.exists()


def test_open_marks_read_only_for_the_recipient(
    pending_a, head_a, head_b, dx_office, django_capture_on_commit_callbacks
):
    review(pending_a, dx_office, action="return", capture=django_capture_on_commit_callbacks)
    notification = Notification.objects.get()
    with pytest.raises(PermissionDenied):
        services.notification_open(notification=notification, user=head_b)
    notification.refresh_from_db()
    assert notification.read_at is None
    services.notification_open(notification=notification, user=head_a)
    first = Notification.objects.get().read_at
    assert first is not None
    services.notification_open(notification=notification, user=head_a)
    assert Notification.objects.get().read_at == first


def test_mark_all_read_touches_only_ones_own(head_a, head_b, task_a):
    for user in (head_a, head_a, head_b):
        update = factories.TaskUpdateFactory(task=task_a, author=user)
        Notification.objects.create(recipient=user, kind=Notification.Kind.VERIFIED, update=update)
    assert services.notifications_mark_all_read(user=head_a) == 2
    assert Notification.objects.unread().get().recipient == head_b


def test_preferences_update_creates_then_changes_the_row(head_a):
    services.preferences_update(user=head_a, email_notifications=False)
    services.preferences_update(user=head_a, email_notifications=True)
    assert UserPreferences.objects.get(user=head_a).email_notifications is True


def test_verify_many_reports_each_row(task_a, task_b, head_a, head_b, dx_office, django_capture_on_commit_callbacks):
    first = factories.TaskUpdateFactory(task=task_a, author=head_a)
    done = factories.TaskUpdateFactory(task=task_b, author=head_b, review_state=TaskUpdate.Review.RETURNED)
    second = factories.TaskUpdateFactory(task=task_b, author=head_b)
    with django_capture_on_commit_callbacks(execute=True):
        outcomes = services.updates_verify_many(user=dx_office, update_ids=[first.pk, done.pk, 999999, second.pk])
    assert [(o.update_id, o.ok) for o in outcomes] == [
        (first.pk, True),
        (done.pk, False),
        (999999, False),
        (second.pk, True),
    ]
    assert TaskUpdate.objects.get(pk=done.pk).review_state == TaskUpdate.Review.RETURNED
    assert set(TaskUpdate.objects.filter(review_state="verified").values_list("pk", flat=True)) == {
        first.pk,
        second.pk,
    }
    assert Notification.objects.filter(kind=Notification.Kind.VERIFIED).count() == 2
    assert len(mail.outbox) == 2


def test_verify_many_needs_the_dx_office(pending_a, head_a, viewer):
    for user in (head_a, viewer):
        with pytest.raises(PermissionDenied):
            services.updates_verify_many(user=user, update_ids=[pending_a.pk])
    assert TaskUpdate.objects.get().review_state == TaskUpdate.Review.PENDING


# --- the pages: permission matrix -------------------------------------------------------------------------------


@pytest.fixture
def returned_a(pending_a, dx_office, django_capture_on_commit_callbacks):
    review(pending_a, dx_office, action="return", capture=django_capture_on_commit_callbacks, note="Bổ sung ảnh")
    return Notification.objects.get()


@pytest.mark.parametrize(
    ("who", "expected"),
    [("anonymous", 302), ("head_a", 200), ("head_b", 200), ("viewer", 200), ("dx_office", 200)],
)
def test_list_and_settings_pages_need_a_sign_in(db, request, who, expected):
    user = None if who == "anonymous" else request.getfixturevalue(who)
    for name in ("plans:notification_list", "plans:preferences"):
        response = client_for(user).get(reverse(name))
        assert response.status_code == expected
        if expected == 302:
            assert reverse("login") in response["Location"]


@pytest.mark.parametrize(
    ("who", "expected"), [("anonymous", 302), ("head_b", 403), ("viewer", 403), ("dx_office", 403), ("head_a", 302)]
)
def test_a_notification_opens_only_for_its_recipient(request, returned_a, who, expected):
    user = None if who == "anonymous" else request.getfixturevalue(who)
    response = client_for(user).post(reverse("plans:notification_open", args=[returned_a.pk]))
    assert response.status_code == expected
    returned_a.refresh_from_db()
    assert (returned_a.read_at is not None) == (who == "head_a")
    if who == "head_a":
        # A returned update is answered on the update form.
        assert response["Location"] == reverse("plans:task_update", args=[returned_a.update.task_id])


@pytest.mark.parametrize(
    ("who", "expected"), [("anonymous", 302), ("head_a", 403), ("viewer", 403), ("dx_office", 302)]
)
def test_bulk_verify_only_for_the_dx_office(request, pending_a, who, expected):
    user = None if who == "anonymous" else request.getfixturevalue(who)
    response = client_for(user).post(reverse("plans:updates_verify"), {"update": [pending_a.pk]})
    assert response.status_code == expected
    pending_a.refresh_from_db()
    assert (pending_a.review_state == TaskUpdate.Review.VERIFIED) == (who == "dx_office")


@pytest.mark.parametrize("name", ["plans:updates_verify", "plans:notifications_read_all"])
def test_post_only_views_refuse_get(head_a, dx_office, name):
    assert client_for(dx_office).get(reverse(name)).status_code == 405


def test_a_get_never_marks_a_notification_read(returned_a, head_a):
    """Opening changes state, so it is a POST: a link follower, a prefetch or a crawler's GET marks nothing."""
    client = client_for(head_a)
    url = reverse("plans:notification_open", args=[returned_a.pk])
    for method in ("get", "head"):
        response = getattr(client, method)(url)
        assert (response.status_code, response["Location"]) == (302, reverse("plans:notification_list"))
    returned_a.refresh_from_db()
    assert returned_a.read_at is None


def test_a_verified_notification_opens_the_task(pending_a, head_a, dx_office, django_capture_on_commit_callbacks):
    review(pending_a, dx_office, action="verify", capture=django_capture_on_commit_callbacks)
    notification = Notification.objects.get()
    response = client_for(head_a).post(reverse("plans:notification_open", args=[notification.pk]))
    assert response.status_code == 302
    assert response["Location"] == reverse("plans:task_detail", args=[pending_a.task_id])
    notification.refresh_from_db()
    assert notification.read_at is not None


def test_opening_needs_the_csrf_token(returned_a, head_a):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(head_a)
    url = reverse("plans:notification_open", args=[returned_a.pk])
    assert client.post(url).status_code == 403
    returned_a.refresh_from_db()
    assert returned_a.read_at is None


def test_the_list_opens_each_notification_with_a_button_in_a_form(returned_a, head_a):
    from lxml import html as lxml_html

    page = client_for(head_a).get(reverse("plans:notification_list")).content.decode()
    url = reverse("plans:notification_open", args=[returned_a.pk])
    tree = lxml_html.fromstring(page)
    assert not tree.xpath(f'//a[@href="{url}"]'), "no link opens (and marks read) a notification"
    [form] = tree.xpath(f'//form[@action="{url}"]')
    assert form.get("method") == "post" and form.xpath('.//input[@name="csrfmiddlewaretoken"]')
    [button] = form.xpath(".//button[@type='submit']")
    with translation.override("vi"):
        assert button.text_content().strip() == gettext("Update again")
    # Its accessible description names the task, so a screen reader tells the buttons apart.
    [described] = tree.xpath(f'//*[@id="{button.get("aria-describedby")}"]')
    assert returned_a.update.task.code in described.text_content()


# --- the pages: what people see ---------------------------------------------------------------------------------


def test_head_sees_the_badge_and_the_notification(returned_a, head_a):
    client = client_for(head_a)
    page = client.get(reverse("plans:my_tasks")).content.decode()
    assert 'data-testid="nav-unread"' in page
    listing = client.get(reverse("plans:notification_list")).content.decode()
    assert "Bổ sung ảnh" in listing and returned_a.update.task.code in listing
    assert vi("Update returned") in listing
    client.post(reverse("plans:notification_open", args=[returned_a.pk]))
    assert 'data-testid="nav-unread"' not in client.get(reverse("plans:my_tasks")).content.decode()


def test_mark_all_read_page(returned_a, head_a):
    client = client_for(head_a)
    response = client.post(reverse("plans:notifications_read_all"), follow=True)
    assert response.redirect_chain[-1][0] == reverse("plans:notification_list")
    assert not Notification.objects.unread().exists()
    assert 'data-testid="read-all"' not in response.content.decode()


def test_empty_notifications_page_says_why(head_a):
    page = client_for(head_a).get(reverse("plans:notification_list")).content.decode()
    assert (
        vi("No notification yet: when the DX office verifies or returns one of your updates, it appears here.") in page
    )


def test_pending_badge_grows_when_a_head_submits(task_a, head_a, dx_office):
    client = client_for(dx_office)
    assert 'data-testid="nav-pending"' not in client.get(reverse("plans:overview")).content.decode()
    services.task_submit_update(
        task=task_a, user=head_a, expected_version=task_a.version, status=Status.IN_PROGRESS, progress=40
    )
    page = client.get(reverse("plans:overview")).content.decode()
    assert 'data-testid="nav-pending"><span aria-hidden="true">1</span>' in page
    # A head does not see the DX office's count.
    assert 'data-testid="nav-pending"' not in client_for(head_a).get(reverse("plans:overview")).content.decode()


def test_settings_page_turns_emails_off_and_on(head_a):
    client = client_for(head_a)
    page = client.get(reverse("plans:preferences")).content.decode()
    assert page.count(" checked") == 2  # both kinds of e-mail on by default
    response = client.post(reverse("plans:preferences"), {}, follow=True)
    prefs = UserPreferences.objects.get(user=head_a)
    assert (prefs.email_notifications, prefs.email_reminders) == (False, False)
    assert vi("Your settings have been saved.") in response.content.decode()
    client.post(reverse("plans:preferences"), {"email_notifications": "on"})
    prefs.refresh_from_db()
    assert (prefs.email_notifications, prefs.email_reminders) == (True, False)
    client.post(reverse("plans:preferences"), {"email_reminders": "on"})
    prefs.refresh_from_db()
    assert (prefs.email_notifications, prefs.email_reminders) == (False, True)
    page = client.get(reverse("plans:preferences")).content.decode()
    assert 'name="email_reminders" id="id_email_reminders" checked' in page
    assert 'name="email_notifications" id="id_email_notifications" aria' in page


def test_settings_page_explains_both_e_mails_in_vietnamese(head_a, settings):
    settings.DXT_REMINDER_DUE_DAYS = 7
    settings.DXT_REMINDER_STALE_DAYS = 30
    page = client_for(head_a).get(reverse("plans:preferences"), HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    for msgid in (
        "E-mails dxtracker sends me",
        "E-mail me when the DX office verifies or returns my updates",
        "E-mail me a daily reminder of my tasks",
    ):
        assert vi(msgid) in page
    with translation.override("vi"):
        help_text = gettext(
            "At most one e-mail a day, on the days when a task you answer for is overdue, due within %(due)d days "
            "or without an update for %(stale)d days. Your tasks stay on “My tasks” either way."
        ) % {"due": 7, "stale": 30}
    assert escape(help_text) in page


def test_quick_update_returns_to_my_tasks_with_a_message(task_a, head_a):
    client = client_for(head_a)
    response = client.post(
        reverse("plans:task_update", args=[task_a.pk]),
        {"version": task_a.version, "status": Status.IN_PROGRESS, "progress": 55, "note": "", "return_to": "my_tasks"},
        follow=True,
    )
    assert response.redirect_chain[-1][0].startswith(reverse("plans:my_tasks"))
    with translation.override("vi"):
        expected = escape(gettext("Your update on %(code)s has been saved.") % {"code": task_a.code})
    assert expected in response.content.decode()
    # The full form still goes to the task page; an unknown return_to is ignored.
    task_a.refresh_from_db()
    other = client.post(
        reverse("plans:task_update", args=[task_a.pk]),
        {"version": task_a.version, "status": Status.IN_PROGRESS, "progress": 60, "return_to": "//evil.example"},
    )
    assert other["Location"] == task_a.get_absolute_url()


def test_queue_filters_by_unit(task_a, task_b, head_a, head_b, dx_office, unit_b):
    a = factories.TaskUpdateFactory(task=task_a, author=head_a)
    b = factories.TaskUpdateFactory(task=task_b, author=head_b)
    client = client_for(dx_office)
    page = client.get(reverse("plans:my_tasks"), {"unit": unit_b.pk}).content.decode()
    assert f'data-testid="pending-{b.pk}"' in page and f'data-testid="pending-{a.pk}"' not in page
    bad = client.get(reverse("plans:my_tasks"), {"unit": "999999"})
    assert bad.status_code == 200
    assert vi("This unit does not exist; showing every unit.") in bad.content.decode()
    assert f'data-testid="pending-{a.pk}"' in bad.content.decode()


def test_bulk_verify_reports_partial_failures(task_a, task_b, head_a, head_b, dx_office, unit_a):
    a = factories.TaskUpdateFactory(task=task_a, author=head_a)
    gone = factories.TaskUpdateFactory(task=task_b, author=head_b, review_state=TaskUpdate.Review.VERIFIED)
    response = client_for(dx_office).post(
        reverse("plans:updates_verify"), {"update": [a.pk, gone.pk], "unit": unit_a.pk}, follow=True
    )
    assert response.redirect_chain[-1][0] == reverse("plans:my_tasks") + f"?unit={unit_a.pk}#pending-reviews"
    page = response.content.decode()
    assert task_a.code in page and vi("This update has already been reviewed.") in page
    a.refresh_from_db()
    assert a.review_state == TaskUpdate.Review.VERIFIED


@pytest.mark.parametrize("payload", [{}, {"update": ["x"]}, {"update": ["0"]}, {"update": [str(2**40)]}])
def test_bulk_verify_bad_selection_is_a_message(pending_a, dx_office, payload):
    response = client_for(dx_office).post(reverse("plans:updates_verify"), payload, follow=True)
    assert response.status_code == 200
    assert TaskUpdate.objects.get().review_state == TaskUpdate.Review.PENDING


def test_bulk_verify_refuses_too_many(pending_a, dx_office):
    response = client_for(dx_office).post(reverse("plans:updates_verify"), {"update": list(range(1, 300))}, follow=True)
    assert response.status_code == 200
    assert TaskUpdate.objects.get().review_state == TaskUpdate.Review.PENDING


# --- query counts -----------------------------------------------------------------------------------------------


def _notify(user, task, reviewer, n):
    for _ in range(n):
        update = factories.TaskUpdateFactory(task=task, author=user, reviewed_by=reviewer, review_note="Thiếu")
        Notification.objects.create(recipient=user, kind=Notification.Kind.RETURNED, update=update)


def test_notification_list_query_count_does_not_grow(task_a, head_a, dx_office):
    client = client_for(head_a)
    _notify(head_a, task_a, dx_office, 2)
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("plans:notification_list"))
    _notify(head_a, task_a, dx_office, 25)
    with CaptureQueriesContext(connection) as many:
        client.get(reverse("plans:notification_list"))
    # session, user, notifications (with update, task, reviewer), reviewers' posts, unread count, the badge's
    # unread count, the name in the navigation bar (leader posts), groups (pending badge)
    assert len(many) == len(few)


def test_review_queue_query_count_does_not_grow(unit_a, unit_b, head_a, dx_office):
    client = client_for(dx_office)
    for _ in range(2):
        factories.TaskUpdateFactory(task=factories.TaskFactory(lead_unit=unit_a), author=head_a)
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("plans:my_tasks"), {"unit": unit_a.pk})
    for _ in range(25):
        factories.TaskUpdateFactory(task=factories.TaskFactory(lead_unit=unit_a), author=head_a)
    with CaptureQueriesContext(connection) as many:
        client.get(reverse("plans:my_tasks"), {"unit": unit_a.pk})
    # session, user, groups, the unit filter's unit and its choices, pending rows, their authors' posts,
    # pending total, the badges
    assert len(many) == len(few)


# --- signing in --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "landing"),
    [("head_a", "plans:my_tasks"), ("dx_office", "plans:my_tasks"), ("viewer", "plans:overview")],
)
def test_each_role_lands_where_its_work_is(db, request, who, landing):
    user = request.getfixturevalue(who)
    response = client_for(None).post(reverse("login"), {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == reverse(landing)


def test_sign_in_keeps_a_safe_next(head_a):
    client = client_for(None)
    url = reverse("login") + "?next=" + reverse("plans:task_list")
    response = client.post(url, {"username": head_a.username, "password": PASSWORD})
    assert response["Location"] == reverse("plans:task_list")
    unsafe = client_for(None).post(
        reverse("login") + "?next=https://evil.example/", {"username": head_a.username, "password": PASSWORD}
    )
    assert unsafe["Location"] == reverse("plans:my_tasks")
