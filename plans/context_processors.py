"""What every page's navigation bar needs: the counts on "My tasks" (computed only if the page shows them)."""

from django.contrib.auth.models import AnonymousUser

from plans.selectors.notifications import NavCounts


def nav_counts(request) -> dict:
    return {"nav_counts": NavCounts(getattr(request, "user", None) or AnonymousUser())}
