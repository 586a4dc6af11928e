"""Public change history of tasks, plans and documents, and the Atom feeds of verified updates."""

import datetime as dt
import xml.etree.ElementTree as ET

from django.urls import reverse
from django.utils import timezone

from plans import services
from plans.models import Status, Task, TaskUpdate
from tests import factories
from tests.conftest import client_for

ATOM = "{http://www.w3.org/2005/Atom}"


def test_a_tasks_history_shows_each_change_old_to_new_by_the_heads_position(client, task_a, head_a):
    services.task_submit_update(task=task_a, user=head_a, expected_version=task_a.version, progress=60, note="Lắp đặt")
    response = client.get(reverse("history:task", args=[task_a.pk]))
    assert response.status_code == 200
    newest = response.context["versions"][0]
    assert newest.who == "Giám đốc Sở TT&TT"
    assert [(c.field.lower(), c.old, c.new) for c in newest.changes] == [("tiến độ (%)", "20", "60")]
    html = response.content.decode()
    assert "head_a" not in html and "Giám đốc Sở TT&amp;TT" in html
    assert response.context["versions"][-1].kind == "created"


def test_a_status_change_reads_as_the_statuses_names_and_dates_as_dd_mm_yyyy(client, task_a, dx_office):
    services.task_submit_update(
        task=task_a, user=dx_office, expected_version=task_a.version, status=Status.COMPLETED, progress=100
    )
    changes = {
        c.field.lower(): (c.old, c.new)
        for c in client.get(reverse("history:task", args=[task_a.pk])).context["versions"][0].changes
    }
    assert changes["trạng thái"] == ("Đang thực hiện", "Hoàn thành")
    assert changes["ngày hoàn thành"] == ("—", timezone.localdate().strftime("%d/%m/%Y"))


def test_someone_without_a_post_is_named_by_role_not_user_name(client, db, dx_office):
    plan = factories.PlanFactory()
    plan.title = "Kế hoạch đã sửa"
    plan._history_user = dx_office
    plan.save()
    version = client.get(reverse("history:plan", args=[plan.pk])).context["versions"][0]
    assert version.who == "Văn phòng CĐS" and version.changes[0].new == "Kế hoạch đã sửa"


def test_a_documents_history_shows_a_changed_issuer_by_name(client, db):
    document = factories.DocumentFactory(issue_date=dt.date(2021, 5, 1))
    document.issuer = factories.UnitFactory(name="UBND tỉnh", short_name="")
    document.save()
    changes = client.get(reverse("history:document", args=[document.pk])).context["versions"][0].changes
    assert ("cơ quan ban hành", "UBND tỉnh") in [(c.field.lower(), c.new) for c in changes]


def test_the_task_page_links_its_history(client, task_a):
    html = client.get(task_a.get_absolute_url()).content.decode()
    assert reverse("history:task", args=[task_a.pk]) in html


def test_the_plan_and_document_pages_link_their_history_and_the_plans_feed(client, task_a):
    plan = task_a.plan
    html = client.get(reverse("plans:plan_detail", args=[plan.pk])).content.decode()
    assert reverse("history:plan", args=[plan.pk]) in html and reverse("history:plan_feed", args=[plan.pk]) in html
    document = factories.DocumentFactory()
    html = client.get(reverse("plans:document_detail", args=[document.pk])).content.decode()
    assert reverse("history:document", args=[document.pk]) in html


def test_history_and_feeds_follow_the_login_rule(client, task_a, settings, viewer):
    settings.DXT_LOGIN_REQUIRED = True
    for url in (reverse("history:task", args=[task_a.pk]), reverse("history:plan_feed", args=[task_a.plan_id])):
        assert client.get(url).status_code == 302, url
        assert client_for(viewer).get(url).status_code == 200, url


def test_the_plan_and_unit_feeds_carry_verified_updates_only(client, task_a, head_a, dx_office):
    pending = factories.TaskUpdateFactory(task=task_a, author=head_a, note="Chưa xác nhận")
    verified = factories.TaskUpdateFactory(task=task_a, author=head_a, note="Đã lắp đặt xong")
    services.update_verify(update=verified, user=dx_office)
    for url in (
        reverse("history:plan_feed", args=[task_a.plan_id]),
        reverse("history:unit_feed", args=[task_a.lead_unit_id]),
    ):
        response = client.get(url)
        assert response["Content-Type"].startswith("application/atom+xml")
        entries = ET.fromstring(response.content).findall(f"{ATOM}entry")
        assert [e.find(f"{ATOM}id").text for e in entries] == [f"taskupdate-{verified.pk}"]
        assert entries[0].find(f"{ATOM}author/{ATOM}name").text == "Giám đốc Sở TT&TT"
        assert "Đã lắp đặt xong" in entries[0].find(f"{ATOM}summary").text
    assert TaskUpdate.objects.get(pk=pending.pk).review_state == TaskUpdate.Review.PENDING


