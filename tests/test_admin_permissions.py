"""Who gets which admin page, inline and DTI action: every role × every registered admin model (read from
`admin.site._registry`, so a model registered later is in the matrix at once) × its changelist, add and change
pages; × every inline; × the DTI's import, recompute and admin actions. The plans' writes (update form, review,
evidence, admin saves) are in tests/plans/test_permissions.py.

The roles: anonymous, an inactive DX office account, the leadership viewer, the head of the task's unit, the head
of another unit, the DX office, the superuser. The viewer and the heads are given staff status here, so that the
matrix tests the rules rather than the admin's staff gate (without it they only get the admin's login page).
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib import admin
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from indicators import services as dti_services
from indicators.models import (
    Framework,
    GoalMeasure,
    Indicator,
    LinkProjection,
    Observation,
    Province,
    Scenario,
    ScoreRun,
)
from plans import rules
from plans.models import Notification, UnitAlias, UserPreferences
from reports.models import ReportPeriod, ReportSettings, Snapshot
from tests import factories
from tests.conftest import client_for

ROLES = ["anonymous", "inactive", "viewer", "head_own", "head_other", "dx_office", "superuser"]
OK, LOGIN, FORBIDDEN = 200, "login", 403

# --- admin pages ------------------------------------------------------------------------------------------------

EVERY = {"changelist", "add", "change"}
READ_ONLY = {"changelist", "change"}

# The DX office's admin: the pages it gets, per model. Any registered model not listed here: none.
DX_OFFICE_PAGES = {
    "plans.unit": EVERY,
    "plans.unitalias": EVERY,  # the other names plans use for units, matched by the imports
    "plans.leader": EVERY,
    "plans.document": EVERY,
    "plans.plan": EVERY,
    "plans.goal": EVERY,
    "plans.task": EVERY,
    "plans.taskupdate": READ_ONLY,  # append-only: verified or returned by its actions
    "plans.field": EVERY,  # the province's fields and its priority ones
    "plans.programmesettings": EVERY,  # the province, the DX office's unit, the target rank
    "plans.notification": READ_ONLY,  # written by reviews: whether and when a head was told and read it
    "plans.userpreferences": EVERY,  # a person's e-mail choices, set for them (a bouncing mailbox)
    "indicators.province": EVERY,
    "indicators.framework": EVERY,
    "indicators.indicator": EVERY,  # max points
    "indicators.observation": EVERY,
    "indicators.publishedresult": EVERY,
    "indicators.publishedaverage": EVERY,
    "indicators.scorerun": READ_ONLY,  # written by the recomputation only
    "indicators.linkprojection": EVERY,  # the value a task link projects, for the what-if
    "indicators.scenario": READ_ONLY,  # saved from the what-if page
    "indicators.goalmeasure": EVERY,  # what a goal measures on the DTI
    "axes.accessattempt": READ_ONLY,  # unlocking an account deletes its attempts
    "auth.user": READ_ONLY,  # to pick a leader's account
    "reports.reportperiod": EVERY,
    "reports.snapshot": READ_ONLY,  # built by closing a period only
    "reports.reportsettings": EVERY,
    "api.apitoken": EVERY,  # issues and revokes anyone's API token
}

# Pages nobody gets, not even a superuser: rows that are never added by hand.
NEVER_ADDED = {
    "plans.taskupdate",
    "indicators.scorerun",
    "indicators.scenario",
    "axes.accessattempt",
    "axes.accesslog",
    "axes.accessfailurelog",
    "reports.snapshot",
    "reports.reportsettings",  # one row: its add page is refused once the row exists
    "plans.programmesettings",  # one row, created by a migration
    "plans.notification",  # written by a review
}


def expected_page(role: str, label: str, page: str):
    if role in ("anonymous", "inactive"):
        return LOGIN
    if page == "add" and label in NEVER_ADDED:
        return FORBIDDEN
    if role == "superuser" or (role == "dx_office" and page in DX_OFFICE_PAGES.get(label, ())):
        return OK
    return FORBIDDEN


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def people(unit_a, unit_b, head_a, head_b, viewer, dx_office, superuser):
    inactive = factories.UserFactory(username="former", groups=[rules.DX_OFFICE], is_staff=True, is_active=False)
    for user in (viewer, head_a, head_b):
        user.is_staff = True
        user.save(update_fields=["is_staff"])
    return {
        "anonymous": None,
        "inactive": inactive,
        "viewer": viewer,
        "head_own": head_a,  # heads the sample task's unit
        "head_other": head_b,
        "dx_office": dx_office,
        "superuser": superuser,
    }


@pytest.fixture
def samples(people, task_a, head_a):
    """One row of every registered admin model, so that every change page is opened."""
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog
    from django_celery_beat.models import (
        ClockedSchedule,
        CrontabSchedule,
        IntervalSchedule,
        PeriodicTask,
        SolarSchedule,
    )

    factories.GoalFactory(plan=task_a.plan)
    UnitAlias.objects.create(alias="Sở TTTT", unit=task_a.lead_unit)
    factories.DocumentFactory()
    factories.TaskFactory(plan=task_a.plan, parent=task_a, lead_unit=task_a.lead_unit)
    reviewed = factories.TaskUpdateFactory(task=task_a, author=head_a)
    Notification.objects.create(recipient=head_a, kind=Notification.Kind.VERIFIED, update=reviewed)
    UserPreferences.objects.create(user=head_a, email_reminders=False)
    framework = Framework.objects.get(code="922/QĐ-BTTTT")
    indicator = Indicator.objects.filter(framework=framework).first()
    indicator.tasks.add(task_a)
    province = Province.objects.first()
    Observation.objects.create(province=province, indicator=indicator, year=2022, value=0.5)
    ScoreRun.objects.create(framework=framework, year=2022, trigger=ScoreRun.Trigger.MANUAL, started_at=timezone.now())
    LinkProjection.objects.create(indicator=indicator, task=task_a, projected_value=0.8)
    Scenario.objects.create(name="Hạ tầng", province=province, year=2022, values={"HTS": 0.9})
    GoalMeasure.objects.create(goal=factories.GoalFactory(plan=task_a.plan), province=province)
    attempt = {"ip_address": "10.0.0.1", "user_agent": "x", "path_info": "/login/", "username": "head_a"}
    AccessAttempt.objects.create(**attempt, get_data="", post_data="", http_accept="*/*", failures_since_start=5)
    AccessLog.objects.create(**attempt, http_accept="*/*")
    AccessFailureLog.objects.create(**attempt, http_accept="*/*", locked_out=True)
    interval = IntervalSchedule.objects.create(every=1, period=IntervalSchedule.DAYS)
    CrontabSchedule.objects.create(hour="7", minute="0")
    SolarSchedule.objects.create(event="sunrise", latitude=20.4, longitude=106.2)
    ClockedSchedule.objects.create(clocked_time=timezone.now())
    PeriodicTask.objects.create(name="thử", task="plans.tasks.send_reminders", interval=interval)
    period = ReportPeriod.objects.create(
        code="2026-Q3", kind="quarter", start=dt.date(2026, 7, 1), end=dt.date(2026, 9, 30)
    )
    Snapshot.objects.create(period=period, as_of=period.end, data={})
    ReportSettings.load()
    from api.models import ApiToken

    ApiToken.issue(user=head_a, name="LGSP")
    return task_a


def admin_url(model, page: str, obj=None) -> str:
    opts = model._meta
    args = [obj.pk] if page == "change" else []
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_{page}", args=args)


def outcome(response):
    if response.status_code == 302 and "/login/" in response["Location"]:
        return LOGIN
    return response.status_code


@pytest.mark.parametrize("model", list(admin.site._registry), ids=lambda m: m._meta.label_lower)
def test_admin_pages_by_role(people, samples, model):
    label = model._meta.label_lower
    obj = model._default_manager.first()
    assert obj is not None, f"add a {label} row to the `samples` fixture, so that its change page is tested"
    actual, expected = {}, {}
    for role, user in people.items():
        client = client_for(user)
        for page in ("changelist", "add", "change"):
            actual[role, page] = outcome(client.get(admin_url(model, page, obj)))
            expected[role, page] = expected_page(role, label, page)
    assert actual == expected


def test_the_dx_office_list_names_only_registered_models():
    registered = {model._meta.label_lower for model in admin.site._registry}
    assert set(DX_OFFICE_PAGES) <= registered
    assert registered >= NEVER_ADDED


def test_the_admin_index_shows_the_dx_office_its_models(people):
    html = client_for(people["dx_office"]).get(reverse("admin:index")).content.decode()
    for name in ("plans", "indicators", "axes"):
        assert reverse("admin:app_list", args=[name]) in html
    assert reverse("admin:app_list", args=["django_celery_beat"]) not in html


def test_staff_status_alone_opens_nothing(people):
    response = client_for(people["viewer"]).get(reverse("admin:index"))
    assert response.status_code == 200
    assert reverse("admin:app_list", args=["plans"]) not in response.content.decode()


def test_nobody_edits_or_deletes_a_notification_and_a_preferences_row_keeps_its_person(people, samples):
    """A notification's content is the review it tells of: its change page is read only, for a superuser too; a
    person's e-mail choices may be changed for them, never moved to another person."""
    from django.contrib.auth import get_user_model

    notification = Notification.objects.get()
    prefs = UserPreferences.objects.get()
    for role in ("dx_office", "superuser"):
        client = client_for(people[role])
        page = client.get(admin_url(Notification, "change", notification)).content.decode()
        assert 'name="kind"' not in page and 'name="read_at' not in page and 'name="_save"' not in page
        assert reverse("admin:plans_taskupdate_change", args=[notification.update_id]) in page
        assert client.post(admin_url(Notification, "change", notification), {"kind": "returned"}).status_code == 403
        delete = reverse("admin:plans_notification_delete", args=[notification.pk])
        assert client.post(delete, {"post": "yes"}).status_code == 403
        other = get_user_model().objects.exclude(pk=prefs.user_id).first()
        response = client.post(
            admin_url(UserPreferences, "change", prefs), {"user": other.pk, "email_notifications": "on"}
        )
        assert response.status_code == 302
        prefs.refresh_from_db()
        assert (prefs.user_id, prefs.email_notifications, prefs.email_reminders) == (people["head_own"].pk, True, False)
    notification.refresh_from_db()
    assert notification.kind == Notification.Kind.VERIFIED


