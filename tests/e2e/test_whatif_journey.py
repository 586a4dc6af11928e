"""A leader's what-if in a real browser: on the province page, two projected values, then the projected rank;
the rank-robustness chart draws under the Content-Security-Policy."""

import pytest
from django.contrib.auth.models import Group
from django.test import Client

from indicators import robustness_services
from indicators.models import Framework, Province
from indicators.selectors import planning as planning_selectors
from plans.rules import VIEWER
from tests import factories

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def with_robustness(dti_demo):
    robustness_services.robustness_refresh(framework_id=Framework.objects.get(code="922/QĐ-BTTTT").pk, year=2023)


def test_a_leader_sets_two_projected_values_and_sees_the_projected_rank(page, live_server, with_robustness):
    leader = factories.UserFactory(username="lanhdao")
    leader.groups.add(Group.objects.get_or_create(name=VIEWER)[0])
    client = Client()
    client.force_login(leader)
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    violations = []
    page.on("console", lambda msg: violations.append(msg.text) if "Content Security Policy" in msg.text else None)
    nam_dinh = Province.objects.get(name="Nam Định", group="63")
    expected = planning_selectors.projection(province=nam_dinh, year=2023, values={"CQS": 0.95, "HTS": 0.9})

    page.goto(f"{live_server.url}/dti/province/{nam_dinh.pk}/")
    page.wait_for_selector("#chart-robustness[data-drawn=true]")
    assert "trong khoảng" in page.get_by_test_id("robustness-sentence").inner_text()
    page.fill("#whatif-CQS", "0,95")
    page.fill("#whatif-HTS", "0,9")
    page.click("#whatif-panel-submit")
    projected = page.get_by_test_id("projected-rank")
    projected.wait_for()
    assert projected.inner_text().strip() == str(expected.projected.rank)
    assert expected.projected.rank < expected.current.rank
    assert page.locator("#path-table tbody tr").count() >= 8
    assert violations == []