def _change_cooperating_units(task, user, *, add=(), remove=()):
    task._history_user = user  # what the admin's request gives simple-history
    task.cooperating_units.add(*add)
    task.cooperating_units.remove(*remove)


def test_the_history_says_which_cooperating_units_were_added_and_removed_and_by_whom(client, task_a, unit_b, dx_office):
    health = unit_b
    finance = factories.UnitFactory(name="Sở Tài chính", short_name="Sở TC")
    _change_cooperating_units(task_a, dx_office, add=[health, finance])
    _change_cooperating_units(task_a, dx_office, remove=[finance])
    response = client.get(reverse("history:task", args=[task_a.pk]))
    removed, added = response.context["versions"][:2]
    # A unit is named as the pages name it (its short name).
    assert [(c.kind, c.old) for c in removed.changes] == [("removed", "Sở TC")]
    assert sorted((c.kind, c.new) for c in added.changes) == [("added", "Sở TC"), ("added", "Sở YT")]
    assert removed.who == "Văn phòng CĐS"
    html = response.content.decode()
    assert "Thêm đơn vị phối hợp: Sở YT" in html and "Bỏ đơn vị phối hợp: Sở TC" in html


def test_an_update_after_a_cooperating_unit_change_shows_no_unit_again(client, task_a, unit_b, head_a, dx_office):
    _change_cooperating_units(task_a, dx_office, add=[unit_b])
    task_a.refresh_from_db()
    services.task_submit_update(task=task_a, user=head_a, expected_version=task_a.version, progress=70)
    newest = client.get(reverse("history:task", args=[task_a.pk])).context["versions"][0]
    assert [c.kind for c in newest.changes] == ["changed"]


def test_the_plan_and_unit_feeds_carry_cooperating_unit_changes(client, task_a, unit_b, dx_office):
    _change_cooperating_units(task_a, dx_office, add=[unit_b])
    _change_cooperating_units(task_a, dx_office, remove=[unit_b])
    for url in (
        reverse("history:plan_feed", args=[task_a.plan_id]),
        reverse("history:unit_feed", args=[task_a.lead_unit_id]),
    ):
        entries = ET.fromstring(client.get(url).content).findall(f"{ATOM}entry")
        titles = [e.find(f"{ATOM}title").text for e in entries]
        assert titles == [
            f"{task_a.code} {task_a.title}: bỏ đơn vị phối hợp: Sở YT",
            f"{task_a.code} {task_a.title}: thêm đơn vị phối hợp: Sở YT",
        ], url
        assert entries[0].find(f"{ATOM}author/{ATOM}name").text == "Văn phòng CĐS"
    other_plan = factories.PlanFactory()
    assert not ET.fromstring(client.get(reverse("history:plan_feed", args=[other_plan.pk])).content).findall(
        f"{ATOM}entry"
    )


def test_the_feed_reads_cooperating_unit_changes_in_a_fixed_number_of_queries(
    client, task_a, unit_b, dx_office, django_assert_max_num_queries
):
    from api.history import cooperating_unit_changes

    for _ in range(3):
        task = factories.TaskFactory(plan=task_a.plan, lead_unit=task_a.lead_unit)
        _change_cooperating_units(task, dx_office, add=[unit_b])
        _change_cooperating_units(task, dx_office, remove=[unit_b])
    # versions, units recorded, unit names, authors, their posts, their groups
    with django_assert_max_num_queries(6):
        assert len(cooperating_unit_changes(plan_id=task_a.plan_id)) == 6


def test_versions_recorded_before_units_were_tracked_get_the_tasks_units_so_nothing_reads_as_added(
    client, task_a, unit_b, head_a
):
    import importlib

    from django.apps import apps

    task_a.cooperating_units.add(unit_b)
    Row = Task.history.model.cooperating_units.model
    Row.objects.all().delete()  # as before the migration: versions without their units
    importlib.import_module("plans.migrations.0009_task_history_cooperating_units").backfill(apps, None)
    assert Row.objects.filter(history__id=task_a.pk).count() == task_a.history.count()
    task_a.refresh_from_db()
    services.task_submit_update(task=task_a, user=head_a, expected_version=task_a.version, progress=70)
    versions = client.get(reverse("history:task", args=[task_a.pk])).context["versions"]
    assert all(c.kind == "changed" for v in versions for c in v.changes)
