"""The plan annex import: every row checked and applied in one transaction, rolled back on a dry run or on any
error, so that the preview shows exactly what the import would write and a bad row writes nothing.

An import sets the plan's structure (codes, titles, units, deadlines), never a task's state: status and progress
change only through an update (plans.services.task_submit_update). Tasks are matched by code, so importing the
same file again changes nothing and an edited file updates its tasks, keeping their updates and history.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from plans.models import Plan, Task, Unit
from plans.onboarding.annex import AnnexError, AnnexTask, is_header, parse_annex
from plans.onboarding.deadlines import Deadline, DeadlineError, parse_deadline
from plans.onboarding.tables import ImportFileError, read_table
from plans.onboarding.text import name_key
from plans.onboarding.units import UnitMatcher, guess_kind, split_names

CREATE, UPDATE, UNCHANGED, ERROR = "create", "update", "unchanged", "error"
# The task fields an import sets; the rest (status, progress, completion) belong to the updates.
STRUCTURE = [
    "title",
    "description",
    "pillar",
    "field",
    "lead_unit_id",
    "parent_id",
    "start_date",
    "due_date",
    "is_ongoing",
    "cooperating_text",
]


@dataclass
class RowReport:
    row: int
    code: str
    title: str
    action: str = CREATE
    changes: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    lead: str = ""
    due: str = ""

    def get_action_display(self) -> str:
        return str(ACTION_LABELS[self.action])


@dataclass
class PlanImport:
    plan: Plan
    rows: list[RowReport] = field(default_factory=list)
    file_errors: list[str] = field(default_factory=list)
    created_units: list[str] = field(default_factory=list)
    applied: bool = False

    @property
    def errors(self) -> list[tuple[int | None, str]]:
        out: list[tuple[int | None, str]] = [(None, e) for e in self.file_errors]
        return out + [(r.row, e) for r in self.rows for e in r.errors]

    @property
    def warnings(self) -> list[tuple[int, str]]:
        return [(r.row, w) for r in self.rows for w in r.warnings]

    @property
    def ok(self) -> bool:
        return not self.errors and bool(self.rows)

    def count(self, action: str) -> int:
        return sum(1 for r in self.rows if r.action == action)


def plan_import(*, plan: Plan, name: str, data: bytes, create_units: bool = False, dry_run: bool = True) -> PlanImport:
    """Read the annex and apply it to `plan`; nothing stays written on a dry run or when any row has an error.

    The caller checks the permission (`plans.import_plan`).
    """
    result = PlanImport(plan=plan)
    try:
        annex = parse_annex(read_table(name, data, is_header=is_header))
    except (ImportFileError, AnnexError) as exc:
        result.file_errors.append(str(exc))
        return result
    if not annex:
        result.file_errors.append(_("The annex has no task rows under its header."))
        return result
    with transaction.atomic():
        _Applier(plan, result, create_units=create_units).apply(annex)
        result.applied = not dry_run and not result.errors
        if not result.applied:
            transaction.set_rollback(True)
    return result


class _Applier:
    def __init__(self, plan: Plan, result: PlanImport, *, create_units: bool):
        self.plan = plan
        self.result = result
        self.create_units = create_units
        self.matcher = UnitMatcher()
        self.existing = {t.code: t for t in plan.tasks.prefetch_related("cooperating_units")}
        self.written: dict[str, Task] = {}

    def apply(self, annex: list[AnnexTask]) -> None:
        for item in annex:
            report = RowReport(row=item.row, code=item.code, title=item.title, errors=list(item.errors))
            self.result.rows.append(report)
            self._apply_row(item, report)

    def _apply_row(self, item: AnnexTask, report: RowReport) -> None:
        deadline = self._deadline(item, report)
        lead, members, lead_extra = self._lead(item, report)
        cooperating, text = self._cooperating(item.cooperating, report)
        parent = self.written.get(item.parent_code) if item.parent_code else None
        if report.errors:
            report.action = ERROR
            return
        values = _values(item, deadline, lead=lead or self.plan.owner, parent=parent, text=text)
        task = self._upsert(item.code, values, set(cooperating) | set(lead_extra), report)
        for member in members:
            self._member_subtask(item, member, task, values, cooperating, report)

    def _deadline(self, item: AnnexTask, report: RowReport) -> Deadline:
        try:
            deadline = parse_deadline(item.deadline)
        except DeadlineError as exc:
            report.errors.append(str(exc))
            return Deadline()
        report.due = _("ongoing") if deadline.ongoing else (f"{deadline.due:%d/%m/%Y}" if deadline.due else "")
        return deadline

    def _lead(self, item: AnnexTask, report: RowReport) -> tuple[Unit | None, tuple[Unit, ...], list[Unit]]:
        """The lead unit, a collective lead's member units, and other units named in the lead cell."""
        names = split_names(item.lead)
        if not names:
            report.errors.append(_("The lead unit is missing."))
            return None, (), []
        first = self.matcher.match(names[0])
        report.lead = names[0]
        extra = [u for name in names[1:] for u in self._units(name, report, required=True)]
        if first.is_collective:
            if not first.members:
                report.warnings.append(_('"%(name)s" names no unit yet: import the units first.') % {"name": names[0]})
            return None, first.members, extra
        units = self._units(names[0], report, required=True)
        return (units[0] if units else None), (), extra

    def _cooperating(self, cell: str, report: RowReport) -> tuple[list[Unit], str]:
        units, unknown = [], []
        for name in split_names(cell):
            found = self._units(name, report, required=False)
            if found:
                units.extend(found)
            else:
                unknown.append(name)
        return units, "; ".join(unknown)

    def _units(self, name: str, report: RowReport, *, required: bool) -> list[Unit]:
        """The units a name stands for; an unknown name is created when asked, else an error (a lead unit) or a
        warning (a co-operating body, kept as text on the task)."""
        match = self.matcher.match(name)
        if match.is_collective:
            return list(match.members)
        if match.unit:
            return [match.unit]
        if match.ambiguous:
            report.errors.append(
                _('"%(name)s" matches several units: %(units)s.') % {"name": name, "units": ", ".join(match.ambiguous)}
            )
            return []
        if self.create_units:
            return [self._create_unit(name)]
        nearest = self.matcher.nearest(name)
        hint = (_(" Nearest: %(names)s.") % {"names": "; ".join(nearest)}) if nearest else ""
        if required:
            report.errors.append(_('Unknown unit "%(name)s".') % {"name": name} + hint)
        else:
            report.warnings.append(
                _('Co-operating "%(name)s" matches no unit: kept as text on the task.') % {"name": name} + hint
            )
        return []

    def _create_unit(self, name: str) -> Unit:
        unit = Unit.objects.create(name=name[:255], kind=guess_kind(name))
        self.matcher.add_unit(unit)
        self.result.created_units.append(unit.name)
        return unit

    def _member_subtask(self, item, member: Unit, parent: Task, values: dict, cooperating, report: RowReport):
        """A collective lead: one subtask per member unit, so that each head answers for their own part."""
        code = _member_code(item.code, member)
        sub = RowReport(row=item.row, code=code, title=item.title, lead=str(member), due=report.due)
        if code in self.written:
            sub.errors.append(_("The code %(code)s appears twice.") % {"code": code})
            sub.action = ERROR
            self.result.rows.append(sub)
            return
        self.result.rows.append(sub)
        self._upsert(code, {**values, "lead_unit_id": member.pk, "parent_id": parent.pk}, set(cooperating), sub)

    def _upsert(self, code: str, values: dict, cooperating: set[Unit], report: RowReport) -> Task:
        task = self.existing.get(code)
        wanted = {u.pk for u in cooperating}
        if task is None:
            task = Task(plan=self.plan, code=code, **values)
            task._change_reason = "Import"
            task.save()
            task.cooperating_units.set(wanted)
            report.action = CREATE
        else:
            report.changes = [n.removesuffix("_id") for n in STRUCTURE if getattr(task, n) != values[n]]
            if {u.pk for u in task.cooperating_units.all()} != wanted:
                report.changes.append("cooperating_units")
            report.action = UPDATE if report.changes else UNCHANGED
            if report.changes:
                self._update(task, values, wanted)
        self.written[code] = task
        return task

    def _update(self, task: Task, values: dict, wanted: set[int]) -> None:
        for name, value in values.items():
            setattr(task, name, value)
        task._change_reason = "Import"
        task.save()
        task.cooperating_units.set(wanted)
        # Like an edit in the admin: an update form opened before the import must not overwrite it.
        Task.objects.filter(pk=task.pk).update(version=F("version") + 1)


