"""DTI exports (the ranking, the import template): plain values, hostile province names kept as text."""

import csv
import io

import pytest
from django.core.cache import cache
from django.urls import reverse
from openpyxl import load_workbook

from indicators import demo
from indicators.models import Province
from tests.conftest import client_for
from tests.plans.test_exports import HOSTILE, assert_csv_safe, assert_xlsx_safe, body


@pytest.fixture
def with_demo(db):
    demo.load()


def ranking(fmt: str):
    return client_for(None).get(reverse("indicators:ranking"), {"year": 2022, "_export": fmt})


@pytest.mark.parametrize("hostile", HOSTILE, ids=repr)
def test_ranking_exports_keep_a_hostile_province_name_as_text(with_demo, hostile):
    Province.objects.filter(name="Nam Định", group="63").update(name=hostile)
    cache.clear()
    rows = list(csv.reader(io.StringIO(body(ranking("csv")).decode("utf-8-sig"), newline="")))
    assert_csv_safe(rows, hostile)
    assert_xlsx_safe(load_workbook(io.BytesIO(body(ranking("xlsx")))).active, hostile)


def test_ranking_change_column_is_a_number_not_html(with_demo):
    rows = list(csv.reader(io.StringIO(body(ranking("csv")).decode("utf-8-sig"))))
    header = rows[0]
    assert "Thay đổi so với năm trước" in header or "Change since previous year" in header
    change = header.index(next(h for h in header if "năm trước" in h or "previous year" in h))
    values = [r[change] for r in rows[1:]]
    assert not [v for v in values if "<" in v or "▲" in v or "▼" in v]
    assert all(v == "" or v.lstrip("'").lstrip("-").isdigit() for v in values)
    sheet = load_workbook(io.BytesIO(body(ranking("xlsx")))).active
    numbers = [row[change] for row in sheet.iter_rows(min_row=2, values_only=True) if row[change] is not None]
    assert numbers and all(isinstance(v, int) for v in numbers)
    assert not [v for row in sheet.iter_rows(values_only=True) for v in row if isinstance(v, str) and "<" in v]
