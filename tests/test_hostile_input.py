"""No input gives a server error: every URL pattern, every parameter its page offers, hostile values.

The URL patterns come from the resolver (the admin's own and the static handlers aside), so a new page is
walked as soon as it is routed; its query parameters come from the forms and filter sets named in
QUERY_FORMS, which must name every routed page. Each parameter gets every hostile value as the DX office
(who may open every page); every page gets a few of them in every parameter for an anonymous visitor and a
unit head. Integer path parameters get huge values too (404, never 500). The rule each page follows for a bad
value (400 or a corrected default) is in plans/forms.py.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.contrib.auth.forms import AuthenticationForm
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from api.forms import TokenForm
from api.models import ApiToken
from indicators.forms import RankingQueryForm, RecomputeForm, YearQueryForm
from indicators.models import Framework, Indicator, Province, ScoreRun
from indicators.planning_forms import WhatIfForm
from plans.filters import DocumentFilter, TaskFilter
from plans.forms import (
    BulkVerifyForm,
    PreferencesForm,
    QueueFilterForm,
    ReviewForm,
    SearchForm,
    SuggestForm,
    TableQueryForm,
    TaskUpdateForm,
)
from plans.models import Notification, TaskUpdate
from reports.forms import PeriodForm, ReportQueryForm, ReportTextForm
from reports.models import ReportPeriod
from tests import factories
from tests.conftest import client_for
from tests.plans.pages_data import build_programme


class WhatIfQuery(WhatIfForm):
    """The what-if page's fields for two of its indicator codes (the others are built the same way)."""

    base_fields = {**WhatIfForm.base_fields, "set_CQS": None, "set_NTS": None}


HOSTILE = [
    str(10**30),
    "-1",
    "-99999999999",
    "abc",
    "\x00",
    "a" * 3000,
    "2026-02-30",
    "31/02/2026",
    "9999-99-99",
    "%00",
    "1e400",
    "NaN",
    "../../etc/passwd",
]
FEW = ["\x00", str(10**30), "-99999999999", "a" * 3000, "31/02/2026"]
HOSTILE_IDS = ["99999999999999999999", "9223372036854775808", "2147483648", "0", "-1", "abc", "%00"]
# Asked of every page, whether it offers them or not: what people (and scanners) type by hand.
COMMON = ["page", "per_page", "sort", "year", "format", "q", "next", "_export", "group"]

# Every routed page (by URL name) and the forms / filter sets that parse its query string.
QUERY_FORMS: dict[str, list] = {
    "plans:overview": [],
    "plans:document_list": [DocumentFilter, TableQueryForm],
    "plans:document_detail": [],
    "plans:plan_list": [TableQueryForm],
    "plans:plan_detail": [TableQueryForm],
    "plans:task_list": [TaskFilter, TableQueryForm],
    "plans:task_export": [TaskFilter],
    "plans:task_detail": [],
    "plans:unit_list": [TableQueryForm],
    "plans:unit_detail": [TableQueryForm],
    "plans:leader_list": [TableQueryForm],
    "plans:leader_detail": [TableQueryForm],
    "plans:search": [SearchForm],
    "plans:suggest": [SuggestForm],
    "plans:ratings_help": [],
    "plans:my_tasks": [QueueFilterForm],
    "plans:updates_verify": [],
    "plans:notification_list": [],
    "plans:notification_open": [],
    "plans:notifications_read_all": [],
    "plans:preferences": [],
    "favicon": [],
    "plans:task_update": [],
    "plans:update_review": [],
    "plans:evidence_download": [],
    "indicators:ranking": [RankingQueryForm],
    "indicators:dashboard_province": [],
    "indicators:province": [YearQueryForm],
    "indicators:indicator": [YearQueryForm],
    "indicators:import": [],
    "indicators:import_template": [],
    "indicators:recompute": [],
    "reports:period_list": [],
    "reports:period_detail": [ReportQueryForm],
    "reports:period_close": [],
    "reports:period_download": [ReportQueryForm],
    # The API's schema and docs page; the API's own endpoints (regex routes of DRF's router, not walked here)
    # are walked by schemathesis against the schema, every parameter included (tests/api/test_contract.py).
    "api:api-root": [],
    "api:schema": [],
    "api:docs": [],
    "api:docs_swagger": [],
    "api:tokens": [],
    "api:token_revoke": [],
    "history:task": [],
    "history:plan": [],
    "history:document": [],
    "history:plan_feed": [],
    "history:unit_feed": [],
    "history:open_data": [],
    "indicators:province_plan": [YearQueryForm, WhatIfQuery],
    "indicators:scenario_save": [],
    # Django's own pages: sign-in, password, language, translations for scripts.
    "login": [],
    "logout": [],
    "password_change": [],
    "password_change_done": [],
    "password_reset": [],
    "password_reset_done": [],
    "password_reset_confirm": [],
    "password_reset_complete": [],
    "set_language": [],
    "javascript-catalog": [],
}

