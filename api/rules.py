"""API tokens: the DX office keeps everyone's in the admin (issue, revoke); a user manages their own."""

import rules

from plans.rules import is_active, is_dx_office

MANAGE_OWN_TOKENS = "api.manage_own_tokens"


@rules.predicate
def owns_token(user, token) -> bool:
    return token is None or token.user_id == user.pk


rules.add_perm(MANAGE_OWN_TOKENS, is_active & owns_token)
rules.add_perm("api", is_dx_office)
for _action in ("view", "add", "change", "delete"):
    rules.add_perm(f"api.{_action}_apitoken", is_dx_office)