# --- inlines ----------------------------------------------------------------------------------------------------

ALL_RIGHTS = {"view", "add", "change", "delete"}
VIEW = {"view"}

# Inline: (the DX office's rights, a superuser's rights). Every other role: none.
INLINE_RIGHTS = {
    "UnitChildInline": (ALL_RIGHTS, ALL_RIGHTS),
    "LeaderInline": (ALL_RIGHTS, ALL_RIGHTS),
    "DocumentLinkInline": (ALL_RIGHTS, ALL_RIGHTS),
    "ImplementedByInline": (ALL_RIGHTS, ALL_RIGHTS),
    "GoalInline": (ALL_RIGHTS, ALL_RIGHTS),
    # A task's state changes only through an update: tasks are listed read-only, with links.
    "PlanTaskInline": (VIEW, VIEW),
    "SubtaskInline": (VIEW, VIEW),
    "TaskUpdateInline": (VIEW, VIEW),  # append-only
    "TaskIndicatorInline": (ALL_RIGHTS, ALL_RIGHTS),  # the task's DTI indicators
    "IndicatorInline": ({"view", "add", "change"}, ALL_RIGHTS),  # deleting DTI rows is left to superusers
    "PeriodicTaskInline": (set(), {"view", "change", "delete"}),  # the beat schedule: superusers only
}


