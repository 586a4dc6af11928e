"""Every page in Chromium at a laptop's 1366 × 768 and a phone's 390 × 844, signed out and as the DX office:
nothing sticks out of its table cell or the viewport, no table hides columns behind a sideways scroll, the
navigation holds on one line (a menu button on the phone), axe-core (WCAG 2 A and AA) finds no violation, and no
Plotly toolbar speaks English. A screenshot of each page goes to artifacts/screenshots/ (DXT_SCREENSHOTS), which
the test prints and .ci/run lists. Also: the update form used with the keyboard alone.

The pages come from the demo (plans.demo and every app's demo loader): real documents and units, marked sample
tasks, the DX index. PAGES names every routed page; NOT_PAGES says why the others (downloads, feeds, POST-only
addresses) are not looked at, so a new page must be added to one of them (test_every_routed_page_is_looked_at).
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.conf import settings
from django.test import Client
from django.urls import reverse
from playwright.sync_api import Page, expect

from tests.test_hostile_input import routes

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SIZES = {"laptop": (1366, 768), "phone": (390, 844)}
SCREENSHOTS = Path(os.environ.get("DXT_SCREENSHOTS", Path(settings.BASE_DIR) / "artifacts" / "screenshots"))
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
# The Plotly mode bar's English button titles: they must be Vietnamese (plotly.js's "vi" locale).
PLOTLY_ENGLISH = re.compile(
    r"Download plot|Zoom|Pan|Reset axes|Autoscale|Toggle Spike Lines|Show closest|Compare data|Box Select|"
    r"Lasso Select|Orbital rotation|Turntable|Reset camera|Produced with Plotly|Edit in Chart Studio|Reset view"
)

# Routed pages that are not HTML pages to look at, and why.
NOT_PAGES = {
    "plans:task_export": "a CSV/XLSX download",
    "plans:suggest": "JSON (a filter's name suggestions; the name box itself: tests/e2e/test_filter_names_journey.py)",
    "plans:evidence_download": "a file download",
    "indicators:import_template": "a file download",
    "indicators:recompute": "POST only",
    "indicators:scenario_save": "POST only",
    "reports:period_close": "POST only",
    "reports:period_download": "a DOCX/XLSX download",
    "api:api-root": "JSON",
    "api:schema": "the OpenAPI schema (YAML)",
    "api:token_revoke": "POST only",
    "history:plan_feed": "an Atom feed",
    "history:unit_feed": "an Atom feed",
    "history:open_data": "a zip download",
    "logout": "POST only",
    "set_language": "POST only",
    "javascript-catalog": "JavaScript",
    "password_reset_confirm": "needs a token from an e-mail; the same template as password_reset",
    "password_change_done": "the same layout as password_change",
    "password_reset_done": "the same layout as password_reset",
    "password_reset_complete": "the same layout as password_reset",
    "logout_then_login": "a redirect",
    "plans:updates_verify": "POST only",
    "plans:notification_open": "a POST that marks one notification read (a GET redirects to the list)",
    "plans:notifications_read_all": "POST only",
    "favicon": "a redirect to the SVG favicon",
}


def demo_pages() -> dict[str, str]:
    """URL name → address of every page to look at, on the demo's data."""
    from indicators.models import Indicator, Province
    from plans.models import Document, Leader, Plan, Task, TaskUpdate, Unit
    from reports.models import ReportPeriod

    parent = Task.objects.filter(children__isnull=False).order_by("pk").first()
    busiest = max(Unit.objects.all(), key=lambda unit: unit.led_tasks.count())
    update = TaskUpdate.objects.filter(review_state=TaskUpdate.Review.PENDING).order_by("pk").first()
    province = Province.objects.get(name="Nam Định", group="63")
    period = ReportPeriod.objects.order_by("pk").first()
    ids = {
        "plans:document_detail": Document.objects.filter(plans__isnull=False).order_by("pk").first().pk,
        "plans:plan_detail": Plan.objects.order_by("pk").first().pk,
        "plans:task_detail": parent.pk,
        "plans:unit_detail": busiest.pk,
        "plans:leader_detail": Leader.objects.filter(unit=busiest).order_by("pk").first().pk,
        "plans:task_update": parent.children.order_by("pk").first().pk,
        "plans:update_review": update.pk,
        "indicators:province": province.pk,
        "indicators:indicator": Indicator.objects.order_by("pk").first().pk,
        "indicators:province_plan": province.pk,
        "reports:period_detail": period.pk,
        "history:task": parent.pk,
        "history:plan": Plan.objects.order_by("pk").first().pk,
        "history:document": Document.objects.order_by("pk").first().pk,
    }
    pages = {}
    for name, _route in routes():
        if name in NOT_PAGES:
            continue
        pages[name] = reverse(name, args=[ids[name]] if name in ids else [])
    # The DX office's back office: the task list (one screen wide), a task, the units import.
    pages["admin:index"] = reverse("admin:index")
    pages["admin:plans_task_changelist"] = reverse("admin:plans_task_changelist")
    pages["admin:plans_task_change"] = reverse("admin:plans_task_change", args=[parent.pk])
    pages["admin:plans_unit_import"] = reverse("admin:plans_unit_import")
    return pages


