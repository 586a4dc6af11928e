"""The permission matrix of the plans' writes: every write URL and admin write × each role, asserting the response
and, where the write is refused, that the database is unchanged. The admin's pages, inlines and the DTI's
actions have their own matrix in tests/test_admin_permissions.py.

The story: head_a heads unit_a (task_a's lead unit), head_b heads unit_b (task_b's), head_c heads unit_c, which
only co-operates on task_a. `pending` is head_a's update on task_a, awaiting verification, with an evidence file
(head_b's on task_b likewise).
`inactive` is a DX office account that has been switched off.
"""

from __future__ import annotations

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core.files.base import ContentFile
from django.urls import reverse

from plans import rules
from plans.models import Plan, Status, Task, TaskUpdate
from tests import factories
from tests.conftest import client_for

ALLOWED = "allowed"
LOGIN = "login"  # anonymous (or a non-staff account in the admin): sent to a login page
FORBIDDEN = "forbidden"  # 403 page
REFUSED_FORM = "refused_form"  # the form is shown again with the rule's message
READ = "read"  # 200, and nothing written

ACTORS = [
    "anonymous",
    "inactive",
    "viewer",
    "head_a_own_task",
    "head_a_other_task",
    "cooperating_head",
    "dx_office",
    "superuser",
]
PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"


@pytest.fixture(autouse=True)
def _fast_passwords(settings, tmp_path):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.DXT_EVIDENCE_ROOT = str(tmp_path / "private")


@pytest.fixture
def world(unit_a, unit_b, head_a, head_b, task_a, task_b, viewer, dx_office, superuser):
    unit_c = factories.UnitFactory(name="Sở Tài chính", short_name="Sở TC")
    head_c = factories.UserFactory(username="head_c", groups=[rules.UNIT_HEAD])
    factories.LeaderFactory(unit=unit_c, user=head_c)
    inactive = factories.UserFactory(username="former", groups=[rules.DX_OFFICE], is_staff=True, is_active=False)
    task_a.cooperating_units.add(unit_c)
    pending_a = factories.TaskUpdateFactory(task=task_a, author=head_a, progress=20, status=Status.IN_PROGRESS)
    pending_a.evidence_file.save("minh-chung.pdf", ContentFile(PDF))
    pending_b = factories.TaskUpdateFactory(task=task_b, author=head_b, progress=20, status=Status.IN_PROGRESS)
    pending_b.evidence_file.save("minh-chung.pdf", ContentFile(PDF))
    factories.TaskFactory(lead_unit=unit_a, plan=task_a.plan, code="NV-XOA")
    return {
        "anonymous": (None, task_a, pending_a),
        "inactive": (inactive, task_a, pending_a),
        "viewer": (viewer, task_a, pending_a),
        "head_a_own_task": (head_a, task_a, pending_a),
        "head_a_other_task": (head_a, task_b, pending_b),
        "cooperating_head": (head_c, task_a, pending_a),
        "dx_office": (dx_office, task_a, pending_a),
        "superuser": (superuser, task_a, pending_a),
    }


def snapshot():
    """Everything a write could touch."""
    return (
        list(Task.objects.order_by("pk").values()),
        list(TaskUpdate.objects.order_by("pk").values()),
        list(Plan.objects.order_by("pk").values()),
    )


def management_forms(url: str) -> dict:
    """Empty management forms for every inline the admin page shows a superuser (other apps add inlines too)."""
    from django.contrib.auth import get_user_model

    response = client_for(get_user_model().objects.get(username="admin")).get(url)
    data = {}
    for inline in response.context["inline_admin_formsets"]:
        prefix = inline.formset.prefix
        data[f"{prefix}-TOTAL_FORMS"] = "0"
        data[f"{prefix}-INITIAL_FORMS"] = "0"
    return data


def admin_task_form(task: Task, url: str, **changes) -> dict:
    data = {
        "plan": task.plan_id,
        "parent": "",
        "code": task.code,
        "title": task.title,
        "description": task.description,
        "pillar": task.pillar,
        "field": task.field,
        "weight": str(task.weight),
        "lead_unit": task.lead_unit_id,
        "responsible_leader": task.responsible_leader_id or "",
        "start_date": task.start_date.strftime("%d/%m/%Y") if task.start_date else "",
        "due_date": task.due_date.strftime("%d/%m/%Y") if task.due_date else "",
        "status": task.status,
        "progress": task.progress,
        "completed_on": "",
        **management_forms(url),
    }
    data.update(changes)
    return data


# Each write: how to send it, and what each actor gets.
def do_task_update(client, task, update):
    return client.post(
        reverse("plans:task_update", args=[task.pk]),
        {"version": task.version, "status": Status.IN_PROGRESS, "progress": 60, "note": "Đạt 60%"},
    )


def do_verify(client, task, update):
    return client.post(reverse("plans:update_review", args=[update.pk]), {"action": "verify"})


def do_return(client, task, update):
    return client.post(
        reverse("plans:update_review", args=[update.pk]), {"action": "return", "review_note": "Thiếu minh chứng"}
    )


