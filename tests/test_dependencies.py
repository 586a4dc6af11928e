"""The dependency rule: `indicators` may import `plans`; `plans` never imports `indicators` (nor loads its
template tags, includes its templates or calls its code by a dotted string), and no app imports `devtools`.
Between the project's packages the imports form no cycle.

Every .py file of every project package (a top-level folder with an __init__.py: plans, indicators,
dxtracker, devtools, and any new one) and every template is read from disk, so a new file is covered without
touching this test. What plans' pages, admin and demo need from another app comes through plans/extensions.py.
"""

from __future__ import annotations

import ast
import re
from graphlib import CycleError, TopologicalSorter
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = sorted(p.parent.name for p in ROOT.glob("*/__init__.py") if p.parent.name != "tests")

# The apps from the bottom up (docs/architecture.md, "The dependency rule"): each may import those before it,
# never one after it; apps on the same level (a tuple) never import each other; no app imports the project
# package `dxtracker` (it composes the apps), and nothing imports `devtools`.
LAYERS = ["common", "plans", "indicators", ("reports", "api")]
_LEVEL = {app: i for i, layer in enumerate(LAYERS) for app in (layer if isinstance(layer, tuple) else (layer,))}
# (importer, imported): dependencies that must never exist.
FORBIDDEN = (
    {(a, b) for a in _LEVEL for b in _LEVEL if a != b and _LEVEL[b] >= _LEVEL[a]}
    | {(app, "dxtracker") for app in _LEVEL}
    | {(package, "devtools") for package in [*_LEVEL, "dxtracker"]}
)
# A string that names a module or a model ("indicators.demo", "plans.Task") is a dependency too.
DOTTED = re.compile(r"^([A-Za-z_]\w*)(\.[A-Za-z_]\w*)+$")
# Calls that take a bare package or app name ("indicators") and reach into it.
BY_NAME = {"import_module", "find_spec", "__import__", "import_string", "get_app_config", "get_model", "is_installed"}
TEMPLATE_USE = re.compile(r"""{%\s*(?:include|extends)\s+["']([\w-]+)/|{%\s*url\s+["']([\w-]+):""")
TEMPLATE_LOAD = re.compile(r"{%\s*load\s+([^%]+?)\s*%}")


def _call_name(node: ast.Call) -> str:
    func = node.func
    return func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")


def imported_packages(source: str, filename: str = "<source>") -> set[str]:
    """The top-level packages a module's source depends on: imports anywhere (module level or inside a
    function), and strings naming a module or model, or passed to an import-by-name call."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(source, filename)):
        if isinstance(node, ast.Import):
            found.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.add(node.module.split(".")[0])
        elif isinstance(node, ast.Constant) and isinstance(node.value, str) and DOTTED.match(node.value):
            found.add(node.value.split(".")[0])
        elif isinstance(node, ast.Call) and _call_name(node) in BY_NAME:
            for arg in node.args[:1]:
                if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                    found.add(arg.value.split(".")[0].split(":")[0])
    return found


def template_packages(text: str, tag_libraries: dict[str, str]) -> set[str]:
    """The packages a template depends on: the owners of the tag libraries it loads, the template folders it
    includes or extends, the URL namespaces it links to."""
    found = {
        tag_libraries[name] for load in TEMPLATE_LOAD.findall(text) for name in load.split() if name in tag_libraries
    }
    for folder, namespace in TEMPLATE_USE.findall(text):
        found.add(folder or namespace)
    return found


def tag_libraries() -> dict[str, str]:
    """Each project template-tag library's name -> its package (indicators/templatetags/dti.py: dti -> indicators)."""
    return {
        path.stem: path.parts[len(ROOT.parts)]
        for path in ROOT.glob("*/templatetags/*.py")
        if path.stem != "__init__" and path.parts[len(ROOT.parts)] in PACKAGES
    }


def package_graph() -> dict[str, dict[str, list[str]]]:
    """package -> imported package -> the files (python and templates) that import it."""
    graph: dict[str, dict[str, list[str]]] = {p: {} for p in PACKAGES}
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            for target in imported_packages(path.read_text(encoding="utf-8"), str(path)) & set(PACKAGES) - {package}:
                graph[package].setdefault(target, []).append(str(path.relative_to(ROOT)))
    libraries = tag_libraries()
    template_dirs = [(ROOT / "templates" / p, p) for p in PACKAGES] + [(ROOT / p / "templates", p) for p in PACKAGES]
    for folder, package in template_dirs:
        for path in sorted(folder.rglob("*.html")):
            for target in template_packages(path.read_text(encoding="utf-8"), libraries) & set(PACKAGES) - {package}:
                graph[package].setdefault(target, []).append(str(path.relative_to(ROOT)))
    return graph


def test_the_project_packages_are_found():
    assert {"plans", "indicators", "dxtracker", "devtools"} <= set(PACKAGES)
    # A new app gets its place in LAYERS (and in docs/architecture.md) before it can land.
    assert set(PACKAGES) <= {*_LEVEL, "dxtracker", "devtools"}
    assert tag_libraries()["dti"] == "indicators"


def test_no_import_against_the_rule():
    graph = package_graph()
    broken = {
        f"{importer} -> {imported}": files
        for importer, imported in sorted(FORBIDDEN)
        if (files := graph.get(importer, {}).get(imported))
    }
    assert not broken, f"Against the dependency rule (docs: README, Layout): {broken}"


def test_the_packages_import_each_other_without_a_cycle():
    graph = package_graph()
    try:
        order = list(TopologicalSorter({p: set(targets) for p, targets in graph.items()}).static_order())
    except CycleError as cycle:
        pytest.fail(f"Import cycle between packages: {cycle.args[1]}; files: {graph}")
    # The direction itself: plans comes before indicators, which builds on it.
    assert order.index("plans") < order.index("indicators")


@pytest.mark.parametrize(
    "source",
    [
        "import indicators",
        "import indicators.models as m",
        "from indicators.admin import TaskIndicatorInline",
        "def f():\n    from indicators import demo\n",
        "import importlib\nimportlib.import_module('indicators.demo')",
        "import importlib.util\nimportlib.util.find_spec('indicators')",
        "from django.apps import apps\napps.get_model('indicators', 'Indicator')",
        "FK = 'indicators.Indicator'",
    ],
)
def test_the_checker_sees_every_kind_of_python_dependency(source):
    assert "indicators" in imported_packages(source)


def test_the_checker_ignores_relative_imports_and_plain_words():
    assert imported_packages("from . import models\nfrom .selectors import x\nname = 'indicators'\n") == set()


@pytest.mark.parametrize(
    "template",
    [
        "{% load i18n dti %}",
        "{% load dti %}",
        '{% include "indicators/_rank_card.html" %}',
        "{% url 'indicators:ranking' %}",
    ],
)
def test_the_checker_sees_every_kind_of_template_dependency(template):
    assert template_packages(template, tag_libraries()) == {"indicators"}


def test_the_checker_ignores_a_plans_template_that_uses_only_plans():
    libraries = tag_libraries()
    text = '{% load i18n pages extension_panels %}{% include "plans/_chart.html" %}{% url "plans:overview" %}'
    assert template_packages(text, libraries) <= {"plans"}