@pytest.fixture
def demo_site(transactional_db):
    import datetime as dt

    from dxtracker.celery import app
    from plans import demo, extensions
    from reports.models import ReportPeriod

    saved = app.conf.task_always_eager
    app.conf.task_always_eager = True
    demo.load()
    for load in extensions.demo_loaders():
        load()
    ReportPeriod.objects.get_or_create(
        code="2026-Q3", defaults={"kind": "quarter", "start": dt.date(2026, 7, 1), "end": dt.date(2026, 9, 30)}
    )
    yield
    app.conf.task_always_eager = saved


# The measure (a function of one argument: the selector of boxes that may scroll), its comment lines left out.
OVERFLOW_JS = "\n".join(
    line
    for line in (Path(__file__).parent / "overflow.js").read_text(encoding="utf-8").splitlines()
    if not line.startswith("//")
)
# Django's admin, not our layout: on a phone its result list and inline tables scroll in their own boxes, and a
# tabular inline writes each row's title in a paragraph laid over the row (td.original p).
ADMIN_OWN = {"phone": "#changelist .results, .inline-group, td.original", "laptop": "td.original"}
MAX_PROBLEMS = 12
# What axe finds in markup that is not ours, each with the reason it stays: (URL name, axe rule) → why.
# None left: Swagger UI's path links inside its summary buttons are unwrapped by static/js/swagger_a11y.js, the
# admin's unnamed widgets named by static/js/admin_a11y.js.
AXE_EXCEPTIONS: dict[tuple[str, str], str] = {}


def sign_in(context, live_server, username: str) -> None:
    from django.contrib.auth import get_user_model

    client = Client()
    client.force_login(get_user_model().objects.get(username=username))
    cookie = client.cookies["sessionid"]
    context.add_cookies([{"name": "sessionid", "value": cookie.value, "url": live_server.url}])


def wait_for_charts(page: Page) -> None:
    page.wait_for_function(
        "() => [...document.querySelectorAll('[data-chart]')].every(el => el.dataset.drawn === 'true')",
        timeout=30_000,
    )


def look_at(page: Page, url: str, shot: Path, size: str, name: str) -> list[str]:
    """Open a page, save its screenshot, and return what is wrong with it."""
    problems = []
    response = page.goto(url)
    if response is None or response.status >= 400:
        return [f"status {response.status if response else 'none'}"]
    page.wait_for_load_state("load")
    wait_for_charts(page)
    page.screenshot(path=str(shot), full_page=True)
    overflow = page.evaluate(OVERFLOW_JS, ADMIN_OWN[size] if "/admin/" in url else "#none")
    problems += overflow[:MAX_PROBLEMS] + (
        [f"… and {len(overflow) - MAX_PROBLEMS} more"] if len(overflow) > MAX_PROBLEMS else []
    )
    nav = page.locator("nav.navbar").first
    if nav.count():
        height = nav.bounding_box()["height"]
        if height > 70:
            problems.append(f"the navigation bar is {height:.0f} px high: it wraps to two lines")
        if size == "phone" and not page.locator(".navbar-toggler").is_visible():
            problems.append("no menu button on a phone")
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": AXE_TAGS}, "resultTypes": ["violations"]})
    for violation in results.response["violations"]:
        if (name, violation["id"]) in AXE_EXCEPTIONS:
            continue
        targets = ", ".join(str(node["target"]) for node in violation["nodes"][:5])
        problems.append(f"axe {violation['id']}: {violation['help']} ({targets})")
    english = page.evaluate(
        "() => [...document.querySelectorAll('.modebar [data-title], .modebar a[title]')]"
        ".map(el => el.getAttribute('data-title') || el.getAttribute('title'))"
    )
    problems += [f"Plotly toolbar in English: {title!r}" for title in english if PLOTLY_ENGLISH.search(title or "")]
    return problems


