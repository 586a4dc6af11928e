"""`Task.head_name`: the responsible head's name as pages show it, stored so that the task list sorts by head
through an index. It follows every way a task's head or a head's name changes."""

import pytest
from django.urls import reverse

from plans import summaries
from plans.models import Leader, Pillar, Task, post_name, post_name_sql
from tests import factories

pytestmark = pytest.mark.django_db


def stored(task) -> str:
    return Task.objects.values_list("head_name", flat=True).get(pk=task.pk)


def test_a_task_keeps_its_heads_name_through_saves_renames_and_deletion():
    head = factories.LeaderFactory(position_title="Giám đốc Sở Y tế", person_name="")
    other = factories.LeaderFactory(position_title="Chủ tịch UBND huyện", person_name="Vị trí mẫu")
    task = factories.TaskFactory(responsible_leader=head)
    untouched = factories.TaskFactory()
    assert stored(task) == "Giám đốc Sở Y tế" and stored(untouched) == ""

    Task.objects.get(pk=task.pk).save()  # no post in memory: read
    assert stored(task) == "Giám đốc Sở Y tế"
    head.person_name = "Tên mẫu"
    head.save()
    assert stored(task) == "Giám đốc Sở Y tế (Tên mẫu)"

    moved = Task.objects.get(pk=task.pk)
    moved.responsible_leader_id = other.pk
    moved.save(update_fields=["responsible_leader"])
    assert stored(task) == "Chủ tịch UBND huyện (Vị trí mẫu)"

    other.delete()
    assert stored(task) == "" and Task.objects.get(pk=task.pk).responsible_leader_id is None


def test_bulk_creation_and_the_nightly_repair_write_it_too():
    head = factories.LeaderFactory(position_title="Giám đốc Sở Tài chính", person_name="")
    plan, unit = factories.PlanFactory(), factories.UnitFactory()
    common = {"plan": plan, "lead_unit": unit, "pillar": Pillar.DIGITAL_GOVERNMENT, "field": "e_government"}
    with_post = Task(code="A", title="A", responsible_leader=head, **common)
    with_id = Task(code="B", title="B", responsible_leader_id=head.pk, **common)
    Task.objects.bulk_create([with_post, with_id])
    assert set(Task.objects.filter(plan=plan).values_list("head_name", flat=True)) == {"Giám đốc Sở Tài chính"}

    Task.objects.filter(plan=plan).update(head_name="cũ")  # a write around save()
    assert summaries.rebuild()["heads"] == 2
    assert set(Task.objects.filter(plan=plan).values_list("head_name", flat=True)) == {"Giám đốc Sở Tài chính"}
    assert summaries.rebuild()["heads"] == 0


@pytest.mark.parametrize("person", ["", "Tên mẫu", "O'Neil (mẫu)"])
def test_the_sql_name_is_the_python_name(person):
    head = factories.LeaderFactory(position_title="Phó Giám đốc", person_name=person)
    sql = Leader.objects.filter(pk=head.pk).annotate(shown=post_name_sql()).values_list("shown", flat=True).get()
    assert sql == post_name(person, "Phó Giám đốc") == str(head)
    via_task = (
        Task.objects.filter(pk=factories.TaskFactory(responsible_leader=head).pk)
        .annotate(shown=post_name_sql("responsible_leader__"))
        .values_list("shown", flat=True)
        .get()
    )
    assert via_task == str(head)


def test_the_task_list_sorted_by_head_orders_every_page_by_the_name_shown(client):
    names = ["Chủ tịch UBND xã", "Giám đốc Sở Y tế", "Bí thư", "Giám đốc Sở Nội vụ"]
    heads = [factories.LeaderFactory(position_title=name, person_name="") for name in names]
    plan = factories.PlanFactory()
    for i in range(30):
        factories.TaskFactory(plan=plan, responsible_leader=heads[i % 4])
    factories.TaskFactory(plan=plan)  # no head
    expected = sorted(Task.objects.values_list("head_name", "pk"))
    for sort, rows in (("responsible_leader", expected), ("-responsible_leader", expected[::-1])):
        seen = []
        for page in (1, 2):
            response = client.get(reverse("plans:task_list") + f"?sort={sort}&page={page}")
            seen += [(r.record.head_name, r.record.pk) for r in response.context["table"].page.object_list]
        assert seen == rows  # 31 tasks: 25 on the first page, 6 on the second
