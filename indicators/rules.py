"""The DTI's permissions, on the predicates of plans/rules.py (the one place that says who someone is).

The DX office imports observations, triggers recomputation, and keeps the DTI's models in the admin: provinces,
frameworks, indicators (their max points) and their task links, observations, published results. Score runs are
written by the recomputation only: read-only. Deleting DTI rows is left to superusers.
"""

import rules

from plans.rules import VIEWER, group_names, is_active, is_dx_office

IMPORT_OBSERVATIONS = "indicators.import_observations"
RECOMPUTE_SCORES = "indicators.recompute_scores"

rules.add_perm(IMPORT_OBSERVATIONS, is_dx_office)
rules.add_perm(RECOMPUTE_SCORES, is_dx_office)

rules.add_perm("indicators", is_dx_office)
for _model in ("province", "framework", "indicator", "observation", "publishedresult", "publishedaverage"):
    for _action in ("view", "add", "change"):
        rules.add_perm(f"indicators.{_action}_{_model}", is_dx_office)
rules.add_perm("indicators.view_scorerun", is_dx_office)

# The path to the target rank, the "what if" projections and the saved scenarios: the DX office and the
# leadership viewers. The projected values of task links are the DX office's (admin).
_in_viewer_group = rules.predicate(lambda user: VIEWER in group_names(user), name="in_viewer_group")
is_leadership_viewer = is_active & _in_viewer_group
PLAN_WHATIF = "indicators.plan_whatif"
SAVE_SCENARIO = "indicators.save_scenario"
rules.add_perm(PLAN_WHATIF, is_dx_office | is_leadership_viewer)
rules.add_perm(SAVE_SCENARIO, is_dx_office | is_leadership_viewer)
for _action in ("view", "add", "change", "delete"):
    rules.add_perm(f"indicators.{_action}_linkprojection", is_dx_office)
rules.add_perm("indicators.view_scenario", is_dx_office)
for _action in ("view", "add", "change", "delete"):
    rules.add_perm(f"indicators.{_action}_goalmeasure", is_dx_office)