# Pages whose query string is parsed by the same forms as another page walked in full.
SAME_FORMS_AS = {"plans:task_export": "plans:task_list", "reports:period_download": "reports:period_detail"}

# What the pages accept in a POST (the import's file has its own tests: tests/indicators/test_import.py).
POST_FIELDS = {
    "plans:task_update": list(TaskUpdateForm.base_fields),
    "plans:update_review": list(ReviewForm.base_fields),
    "plans:updates_verify": list(BulkVerifyForm.base_fields),
    "plans:notifications_read_all": ["next"],
    "plans:preferences": list(PreferencesForm.base_fields),
    "indicators:recompute": list(RecomputeForm.base_fields),
    "reports:period_list": list(PeriodForm.base_fields),
    "reports:period_detail": list(ReportTextForm.base_fields),
    "reports:period_close": ["rebuild"],
    "api:tokens": list(TokenForm.base_fields),
    "indicators:scenario_save": ["year", "name", "set_CQS", "set_NTS", "linked"],
    "login": [*AuthenticationForm.base_fields, "next"],
    "admin:login": [*AuthenticationForm.base_fields, "next"],
    "set_language": ["language", "next"],
}
ANONYMOUS_POSTS = {"login", "admin:login", "set_language"}

# Valid values for the string path parameters.
STR_PATH = {"fmt": "csv", "uidb64": "MQ", "token": "set-password", "kind": "unit"}

CONVERTER = re.compile(r"<(?:(?P<kind>\w+):)?(?P<name>\w+)>")


def routes(patterns=None, prefix: str = "", namespace: str = ""):
    """(URL name, route with converters) of every routed page, the admin's own and static handlers aside."""
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(entry, URLResolver):
            if entry.namespace == "admin" or entry.app_name == "admin":
                continue
            inner = f"{namespace}:{entry.namespace}" if namespace and entry.namespace else entry.namespace or namespace
            yield from routes(entry.url_patterns, prefix + str(entry.pattern), inner or "")
        elif isinstance(entry, URLPattern) and entry.name and not str(entry.pattern).startswith("^"):
            yield (f"{namespace}:{entry.name}" if namespace else entry.name), prefix + str(entry.pattern)


def build_url(route: str, ints: dict[str, int], replace: str | None = None) -> str:
    def value(match):
        kind, name = match["kind"] or "str", match["name"]
        if kind == "int":
            return replace if replace is not None else str(ints.get(name))
        return STR_PATH.get(name, "x")

    return "/" + CONVERTER.sub(value, route)


def own_parameters(name: str) -> list[str]:
    """The query parameters the page's forms and filter sets read."""
    names = []
    for form in QUERY_FORMS[name]:
        fields = form.base_filters if hasattr(form, "base_filters") else form.base_fields
        names += [f for f in fields if f not in names]
    return names


def parameters(name: str) -> list[str]:
    return own_parameters(name) + [p for p in COMMON if p not in own_parameters(name)]


@pytest.fixture
def dataset(db, head_a, task_a, dx_office):
    """A programme and the DTI reference data; the valid id for each page with an integer in its path."""
    programme = build_programme(units=2, plans=1, tasks_per_plan=6, updates_per_task=1)
    update = TaskUpdate.objects.filter(task=task_a).first() or TaskUpdate.objects.create(
        task=task_a, author=head_a, status=task_a.status, progress=task_a.progress, note="Báo cáo"
    )
    province = Province.objects.get(name="Nam Định", group="63")
    indicator = Indicator.objects.filter(framework__code="922/QĐ-BTTTT").first()
    return {
        "plans:document_detail": programme["resolution"].pk,
        "plans:plan_detail": programme["plans"][0].pk,
        "plans:task_detail": task_a.pk,
        "plans:unit_detail": programme["units"][0].pk,
        "plans:leader_detail": programme["heads"][0].pk,
        "plans:task_update": task_a.pk,
        "plans:update_review": update.pk,
        "plans:evidence_download": update.pk,
        "plans:notification_open": Notification.objects.create(
            recipient=head_a, kind=Notification.Kind.RETURNED, update=update
        ).pk,
        "indicators:province": province.pk,
        "indicators:indicator": indicator.pk,
        "history:task": task_a.pk,
        "history:plan": programme["plans"][0].pk,
        "history:document": programme["resolution"].pk,
        "history:plan_feed": programme["plans"][0].pk,
        "history:unit_feed": programme["units"][0].pk,
        "api:token_revoke": ApiToken.issue(user=head_a, name="LGSP")[0].pk,
        "indicators:province_plan": province.pk,
        "indicators:scenario_save": province.pk,
        "framework": Framework.objects.get(code="922/QĐ-BTTTT").pk,
        **dict.fromkeys(
            ["reports:period_detail", "reports:period_close", "reports:period_download"],
            ReportPeriod.objects.create(
                code="2026-Q3", kind="quarter", start=dt.date(2026, 7, 1), end=dt.date(2026, 9, 30)
            ).pk,
        ),
    }


