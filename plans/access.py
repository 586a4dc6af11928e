"""Who may read the progress pages: everyone by default (transparency), only signed-in users when
`settings.DXT_LOGIN_REQUIRED` is true. Every write needs a login and a permission, checked elsewhere."""

from __future__ import annotations

from functools import wraps

from django.conf import settings
from django.contrib.auth.views import redirect_to_login


def public_page(view):
    """Let anyone read `view`, unless DXT_LOGIN_REQUIRED is on: then anonymous users go to the login page.

    The setting is read on every request, so tests (and a changed environment) take effect at once.
    """

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if getattr(settings, "DXT_LOGIN_REQUIRED", False) and not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        return view(request, *args, **kwargs)

    return wrapper