def _values(item: AnnexTask, deadline: Deadline, *, lead: Unit, parent: Task | None, text: str) -> dict:
    return {
        "title": item.title[:500],
        "description": item.description,
        "pillar": item.pillar,
        "field": item.field,
        "lead_unit_id": lead.pk,
        "parent_id": parent.pk if parent else None,
        "start_date": deadline.start,
        "due_date": deadline.due,
        "is_ongoing": deadline.ongoing,
        "cooperating_text": text,
    }


def _member_code(code: str, member: Unit) -> str:
    tag = re.sub(r"\s+", "", member.short_name) if member.short_name else name_key(member.name).replace(" ", "")
    return f"{code}-{tag}"[:32]


ACTION_LABELS = {
    CREATE: _lazy("create"),
    UPDATE: _lazy("update"),
    UNCHANGED: _lazy("unchanged"),
    ERROR: _lazy("error"),
}


def preview_lines(result: PlanImport) -> list[str]:
    """The preview as plain lines (the management command prints them; the admin shows the same in a table)."""
    lines = [_("Plan: %(plan)s") % {"plan": result.plan}]
    lines += [_("File error: %(message)s") % {"message": e} for e in result.file_errors]
    for row in result.rows:
        changes = f" ({', '.join(row.changes)})" if row.changes else ""
        lines.append(
            f"{_('Row')} {row.row:>4}  {ACTION_LABELS[row.action]:<10} {row.code:<12} {row.title[:60]}{changes}"
        )
        lines += [f"{'':>10}! {e}" for e in row.errors]
        lines += [f"{'':>10}~ {w}" for w in row.warnings]
    lines += [_("New unit: %(name)s") % {"name": n} for n in result.created_units]
    lines.append(
        _("%(create)d to create, %(update)d to update, %(unchanged)d unchanged, %(errors)d errors.")
        % {
            "create": result.count(CREATE),
            "update": result.count(UPDATE),
            "unchanged": result.count(UNCHANGED),
            "errors": len(result.errors),
        }
    )
    return lines
