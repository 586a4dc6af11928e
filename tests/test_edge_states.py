"""Empty and edge states say what is going on: a unit without tasks, a DTI year or group without results, a
province formed by the 2025 merger, a goal past its deadline, months without completions; rank targets read
"hạng 20"; evidence keeps its file name; the favicon; `make run PORT=…`; README links stay in the repository."""

from __future__ import annotations

import datetime as dt
import re
import subprocess
from decimal import Decimal
from io import StringIO
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.template import Context, Template
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext

from indicators.models import Province
from plans import services
from plans.models import Goal, Status, TaskUpdate, person_display_name, sanitise_file_name
from tests import factories
from tests.conftest import client_for

ROOT = Path(__file__).resolve().parent.parent
PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"


def vi(msgid: str) -> str:
    with translation.override("vi"):
        return escape(gettext(msgid))


def test_a_unit_without_tasks_says_so(unit_b):
    html = client_for(None).get(reverse("plans:unit_detail", args=[unit_b.pk])).content.decode()
    assert 'data-testid="unit-no-tasks"' in html
    sentence = (
        "This unit leads no task of the programme yet. When the DX office assigns a task to this unit, it appears here."
    )
    assert vi(sentence) in html


def test_a_unit_with_tasks_has_no_empty_sentence(task_a, unit_a):
    html = client_for(None).get(reverse("plans:unit_detail", args=[unit_a.pk])).content.decode()
    assert 'data-testid="unit-no-tasks"' not in html


def test_a_ranking_group_without_results_says_so(db):
    response = client_for(None).get(reverse("indicators:ranking"), {"year": 2021, "group": "34"})
    assert response.status_code == 200 and not response.context["table"].data
    assert 'data-testid="no-results"' in response.content.decode()


def test_a_year_without_results_says_which_year_is_shown(db):
    response = client_for(None).get(reverse("indicators:ranking"), {"year": 2001})
    html = response.content.decode()
    assert 'data-testid="year-fallback"' in html and "2001" in html and str(response.context["year"]) in html
    ordinary = client_for(None).get(reverse("indicators:ranking"), {"year": response.context["year"]})
    assert 'data-testid="year-fallback"' not in ordinary.content.decode()