def pages(dataset):
    """(name, valid URL, route) of every routed page."""
    for name, route in routes():
        assert name in QUERY_FORMS, f"{name} ({route}) is routed: say in QUERY_FORMS which forms parse its query"
        ints = {m["name"]: dataset[name] for m in CONVERTER.finditer(route) if m["kind"] == "int"}
        yield name, build_url(route, ints), route


def check(client, url, params=None, *, method="get"):
    response = getattr(client, method)(url, params or {})
    assert response.status_code < 500, (url, params, response.status_code)
    return response


def test_the_walk_covers_every_routed_page(dataset):
    walked = {name for name, _url, _route in pages(dataset)}
    assert walked == set(QUERY_FORMS)
    assert "plans:task_list" in walked and "indicators:ranking" in walked


def test_every_parameter_with_every_hostile_value(dataset, dx_office):
    """As the DX office, who may open every page: each parameter a page reads gets each value alone (the
    others at their default), then every parameter at once; a page that reads none gets them all at once.
    The export reads the task list's filter set, walked in full on the list: it gets the few values."""
    client = client_for(dx_office)
    for name, url, _route in pages(dataset):
        values = FEW if name in SAME_FORMS_AS or not QUERY_FORMS[name] else HOSTILE
        for value in values:
            for param in own_parameters(name):
                check(client, url, {param: value})
            check(client, url, dict.fromkeys(parameters(name), value))


@pytest.mark.parametrize("role", ["anonymous", "head_a"])
def test_every_page_with_a_few_hostile_values_in_every_parameter(dataset, role, request):
    client = client_for(None if role == "anonymous" else request.getfixturevalue(role))
    for name, url, _route in pages(dataset):
        for value in FEW:
            check(client, url, dict.fromkeys(parameters(name), value))


@pytest.mark.parametrize("role", ["anonymous", "head_a", "dx_office"])
def test_huge_and_malformed_ids_in_the_path_are_404(dataset, role, request):
    client = client_for(None if role == "anonymous" else request.getfixturevalue(role))
    for _name, _url, route in pages(dataset):
        if "<int:" not in route:
            continue
        for value in HOSTILE_IDS:
            response = check(client, build_url(route, {}, replace=value))
            # A NUL is refused before any URL is matched; otherwise never a page: sign-in (302), not yours (403),
            # not there (404), or a POST-only address (405).
            expected = (400,) if value == "%00" else (302, 403, 404, 405)
            assert response.status_code in expected, (route, value, response.status_code)


def test_posted_forms_with_hostile_values(dataset, head_a, dx_office):
    """Every field of every posted form, as a head and as the DX office; the sign-in and the language
    switch as an anonymous visitor (a sign-in checks a password hash: a few values only)."""
    routed = {**dict(routes()), "admin:login": "admin/login/"}
    valid = {"framework": dataset["framework"], "year": 2022, "action": "return", "version": 1}
    for name, fields in POST_FIELDS.items():
        url = build_url(routed[name], {"pk": dataset.get(name)})
        users = [None] if name in ANONYMOUS_POSTS else [head_a, dx_office]
        for user in users:
            client = client_for(user)
            for value in HOSTILE if user == dx_office else FEW:
                for field in fields:
                    check(client, url, {**valid, field: value}, method="post")
                check(client, url, dict.fromkeys(fields, value), method="post")


# The rule of plans/forms.py, one behaviour at a time.


@pytest.fixture
def thirty_tasks(db):
    return build_programme(units=2, plans=1, tasks_per_plan=30, updates_per_task=0)


def test_a_bad_page_shows_the_first_page_and_one_beyond_the_last_shows_the_last(client, thirty_tasks):
    url = reverse("plans:task_list")
    for page in ("-1", "0", "abc", "1e400"):
        assert client.get(url, {"page": page}).context["table"].page.number == 1, page
    for page in ("3", str(10**30)):
        assert client.get(url, {"page": page}).context["table"].page.number == 2, page


