"""The Content-Security-Policy: scripts only from our own static files, on every page, admin included;
no template carries an inline script or an on*= handler that the policy would block."""

import re
from pathlib import Path

import pytest
from django.test import Client

from tests.conftest import client_for
from tests.plans.pages_data import build_programme

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
# <script> without src= (json_script's type="application/json" data blocks are data, not code: allowed).
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>", re.IGNORECASE)
HANDLER_ATTRIBUTE = re.compile(r"<[^>]*\son[a-z]+\s*=", re.IGNORECASE)


def directives(response) -> dict[str, list[str]]:
    policy = response["Content-Security-Policy"]
    return {name: values for name, *values in (part.split() for part in policy.split(";") if part.strip())}


@pytest.mark.django_db
def test_every_page_sends_a_policy_that_allows_scripts_only_from_our_origin():
    policy = directives(Client().get("/"))
    assert policy["script-src"] == ["'self'"]  # no 'unsafe-inline', no 'unsafe-eval', no CDN
    assert policy["default-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["base-uri"] == ["'self'"]
    # plotly.js writes inline styles as it draws; styles cannot run code.
    assert policy["style-src"] == ["'self'", "'unsafe-inline'"]


def test_no_template_has_an_inline_script_or_an_event_handler_attribute():
    offenders = []
    for path in sorted(TEMPLATES.rglob("*.html")):
        text = path.read_text(encoding="utf-8")
        for pattern in (INLINE_SCRIPT, HANDLER_ATTRIBUTE):
            offenders += [f"{path.relative_to(TEMPLATES)}: {m.group(0)}" for m in pattern.finditer(text)]
    assert offenders == []


@pytest.mark.django_db
def test_rendered_pages_carry_no_inline_script(superuser):
    build_programme(units=2, plans=1, tasks_per_plan=4, updates_per_task=1)
    anonymous, admin = Client(), client_for(superuser)
    pages = [
        (anonymous, "/"),
        (anonymous, "/tasks/"),
        (anonymous, "/dti/"),
        (anonymous, "/accounts/login/"),
        (admin, "/admin/"),
        (admin, "/admin/plans/task/"),
        (admin, "/admin/plans/task/add/"),
    ]
    for client, url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        assert not INLINE_SCRIPT.search(html), url
        assert not HANDLER_ATTRIBUTE.search(html), url


@pytest.mark.django_db
def test_selects_that_submit_on_change_say_so_with_a_data_attribute():
    html = Client().get("/").content.decode()
    assert re.search(r'<select name="language" id="language-select"[^>]*data-autosubmit', html)
    assert "js/autosubmit.js" in html
