import io

import pytest
from django.core.management import CommandError, call_command

from plans.models import Task
from tests import factories
from tests.plans.onboarding import annexes


@pytest.fixture
def annex_file(tmp_path):
    def write(extra=None, suffix="xlsx"):
        path = tmp_path / f"phu-luc.{suffix}"
        path.write_bytes((annexes.docx if suffix == "docx" else annexes.xlsx)(annexes.rows(extra)))
        return str(path)

    return write


def test_the_command_imports_and_prints_the_preview(province, annex_file):
    out = io.StringIO()
    call_command("import_plan", annex_file(suffix="docx"), plan=province["plan"].pk, stdout=out)
    assert Task.objects.filter(plan=province["plan"]).count() == 6
    assert "Hiệp hội Doanh nghiệp tỉnh" in out.getvalue() and "Imported." in out.getvalue()


def test_the_dry_run_prints_the_preview_and_writes_nothing(province, annex_file):
    out = io.StringIO()
    call_command("import_plan", annex_file(), "--dry-run", plan=province["plan"].pk, stdout=out)
    assert not Task.objects.exists() and "Nâng cấp Cổng dịch vụ công" in out.getvalue()


def test_any_row_error_prints_it_and_exits_non_zero(province, annex_file):
    out = io.StringIO()
    with pytest.raises(CommandError, match="1 error"):
        call_command("import_plan", annex_file([annexes.BAD_DEADLINE_ROW]), plan=province["plan"].pk, stdout=out)
    assert "Sớm nhất có thể" in out.getvalue() and not Task.objects.exists()


def test_create_units_creates_the_unknown_ones(province, annex_file):
    call_command("import_plan", annex_file(), "--create-units", plan=province["plan"].pk, stdout=io.StringIO())
    assert Task.objects.get(code="3").cooperating_units.filter(name="Hiệp hội Doanh nghiệp tỉnh").exists()


def test_an_unknown_plan_is_a_clear_error(db, annex_file):
    factories.PlanFactory()
    with pytest.raises(CommandError, match="No plan with id 999"):
        call_command("import_plan", annex_file(), plan=999, stdout=io.StringIO())
