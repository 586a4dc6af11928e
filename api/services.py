"""Issuing and revoking a user's own API tokens (the DX office does it for anyone in the admin)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from api.models import ApiToken
from api.rules import MANAGE_OWN_TOKENS


def token_issue(*, user, name: str) -> tuple[ApiToken, str]:
    """A new token for `user` and its key, which is shown once and never stored."""
    if not user.has_perm(MANAGE_OWN_TOKENS):
        raise PermissionDenied(_("Sign in to manage your API tokens."))
    return ApiToken.issue(user=user, name=name.strip())


def token_revoke(*, token: ApiToken, user) -> None:
    if not user.has_perm(MANAGE_OWN_TOKENS, token):
        raise PermissionDenied(_("You can revoke only your own API tokens."))
    token.revoke()
