"""No function outside migrations and tests is more than a reader can hold in mind: cyclomatic complexity at
most 15 (radon's measure; CI runs the same check as this test)."""

from pathlib import Path

from radon.complexity import cc_visit

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("plans", "indicators", "dxtracker", "scripts", "devtools")
LIMIT = 15


def _sources() -> list[Path]:
    return sorted(
        path for package in PACKAGES for path in (ROOT / package).rglob("*.py") if "migrations" not in path.parts
    )


def test_the_check_sees_every_package():
    found = {path.relative_to(ROOT).parts[0] for path in _sources()}
    assert found == set(PACKAGES)


def test_the_check_finds_a_complex_function():
    branches = "".join(f"    if x == {i}:\n        return {i}\n" for i in range(LIMIT))
    (block,) = cc_visit(f"def f(x):\n{branches}    return None\n")
    assert block.complexity == LIMIT + 1


def test_no_function_above_the_complexity_limit():
    too_complex = [
        f"{path.relative_to(ROOT)}:{block.lineno} {block.fullname} ({block.complexity})"
        for path in _sources()
        # Functions and methods (a class's own figure is an aggregate of its methods: not a unit of reading).
        for block in cc_visit(path.read_text(encoding="utf-8"))
        if block.complexity > LIMIT and not hasattr(block, "methods")
    ]
    assert not too_complex, f"cyclomatic complexity above {LIMIT}:\n" + "\n".join(too_complex)