def test_the_query_string_cannot_change_the_page_size(client, thirty_tasks):
    for per_page in ("0", "-1", "1", str(10**9)):
        table = client.get(reverse("plans:task_list"), {"per_page": per_page}).context["table"]
        assert len(table.page.object_list) == 25, per_page


def test_a_bad_sort_keeps_the_default_order_and_a_good_one_sorts(client, thirty_tasks):
    url = reverse("plans:task_list")
    default = [r.record.pk for r in client.get(url).context["table"].page.object_list]
    for sort in ("../../etc/passwd", "a" * 3000, "nonsense"):
        rows = client.get(url, {"sort": sort}).context["table"].page.object_list
        assert [r.record.pk for r in rows] == default, sort
    codes = [r.record.code for r in client.get(url, {"sort": "-code"}).context["table"].page.object_list]
    assert codes == sorted(codes, reverse=True)


def test_a_year_out_of_range_is_not_applied_and_says_why_in_vietnamese(client, db):
    factories.DocumentFactory(issue_date=dt.date(2021, 5, 1))
    for year in (str(10**30), "-1", "99999", "1e400", "2021.5"):
        response = client.get(reverse("plans:document_list"), {"year": year})
        assert response.status_code == 200 and len(response.context["table"].rows) == 1, year
        assert "Nhập một năm từ 1900 đến 2100." in response.content.decode(), year
    assert len(client.get(reverse("plans:document_list"), {"year": "2020"}).context["table"].rows) == 0


def test_an_overlong_search_is_not_applied_and_says_why(client, thirty_tasks):
    response = client.get(reverse("plans:task_list"), {"q": "a" * 3000})
    assert response.status_code == 200 and response.context["table"].paginator.count == 30
    assert "invalid-feedback" in response.content.decode()


@pytest.mark.parametrize("url", ["/tasks/?q=%00", "/%00/", "/admin/plans/task/?q=%00", "/admin/plans/task/?a%00=1"])
def test_a_nul_anywhere_in_the_address_is_our_400_page_even_in_the_admin(client, dx_office, url):
    client.force_login(dx_office)
    response = client.get(url)
    assert response.status_code == 400
    assert 'data-testid="bad-request"' in response.content.decode()


def test_huge_ids_in_filters_match_nothing_and_are_not_applied(client, thirty_tasks):
    for param in ("plan", "lead_unit", "cooperating_unit", "head"):
        response = client.get(reverse("plans:task_list"), {param: str(10**30)})
        assert response.status_code == 200 and response.context["filter"].errors.get(param), param


def test_dti_pages_fall_back_to_the_default_year_group_and_page(db, dx_office):
    client = client_for(None)
    default = client.get(reverse("indicators:ranking")).context
    for params in (
        {"year": str(10**30)},
        {"year": "-1"},
        {"group": "nowhere"},
        {"_export": "../x"},
        {"sort": "a" * 3000},
    ):
        response = client.get(reverse("indicators:ranking"), params)
        assert response.status_code == 200 and response["Content-Type"].startswith("text/html"), params
        assert (response.context["year"], response.context["group"]) == (default["year"], "63"), params
    province = Province.objects.get(name="Nam Định", group="63")
    response = client.get(reverse("indicators:province", args=[province.pk]), {"year": str(10**30)})
    assert response.status_code == 200


def test_a_bad_recompute_request_says_why_and_recomputes_nothing(db, dx_office):
    client = client_for(dx_office)
    framework = Framework.objects.get(code="922/QĐ-BTTTT")
    cases = [
        ({"framework": str(10**30), "year": "2022"}, "Chọn một bộ chỉ số trong danh sách."),
        ({"framework": "\x00", "year": "2022"}, "Không được có ký tự NUL (ký tự rỗng)."),
        ({"framework": framework.pk, "year": str(10**30)}, "Nhập một năm từ 1900 đến 2100."),
        ({"framework": framework.pk, "year": "2030"}, "922/QĐ-BTTTT"),
    ]
    for data, message in cases:
        response = client.post(reverse("indicators:recompute"), data, follow=True)
        assert response.status_code == 200, data
        shown = [str(m) for m in response.context["messages"]]
        assert any(message in m for m in shown), (data, shown)
    assert not ScoreRun.objects.exists()


def test_an_overlong_username_is_refused_before_anyone_is_asked(client, db):
    """django-axes would record it in a 255-character column: PostgreSQL refuses it (a 500 before the fix)."""
    from axes.models import AccessAttempt

    for url in (reverse("login"), reverse("admin:login")):
        response = client.post(url, {"username": "a" * 3000, "password": "x"})
        assert response.status_code == 200 and response.context["form"].errors.get("username"), url
    assert not AccessAttempt.objects.exists()
