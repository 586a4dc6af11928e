"""A goal no data covers keeps a typed value, shown as "entered by …, source …": who typed it (their post or
role, never their user name), when, and the source they gave."""

from decimal import Decimal

from django.urls import reverse

from plans.models import Goal
from tests import factories
from tests.conftest import client_for


def _admin_form(goal: Goal, **changes) -> dict:
    data = {
        "plan": goal.plan_id,
        "statement": goal.statement,
        "deadline": "",
        "target_value": "90",
        "target_unit": "%",
        "direction": "at_least",
        "current_value": "",
        "current_value_note": "",
    }
    return {**data, **changes}


def test_typing_a_value_in_the_admin_records_who_by_role_and_when(db, dx_office):
    goal = factories.GoalFactory(target_value=Decimal("90"), target_unit="%")
    url = reverse("admin:plans_goal_change", args=[goal.pk])
    form = _admin_form(goal, current_value="93", current_value_note="Báo cáo Sở TT&TT 11/2026")
    response = client_for(dx_office).post(url, form)
    assert response.status_code == 302, response.content.decode()[:2000]
    goal.refresh_from_db()
    assert goal.current_value_entered_by == "Văn phòng CĐS" and goal.current_value_entered_at is not None
    stamp = goal.current_value_entered_at
    client_for(dx_office).post(url, {**form, "statement": goal.statement + " (sửa)"})
    goal.refresh_from_db()
    assert goal.current_value_entered_at == stamp  # the value itself did not change


def test_the_overview_shows_a_typed_value_as_entered_by_with_its_source_year_and_met(db, head_a, viewer):
    plan = factories.PlanFactory()
    factories.TaskFactory(plan=plan)
    goal = factories.GoalFactory(
        plan=plan, target_value=Decimal("90"), current_value=Decimal("93"), current_value_note="Báo cáo quý"
    )
    goal.record_typed_value(by="Giám đốc Sở TT&TT")
    goal.save()
    html = client_for(viewer).get(reverse("plans:overview")).content.decode()
    source = html.split('data-testid="goal-source"')[1].split("</td>")[0]
    assert 'data-source="entered"' in source
    assert "do Giám đốc Sở TT&amp;TT nhập" in source and "nguồn: Báo cáo quý" in source
    assert "head_a" not in html
    year = html.split('data-testid="goal-year"')[1].split("</td>")[0]
    assert year == f">{goal.current_value_entered_at.year}"
    assert ">đạt<" in html.split('data-testid="goal-met"')[1].split("</td>")[0]


def _change_form_data(response) -> dict:
    """The admin change form as the browser would send it back unchanged: main form and every inline."""
    data = {}
    forms = [response.context["adminform"].form]
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        forms += list(formset.forms)
        data.update({f"{formset.prefix}-{k}": v for k, v in formset.management_form.initial.items()})
    for form in forms:
        for name in form.fields:
            value = form[name].value()
            if value is None or value is False:
                continue
            key = form.add_prefix(name)
            data[key] = [str(v) for v in value] if isinstance(value, list | tuple) else str(value)
    return data


def test_typing_a_value_in_the_plans_goal_inline_records_who_and_when(db, dx_office):
    goal = factories.GoalFactory(target_value=Decimal("90"))
    client = client_for(dx_office)
    url = reverse("admin:plans_plan_change", args=[goal.plan_id])
    data = _change_form_data(client.get(url))
    prefix = next(k for k, v in data.items() if k.endswith("-id") and v == str(goal.pk))[: -len("-id")]
    data[f"{prefix}-current_value"] = "91"
    response = client.post(url, data)
    assert response.status_code == 302, response.context["errors"] if response.context else response
    goal.refresh_from_db()
    assert (goal.current_value, goal.current_value_entered_by) == (Decimal("91"), "Văn phòng CĐS")
