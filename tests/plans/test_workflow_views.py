"""The workflow pages: "my tasks", the update form (rules, malformed input, conflict, evidence), the review page,
and evidence downloads."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape
from django.utils.translation import gettext

from plans import services
from plans.models import Status, Task, TaskUpdate
from tests import factories
from tests.conftest import client_for

PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"
PNG = bytes.fromhex("89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489") + b"\x00" * 64


def docx_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def vi(msgid: str) -> str:
    """What a Vietnamese user sees for `msgid` (the catalogue's text, or the msgid when not yet translated)."""
    with translation.override("vi"):
        return escape(gettext(msgid))


@pytest.fixture(autouse=True)
def _fast_passwords_and_private_media(settings, tmp_path):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.DXT_EVIDENCE_ROOT = str(tmp_path / "private")


def post_update(client, task, **data):
    task.refresh_from_db()
    payload = {"version": task.version, "status": task.status, "progress": task.progress, "note": ""}
    payload.update(data)
    return client.post(reverse("plans:task_update", args=[task.pk]), payload)


# --- my tasks ---------------------------------------------------------------------------------------------------


def test_my_tasks_groups_by_timeliness_soonest_first(unit_a, head_a, task_b):
    today = timezone.localdate()
    late = factories.TaskFactory(lead_unit=unit_a, code="A-LATE", due_date=today - dt.timedelta(days=3))
    later = factories.TaskFactory(lead_unit=unit_a, code="A-LATER", due_date=today + dt.timedelta(days=40))
    sooner = factories.TaskFactory(lead_unit=unit_a, code="A-SOON", due_date=today + dt.timedelta(days=2))
    done = factories.TaskFactory(lead_unit=unit_a, code="A-DONE", completed=True)
    response = client_for(head_a).get(reverse("plans:my_tasks"))
    assert response.status_code == 200
    groups = {g.timeliness: [t.code for t in g.tasks] for g in response.context["groups"]}
    assert list(groups) == ["overdue", "on_track", "done_on_time"]
    assert groups["overdue"] == [late.code]
    assert groups["on_track"] == [sooner.code, later.code]
    assert groups["done_on_time"] == [done.code]
    html = response.content.decode()
    assert task_b.code not in html
    assert reverse("plans:task_update", args=[sooner.pk]) in html


def test_my_tasks_query_count_does_not_grow(unit_a, head_a, django_assert_max_num_queries):
    for _ in range(3):
        factories.TaskFactory(lead_unit=unit_a)
    client = client_for(head_a)
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("plans:my_tasks"))
    for _ in range(20):
        task = factories.TaskFactory(lead_unit=unit_a)
        factories.TaskUpdateFactory(task=task, author=head_a)
    with CaptureQueriesContext(connection) as many:
        client.get(reverse("plans:my_tasks"))
    # session, user, groups, leader posts, unit tree, tasks (annotated), co-operating tasks, returned updates
    assert len(many) == len(few)


def test_returned_update_is_shown_to_the_head(task_a, head_a, dx_office):
    update = services.task_submit_update(
        task=task_a, user=head_a, expected_version=task_a.version, status=Status.IN_PROGRESS, progress=50
    )
    services.update_return(update=update, user=dx_office, reason="Thiếu biên bản nghiệm thu")
    html = client_for(head_a).get(reverse("plans:my_tasks")).content.decode()
    assert "Thiếu biên bản nghiệm thu" in html
    assert 'data-testid="returned-updates"' in html
    # Once the head reports again, the returned update is answered and leaves the list.
    services.task_submit_update(
        task=task_a, user=head_a, expected_version=task_a.version + 1, status=Status.IN_PROGRESS, progress=55
    )
    assert "Thiếu biên bản nghiệm thu" not in client_for(head_a).get(reverse("plans:my_tasks")).content.decode()


def test_dx_office_sees_the_review_queue(task_a, head_a, dx_office):
    update = factories.TaskUpdateFactory(task=task_a, author=head_a)
    html = client_for(dx_office).get(reverse("plans:my_tasks")).content.decode()
    assert reverse("plans:update_review", args=[update.pk]) in html


def test_my_tasks_needs_login(db):
    response = client_for(None).get(reverse("plans:my_tasks"))
    assert response.status_code == 302 and reverse("login") in response["Location"]


# --- the update form ----------------------------------------------------------------------------------------------


def test_form_saves_and_redirects_to_task_page(task_a, head_a):
    response = post_update(client_for(head_a), task_a, status=Status.IN_PROGRESS, progress=60, note="Đạt 60%")
    assert response.status_code == 302
    assert response["Location"] == task_a.get_absolute_url()
    task_a.refresh_from_db()
    assert (task_a.progress, task_a.updates.get().note) == (60, "Đạt 60%")


