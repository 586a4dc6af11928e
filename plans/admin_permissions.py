"""The admin asks plans/permissions.py too: mixins for the programme's ModelAdmins and inlines.

The DX office (and superusers) edit the programme; nobody else writes through the admin, whatever Django model
permissions their group may have been given. Task updates are append-only: read-only in the admin, with the
DX office's "verify" and "return" actions, which go through the same services as the review page.
"""

from __future__ import annotations

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import F
from django.shortcuts import render
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from plans import permissions, services
from plans.models import Task


class ProgrammeAdminPermissions:
    """Documents, plans, goals, tasks, units, leaders: the DX office edits, nobody else."""

    def has_module_permission(self, request) -> bool:
        return permissions.can_edit_programme(request.user)

    def has_view_permission(self, request, obj=None) -> bool:
        return permissions.can_edit_programme(request.user)

    def has_add_permission(self, request, *args) -> bool:
        return permissions.can_edit_programme(request.user)

    def has_change_permission(self, request, obj=None) -> bool:
        return permissions.can_edit_programme(request.user)

    def has_delete_permission(self, request, obj=None) -> bool:
        return permissions.can_edit_programme(request.user)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if isinstance(obj, Task) and change:
            # An edit in the admin is a state change too: an update form opened before it must not overwrite it.
            Task.objects.filter(pk=obj.pk).update(version=F("version") + 1)


class TaskUpdateAdminPermissions:
    """Append-only: the DX office reads updates and verifies or returns them; nobody edits or deletes them."""

    actions = ["verify_updates", "return_updates"]
    # Evidence files have no public URL: the admin links to the signed-in download view instead.
    exclude = ["evidence_file"]
    readonly_fields = ["evidence_download"]

    @admin.display(description=gettext_lazy("evidence file"))
    def evidence_download(self, obj) -> str:
        if not obj or not obj.evidence_file:
            return "—"
        return format_html('<a href="{}">{}</a>', reverse("plans:evidence_download", args=[obj.pk]), _("Download"))

    def has_module_permission(self, request) -> bool:
        return permissions.can_edit_programme(request.user)

    def has_view_permission(self, request, obj=None) -> bool:
        return permissions.can_edit_programme(request.user)

    def has_add_permission(self, request, *args) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def get_actions(self, request):
        actions = super().get_actions(request)
        if not permissions.can_review_updates(request.user):
            actions.pop("verify_updates", None)
            actions.pop("return_updates", None)
        return actions

    def _review_each(self, request, queryset, review) -> None:
        if not permissions.can_review_updates(request.user):
            raise PermissionDenied
        done, skipped = 0, 0
        for update in queryset.select_related("task"):
            try:
                review(update)
                done += 1
            except ValidationError:
                skipped += 1
        if done:
            self.message_user(request, _("%(count)d update(s) reviewed.") % {"count": done}, messages.SUCCESS)
        if skipped:
            self.message_user(
                request,
                _("%(count)d update(s) were already reviewed and were left as they are.") % {"count": skipped},
                messages.WARNING,
            )

    @admin.action(description=gettext_lazy("Verify the selected updates"))
    def verify_updates(self, request, queryset):
        self._review_each(request, queryset, lambda u: services.update_verify(update=u, user=request.user))

    @admin.action(description=gettext_lazy("Return the selected updates to their units"))
    def return_updates(self, request, queryset):
        if not permissions.can_review_updates(request.user):
            raise PermissionDenied
        reason = (request.POST.get("review_note") or "").strip()
        if request.POST.get("confirm") and reason:
            self._review_each(
                request, queryset, lambda u: services.update_return(update=u, user=request.user, reason=reason)
            )
            return None
        # Ask for the reason first (the head sees it on "my tasks").
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "updates": queryset.select_related("task"),
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
            "missing_reason": bool(request.POST.get("confirm")),
            "title": _("Return updates"),
        }
        return render(request, "plans/workflow/admin_return.html", context)
