"""Demo data: the seed's real facts, sample tasks in every timeliness class, and idempotency."""

import json
from io import StringIO

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management import call_command

from plans import demo, extensions, rules
from plans.models import Document, Goal, Leader, Plan, Task, TaskUpdate, Timeliness, Unit

pytestmark = pytest.mark.django_db


def _counts():
    return {
        m._meta.label: m._default_manager.count()
        for m in apps.get_models()
        if not m._meta.label.startswith(("sessions.", "admin.", "axes.")) and "Historical" not in m.__name__
    }


def test_load_demo_twice_changes_nothing():
    call_command("load_demo")
    first = _counts()
    snapshot = sorted(Task.objects.values_list("code", "status", "progress", "due_date", "version"))
    call_command("load_demo")
    assert _counts() == first
    assert sorted(Task.objects.values_list("code", "status", "progress", "due_date", "version")) == snapshot


def test_seed_documents_and_their_links():
    call_command("load_demo")
    numbers = set(Document.objects.values_list("number", flat=True))
    assert {"17/NQ-CP", "52-NQ/TW", "749/QĐ-TTg", "09-NQ/TU", "122/KH-UBND", "08-CT/TU"} <= numbers
    resolution = Document.objects.get(number="09-NQ/TU")
    assert resolution.issue_date.isoformat() == "2021-10-15"
    assert set(resolution.implements.values_list("number", flat=True)) == {"17/NQ-CP", "52-NQ/TW", "749/QĐ-TTg"}
    assert list(Document.objects.get(number="122/KH-UBND").implements.values_list("number", flat=True)) == ["09-NQ/TU"]
    kinds = set(Document.objects.values_list("kind", flat=True))
    assert {Document.Kind.ARCHITECTURE, Document.Kind.AGREEMENT, Document.Kind.DIRECTIVE} <= kinds


def test_plan_goals_and_steering_committee():
    call_command("load_demo")
    plan = Plan.objects.get(document__number="122/KH-UBND")
    rank_goal = Goal.objects.get(plan=plan, target_value=20)
    assert rank_goal.direction == Goal.Direction.AT_MOST
    assert rank_goal.deadline.year == 2025
    assert Goal.objects.filter(plan=plan, deadline__year=2030).exists()
    steering = Unit.objects.get(kind=Unit.Kind.STEERING)
    assert "Chủ tịch UBND tỉnh" in steering.head_on().position_title
    assert Leader.objects.filter(unit=steering, role=Leader.Role.MEMBER).count() >= 10
    # Positions only: no person's name is invented.
    assert not Leader.objects.exclude(person_name="").exists()


def test_sample_tasks_cover_every_timeliness_class_and_are_marked():
    call_command("load_demo")
    tasks = Task.objects.with_timeliness()
    assert tasks.count() >= 60
    assert set(tasks.values_list("timeliness", flat=True)) == set(Timeliness.values)
    assert not tasks.filter(is_sample=False).exists()
    assert TaskUpdate.objects.exists() and not TaskUpdate.objects.filter(is_sample=False).exists()
    assert set(tasks.values_list("pillar", flat=True)) == {"government", "economy", "society", "foundation"}
    assert {"e_government", "smart_city", "health", "education", "environment"} <= set(
        tasks.values_list("field", flat=True)
    )


def test_one_demo_user_per_role_and_heads_of_two_units():
    call_command("load_demo")
    users = get_user_model().objects.filter(
        username__in=["lanhdao", "vanphong", "quantri", "truong.tttt", "truong.yte"]
    )
    groups = {g for u in users for g in u.groups.values_list("name", flat=True)}
    assert groups == set(rules.ALL)
    head_units = Leader.objects.filter(user__groups__name=rules.UNIT_HEAD).values_list("unit", flat=True)
    assert len(set(head_units)) >= 2


def _rows():
    """Every field of every programme row and demo user, for comparing two loads."""
    from django.core import serializers

    from plans.models import DocumentLink

    models = [Unit, Leader, Document, DocumentLink, Plan, Goal, Task, TaskUpdate, get_user_model()]
    rows = {}
    for model in models:
        for row in json.loads(serializers.serialize("json", model._default_manager.order_by("pk"))):
            row["fields"].pop("updated_at", None)
            rows[(model._meta.label, row["pk"])] = row["fields"]
    return rows


def test_loading_the_demo_data_twice_changes_no_field():
    demo.load()
    first = _rows()
    demo.load()
    assert _rows() == first


def test_every_row_of_the_data_files_is_loaded():
    call_command("load_demo")
    assert Unit.objects.count() == len(demo.read_csv("units.csv"))
    assert Document.objects.count() == len(demo.read_csv("documents.csv"))
    sample_rows = demo.read_csv("sample_task_groups.csv") + demo.read_csv("sample_tasks.csv")
    assert sorted(Task.objects.values_list("code", "title")) == sorted((r["code"], r["title"]) for r in sample_rows)
    assert set(get_user_model().objects.values_list("username", flat=True)) == {u.username for u in demo.demo_users()}


def test_every_sample_row_is_marked_as_sample_data():
    demo.load()
    assert Task.objects.count() and not Task.objects.exclude(is_sample=True).exists()
    assert not Task.objects.exclude(description=demo.SAMPLE_NOTE).exists()
    assert TaskUpdate.objects.count() and not TaskUpdate.objects.exclude(is_sample=True).exists()
    assert not TaskUpdate.objects.exclude(note__endswith=f"({demo.SAMPLE_NOTE})").exists()
    assert "dữ liệu minh họa" in Plan.objects.get().description


def test_load_demo_runs_the_registered_demo_loaders_after_the_programme(monkeypatch):
    seen = []
    monkeypatch.setattr(extensions, "_demo_loaders", [lambda: seen.append(Task.objects.count())])
    call_command("load_demo")
    assert seen == [Task.objects.count()] and seen[0] > 0


def test_the_dx_index_links_sample_tasks_to_indicators_through_load_demo():
    call_command("load_demo")
    assert Task.objects.filter(indicators__isnull=False).exists()


def test_demo_logins_lists_the_demo_users():
    call_command("load_demo")
    out = StringIO()
    call_command("demo_logins", stdout=out)
    for user in demo.demo_users():
        assert user.username in out.getvalue()
    assert demo.DEMO_PASSWORD in out.getvalue()


def test_load_demo_leaves_the_summaries_equal_to_rebuilt_ones():
    from tests.plans.test_summaries import assert_agree

    call_command("load_demo", stdout=StringIO())
    assert Task.objects.filter(last_update_at__isnull=False).exists()  # the sample updates are counted
    assert_agree()
