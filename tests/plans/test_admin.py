"""Every admin changelist and change form renders for a superuser, with the demo data loaded."""

import pytest
from django.contrib import admin
from django.urls import reverse

from plans import demo
from plans.models import Task, Timeliness

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_data():
    demo.load()


def _registered():
    return [(model, model_admin) for model, model_admin in admin.site._registry.items()]


@pytest.mark.parametrize("model", [m for m, _ in _registered()], ids=lambda m: m._meta.label)
def test_changelist_add_and_change_forms_render(client, superuser, demo_data, model):
    client.force_login(superuser)
    opts = model._meta
    changelist = client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"))
    assert changelist.status_code == 200
    add = client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_add"))
    assert add.status_code in (200, 403)  # 403: models that are not added by hand
    obj = model._default_manager.first()
    if obj is not None:
        change = client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk]))
        assert change.status_code == 200


def test_task_changelist_filters_by_timeliness_in_vietnamese(client, superuser, demo_data):
    client.force_login(superuser)
    url = reverse("admin:plans_task_changelist")
    response = client.get(url, {"timeliness": Timeliness.OVERDUE})
    assert response.status_code == 200
    shown = list(response.context["cl"].result_list)
    overdue = Task.objects.with_timeliness().filter(timeliness=Timeliness.OVERDUE)
    assert {t.pk for t in shown} == set(overdue.values_list("pk", flat=True))
    assert "Quá hạn" in response.content.decode()


def test_document_change_form_shows_its_links(client, superuser, demo_data):
    client.force_login(superuser)
    from plans.models import Document

    plan_doc = Document.objects.get(number="122/KH-UBND")
    response = client.get(reverse("admin:plans_document_change", args=[plan_doc.pk]))
    assert response.status_code == 200
    assert "09-NQ/TU" in response.content.decode()


def test_task_history_page_renders(client, superuser, demo_data):
    client.force_login(superuser)
    task = Task.objects.filter(parent__isnull=False).first()
    response = client.get(reverse("admin:plans_task_history", args=[task.pk]))
    assert response.status_code == 200


def test_plan_changelist_queries_do_not_grow_with_plans(client, superuser, django_assert_max_num_queries):
    from django.core.cache import cache

    from tests import factories

    client.force_login(superuser)
    url = reverse("admin:plans_plan_changelist")
    for _ in range(3):
        factories.TaskFactory(progress=40)
    cache.clear()
    with django_assert_max_num_queries(30) as small:
        client.get(url)
    for _ in range(12):
        factories.TaskFactory(progress=40)
    cache.clear()
    with django_assert_max_num_queries(30) as large:
        response = client.get(url)
    assert len(large.captured_queries) == len(small.captured_queries)
    assert "40%" in response.content.decode()


def test_admin_cannot_change_a_tasks_state_only_an_update_can(client, dx_office, superuser):
    from tests import factories
    from tests.plans.test_permissions import admin_task_form

    task = factories.TaskFactory(progress=20)
    client.force_login(dx_office)
    url = reverse("admin:plans_task_change", args=[task.pk])
    page = client.get(url).content.decode()
    assert reverse("plans:task_update", args=[task.pk]) in page
    assert 'name="progress"' not in page
    form = admin_task_form(task, url, title="Tên mới", progress="90", status="completed", completed_on="01/01/2026")
    assert client.post(url, form).status_code == 302
    task.refresh_from_db()
    assert task.title == "Tên mới"  # the rest of the form was saved
    assert (task.status, task.progress, task.completed_on) == ("in_progress", 20, None)


def test_dx_office_can_pick_a_leaders_user_account(client, dx_office, head_a):
    client.force_login(dx_office)
    assert client.get(reverse("admin:plans_leader_add")).status_code == 200
    response = client.get(
        reverse("admin:autocomplete"),
        {"term": "head", "app_label": "plans", "model_name": "leader", "field_name": "user"},
    )
    assert response.status_code == 200
    assert "head_a" in response.content.decode()


def test_notification_and_preferences_lists_name_people_and_filter(client, dx_office, head_a, task_a):
    from plans.models import Notification, TaskUpdate, UserPreferences
    from tests import factories

    head_a.first_name, head_a.last_name = "Lan", "Nguyễn Thị"
    head_a.save()
    update = factories.TaskUpdateFactory(task=task_a, author=head_a, review_state=TaskUpdate.Review.RETURNED)
    read = Notification.objects.create(recipient=head_a, kind=Notification.Kind.RETURNED, update=update)
    Notification.objects.filter(pk=read.pk).update(read_at=read.created_at)
    unread = Notification.objects.create(recipient=head_a, kind=Notification.Kind.VERIFIED, update=update)
    UserPreferences.objects.create(user=head_a, email_reminders=False)
    client.force_login(dx_office)
    response = client.get(reverse("admin:plans_notification_changelist"), {"read": "no"}, HTTP_ACCEPT_LANGUAGE="vi")
    assert [n.pk for n in response.context["cl"].result_list] == [unread.pk]
    page = response.content.decode()
    assert head_a.get_full_name() in page and task_a.code in page and "Chưa đọc" in page
    response = client.get(reverse("admin:plans_userpreferences_changelist"), {"q": "Lan"})
    assert [p.user_id for p in response.context["cl"].result_list] == [head_a.pk]
    assert head_a.email in response.content.decode()
