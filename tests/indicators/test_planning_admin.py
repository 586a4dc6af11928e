"""The DX office enters the projected value of each task link in the admin; a leadership viewer cannot."""

from django.urls import reverse

from indicators.models import LinkProjection
from tests.conftest import client_for


def test_the_dx_office_enters_a_link_projection_and_a_viewer_cannot(dx_office, viewer, mains, task_a):
    url = reverse("admin:indicators_linkprojection_add")
    assert client_for(viewer).get(url).status_code in (302, 403)
    response = client_for(dx_office).post(
        url, {"indicator": mains["CQS"].pk, "task": task_a.pk, "projected_value": "0.9"}
    )
    assert response.status_code == 302 and LinkProjection.objects.get().projected_value == 0.9
    response = client_for(dx_office).post(
        url, {"indicator": mains["NTS"].pk, "task": task_a.pk, "projected_value": "1.5"}
    )
    assert response.status_code == 200 and LinkProjection.objects.count() == 1
    assert client_for(dx_office).get(reverse("admin:indicators_linkprojection_changelist")).status_code == 200
