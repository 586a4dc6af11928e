"""A person's own pages: their notifications (verified or returned updates) and their settings.

Every view needs a signed-in user; a notification opens only for its recipient (plans/rules.py). What changes
state (opening a notification marks it read; marking all read; saving the settings) is a POST.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from plans import rules, services
from plans.forms import PreferencesForm
from plans.selectors import notifications


@login_required
@require_http_methods(["GET", "HEAD"])
def notification_list(request: HttpRequest) -> HttpResponse:
    return render(request, "plans/notifications/list.html", notifications.notifications_page(request.user))


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def notification_open(request: HttpRequest, pk: int) -> HttpResponse:
    """Opening a notification (a button on the list: a POST, since it changes what is read) marks it read and
    leads to the task's update form (a returned update is answered there) or, for a verified one, to the task.
    A GET (an old link, a prefetch) changes nothing: it goes to the list, where the notification has its button."""
    if request.method != "POST":
        return redirect("plans:notification_list")
    notification = notifications.notification_or_404(pk)
    if not request.user.has_perm(rules.OPEN_NOTIFICATION, notification):
        raise PermissionDenied(_("This notification is not addressed to you."))
    services.notification_open(notification=notification, user=request.user)
    if notification.kind == notification.Kind.RETURNED:
        return redirect("plans:task_update", pk=notification.update.task_id)
    return redirect("plans:task_detail", pk=notification.update.task_id)


@login_required
@require_http_methods(["POST"])
def notifications_read_all(request: HttpRequest) -> HttpResponse:
    count = services.notifications_mark_all_read(user=request.user)
    messages.success(
        request,
        ngettext("%(count)d notification marked read.", "%(count)d notifications marked read.", count)
        % {"count": count},
    )
    return redirect("plans:notification_list")


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def preferences(request: HttpRequest) -> HttpResponse:
    initial = notifications.email_choices(request.user)
    form = PreferencesForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.preferences_update(user=request.user, **form.cleaned_data)
        messages.success(request, _("Your settings have been saved."))
        return redirect("plans:preferences")
    return render(request, "plans/notifications/preferences.html", {"form": form})