def check_every_page(browser, browser_context_args, live_server, username: str | None) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    print(f"\nscreenshots: {SCREENSHOTS}")
    pages = demo_pages()
    failures = []
    for size, (width, height) in SIZES.items():
        context = browser.new_context(**browser_context_args, viewport={"width": width, "height": height})
        if username:
            sign_in(context, live_server, username)
        page = context.new_page()
        seen = set()
        for name, path in pages.items():
            if not username and name.startswith("admin:"):
                continue
            shot = SCREENSHOTS / f"{username or 'anonymous'}-{size}-{name.replace(':', '-')}.png"
            problems = look_at(page, live_server.url + path, shot, size, name)
            # Signed out, a page behind the sign-in shows the sign-in page: looked at once.
            if page.url in seen:
                continue
            seen.add(page.url)
            failures += [f"{size} {name} {path}: {problem}" for problem in problems]
        context.close()
    assert not failures, f"{len(failures)} problems (screenshots in {SCREENSHOTS}):\n" + "\n".join(failures)


def test_the_measures_find_what_they_look_for(page: Page):
    """The overflow measure and axe, on a page made to fail each: so that a clean page means something."""
    page.set_viewport_size({"width": 390, "height": 844})
    page.set_content(
        '<html lang="vi"><body><main><table><tr><td style="width:50px;max-width:50px">'
        '<span style="display:inline-block;width:120px">rộng</span></td></tr></table>'
        '<div style="overflow-x:auto;width:100px"><div style="width:300px">bảng</div></div>'
        '<div style="width:600px">quá rộng</div>'
        '<p style="color:#bbb;background:#fff">chữ nhạt</p><div role="img" aria-label="x"><button>b</button></div>'
        "</main></body></html>"
    )
    found = " | ".join(page.evaluate(OVERFLOW_JS, "#none"))
    for expected in ("outside its cell", "scrolls sideways, columns out of sight", "outside the viewport"):
        assert expected in found, (expected, found)
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": AXE_TAGS}, "resultTypes": ["violations"]})
    assert {"color-contrast", "nested-interactive"} <= {v["id"] for v in results.response["violations"]}
    assert PLOTLY_ENGLISH.search("Download plot as a png") and not PLOTLY_ENGLISH.search("Tải biểu đồ dạng png")


def test_every_routed_page_is_looked_at(demo_site):
    names = {name for name, _route in routes()}
    assert names - set(NOT_PAGES) <= set(demo_pages()), "a routed page is neither looked at nor in NOT_PAGES"
    assert not set(NOT_PAGES) - names - {"logout_then_login"}, "NOT_PAGES names a page that is not routed"


def test_every_page_signed_out(browser, browser_context_args, live_server, demo_site):
    check_every_page(browser, browser_context_args, live_server, None)


def test_every_page_as_the_dx_office(browser, browser_context_args, live_server, demo_site):
    check_every_page(browser, browser_context_args, live_server, "vanphong")


def test_the_update_form_works_with_the_keyboard_alone(page: Page, live_server, demo_site):
    """A head tabs from the top of the form to each field in order, changes them with keys, and submits with
    Enter; the update is saved."""
    from plans.models import Status, Task, TaskUpdate

    task = Task.objects.filter(
        lead_unit__short_name="Sở TT&TT", children__isnull=True, status=Status.IN_PROGRESS
    ).first()
    expected = min(task.progress + 5, 100)
    sign_in(page.context, live_server, "truong.tttt")
    page.goto(live_server.url + reverse("plans:task_update", args=[task.pk]))
    # From the skip link at the top, Tab reaches the status first among the form's fields.
    page.keyboard.press("Tab")
    expect(page.locator(":focus")).to_have_text(re.compile("."))
    order = []
    for _ in range(60):
        page.keyboard.press("Tab")
        focused = page.evaluate("() => document.activeElement.id || document.activeElement.type")
        if focused == "id_status":
            break
    assert focused == "id_status", "Tab never reaches the status field"
    for _ in range(8):
        order.append(page.evaluate("() => document.activeElement.id || document.activeElement.type"))
        if order[-1] == "submit":
            break
        if order[-1] == "id_progress":
            page.keyboard.press("Control+A")
            page.keyboard.type(str(expected))
        elif order[-1] == "id_note":
            page.keyboard.type("Cập nhật bằng bàn phím")
        page.keyboard.press("Tab")
    assert order[:3] == ["id_status", "id_progress", "id_note"], order
    assert order[-1] == "submit", order
    # The focused control is visibly marked.
    outline = page.evaluate("() => getComputedStyle(document.activeElement).boxShadow")
    assert outline and outline != "none"
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(rf"/tasks/{task.pk}/$"))
    task.refresh_from_db()
    latest = TaskUpdate.objects.filter(task=task).order_by("-pk").first()
    assert (task.progress, latest.progress, latest.note) == (expected, expected, "Cập nhật bằng bàn phím")
