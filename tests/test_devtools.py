"""The benchmark commands live in devtools/, installed with debug on or DXT_DEV_TOOLS=true, never otherwise."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    environment = {
        **os.environ,
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DATABASE_URL": "sqlite://:memory:",
        **env,
    }
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=environment, capture_output=True, text=True, timeout=120
    )


@pytest.mark.parametrize("command", ["bench_pages", "bench_scoring"])
def test_the_benchmarks_are_absent_in_production(command):
    done = manage(command, "--help", DJANGO_DEBUG="false", DXT_DEV_TOOLS="false")
    assert done.returncode != 0 and "Unknown command" in done.stderr


def test_the_benchmarks_run_with_the_flag_and_keep_their_options():
    done = manage("bench_pages", "--sizes", "nope", DJANGO_DEBUG="false", DXT_DEV_TOOLS="true")
    assert "Unknown size(s) ['nope']" in done.stderr
    done = manage("bench_scoring", "--help", DJANGO_DEBUG="false", DXT_DEV_TOOLS="true")
    assert done.returncode == 0 and "--skip-postgres" in done.stdout and "--postgres" in done.stdout


def test_the_benchmarks_are_there_with_debug_on():
    done = manage("bench_pages", "--help", DJANGO_DEBUG="true")
    assert done.returncode == 0 and "--repeat" in done.stdout


def test_the_trivial_template_moved_with_the_benchmarks():
    assert (ROOT / "devtools/templates/devtools/bench_trivial.html").exists()
    assert not (ROOT / "templates/plans/bench_trivial.html").exists()


def _page(median_ms):
    return {"queries": 5, "median_ms": median_ms, "p95_ms": median_ms}


def test_bench_pages_judges_the_size_ratio_the_issue_sets_and_shows_the_others():
    """Time at 200,000 tasks at most 3 × time at 20,000 is judged; the tenth's ratio is shown only."""
    from devtools.management.commands.bench_pages import _page_row

    results = {"tenth": {"pages": {"p": _page(10)}}, "full": {"pages": {"p": _page(40)}}, "ten": {"pages": {}}}
    assert _page_row("p", results, ["tenth", "full"], [("tenth", "full")]).endswith("| 4.00 | yes |")
    results["ten"]["pages"]["p"] = _page(130)
    row = _page_row("p", results, ["full", "ten"], [("full", "ten")])
    assert row.endswith("| 3.25 | no: ten/full > 3 |")


def test_bench_pages_judges_an_export_by_its_rows():
    from devtools.management.commands.bench_pages import export_verdict

    assert export_verdict({"rows": 20_000, "median_ms": 4_900}, "full") == "yes"
    assert export_verdict({"rows": 20_000, "median_ms": 5_100}, "full").startswith("no: ≥ 5.00 s")
    assert export_verdict({"rows": 2_000, "median_ms": 600}, "ten") == "no: ≥ 0.50 s for 2000 rows"
    # A small export is given a page's time: building a workbook costs something whatever it holds.
    assert export_verdict({"rows": 50, "median_ms": 90}, "full") == "yes"
    assert export_verdict({"rows": 50, "median_ms": 140}, "ten") == "yes"
    assert export_verdict({"rows": 50, "median_ms": 160}, "ten") == "no: ≥ 0.15 s for 50 rows"