def do_evidence_download(client, task, update):
    return client.get(reverse("plans:evidence_download", args=[update.pk]))


def do_admin_task_change(client, task, update):
    url = reverse("admin:plans_task_change", args=[task.pk])
    return client.post(url, admin_task_form(task, url, title="Đổi tên qua admin"))


def do_admin_task_add(client, task, update):
    url = reverse("admin:plans_task_add")
    return client.post(url, admin_task_form(task, url, code="NV-MOI", title="Nhiệm vụ mới"))


def do_admin_task_delete(client, task, update):
    # A task that has updates cannot be deleted (their history is append-only): see the test below.
    fresh = Task.objects.get(code="NV-XOA")
    return client.post(reverse("admin:plans_task_delete", args=[fresh.pk]), {"post": "yes"})


def do_admin_plan_change(client, task, update):
    plan = task.plan
    url = reverse("admin:plans_plan_change", args=[plan.pk])
    return client.post(
        url,
        {
            "title": "Kế hoạch đổi tên",
            "document": "",
            "start_year": plan.start_year,
            "end_year": plan.end_year,
            "owner": plan.owner_id,
            "description": "",
            **management_forms(url),
        },
    )


def do_admin_update_change(client, task, update):
    return client.post(
        reverse("admin:plans_taskupdate_change", args=[update.pk]),
        {"task": task.pk, "status": Status.COMPLETED, "progress": 100, "note": "sửa", "review_state": "pending"},
    )


def do_admin_update_delete(client, task, update):
    return client.post(reverse("admin:plans_taskupdate_delete", args=[update.pk]), {"post": "yes"})


def do_admin_action_verify(client, task, update):
    return client.post(
        reverse("admin:plans_taskupdate_changelist"), {"action": "verify_updates", ACTION_CHECKBOX_NAME: [update.pk]}
    )


def do_admin_action_return(client, task, update):
    return client.post(
        reverse("admin:plans_taskupdate_changelist"),
        {
            "action": "return_updates",
            ACTION_CHECKBOX_NAME: [update.pk],
            "confirm": "1",
            "review_note": "Thiếu minh chứng",
        },
    )


NOT_STAFF = {"viewer", "head_a_own_task", "head_a_other_task", "cooperating_head"}


def expect(allowed: set[str], *, coop: str = FORBIDDEN, admin: bool = False) -> dict[str, str]:
    """The expected outcome per actor; in the admin, accounts that are not staff are sent to its login page."""
    out = {}
    for actor in ACTORS:
        if actor in allowed:
            out[actor] = ALLOWED
        elif actor in ("anonymous", "inactive") or (admin and actor in NOT_STAFF):
            out[actor] = LOGIN
        elif actor == "cooperating_head":
            out[actor] = coop
        else:
            out[actor] = FORBIDDEN
    return out


def reads(allowed: set[str]) -> dict[str, str]:
    return {actor: READ if outcome == ALLOWED else outcome for actor, outcome in expect(allowed).items()}


PROGRAMME_EDITORS = {"dx_office", "superuser"}
WRITES = {
    "task_update": (do_task_update, expect({"head_a_own_task", *PROGRAMME_EDITORS}, coop=REFUSED_FORM)),
    "review_verify": (do_verify, expect(PROGRAMME_EDITORS)),
    "review_return": (do_return, expect(PROGRAMME_EDITORS)),
    # Evidence is for every signed-in user, never for a public URL.
    "evidence_download": (do_evidence_download, reads(set(ACTORS) - {"anonymous", "inactive"})),
    "admin_task_change": (do_admin_task_change, expect(PROGRAMME_EDITORS, admin=True)),
    "admin_task_add": (do_admin_task_add, expect(PROGRAMME_EDITORS, admin=True)),
    "admin_task_delete": (do_admin_task_delete, expect(PROGRAMME_EDITORS, admin=True)),
    "admin_plan_change": (do_admin_plan_change, expect(PROGRAMME_EDITORS, admin=True)),
    # Task updates are append-only: nobody edits or deletes one, not even a superuser.
    "admin_update_change": (do_admin_update_change, expect(set(), admin=True)),
    "admin_update_delete": (do_admin_update_delete, expect(set(), admin=True)),
    "admin_action_verify": (do_admin_action_verify, expect(PROGRAMME_EDITORS, admin=True)),
    "admin_action_return": (do_admin_action_return, expect(PROGRAMME_EDITORS, admin=True)),
}