def registered_inlines():
    return [
        (model_admin, inline_class)
        for model_admin in admin.site._registry.values()
        for inline_class in model_admin.inlines
    ]


def rights(inline, user, obj) -> set[str]:
    request = RequestFactory().get("/")
    request.user = user or AnonymousUser()
    checks = {
        "view": inline.has_view_permission(request, obj),
        "add": inline.has_add_permission(request, obj),
        "change": inline.has_change_permission(request, obj),
        "delete": inline.has_delete_permission(request, obj),
    }
    return {name for name, allowed in checks.items() if allowed}


@pytest.mark.parametrize(
    "model_admin, inline_class", registered_inlines(), ids=lambda x: getattr(x, "__name__", str(x))
)
def test_inline_rights_by_role(people, samples, model_admin, inline_class):
    assert inline_class.__name__ in INLINE_RIGHTS, f"add {inline_class.__name__} to INLINE_RIGHTS"
    inline = inline_class(model_admin.model, admin.site)
    parent = model_admin.model._default_manager.first()
    dx_office, superuser = INLINE_RIGHTS[inline_class.__name__]
    expected = {role: set() for role in ROLES} | {"dx_office": dx_office, "superuser": superuser}
    assert {role: rights(inline, user, parent) for role, user in people.items()} == expected


def test_task_inlines_are_read_only_lists_linking_to_each_task(people, samples):
    task = samples
    subtask = task.children.get()
    client = client_for(people["dx_office"])
    for url in (admin_url(type(task), "change", task), reverse("admin:plans_plan_change", args=[task.plan_id])):
        html = client.get(url).content.decode()
        shown = subtask if "/task/" in url else task
        assert reverse("admin:plans_task_change", args=[shown.pk]) in html
        assert 'name="children-0-status"' not in html and 'name="tasks-0-progress"' not in html
        assert 'name="children-0-progress"' not in html and 'name="tasks-0-status"' not in html


