"""Views stay thin: an access check, a selector or service call, a render (docs/architecture.md).

Every function in a views module (`<app>/views.py` or `<app>/views/*.py` of every app, found on disk, helpers
included) is at most MAX_LINES lines long, not counting its docstring, and runs no query of its own: no
`Model.objects`, no `get_object_or_404` (a selector's `<thing>_or_404(pk)` does that), no QuerySet method such as
`.filter(` or `.annotate(`. Reads belong in the app's selectors, writes in its services.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
MAX_LINES = 25
# Called by name: the shortcuts that query.
QUERYING_NAMES = {"get_object_or_404", "get_list_or_404"}
# Called as a method: what only a model manager or a QuerySet offers (not `values`: QueryForm.values() and
# dict.values() share the name).
QUERYSET_METHODS = {
    "filter",
    "exclude",
    "annotate",
    "aggregate",
    "select_related",
    "prefetch_related",
    "values_list",
    "order_by",
    "distinct",
    "in_bulk",
    "bulk_create",
    "bulk_update",
    "get_or_create",
    "update_or_create",
    "with_timeliness",
    "raw",
    "extra",
    "only",
    "defer",
    "exists",
    "first",
    "last",
}


def view_modules() -> list[Path]:
    """The views modules of every app of the project (a folder with apps.py), wherever they are."""
    found = []
    for apps_py in sorted(ROOT.glob("*/apps.py")):
        app = apps_py.parent
        found += [app / "views.py"] if (app / "views.py").exists() else []
        found += sorted(p for p in (app / "views").glob("*.py") if p.name != "__init__.py")
    return found


def functions(tree: ast.Module) -> list[ast.FunctionDef]:
    """Module-level functions and the methods of module-level classes (class-based views)."""
    found = []
    for node in tree.body:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            found.append(node)
        elif isinstance(node, ast.ClassDef):
            found += [n for n in node.body if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef)]
    return found


def body_lines(func: ast.FunctionDef) -> int:
    """Lines from the first statement after the docstring to the function's end."""
    body = func.body
    if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
        body = body[1:] or body
    return func.end_lineno - body[0].lineno + 1


def queries_in(func: ast.FunctionDef) -> list[str]:
    """What in `func` reads or writes the database itself, each as `line: what`."""
    found = []
    for node in ast.walk(func):
        if isinstance(node, ast.Attribute) and node.attr == "objects":
            found.append(f"{node.lineno}: .objects")
        elif isinstance(node, ast.Call):
            callee = node.func
            if isinstance(callee, ast.Name) and callee.id in QUERYING_NAMES:
                found.append(f"{node.lineno}: {callee.id}()")
            elif isinstance(callee, ast.Attribute) and callee.attr in QUERYSET_METHODS:
                found.append(f"{node.lineno}: .{callee.attr}()")
    return found


def offences(source: str, name: str) -> list[str]:
    result = []
    for func in functions(ast.parse(source)):
        lines = body_lines(func)
        if lines > MAX_LINES:
            result.append(f"{name}:{func.lineno} {func.name} is {lines} lines long (at most {MAX_LINES})")
        result += [f"{name}:{func.lineno} {func.name} queries at line {q}" for q in queries_in(func)]
    return result


def test_the_check_sees_the_views_of_both_apps():
    names = {path.relative_to(ROOT).as_posix() for path in view_modules()}
    assert {"plans/views/pages.py", "plans/views/workflow.py", "indicators/views.py"} <= names


@pytest.mark.parametrize(
    "source",
    [
        "def v(request, pk):\n    task = get_object_or_404(Task, pk=pk)\n    return task\n",
        "def v(request):\n    return render(request, 't', {'n': Task.objects.count()})\n",
        "def v(request, unit):\n    return list(unit.tasks.filter(status='open'))\n",
        "def v(request):\n    return rows.annotate(n=Count('pk'))\n",
        "class V:\n    def get_queryset(self):\n        return self.model.objects.all()\n",
        "def v(request):\n" + "    x = 1\n" * MAX_LINES + "    return x\n",
    ],
    ids=["get_object_or_404", "objects", "filter", "annotate", "class-based view", "too long"],
)
def test_the_check_finds_a_fat_view(source):
    assert offences(source, "example.py")


def test_the_check_lets_a_thin_view_pass():
    source = (
        "def v(request, pk):\n"
        '    """A docstring is not counted."""\n'
        "    unit = units.unit_or_404(pk)\n"
        "    context = units.unit_page(unit, on=common.today())\n"
        "    context['chart'] = charts.as_data(context['counts'])\n"
        "    return render(request, 'u.html', context)\n"
    )
    assert offences(source, "example.py") == []


def test_views_are_thin():
    found = [
        offence
        for path in view_modules()
        for offence in offences(path.read_text(encoding="utf-8"), path.relative_to(ROOT).as_posix())
    ]
    assert not found, "views must call selectors and services, not query or grow:\n" + "\n".join(found)
