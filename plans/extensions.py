"""What other apps add to the programme's pages, admin and demo, while plans knows none of them.

The dependency rule: other apps (indicators) may import plans; plans never imports them. An app that shows
something on a programme page, adds an inline to the task admin or has demo data to load after the
programme's registers it here from its AppConfig.ready():

- a panel: a template and a function that returns its context, rendered in a plans page by
  `{% load extension_panels %}{% extension_panels "overview" %}` (no argument) or
  `{% extension_panels "task" task %}` (the task);
- an admin inline, appended to the task admin's own (TaskAdmin.get_inlines);
- a demo loader, run by `manage.py load_demo` after plans' own demo data;
- a goal reader: a function that, given goals, returns for those it measures a `GoalReading` (value, year,
  source) read from its data, in a fixed number of queries; the other goals show their typed value.

Registration is idempotent (ready() can run more than once in tests), and the order of registration is the
order of rendering and loading.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

# The plans pages with a place for panels, and what their panels' context functions receive.
PAGES = {
    "overview": "no argument",
    "task": "the task",
    "plan": "the plan",
    "document": "the document",
}


@dataclass(frozen=True)
class Panel:
    template: str
    context: Callable[..., dict[str, Any]]


_panels: dict[str, list[Panel]] = {page: [] for page in PAGES}
_task_admin_inlines: list[type] = []
_demo_loaders: list[Callable[[], None]] = []
_goal_readers: list[Callable[[list], dict[int, GoalReading]]] = []


@dataclass(frozen=True)
class GoalReading:
    """A goal's current value with its year and where it comes from.

    `kind`: "published" (what the ministry published), "computed" (our score), "computed_sample" (computed from
    sample inputs), "recorded" (an observation entered with its source), "sample" (a sample observation), or
    "entered" (typed in; `entered_by` and `entered_at` say by whom and when)."""

    value: float | None
    year: int | None
    kind: str
    source: str = ""
    met: bool | None = None
    detail: str = ""  # what is measured, e.g. "hạng DTI · Nam Định"
    entered_by: str = ""
    entered_at: Any = None

    @property
    def is_sample(self) -> bool:
        return self.kind in ("computed_sample", "sample")


def _add(registry: list, item) -> None:
    if item not in registry:
        registry.append(item)


def register_panel(page: str, *, template: str, context: Callable[..., dict[str, Any]]) -> None:
    if page not in PAGES:
        raise ValueError(f"No panel place {page!r} in plans: one of {sorted(PAGES)}.")
    _add(_panels[page], Panel(template=template, context=context))


def panels(page: str) -> list[Panel]:
    return list(_panels[page])


def register_task_admin_inline(inline: type) -> None:
    _add(_task_admin_inlines, inline)


def task_admin_inlines() -> list[type]:
    return list(_task_admin_inlines)


def register_demo_loader(load: Callable[[], None]) -> None:
    _add(_demo_loaders, load)


def demo_loaders() -> list[Callable[[], None]]:
    return list(_demo_loaders)


def register_goal_reader(read: Callable[[list], dict[int, GoalReading]]) -> None:
    _add(_goal_readers, read)


def goal_readers() -> list[Callable[[list], dict[int, GoalReading]]]:
    return list(_goal_readers)
