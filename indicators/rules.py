"""The DTI's permissions, on the predicates of plans/rules.py (the one place that says who someone is).

The DX office imports observations, triggers recomputation, and keeps the DTI's models in the admin: provinces,
frameworks, indicators (their max points) and their task links, observations, published results. Score runs are
written by the recomputation only: read-only. Deleting DTI rows is left to superusers.
"""

import rules

from plans.rules import is_dx_office

IMPORT_OBSERVATIONS = "indicators.import_observations"
RECOMPUTE_SCORES = "indicators.recompute_scores"

rules.add_perm(IMPORT_OBSERVATIONS, is_dx_office)
rules.add_perm(RECOMPUTE_SCORES, is_dx_office)

rules.add_perm("indicators", is_dx_office)
for _model in ("province", "framework", "indicator", "observation", "publishedresult", "publishedaverage"):
    for _action in ("view", "add", "change"):
        rules.add_perm(f"indicators.{_action}_{_model}", is_dx_office)
rules.add_perm("indicators.view_scorerun", is_dx_office)