def test_the_merged_successor_province_explains_its_empty_page(db):
    successor = Province.objects.filter(predecessors__isnull=False).distinct().first()
    response = client_for(None).get(reverse("indicators:province", args=[successor.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    if response.context["profile"].overall:
        pytest.skip("the reference data already holds a computed DTI for the merged province")
    assert 'data-testid="successor-no-results"' in html


@pytest.mark.parametrize(
    ("current", "outcome", "badge"),
    [
        (Decimal(5), "met", "met by the deadline"),
        (Decimal(30), "not_met", "not met by the deadline"),
        (None, "unknown", "deadline passed"),
    ],
)
def test_a_goal_past_its_deadline_says_met_or_not(db, current, outcome, badge):
    plan = factories.PlanFactory()
    goal = factories.GoalFactory(
        plan=plan,
        deadline=dt.date(2025, 12, 31),
        target_value=Decimal(10),
        target_unit="hạng",
        direction=Goal.Direction.AT_MOST,
        current_value=current,
    )
    assert goal.deadline_outcome(dt.date(2026, 1, 1)) == outcome
    assert goal.deadline_outcome(dt.date(2025, 12, 31)) is None
    html = client_for(None).get(reverse("plans:plan_detail", args=[plan.pk])).content.decode()
    assert vi(badge) in html
    # A rank target reads "hạng 10", never "10 hạng".
    assert "hạng 10" in html and "10 hạng" not in html


def test_goal_values_put_the_unit_on_the_right_side():
    template = Template("{% load pages %}{{ value|goal_value:goal }}")
    with translation.override("vi"):
        rank = template.render(Context({"value": Decimal("20.0000"), "goal": Goal(target_unit="hạng")}))
        share = template.render(Context({"value": Decimal("95.5"), "goal": Goal(target_unit="%")}))
    assert rank == "hạng 20" and share == "95,50 %"


def test_months_without_completions_are_zero_in_the_chart(db):
    today = dt.date.today()
    first = (today.replace(day=1) - dt.timedelta(days=70)).replace(day=1)
    factories.TaskFactory(status=Status.COMPLETED, progress=100, completed_on=first, start_date=first, due_date=first)
    response = client_for(None).get(reverse("plans:overview"))
    rows = response.context["month_rows"]
    assert len(rows) >= 3 and rows[0][1:] == (1, 0) and all(r[1:] == (0, 0) for r in rows[1:])
    chart = response.context["charts"]["months"]
    assert chart["data"][0]["y"][1:] == [0] * (len(rows) - 1)
    assert 'data-testid="months-note"' in response.content.decode()


def test_evidence_keeps_its_original_name_sanitised(task_a, head_a, viewer, settings, tmp_path):
    settings.DXT_EVIDENCE_ROOT = str(tmp_path)
    update = services.task_submit_update(
        task=task_a,
        user=head_a,
        expected_version=task_a.version,
        status=Status.IN_PROGRESS,
        progress=30,
        evidence_file=SimpleUploadedFile('../Biên bản "nghiệm thu"\r\n.pdf', PDF, "application/pdf"),
    )
    assert update.evidence_name == "Biên bản nghiệm thu.pdf"
    response = client_for(viewer).get(reverse("plans:evidence_download", args=[update.pk]))
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment") and "filename*=utf-8''Bi%C3%AAn%20b%E1%BA%A3n" in disposition
    assert "\r" not in disposition and "\n" not in disposition and "../" not in disposition


def test_evidence_from_before_names_were_kept_gets_a_built_name(task_a, head_a, viewer, settings, tmp_path):
    settings.DXT_EVIDENCE_ROOT = str(tmp_path)
    update = services.task_submit_update(
        task=task_a,
        user=head_a,
        expected_version=task_a.version,
        status=Status.IN_PROGRESS,
        progress=30,
        evidence_file=SimpleUploadedFile("bb.pdf", PDF, "application/pdf"),
    )
    TaskUpdate.objects.filter(pk=update.pk).update(evidence_name="")
    response = client_for(viewer).get(reverse("plans:evidence_download", args=[update.pk]))
    assert f"minh-chung-{task_a.code}-{update.pk}.pdf".replace("/", "-") in response["Content-Disposition"]


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("Báo cáo.docx", "Báo cáo.docx"),
        ("C:\\Users\\a\\kế hoạch.xlsx", "kế hoạch.xlsx"),
        ("/etc/passwd", "passwd"),
        (".htaccess", "htaccess"),
        ("a\x00b;c%d.pdf", "abcd.pdf"),
        ("...", ""),
        ("x" * 300 + ".pdf", "x" * 116 + ".pdf"),
    ],
)
def test_sanitise_file_name(raw, clean):
    assert sanitise_file_name(raw) == clean


def test_names_not_usernames_where_a_position_exists(task_a, head_a, dx_office):
    # head_a has no full name but holds a post: the post is shown, never "head_a".
    assert person_display_name(head_a) == "Giám đốc Sở TT&TT"
    head_a.first_name, head_a.last_name = "An", "Nguyễn Văn"
    assert person_display_name(head_a) in ("An Nguyễn Văn", "Nguyễn Văn An")
    update = factories.TaskUpdateFactory(task=task_a, author=dx_office.__class__.objects.get(pk=head_a.pk))
    html = client_for(dx_office).get(reverse("plans:task_detail", args=[task_a.pk])).content.decode()
    assert update.author.username not in re.sub(r'data-testid="[^"]*"', "", html)
    assert "Giám đốc Sở TT&amp;TT" in html


def test_templates_never_print_a_username_where_a_name_exists():
    offenders = []
    for path in (ROOT / "templates").rglob("*"):
        if path.suffix not in (".html", ".txt") or path.name in ("login.html",):
            continue
        text = path.read_text(encoding="utf-8")
        for match in re.finditer(r"\{\{[^}]*(\.username|get_username)[^}]*\}\}", text):
            offenders.append(f"{path.relative_to(ROOT)}: {match.group(0)}")
    # The invitation tells a new user their sign-in name: the one place it is the point.
    assert offenders == ["templates/plans/onboarding/invitation.txt: {{ user.username }}"]


def test_favicon_is_linked_and_served(client, db):
    html = client.get(reverse("plans:overview")).content.decode()
    assert re.search(r'<link rel="icon" href="/static/favicon\.svg"', html)
    response = client.get("/favicon.ico")
    assert response.status_code == 302 and response["Location"].endswith("favicon.svg")
    assert (ROOT / "static" / "favicon.svg").read_text().startswith("<svg")


def test_demo_logins_print_the_address_make_run_serves(db):
    out = StringIO()
    call_command("demo_logins", address="127.0.0.1:9123", stdout=out)
    assert "http://127.0.0.1:9123" in out.getvalue() and ":8000" not in out.getvalue()


def test_make_run_passes_its_port_to_both_commands():
    plan = subprocess.run(
        ["make", "-n", "run", "PORT=9123"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout
    assert "demo_logins --address 127.0.0.1:9123" in plan and "runserver 127.0.0.1:9123" in plan


def test_readme_and_docs_link_only_inside_the_repository():
    for doc in [ROOT / "README.md", *(ROOT / "docs").glob("*.md")]:
        for target in re.findall(r"\]\(([^)\s]+)\)", doc.read_text(encoding="utf-8")):
            assert not re.match(r"^[a-z]+:", target), f"{doc.name} links outside the repository: {target}"
            path = (doc.parent / target.split("#")[0]).resolve()
            assert path.is_relative_to(ROOT) and path.exists(), f"{doc.name}: {target} does not exist"
