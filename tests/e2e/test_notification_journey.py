"""The DX office returns an update in a real browser; the head signs in, lands on "my tasks", sees the unread
badge on "My tasks" and the notification, opens it with its button (a POST: it is marked read, the badge goes)
and reaches the form. Following the address with a GET marks nothing: it leads back to the list."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from playwright.sync_api import expect

from plans import services
from plans.models import Notification, Status
from tests.conftest import PASSWORD
from tests.e2e.test_workflow_journey import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def vi(msgid: str) -> str:
    with translation.override("vi"):
        return gettext(msgid)


def test_returned_update_reaches_its_head(live_server, browser, task_a, head_a, dx_office):
    base = live_server.url
    dx_office.set_password(PASSWORD)
    dx_office.save()
    update = services.task_submit_update(
        task=task_a, user=head_a, expected_version=task_a.version, status=Status.IN_PROGRESS, progress=40
    )

    office = browser.new_context(locale="vi-VN").new_page()
    log_in(office, base, "dx_office")
    # The DX office lands on "my tasks" too, with the queue and its count in the navigation bar.
    expect(office).to_have_url(re.compile(r"/my-tasks/$"))
    expect(office.get_by_test_id("nav-pending")).to_contain_text("1")
    office.get_by_test_id(f"pending-{update.pk}").get_by_role("link", name=vi("Review")).click()
    office.fill("#id_review_note", "Thiếu biên bản nghiệm thu")
    office.get_by_role("button", name=vi("Return to the unit")).click()
    expect(office.get_by_role("alert").first).to_contain_text(task_a.code)
    expect(office.get_by_test_id("nav-pending")).to_have_count(0)

    head = browser.new_context(locale="vi-VN").new_page()
    log_in(head, base, "head_a")
    expect(head).to_have_url(re.compile(r"/my-tasks/$"))
    badge = head.get_by_test_id("nav-unread")
    expect(badge).to_contain_text("1")
    head.get_by_test_id("notifications-link").click()
    notification = Notification.objects.get()
    item = head.get_by_test_id(f"notification-{notification.pk}")
    expect(item).to_contain_text(task_a.code)
    expect(item).to_contain_text("Thiếu biên bản nghiệm thu")
    expect(item).to_contain_text(vi("Update returned"))
    expect(item.get_by_test_id("unread-mark")).to_have_count(1)
    # Opening is a button (a POST that marks it read), reached and pressed with the keyboard; its description
    # names the task, for a screen reader.
    button = item.get_by_role("button", name=vi("Update again"))
    expect(button).to_have_accessible_description(re.compile(re.escape(task_a.code)))
    button.focus()
    head.keyboard.press("Enter")

    expect(head).to_have_url(re.compile(rf"/tasks/{task_a.pk}/update/$"))
    expect(head.get_by_test_id("nav-unread")).to_have_count(0)
    notification.refresh_from_db()
    assert notification.read_at is not None
    head.goto(base + reverse("plans:notification_list"))
    expect(head.get_by_test_id(f"notification-{notification.pk}").get_by_test_id("unread-mark")).to_have_count(0)


def test_a_get_of_the_open_address_marks_nothing(live_server, browser, task_a, head_a, dx_office):
    update = services.task_submit_update(
        task=task_a, user=head_a, expected_version=task_a.version, status=Status.IN_PROGRESS, progress=40
    )
    services.update_return(update=update, user=dx_office, reason="Thiếu ảnh")
    notification = Notification.objects.get()
    head = browser.new_context(locale="vi-VN").new_page()
    log_in(head, live_server.url, "head_a")
    head.goto(live_server.url + reverse("plans:notification_open", args=[notification.pk]))
    # A harmless redirect to the list, where the notification is still new.
    expect(head).to_have_url(re.compile(r"/notifications/$"))
    expect(head.get_by_test_id(f"notification-{notification.pk}").get_by_test_id("unread-mark")).to_have_count(1)
    expect(head.get_by_test_id("nav-unread")).to_contain_text("1")
    notification.refresh_from_db()
    assert notification.read_at is None
