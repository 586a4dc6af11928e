"""Every page in Vietnamese has no English interface word: visible text and the words a screen reader or a
tooltip gives (aria-label, title, placeholder, alt), on every routed page (the walk of
tests/test_hostile_input.py) signed out, as a unit head and as the DX office, and on every admin list.

KNOWN_LEAKS are the English words that reached Vietnamese pages before (django-tables2's pagination, Bootstrap's
navigation toggle, the admin's facet counts, the screen-reader labels) and the ones likely next. The Plotly
toolbar is drawn in the browser: tests/e2e/test_layout_a11y.py checks its titles.
"""

from __future__ import annotations

import re

import pytest
from django.contrib import admin
from django.urls import reverse
from lxml import html

from tests.conftest import client_for
from tests.test_hostile_input import dataset, pages  # noqa: F401  (dataset is a fixture)

KNOWN_LEAKS = [
    "previous",
    "next",
    "Show counts",
    "Hide counts",
    "Download plot",
    "Zoom",
    "Pan",
    "Reset axes",
    "Autoscale",
    "Toggle navigation",
    "Table navigation",
    "breadcrumb",
    "Search",
    "Filter",
    "Clear",
    "Log in",
    "Log out",
    "Home",
    "Skip to content",
    "Main navigation",
    "Language",
    "Page",
    "Close",
    "Loading",
    "Required",
    "sample data",
]
LEAK = re.compile(r"\b(" + "|".join(re.escape(word) for word in KNOWN_LEAKS) + r")\b", re.IGNORECASE)
ATTRIBUTES = ("aria-label", "title", "placeholder", "alt", "aria-description")
# Not interface words: the brand, file names in links, and the language switch's own name for English.
ALLOWED = {"English"}


def leaks(content: bytes) -> list[str]:
    """The known English words in a page's visible text and its labels, with where each was found. What a page
    marks as not to be translated (HTML's translate="no": the API reference's parameter and field names, such as
    `page`) is an identifier, not an interface word."""
    tree = html.fromstring(content)
    for hidden in tree.xpath("//script | //style | //template | //*[@translate='no']"):
        hidden.drop_tree()
    found = []
    for element in tree.iter():
        if not isinstance(element.tag, str):
            continue
        texts = [("text", element.text), ("tail", element.tail)]
        texts += [(name, element.get(name)) for name in ATTRIBUTES]
        for where, text in texts:
            if not text or text.strip() in ALLOWED:
                continue
            for match in LEAK.finditer(text):
                found.append(f"<{element.tag}> {where}: {match.group(0)!r} in {text.strip()[:80]!r}")
    return found


def admin_pages(task_pk: int) -> list[str]:
    urls = [reverse("admin:index")]
    for model in admin.site._registry:
        meta = model._meta
        urls.append(reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist"))
    urls.append(reverse("admin:plans_task_change", args=[task_pk]))
    return urls


def test_the_leak_finder_finds_english_in_text_and_labels():
    page = b'<html><body><p>Trang <a aria-label="Table navigation">1</a></p><span title="x">next</span></body></html>'
    assert len(leaks(page)) == 2
    assert leaks("<p>Nhiệm vụ tiếp theo</p><script>var next = 1;</script>".encode()) == []
    # An identifier marked translate="no" is not a word of the page; the text around it still is.
    assert leaks('<p>Tham số <code translate="no">page</code></p>'.encode()) == []
    assert len(leaks(b'<p>Next <code translate="no">page</code></p>')) == 1


@pytest.mark.parametrize("role", ["anonymous", "head_a", "dx_office"])
def test_no_english_word_on_any_page_in_vietnamese(dataset, role, request):  # noqa: F811
    client = client_for(None if role == "anonymous" else request.getfixturevalue(role))
    found = []
    urls = [url for _name, url, _route in pages(dataset)]
    if role == "dx_office":
        urls += admin_pages(dataset["plans:task_detail"])
        # A list long enough to have pages: the pagination's words too.
        urls += [reverse("plans:task_list") + "?page=2", reverse("admin:plans_task_changelist") + "?_facets=True"]
    for url in urls:
        response = client.get(url, HTTP_ACCEPT_LANGUAGE="vi")
        if response.status_code != 200 or not response.get("Content-Type", "").startswith("text/html"):
            continue
        found += [f"{url}: {leak}" for leak in leaks(response.content)]
    assert not found, "\n".join(found)


def test_the_pagination_is_vietnamese(client, db):
    from tests.plans.pages_data import build_programme

    build_programme(units=2, plans=1, tasks_per_plan=60, updates_per_task=0)
    response = client.get(reverse("plans:task_list"), {"page": 2}, HTTP_ACCEPT_LANGUAGE="vi")
    content = response.content.decode()
    assert "trang trước" in content and "trang sau" in content and 'aria-label="Các trang của bảng"' in content
    assert leaks(response.content) == []
