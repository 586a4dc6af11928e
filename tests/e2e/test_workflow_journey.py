"""A unit head's journey in a real browser: sign in, "my tasks", update to 60% with a note, see it in the
history, and be refused on another unit's task; and two sessions editing the same task at once."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from playwright.sync_api import Page, expect

from plans.models import Task, TaskUpdate, person_display_name
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def vi(msgid: str) -> str:
    with translation.override("vi"):
        return gettext(msgid)


def log_in(page: Page, base: str, username: str) -> None:
    page.goto(base + reverse("login"))
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("form button[type=submit]")
    # The navigation bar names the person (their name, else their post), never by their user name.
    user = get_user_model().objects.get(username=username)
    expect(page.get_by_test_id("current-user")).to_have_text(person_display_name(user))


def test_head_updates_own_task_and_is_refused_on_another_units(live_server, page: Page, task_a, task_b, head_a):
    base = live_server.url
    log_in(page, base, "head_a")

    page.get_by_role("link", name=vi("My tasks")).first.click()
    row = page.get_by_test_id(f"my-task-{task_a.pk}")
    expect(row).to_contain_text(task_a.code)
    expect(page.get_by_test_id(f"my-task-{task_b.pk}")).to_have_count(0)
    row.get_by_role("link", name=vi("Update progress")).click()

    expect(page).to_have_url(re.compile(rf"/tasks/{task_a.pk}/update/$"))
    page.fill("#id_progress", "60")
    page.fill("#id_note", "Đã triển khai tại 3/5 huyện")
    page.get_by_role("button", name=vi("Save update")).click()

    # The task page: the success message and the new entry at the top of the history.
    expect(page).to_have_url(re.compile(rf"/tasks/{task_a.pk}/$"))
    expect(page.get_by_role("alert").first).to_contain_text(task_a.code)
    entry = page.get_by_test_id("timeline-item").first
    expect(entry).to_contain_text("Đã triển khai tại 3/5 huyện")
    expect(entry).to_contain_text("60%")
    expect(entry).to_contain_text("Giám đốc Sở TT&TT")
    task_a.refresh_from_db()
    assert task_a.progress == 60

    # Another unit's task, by URL: the 403 page, and nothing changes.
    before = list(Task.objects.filter(pk=task_b.pk).values())
    response = page.goto(base + reverse("plans:task_update", args=[task_b.pk]))
    assert response.status == 403
    expect(page.get_by_test_id("forbidden")).to_contain_text(vi("You are not allowed to do this"))
    assert list(Task.objects.filter(pk=task_b.pk).values()) == before


def test_second_session_gets_the_conflict_message(live_server, browser, task_a, head_a, dx_office):
    base = live_server.url
    dx_office.set_password(PASSWORD)
    dx_office.save()
    first = browser.new_context(locale="vi-VN")
    second = browser.new_context(locale="vi-VN")
    try:
        head_page, office_page = first.new_page(), second.new_page()
        log_in(head_page, base, "head_a")
        log_in(office_page, base, "dx_office")
        url = base + reverse("plans:task_update", args=[task_a.pk])
        head_page.goto(url)
        office_page.goto(url)

        office_page.fill("#id_progress", "80")
        office_page.fill("#id_note", "Văn phòng CĐS cập nhật theo báo cáo tháng")
        office_page.get_by_role("button", name=vi("Save update")).click()
        expect(office_page).to_have_url(re.compile(rf"/tasks/{task_a.pk}/$"))

        head_page.fill("#id_progress", "50")
        head_page.fill("#id_note", "Bản của thủ trưởng")
        head_page.get_by_role("button", name=vi("Save update")).click()
        conflict = head_page.get_by_test_id("conflict")
        expect(conflict).to_contain_text(vi("Someone else updated this task while you were editing"))
        expect(conflict).to_contain_text("Văn phòng CĐS cập nhật theo báo cáo tháng")
        # What the head typed is kept, and nothing of theirs was written.
        expect(head_page.locator("#id_note")).to_have_value("Bản của thủ trưởng")
        task_a.refresh_from_db()
        assert task_a.progress == 80
        assert TaskUpdate.objects.filter(task=task_a).count() == 1
    finally:
        first.close()
        second.close()
