"""The API's own pages: the Vietnamese API reference (/api/docs/, read from the schema by api/reference.py) and
"API tokens", where a signed-in user lists, creates and revokes their own tokens."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from api import reference
from api.forms import TokenForm
from api.models import ApiToken
from api.services import token_issue, token_revoke
from plans import rules


@rules.public_page
@require_http_methods(["GET", "HEAD"])
def api_reference(request):
    """Who may read the API may read its reference (the schema follows the same rule)."""
    return render(request, "api/reference.html", reference.reference())


@login_required
def token_list(request):
    form = TokenForm(request.POST or None)
    key = None
    if request.method == "POST" and form.is_valid():
        _token, key = token_issue(user=request.user, name=form.cleaned_data["name"])
        form = TokenForm()
    tokens = ApiToken.objects.filter(user=request.user)
    return render(request, "api/tokens.html", {"form": form, "tokens": tokens, "new_key": key})


@login_required
@require_POST
def token_revoke_view(request, pk: int):
    token = get_object_or_404(ApiToken, pk=pk, user=request.user)
    token_revoke(token=token, user=request.user)
    messages.success(request, _("The token “%(name)s” is revoked: it no longer opens the API.") % {"name": token.name})
    return redirect("api:tokens")