@pytest.mark.parametrize(
    ("data", "field", "msgid"),
    [
        ({"progress": "101"}, "progress", "Progress must be a whole number from 0 to 100."),
        ({"progress": "-1"}, "progress", "Progress must be a whole number from 0 to 100."),
        ({"progress": "abc"}, "progress", "Progress must be a whole number from 0 to 100."),
        ({"progress": "50.5"}, "progress", "Progress must be a whole number from 0 to 100."),
        ({"progress": ""}, "progress", "Progress must be a whole number from 0 to 100."),
        ({"status": "done"}, "status", "Choose a status from the list."),
        (
            {"status": "completed", "progress": "90"},
            "progress",
            "A completed task has progress 100%. Set progress to 100, or choose another status.",
        ),
        ({"status": "paused"}, "note", "Give the reason for pausing or cancelling the task in the note."),
        ({"progress": "10"}, "note", "Progress is going down: explain why in the note."),
        (
            {"evidence_url": "javascript:alert(1)"},
            "evidence_url",
            "Enter a full web address, e.g. https://example.gov.vn/report.",
        ),
        ({"version": "x"}, "version", "The form is incomplete: reload the page and try again."),
    ],
)
def test_rule_messages_and_nothing_written(task_a, head_a, data, field, msgid):
    before = list(Task.objects.values())
    response = post_update(client_for(head_a), task_a, **data)
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert vi(msgid) in response.content.decode()
    assert list(Task.objects.values()) == before
    assert not TaskUpdate.objects.exists()


@pytest.mark.parametrize(
    "payload",
    [
        {},
        {"version": ["1", "2"], "progress": ["1", "x"]},
        {"version": "99999999999999999999999", "status": "in_progress", "progress": "5"},
        {"version": "1", "status": "in_progress", "progress": "1e309"},
        {"version": "1", "status": "\x00", "progress": "\x00", "note": "\x00" * 10},
        {"version": "1", "status": "in_progress", "progress": "30", "note": "x" * 10000},
    ],
)
def test_malformed_input_never_gives_500(task_a, head_a, payload):
    response = client_for(head_a).post(reverse("plans:task_update", args=[task_a.pk]), payload)
    assert response.status_code in (200, 409)
    assert not TaskUpdate.objects.exists()


def test_unknown_task_is_404_page(head_a):
    response = client_for(head_a).get(reverse("plans:task_update", args=[999999]))
    assert response.status_code == 404
    assert vi("Page not found") in response.content.decode()


def test_stale_form_shows_conflict_with_the_newer_update(task_a, head_a, dx_office):
    stale_version = task_a.version
    services.task_submit_update(
        task=task_a,
        user=dx_office,
        expected_version=stale_version,
        status=Status.IN_PROGRESS,
        progress=75,
        note="Văn phòng CĐS đã cập nhật trước",
    )
    before = list(Task.objects.values())
    response = client_for(head_a).post(
        reverse("plans:task_update", args=[task_a.pk]),
        {"version": stale_version, "status": Status.IN_PROGRESS, "progress": 40, "note": "Bản cũ"},
    )
    assert response.status_code == 409
    html = response.content.decode()
    assert 'data-testid="conflict"' in html
    assert "Văn phòng CĐS đã cập nhật trước" in html
    assert vi("Someone else updated this task while you were editing") in html
    assert list(Task.objects.values()) == before
    assert TaskUpdate.objects.count() == 1
    # The form now carries the newer version and keeps what the head typed.
    assert response.context["form"].initial["version"] == stale_version + 1
    assert "Bản cũ" in html


# --- evidence -----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content", "kind"),
    [("bien-ban.pdf", PDF, "pdf"), ("anh.PNG", PNG, "png"), ("bao-cao.docx", docx_bytes(), "docx")],
)
def test_evidence_file_is_stored_privately_under_a_random_name(task_a, head_a, name, content, kind):
    upload = SimpleUploadedFile(name, content, content_type="application/octet-stream")
    response = post_update(client_for(head_a), task_a, progress=30, evidence_file=upload)
    assert response.status_code == 302
    stored = TaskUpdate.objects.get().evidence_file
    assert stored.name.endswith("." + kind)
    assert Path(name).stem not in stored.name
    path = Path(stored.path)
    assert path.read_bytes() == content
    assert not path.is_relative_to(Path(django_settings.MEDIA_ROOT))


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("virus.pdf", b"MZ\x90\x00\x03" + b"\x00" * 100),  # an executable named .pdf
        ("trang.html.pdf", b"<html><script>alert(1)</script></html>"),
        ("bang.xlsx", b"PK\x03\x04" + b"\x00" * 50),  # a broken zip named .xlsx
        ("anh.gif", b"GIF89a" + b"\x00" * 20),
    ],
)
def test_evidence_type_is_checked_by_content(task_a, head_a, name, content):
    upload = SimpleUploadedFile(name, content, content_type="application/pdf")
    response = post_update(client_for(head_a), task_a, progress=30, evidence_file=upload)
    assert response.status_code == 200
    assert "evidence_file" in response.context["form"].errors
    assert not TaskUpdate.objects.exists()