@pytest.mark.parametrize("actor", ACTORS)
@pytest.mark.parametrize("write", list(WRITES))
def test_permission_matrix(world, write, actor):
    action, outcomes = WRITES[write]
    expected = outcomes[actor]
    user, task, update = world[actor]
    task.refresh_from_db()
    before = snapshot()
    response = action(client_for(user), task, update)

    if expected == ALLOWED:
        context = getattr(response, "context", None) or {}
        assert response.status_code == 302, (context.get("errors"), context.get("inline_admin_formsets"))
        assert snapshot() != before, "an allowed write must change something"
        return
    if expected == READ:
        assert response.status_code == 200
    elif expected == LOGIN:
        assert response.status_code == 302
        assert "login" in response["Location"]
    elif expected == FORBIDDEN:
        assert response.status_code == 403
        if not write.startswith("admin_"):
            assert 'data-testid="forbidden"' in response.content.decode()
    elif expected == REFUSED_FORM:
        assert response.status_code == 200
        assert "is-invalid" in response.content.decode() or "form-errors" in response.content.decode()
    assert snapshot() == before, f"{actor} changed the database through {write}"


def test_admin_writes_bump_task_version(world, dx_office):
    _, task, _ = world["dx_office"]
    version = task.version
    response = do_admin_task_change(client_for(dx_office), task, None)
    assert response.status_code == 302
    task.refresh_from_db()
    assert (task.title, task.version) == ("Đổi tên qua admin", version + 1)


def test_cooperating_head_may_add_a_note(world):
    head_c, task, _ = world["cooperating_head"]
    before = (task.status, task.progress, task.updates.count())
    response = client_for(head_c).post(
        reverse("plans:task_update", args=[task.pk]), {"version": task.version, "note": "Sở TC đã cấp kinh phí"}
    )
    assert response.status_code == 302
    task.refresh_from_db()
    assert (task.status, task.progress, task.updates.count()) == (before[0], before[1], before[2] + 1)


def test_viewer_and_heads_have_no_admin_rights_even_with_model_permissions(world, viewer):
    """The admin asks the rules, not Django's per-model permissions a group or a user may have been given."""
    from django.contrib.auth.models import Permission

    viewer.is_staff = True
    viewer.save()
    viewer.user_permissions.add(*Permission.objects.filter(content_type__app_label="plans"))
    _, task, _ = world["viewer"]
    before = snapshot()
    response = do_admin_task_change(client_for(viewer), task, None)
    assert response.status_code == 403
    assert snapshot() == before


def test_update_mode_by_role(world):
    expected = {
        "viewer": None,
        "head_a_own_task": rules.UpdateMode.FULL,
        "head_a_other_task": None,
        "cooperating_head": rules.UpdateMode.NOTE,
        "dx_office": rules.UpdateMode.FULL,
        "superuser": rules.UpdateMode.FULL,
    }
    for actor, mode in expected.items():
        user, task, _ = world[actor]
        assert rules.update_mode(user, task) is mode, actor


def test_task_with_updates_cannot_be_deleted_even_by_superuser(world, superuser):
    _, task, _ = world["superuser"]
    before = snapshot()
    response = client_for(superuser).post(reverse("admin:plans_task_delete", args=[task.pk]), {"post": "yes"})
    assert response.status_code == 403
    assert snapshot() == before


def test_admin_return_action_asks_for_a_reason_first(world, dx_office):
    _, _, update = world["dx_office"]
    before = snapshot()
    client = client_for(dx_office)
    url = reverse("admin:plans_taskupdate_changelist")
    page = client.post(url, {"action": "return_updates", ACTION_CHECKBOX_NAME: [update.pk]})
    assert page.status_code == 200
    assert 'name="review_note"' in page.content.decode()
    empty = client.post(
        url, {"action": "return_updates", ACTION_CHECKBOX_NAME: [update.pk], "confirm": "1", "review_note": " "}
    )
    assert empty.status_code == 200
    assert snapshot() == before
    update.refresh_from_db()
    assert update.review_state == TaskUpdate.Review.PENDING


def test_template_filters_follow_permissions(world):
    from django.template import Context, Template

    template = Template("{% load workflow %}{% if user|can_report_on:task %}yes{% else %}no{% endif %}")
    for actor, expected in [("viewer", "no"), ("head_a_own_task", "yes"), ("head_a_other_task", "no")]:
        user, task, _ = world[actor]
        assert template.render(Context({"user": user, "task": task})) == expected, actor


def test_inactive_accounts_have_no_permission_at_all(world, superuser, dx_office):
    """Every rule registered (plans' and the DTI's), with and without an object, for switched-off accounts."""
    from rules.permissions import permissions as registry

    _, task, update = world["dx_office"]
    for user in (superuser, dx_office):
        user.is_active = False
        user.save(update_fields=["is_active"])
    assert "indicators.import_observations" in registry  # the DTI's rules are registered too
    for name in registry:
        for obj in (None, task, update):
            for user in (superuser, dx_office):
                assert not user.has_perm(name, obj), (user.username, name, obj)


def test_pages_need_a_sign_in_only_when_the_setting_says_so(world, settings):
    anonymous = client_for(None)
    assert anonymous.get(reverse("plans:task_list")).status_code == 200
    settings.DXT_LOGIN_REQUIRED = True
    response = anonymous.get(reverse("plans:task_list"))
    assert response.status_code == 302 and "login" in response["Location"]
    viewer, _, _ = world["viewer"]
    assert client_for(viewer).get(reverse("plans:task_list")).status_code == 200
