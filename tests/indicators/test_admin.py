"""The DX office's admin for the DTI: task links, score runs, and the task page showing linked indicators."""

import pytest
from django.urls import reverse

from indicators import services
from indicators.models import Indicator
from tests.conftest import client_for


def test_the_task_admin_page_edits_the_linked_indicators(superuser, task_a, mains):
    client = client_for(superuser)
    response = client.get(reverse("admin:plans_task_change", args=[task_a.pk]))
    assert response.status_code == 200
    assert "Indicator_tasks" in response.content.decode()  # the inline's formset prefix


def test_the_indicator_admin_links_tasks(superuser, task_a, mains):
    cqs = mains["CQS"]
    client = client_for(superuser)
    response = client.get(reverse("admin:indicators_indicator_change", args=[cqs.pk]))
    assert response.status_code == 200 and task_a.title in response.content.decode()


def test_the_task_page_lists_its_indicators(task_a, mains):
    mains["HTS"].tasks.add(task_a)
    html = client_for(None).get(reverse("plans:task_detail", args=[task_a.pk])).content.decode()
    assert 'data-testid="task-indicator"' in html and "Hạ tầng số" in html
    assert reverse("indicators:indicator", args=[mains["HTS"].pk]) in html


def test_score_runs_are_visible_read_only_in_the_admin(superuser, f922):
    run = services.recompute_scores(framework_id=f922.pk, year=2022)
    client = client_for(superuser)
    listing = client.get(reverse("admin:indicators_scorerun_changelist"))
    assert listing.status_code == 200 and "922/QĐ-BTTTT" in listing.content.decode()
    assert client.get(reverse("admin:indicators_scorerun_change", args=[run.pk])).status_code == 200
    assert client.get(reverse("admin:indicators_scorerun_add")).status_code == 403


@pytest.mark.parametrize("keeper", ["dx_office", "superuser"])
def test_entering_max_points_lets_a_framework_score(keeper, request, db, django_capture_on_commit_callbacks):
    """The 2024 framework needs its max points entered by hand: the DX office does it, not only a superuser."""
    from indicators.models import Framework, Observation, Province, ScoreRun

    user = request.getfixturevalue(keeper)

    f405 = Framework.objects.get(code="405/QĐ-BKHCN")
    Indicator.objects.filter(framework=f405).update(max_points=100)
    nts = Indicator.objects.get(framework=f405, code="NTS")
    hanoi = Province.objects.get(name="TP. Hà Nội", group="63")
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(user).post(
            reverse("admin:indicators_indicator_change", args=[nts.pk]),
            {
                "framework": f405.pk,
                "code": "NTS",
                "name": nts.name,
                "kind": "foundation",
                "max_points": "120",
                "scored": "on",
                "in_government": "on",
                "in_economy": "on",
                "in_society": "on",
                "position": 0,
            },
        )
    assert response.status_code == 302
    assert Indicator.objects.get(pk=nts.pk).max_points == 120
    assert ScoreRun.objects.filter(framework=f405).exists()
    assert not ScoreRun.objects.filter(framework=f405, outcome="refused").exists()
    assert not Observation.objects.filter(province=hanoi, indicator__framework=f405).exists()