def test_evidence_size_limit(task_a, head_a, settings):
    settings.DXT_EVIDENCE_MAX_MB = 1
    big = SimpleUploadedFile("lon.pdf", PDF + b"0" * (1024 * 1024), content_type="application/pdf")
    response = post_update(client_for(head_a), task_a, progress=30, evidence_file=big)
    assert response.status_code == 200
    assert "evidence_file" in response.context["form"].errors
    assert not TaskUpdate.objects.exists()


def test_evidence_download_only_for_signed_in_users(task_a, head_a, viewer):
    post_update(
        client_for(head_a), task_a, progress=30, evidence_file=SimpleUploadedFile("bb.pdf", PDF, "application/pdf")
    )
    update = TaskUpdate.objects.get()
    url = reverse("plans:evidence_download", args=[update.pk])
    anonymous = client_for(None).get(url)
    assert anonymous.status_code == 302 and reverse("login") in anonymous["Location"]
    response = client_for(viewer).get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "attachment" in response["Content-Disposition"]
    assert b"".join(response.streaming_content) == PDF
    # No public URL exists for it.
    assert update.evidence_file.url == ""


def test_evidence_download_without_file_is_404(task_a, head_a, viewer):
    update = factories.TaskUpdateFactory(task=task_a, author=head_a)
    assert client_for(viewer).get(reverse("plans:evidence_download", args=[update.pk])).status_code == 404


def test_failed_update_leaves_no_orphan_file(task_a, head_a, dx_office, settings):
    stale = task_a.version
    services.task_submit_update(
        task=task_a, user=dx_office, expected_version=stale, status=Status.IN_PROGRESS, progress=50
    )
    with pytest.raises(services.UpdateConflict):
        services.task_submit_update(
            task=task_a,
            user=head_a,
            expected_version=stale,
            status=Status.IN_PROGRESS,
            progress=60,
            evidence_file=SimpleUploadedFile("evidence.pdf", PDF),
        )
    root = Path(settings.DXT_EVIDENCE_ROOT)
    assert not root.exists() or not any(p.is_file() for p in root.rglob("*"))


# --- review -------------------------------------------------------------------------------------------------------


def test_review_page_verifies_and_returns(task_a, head_a, dx_office):
    first = factories.TaskUpdateFactory(task=task_a, author=head_a)
    client = client_for(dx_office)
    page = client.get(reverse("plans:update_review", args=[first.pk]))
    assert page.status_code == 200
    assert client.post(reverse("plans:update_review", args=[first.pk]), {"action": "verify"}).status_code == 302
    first.refresh_from_db()
    assert first.review_state == TaskUpdate.Review.VERIFIED

    second = factories.TaskUpdateFactory(task=task_a, author=head_a)
    response = client.post(reverse("plans:update_review", args=[second.pk]), {"action": "return", "review_note": ""})
    assert response.status_code == 200
    assert vi("Give the reason for returning the update.") in response.content.decode()
    second.refresh_from_db()
    assert second.review_state == TaskUpdate.Review.PENDING
    for junk in ({}, {"action": "delete"}, {"action": ["verify", "return"]}):
        assert client.post(reverse("plans:update_review", args=[second.pk]), junk).status_code == 200
    second.refresh_from_db()
    assert second.review_state == TaskUpdate.Review.PENDING


def test_pages_render_updates_without_author(task_a, head_a, dx_office):
    """Sample and imported updates may have no author (or a deleted one): the pages still render."""
    orphan = factories.TaskUpdateFactory(task=task_a, author=None)
    services.update_return(update=factories.TaskUpdateFactory(task=task_a, author=None), user=dx_office, reason="x")
    client = client_for(dx_office)
    assert client.get(reverse("plans:my_tasks")).status_code == 200
    assert client.get(reverse("plans:update_review", args=[orphan.pk])).status_code == 200
    assert client.get(reverse("plans:task_update", args=[task_a.pk])).status_code == 200
    assert client_for(head_a).get(reverse("plans:my_tasks")).status_code == 200


def test_quick_update_from_my_tasks(task_a, head_a):
    """The row's quick form posts status (unchanged), progress and note to the update view in one step."""
    client = client_for(head_a)
    html = client.get(reverse("plans:my_tasks")).content.decode()
    assert f'data-testid="quick-update-{task_a.pk}"' in html
    response = client.post(
        reverse("plans:task_update", args=[task_a.pk]),
        {"version": task_a.version, "status": task_a.status, "progress": "35", "note": "Nhanh"},
    )
    assert response.status_code == 302
    task_a.refresh_from_db()
    assert task_a.progress == 35
