"""Signing in: a safe ?next= is followed as Django does; without one, each role lands where its work is."""

from __future__ import annotations

from django.contrib.auth.views import LoginView
from django.shortcuts import resolve_url

from plans import rules
from plans.forms import SignInForm


def landing_url(user) -> str:
    """Heads and the DX office land on "My tasks" (their tasks, their notifications, the review queue); everyone
    else on the overview (settings.LOGIN_REDIRECT_URL)."""
    if user.has_perm(rules.REVIEW_UPDATE) or rules.headed_unit_ids(user):
        return resolve_url("plans:my_tasks")
    return resolve_url("plans:overview")


class SignInView(LoginView):
    authentication_form = SignInForm

    def get_default_redirect_url(self) -> str:
        return landing_url(self.request.user)
