"""A person's notifications (verified or returned updates) and the counts of the navigation bar's badges.

The list runs three queries whatever its length (the rows with their update, task and reviewer; the reviewers'
posts; the unread count).
"""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from django.utils.functional import cached_property

from plans import rules
from plans.models import Notification, UserPreferences
from plans.selectors import workflow
from plans.selectors.common import with_people_posts

LIST_LIMIT = 100


def notifications_page(user) -> dict:
    rows = list(
        Notification.objects.filter(recipient=user)
        .select_related("update__task", "update__reviewed_by")
        .order_by("-created_at", "-pk")[:LIST_LIMIT]
    )
    with_people_posts(rows, "update.reviewed_by")
    return {"notifications": rows, "unread": unread_count(user), "limit": LIST_LIMIT}


def unread_count(user) -> int:
    return Notification.objects.filter(recipient=user).unread().count()


def notification_or_404(pk: int) -> Notification:
    return get_object_or_404(Notification.objects.select_related("update"), pk=pk)


def email_choices(user) -> dict[str, bool]:
    """The settings page's initial values: each kind of e-mail, on unless the person turned it off."""
    prefs = UserPreferences.objects.filter(user=user).first()
    return {
        "email_notifications": prefs is None or prefs.email_notifications,
        "email_reminders": prefs is None or prefs.email_reminders,
    }


class NavCounts:
    """The badges on "My tasks": unread notifications, and for the DX office the updates awaiting verification.
    Each is one query, run only when the page shows it (a signed-out page runs none)."""

    def __init__(self, user):
        self.user = user

    @cached_property
    def unread(self) -> int:
        return unread_count(self.user) if self.user.is_authenticated else 0

    @cached_property
    def pending(self) -> int:
        if not self.user.is_authenticated or not self.user.has_perm(rules.REVIEW_UPDATE):
            return 0
        return workflow.pending_count()