# --- the DTI's import and recompute -----------------------------------------------------------------------------

DONE = "done"


def do_import_page(client, framework):
    return client.get(reverse("indicators:import"))


def do_import_template(client, framework):
    return client.get(reverse("indicators:import_template", args=["csv"]))


def do_recompute_now(client, framework):
    return client.post(reverse("indicators:recompute"), {"framework": framework.pk, "year": 2022})


def do_admin_recompute_frameworks(client, framework):
    url = reverse("admin:indicators_framework_changelist")
    return client.post(url, {"action": "recompute_frameworks", ACTION_CHECKBOX_NAME: [framework.pk]})


def do_admin_run_again(client, framework):
    run = ScoreRun.objects.get(framework=framework)
    url = reverse("admin:indicators_scorerun_changelist")
    return client.post(url, {"action": "rerun", ACTION_CHECKBOX_NAME: [run.pk]})


def dx_office_only(done) -> dict:
    out = dict.fromkeys(ROLES, FORBIDDEN) | {"anonymous": LOGIN, "inactive": LOGIN}
    return out | {"dx_office": done, "superuser": done}


DTI_ACTIONS = {
    "import page": (do_import_page, dx_office_only(OK)),
    "import template": (do_import_template, dx_office_only(OK)),
    "recompute from the ranking page": (do_recompute_now, dx_office_only(DONE)),
    "admin: recompute frameworks": (do_admin_recompute_frameworks, dx_office_only(DONE)),
    "admin: run a score run again": (do_admin_run_again, dx_office_only(DONE)),
}


@pytest.mark.parametrize("action", list(DTI_ACTIONS))
def test_dti_actions_by_role(people, samples, monkeypatch, action):
    do, expected = DTI_ACTIONS[action]
    framework = Framework.objects.get(code="922/QĐ-BTTTT")
    actual = {}
    requested = []
    monkeypatch.setattr(dti_services, "request_recompute", lambda **kwargs: requested.append(kwargs))
    for role, user in people.items():
        requested.clear()
        result = outcome(do(client_for(user), framework))
        if requested:
            assert result == 302, (role, result)
            result = DONE
        actual[role] = result
    assert actual == expected


def test_the_ranking_page_offers_import_and_recompute_to_the_dx_office_only(people, samples):
    shown = {}
    for role, user in people.items():
        response = client_for(user).get(reverse("indicators:ranking"), {"year": 2022})
        shown[role] = reverse("indicators:import") in response.content.decode()
    assert shown == {role: role in ("dx_office", "superuser") for role in ROLES}


# --- the imports (onboarding) -----------------------------------------------------------------------------------


def do_plan_import_page(client, plan):
    return client.get(reverse("admin:plans_plan_import", args=[plan.pk]))


def do_plan_import_preview(client, plan):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.plans.onboarding import annexes

    data = annexes.xlsx(annexes.rows())
    return client.post(reverse("admin:plans_plan_import", args=[plan.pk]), {"file": SimpleUploadedFile("a.xlsx", data)})


def do_plan_import_template(client, plan):
    return client.get(reverse("admin:plans_plan_import_template"))


def do_units_import_page(client, plan):
    return client.get(reverse("admin:plans_unit_import"))


def do_units_import_preview(client, plan):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.plans.onboarding import annexes

    data = annexes.xlsx([["Đơn vị", "Loại"], ["Sở Mới", "Sở"]])
    return client.post(reverse("admin:plans_unit_import"), {"file": SimpleUploadedFile("u.xlsx", data)})


def do_units_import_template(client, plan):
    return client.get(reverse("admin:plans_unit_import_template"))


IMPORT_ACTIONS = {
    "units import page": do_units_import_page,
    "units import preview": do_units_import_preview,
    "units import template": do_units_import_template,
    "plan import page": do_plan_import_page,
    "plan import preview": do_plan_import_preview,
    "plan import template": do_plan_import_template,
}


@pytest.mark.parametrize("action", list(IMPORT_ACTIONS))
def test_import_pages_by_role(people, samples, action):
    plan = samples.plan
    before = plan.tasks.count()
    actual = {role: outcome(IMPORT_ACTIONS[action](client_for(user), plan)) for role, user in people.items()}
    assert actual == dx_office_only(OK)
    assert plan.tasks.count() == before  # a preview writes nothing
    assert not plan.tasks.model.lead_unit.field.related_model.objects.filter(name="Sở Mới").exists()
