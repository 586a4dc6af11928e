"""The task list's plan, unit and head filters: a drop-down while the rows are few, a name box with suggestions
when they are many (a national instance lists thousands of units and heads). Either way a filter takes a row's
id, or a typed name matched as the search matches (case and diacritics ignored)."""

import re

import factory
import pytest
from django.urls import reverse

from plans.models import Unit
from plans.selectors import choices
from plans.templatetags import pages
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def province():
    health = factories.UnitFactory(name="Sở Y tế", short_name="")
    hospital = factories.UnitFactory(name="Bệnh viện Đa khoa tỉnh", short_name="BVĐK")
    finance = factories.UnitFactory(name="Sở Tài chính", short_name="")
    head = factories.LeaderFactory(unit=health, position_title="Giám đốc Sở Y tế", person_name="")
    plan = factories.PlanFactory(title="Kế hoạch y tế số")
    other_plan = factories.PlanFactory(title="Kế hoạch tài chính số")
    tasks = {
        "health": factories.TaskFactory(plan=plan, lead_unit=health, responsible_leader=head),
        "hospital": factories.TaskFactory(plan=plan, lead_unit=hospital),
        "finance": factories.TaskFactory(plan=other_plan, lead_unit=finance),
    }
    tasks["finance"].cooperating_units.add(hospital)
    units = {"health": health, "hospital": hospital, "finance": finance}
    return {"units": units, "tasks": tasks, "head": head, "plan": plan}


def listed(client, query: str) -> set[int]:
    response = client.get(reverse("plans:task_list") + query)
    assert response.status_code == 200
    return {row.record.pk for row in response.context["table"].page.object_list}


def test_a_filter_takes_an_id_or_a_name_typed_without_diacritics(client, province):
    unit, task = province["units"], {name: t.pk for name, t in province["tasks"].items()}
    assert listed(client, f"?lead_unit={unit['health'].pk}") == {task["health"]}
    assert listed(client, "?lead_unit=so+y+te") == {task["health"]}
    assert listed(client, "?lead_unit=S%E1%BB%9F") == {task["health"], task["finance"]}  # "Sở": both Sở
    assert listed(client, "?lead_unit=bvdk") == {task["hospital"]}  # the short name
    assert listed(client, "?cooperating_unit=benh+vien") == {task["finance"]}
    assert listed(client, f"?cooperating_unit={unit['hospital'].pk}") == {task["finance"]}
    assert listed(client, "?head=giam+doc") == {task["health"]}
    assert listed(client, f"?head={province['head'].pk}") == {task["health"]}
    assert listed(client, "?plan=y+te+so") == {task["health"], task["hospital"]}
    assert listed(client, "?lead_unit=khong+co") == set()
    assert listed(client, "?lead_unit=999999") == set()


def test_few_rows_are_a_drop_down_and_many_a_name_box_showing_the_rows_name(client, province, monkeypatch):
    html = client.get(reverse("plans:task_list") + f"?lead_unit={province['units']['health'].pk}").content.decode()
    assert re.search(r'<select name="lead_unit"[^>]*>.*?<option value="\d+" selected>Sở Y tế</option>', html, re.S)
    assert 'data-suggest="' not in html

    monkeypatch.setattr(pages, "CHOICES_LIMIT", 1)  # three units, two plans: more than one
    html = client.get(reverse("plans:task_list") + f"?lead_unit={province['units']['health'].pk}").content.decode()
    box = re.search(r'<input type="search" name="lead_unit"[^>]*>', html).group(0)
    assert 'value="Sở Y tế"' in box and f'data-id="{province["units"]["health"].pk}"' in box
    assert 'placeholder="Gõ tên để tìm"' in box
    assert f'data-suggest="{reverse("plans:suggest", args=["unit"])}"' in box
    assert 'list="id_lead_unit-list"' in box and '<datalist id="id_lead_unit-list"></datalist>' in html
    assert '<select name="head"' in html  # one head: still a drop-down
    typed = client.get(reverse("plans:task_list") + "?plan=tai+chinh").content.decode()
    assert re.search(r'<input type="search" name="plan"[^>]*value="tai chinh"[^>]*data-id=""', typed)


def test_suggestions_are_the_first_rows_whose_name_contains_the_text(client, province):
    def suggest(kind, text):
        response = client.get(reverse("plans:suggest", args=[kind]), {"q": text})
        assert response.status_code == 200 and response["Content-Type"] == "application/json"
        return response.json()["results"]

    assert suggest("unit", "so y te") == [{"id": province["units"]["health"].pk, "label": "Sở Y tế"}]
    assert suggest("unit", "Tài") == [{"id": province["units"]["finance"].pk, "label": "Sở Tài chính"}]
    assert suggest("unit", "bvdk") == [{"id": province["units"]["hospital"].pk, "label": "BVĐK"}]
    assert suggest("head", "GIÁM ĐỐC") == [{"id": province["head"].pk, "label": "Giám đốc Sở Y tế"}]
    assert suggest("plan", "y te") == [{"id": province["plan"].pk, "label": "Kế hoạch y tế số"}]
    assert suggest("unit", "   ") == []
    assert suggest("unit", "x" * 5000) == []
    assert client.get(reverse("plans:suggest", args=["document"]), {"q": "so"}).status_code == 404


def test_suggestions_stop_at_their_limit(province):
    factories.UnitFactory.create_batch(choices.SUGGESTIONS + 5, name=factory.Sequence(lambda n: f"Xã {n}"))
    assert len(choices.suggestions("unit", "xa")) == choices.SUGGESTIONS
    assert choices.options("unit", limit=3) is None
    every = Unit.objects.count()
    assert len(choices.options("unit", limit=every)) == every
