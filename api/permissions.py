"""The API asks the same rules as the pages (plans/rules.py, indicators/rules.py), nothing else."""

from __future__ import annotations

from rest_framework import permissions

from plans import rules


class PublicRead(permissions.BasePermission):
    """Read when the progress pages may be read: by anyone unless DXT_LOGIN_REQUIRED, else signed-in users."""

    def has_permission(self, request, view) -> bool:
        return request.user.has_perm(rules.VIEW_PROGRESS)
