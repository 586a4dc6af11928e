"""The task list's date filters read and show dd/mm/yyyy as text (a browser's date input would show its own
interface language's order, mm/dd/yyyy in an English Chromium); ISO dates from old links still work."""

import pytest
from django.urls import reverse
from lxml import html

from plans.models import Task
from tests.plans.pages_data import build_programme

pytestmark = pytest.mark.django_db


@pytest.fixture
def programme(db):
    return build_programme(units=2, plans=1, tasks_per_plan=12, updates_per_task=0)


def shown_codes(response) -> list[str]:
    return sorted(row.record.code for row in response.context["table"].paginated_rows)


@pytest.mark.parametrize("written", ["{d:%d/%m/%Y}", "{d:%Y-%m-%d}"])
def test_a_due_date_range_written_dd_mm_yyyy_or_iso_filters_the_list(client, programme, written):
    dates = sorted({t.due_date for t in Task.objects.exclude(due_date=None)})
    start, end = dates[1], dates[-2]
    query = {"due_from": written.format(d=start), "due_to": written.format(d=end)}
    response = client.get(reverse("plans:task_list"), query)
    expected = sorted(Task.objects.filter(due_date__gte=start, due_date__lte=end).values_list("code", flat=True))
    assert expected and len(expected) < Task.objects.count()
    assert shown_codes(response) == expected


def test_the_date_fields_are_text_with_a_dd_mm_yyyy_hint_and_keep_what_was_typed(client, programme):
    for query, shown in (({}, None), ({"due_from": "05/03/2026"}, "05/03/2026")):
        response = client.get(reverse("plans:task_list"), query)
        field = html.fromstring(response.content).get_element_by_id("id_due_from")
        assert (field.get("type"), field.get("placeholder"), field.get("value")) == ("text", "nn/tt/nnnn", shown)
        assert not response.context["filter"].errors
