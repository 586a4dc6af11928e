"""The tables: one declaration per column, rendered through the shared template, the same cells as before."""

import re

import pytest
from django.urls import reverse

from indicators.tables import GapTable, RankingTable
from plans.tables import TEMPLATE, DocumentTable, LeaderTable, PlanTable, TaskTable, UnitTable
from tests import factories


@pytest.mark.parametrize("table", [TaskTable, DocumentTable, PlanTable, UnitTable, LeaderTable, RankingTable, GapTable])
def test_every_table_renders_through_the_shared_template(table):
    assert table([]).template_name == TEMPLATE


def test_cells_carry_their_header_for_the_phone_cards_and_the_task_table_marks_its_optional_columns(client, db):
    factories.TaskFactory()
    html = client.get(reverse("plans:task_list")).content.decode()
    assert re.search(r'<table [^>]*class="[^"]*\bdxt-cards\b[^"]*"[^>]*data-testid="task-table"', html)
    tds = re.findall(r"<td ([^>]*)>", html)
    labels = [re.search(r'data-label="([^"]*)"', td).group(1) for td in tds]
    assert labels == [str(column.header) for column in TaskTable([]).columns]
    optional = [re.search(r'data-label="([^"]*)"', td).group(1) for td in tds if "dxt-optional" in td]
    assert optional == ["Kế hoạch", "Trụ cột", "Lĩnh vực", "Người đứng đầu"]


def test_task_row_links_each_name_and_shows_badges_as_text(client, db):
    task = factories.TaskFactory(title="Nhiệm vụ <b>đậm</b>", is_sample=True, plan__title="K" * 50)
    html = client.get(reverse("plans:task_list")).content.decode()
    row = re.search(rf'<tr [^>]*data-task="{task.pk}"[^>]*>(.*?)</tr>', html, re.S)
    assert row, html
    assert 'data-timeliness="on_track"' in row.group(0)
    cells = re.findall(r'<td[^>]*><span class="dxt-cell">(.*?)</span></td>', row.group(1), re.S)
    assert len(cells) == len(TaskTable([]).columns) == 12  # export-only columns are not on the page
    url = reverse("plans:task_detail", args=[task.pk])
    assert cells[0] == f'<a href="{url}">{task.code}</a>'
    assert "Nhiệm vụ &lt;b&gt;đậm&lt;/b&gt;" in cells[1] and "sample-flag" in cells[1]
    assert f'title="{"K" * 50}"' in cells[2] and "K" * 50 + "<" not in cells[2]  # truncated, full in the title
    assert reverse("plans:unit_detail", args=[task.lead_unit_id]) in cells[5]
    assert cells[9] == "20%" and 'class="badge tl-on_track"' in cells[10]
    # The rating, colour and text: half its time gone, 20 % done (30 points behind the expected 50 %): amber.
    assert cells[11] == '<span class="badge rating-amber text-bg-warning">Vàng</span>'
