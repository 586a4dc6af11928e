"""Who may do what with the reports, on the predicates of plans/rules.py (autodiscovered by django-rules).

- Leadership viewer and DX office: read the reports (the figures on screen, the DOCX and XLSX).
- DX office (and the administrator group, superusers): open and close a period, write its texts, keep the
  report settings in the admin.
"""

from __future__ import annotations

import rules

from plans.rules import VIEWER, group_names, is_active, is_dx_office

VIEW_REPORT = "reports.view_report"
CLOSE_PERIOD = "reports.close_period"
EDIT_REPORT = "reports.edit_report"


@rules.predicate
def _in_viewer_group(user) -> bool:
    return VIEWER in group_names(user)


is_viewer = is_active & _in_viewer_group

rules.add_perm(VIEW_REPORT, is_viewer | is_dx_office)
rules.add_perm(CLOSE_PERIOD, is_dx_office)
rules.add_perm(EDIT_REPORT, is_dx_office)

# The admin: periods, snapshots (read only) and the report settings.
rules.add_perm("reports", is_dx_office)
for _model in ("reportperiod", "reportsettings"):
    for _action in ("view", "add", "change"):
        rules.add_perm(f"reports.{_action}_{_model}", is_dx_office)
rules.add_perm("reports.view_snapshot", is_dx_office)
