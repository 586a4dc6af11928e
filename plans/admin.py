"""The DX office's daily tool: every programme model in Vietnamese, with history on documents, plans and tasks.

Who sees and edits what is decided by the rules (plans/rules.py), which Django's admin asks through
`user.has_perm`. What nobody does is fixed here: task updates are append-only, and a task's state changes only
through an update, so tasks are listed read-only under plans and parent tasks.
"""

from contextvars import ContextVar

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import F, QuerySet
from django.shortcuts import render
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from plans import exports, extensions, models, rules, services
from plans.onboarding import admin_views as onboarding
from plans.onboarding import blanks
from plans.selectors import aggregates, programme
from plans.selectors.leaders import public_name

# The plans' roll-up progress for the changelist being rendered (see PlanAdmin.changelist_view).
_plan_progress: ContextVar[dict | None] = ContextVar("plan_progress", default=None)


class TimelinessFilter(admin.SimpleListFilter):
    """Filter by the computed timeliness class, in SQL through the queryset annotation."""

    title = _("timeliness")
    parameter_name = "timeliness"

    def lookups(self, request, model_admin):
        return models.Timeliness.choices

    def queryset(self, request, queryset: QuerySet) -> QuerySet:
        if self.value() in models.Timeliness.values:
            return queryset.in_timeliness(self.value())
        return queryset


class FoldedSearch:
    """The admin's search box (and its autocompletes) also finds rows by their folded text, as the search page
    does: "so y te" finds "Sở Y tế" (common/search.py)."""

    def get_search_results(self, request, queryset, search_term):
        found, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        if search_term.strip():
            found = found | queryset.matching(search_term)
        return found, may_have_duplicates


class FieldFilter(admin.SimpleListFilter):
    """Filter by field, listed from the fields the DX office keeps."""

    title = _("field")
    parameter_name = "field"

    def lookups(self, request, model_admin):
        return programme.field_choices()

    def queryset(self, request, queryset: QuerySet) -> QuerySet:
        return queryset.filter(field=self.value()) if self.value() else queryset


class UnitChildInline(admin.TabularInline):
    model = models.Unit
    fk_name = "parent"
    fields = ["name", "short_name", "kind"]
    extra = 0
    show_change_link = True
    verbose_name = _("unit below")
    verbose_name_plural = _("units below")


class LeaderInline(admin.TabularInline):
    model = models.Leader
    fields = ["position_title", "person_name", "role", "user", "term_start", "term_end"]
    autocomplete_fields = ["user"]
    extra = 0


@admin.register(models.Unit)
class UnitAdmin(FoldedSearch, admin.ModelAdmin):
    list_display = ["name", "short_name", "kind", "parent"]
    list_filter = ["kind"]
    search_fields = ["name", "short_name"]
    autocomplete_fields = ["parent"]
    list_select_related = ["parent"]
    inlines = [LeaderInline, UnitChildInline]

    def get_urls(self):
        # The units and heads import (upload, preview, confirm) and its blank template.
        return [
            path(
                "import/",
                self.admin_site.admin_view(lambda request: onboarding.units_import_view(self, request)),
                name="plans_unit_import",
            ),
            path(
                "import-template/",
                self.admin_site.admin_view(self.import_template_view),
                name="plans_unit_import_template",
            ),
            *super().get_urls(),
        ]

    def import_template_view(self, request):
        if not request.user.has_perm(rules.IMPORT_UNITS):
            raise PermissionDenied
        return exports.response("xlsx", blanks.units_template(), filename="mau-don-vi-nguoi-dung-dau.xlsx")

    def changelist_view(self, request, extra_context=None):
        extra_context = {**(extra_context or {}), "can_import": request.user.has_perm(rules.IMPORT_UNITS)}
        return super().changelist_view(request, extra_context)


@admin.register(models.UnitAlias)
class UnitAliasAdmin(FoldedSearch, admin.ModelAdmin):
    """Other names by which plans refer to units ("Sở TTTT", "VP UBND tỉnh"), matched when importing them."""

    list_display = ["alias", "unit"]
    search_fields = ["alias", "unit__name", "unit__short_name"]
    autocomplete_fields = ["unit"]
    list_select_related = ["unit"]


@admin.register(models.Leader)
class LeaderAdmin(FoldedSearch, admin.ModelAdmin):
    list_display = ["position_title", "person_name", "unit", "role", "user", "term_start", "term_end"]
    list_filter = ["role", "unit__kind"]
    search_fields = ["position_title", "person_name", "unit__name", "unit__short_name", "user__username"]
    autocomplete_fields = ["unit", "user"]
    list_select_related = ["unit", "user"]
    date_hierarchy = "term_start"


class DocumentLinkInline(admin.TabularInline):
    model = models.DocumentLink
    fk_name = "source"
    fields = ["target", "note"]
    autocomplete_fields = ["target"]
    extra = 0
    verbose_name = _("document it implements")
    verbose_name_plural = _("documents it implements")


class ImplementedByInline(admin.TabularInline):
    model = models.DocumentLink
    fk_name = "target"
    fields = ["source", "note"]
    autocomplete_fields = ["source"]
    extra = 0
    verbose_name = _("document implementing it")
    verbose_name_plural = _("documents implementing it")


@admin.register(models.Document)
class DocumentAdmin(FoldedSearch, SimpleHistoryAdmin):
    list_display = ["number", "title_short", "kind", "issue_date", "issuer", "level"]
    list_filter = ["kind", "level", "issuer"]
    search_fields = ["number", "title", "summary"]
    autocomplete_fields = ["issuer"]
    list_select_related = ["issuer"]
    date_hierarchy = "issue_date"
    inlines = [DocumentLinkInline, ImplementedByInline]

    @admin.display(description=_("title"), ordering="title")
    def title_short(self, obj: models.Document) -> str:
        return obj.title if len(obj.title) <= 90 else obj.title[:88] + "…"


TYPED_VALUE = {"current_value", "current_value_note"}


def note_typed_value(request, goal: models.Goal, form) -> None:
    """A typed current value (or its source) changed: note who typed it, by post or name, and when."""
    if TYPED_VALUE & set(form.changed_data):
        goal.record_typed_value(by=public_name(request.user))


class GoalInline(admin.StackedInline):
    model = models.Goal
    fields = [
        "statement",
        "deadline",
        ("target_value", "target_unit", "direction"),
        ("current_value", "current_value_note"),
        ("current_value_entered_by", "current_value_entered_at"),
    ]
    readonly_fields = ["current_value_entered_by", "current_value_entered_at"]
    extra = 0


class TaskRowsInline(admin.TabularInline):
    """Tasks listed read-only, each title linking to the task's own page: a task's state changes only through an
    update (plans.services.task_submit_update), so there is no status or progress to edit, add or delete here."""

    model = models.Task
    fields = ["code", "title_link", "status", "progress", "due_date"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    @admin.display(description=_("title"))
    def title_link(self, obj: models.Task) -> str:
        return format_html('<a href="{}">{}</a>', reverse("admin:plans_task_change", args=[obj.pk]), obj.title)


class PlanTaskInline(TaskRowsInline):
    fk_name = "plan"
    verbose_name = _("top-level task")
    verbose_name_plural = _("top-level tasks")

    def get_queryset(self, request):
        # A plan can hold hundreds of tasks; the inline lists the top-level ones, the task list has the rest.
        return super().get_queryset(request).filter(parent__isnull=True)


@admin.register(models.Plan)
class PlanAdmin(SimpleHistoryAdmin):
    list_display = ["title", "document", "start_year", "end_year", "owner", "progress_display"]
    list_filter = ["owner", "start_year"]
    search_fields = ["title", "description", "document__number"]
    autocomplete_fields = ["document", "owner"]
    list_select_related = ["document", "owner"]
    inlines = [GoalInline, PlanTaskInline]

    def save_formset(self, request, form, formset, change):
        if formset.model is models.Goal:
            for goal_form in formset.forms:
                if goal_form.has_changed() and goal_form not in formset.deleted_forms:
                    note_typed_value(request, goal_form.instance, goal_form)
        super().save_formset(request, form, formset, change)

    def get_urls(self):
        # The annex import (upload, preview, confirm) and its blank template.
        return [
            path(
                "<path:object_id>/import/",
                self.admin_site.admin_view(
                    lambda request, object_id: onboarding.plan_import_view(self, request, object_id)
                ),
                name="plans_plan_import",
            ),
            path(
                "import-template/",
                self.admin_site.admin_view(self.import_template_view),
                name="plans_plan_import_template",
            ),
            *super().get_urls(),
        ]

    def import_template_view(self, request):
        if not request.user.has_perm(rules.IMPORT_PLAN):
            raise PermissionDenied
        return exports.response("xlsx", blanks.annex_template(), filename="mau-phu-luc-nhiem-vu.xlsx")

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = {**(extra_context or {}), "can_import": request.user.has_perm(rules.IMPORT_PLAN)}
        return super().change_view(request, object_id, form_url, extra_context)

    def changelist_view(self, request, extra_context=None):
        # Every plan's roll-up from the stored summaries, in one query instead of one per row.
        token = _plan_progress.set(aggregates.progress_summary().plans)
        try:
            response = super().changelist_view(request, extra_context)
            if hasattr(response, "render"):
                response.render()
            return response
        finally:
            _plan_progress.reset(token)

    @admin.display(description=_("progress"))
    def progress_display(self, obj: models.Plan) -> str:
        summary = _plan_progress.get()
        value = summary.get(obj.pk) if summary is not None else obj.rolled_up_progress()
        return "—" if value is None else f"{value:.0f}%"


@admin.register(models.Goal)
class GoalAdmin(admin.ModelAdmin):
    list_display = ["statement_short", "plan", "deadline", "target_value", "target_unit", "current_value"]
    list_filter = ["plan"]
    search_fields = ["statement"]
    autocomplete_fields = ["plan"]
    list_select_related = ["plan"]
    date_hierarchy = "deadline"
    readonly_fields = ["current_value_entered_by", "current_value_entered_at"]

    def save_model(self, request, obj, form, change):
        note_typed_value(request, obj, form)
        super().save_model(request, obj, form, change)

    @admin.display(description=_("statement"))
    def statement_short(self, obj: models.Goal) -> str:
        return str(obj)


class AppendOnly:
    """Task updates are append-only: submitted through the update form (which checks versions and rules in one
    transaction), never added, edited or deleted in the admin, not even by a superuser."""

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class TaskUpdateInline(AppendOnly, admin.TabularInline):
    model = models.TaskUpdate
    fields = ["created_at", "author", "status", "progress", "note", "evidence_url", "review_state"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True
    ordering = ["-created_at"]


class SubtaskInline(TaskRowsInline):
    fk_name = "parent"
    verbose_name = _("subtask")
    verbose_name_plural = _("subtasks")


@admin.register(models.Task)
class TaskAdmin(FoldedSearch, SimpleHistoryAdmin):
    # One screen width at 1366 px (static/css/admin.css; tests/e2e/test_layout_a11y.py): the plan and the sample
    # flag are filters, not columns.
    list_display = ["code", "title_short", "status", "progress_bar", "due_date", "lead_unit", "timeliness_badge"]
    list_filter = ["status", TimelinessFilter, "pillar", FieldFilter, "lead_unit", "plan", "is_sample"]
    search_fields = ["code", "title", "description", "lead_unit__name", "lead_unit__short_name"]
    autocomplete_fields = ["plan", "parent", "lead_unit", "cooperating_units", "responsible_leader"]
    list_select_related = ["lead_unit"]
    date_hierarchy = "due_date"
    list_per_page = 50
    fieldsets = [
        (None, {"fields": ["plan", "parent", "code", "title", "description", "is_sample"]}),
        (_("Classification"), {"fields": ["pillar", "field", "weight"]}),
        (_("Responsibility"), {"fields": ["lead_unit", "cooperating_units", "cooperating_text", "responsible_leader"]}),
        (
            _("Schedule and state"),
            {"fields": ["start_date", "due_date", "is_ongoing", "status", "progress", "completed_on"]},
        ),
    ]
    # Once a task exists, its state changes only through an update (plans.services.task_submit_update): the
    # TaskUpdate row and the new state in one transaction, with the update rules and the version check.
    state_fields = ["status", "progress", "completed_on"]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "field":  # a code kept as text, chosen from the fields the DX office keeps
            kwargs["widget"] = forms.Select(choices=[("", "---------"), *programme.field_choices()])
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        return fields + [*self.state_fields, "state_update_link"] if obj is not None else fields

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None:
            return fieldsets
        *head, (title, options) = fieldsets
        return [*head, (title, {**options, "fields": [*options["fields"], "state_update_link"]})]

    @admin.display(description=_("change the state"))
    def state_update_link(self, obj: models.Task) -> str:
        return format_html(
            '<a href="{}">{}</a>', reverse("plans:task_update", args=[obj.pk]), _("Submit a progress update")
        )

    inlines = [SubtaskInline, TaskUpdateInline]

    def get_inlines(self, request, obj):
        # Then the inlines other apps register (the DTI indicators a task improves): plans never imports them.
        return [*self.inlines, *extensions.task_admin_inlines()]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if change:
            # An edit in the admin is a change too: an update form opened before it must not overwrite it.
            models.Task.objects.filter(pk=obj.pk).update(version=F("version") + 1)

    def get_queryset(self, request):
        return super().get_queryset(request).with_timeliness()

    def changelist_view(self, request, extra_context=None):
        # The task list needs the screen's width: no list of apps beside it.
        return super().changelist_view(request, {"is_nav_sidebar_enabled": False, **(extra_context or {})})

    @admin.display(description=_("title"), ordering="title")
    def title_short(self, obj: models.Task) -> str:
        return obj.title if len(obj.title) <= 70 else obj.title[:68] + "…"

    @admin.display(description=_("progress"), ordering="rollup_progress")
    def progress_bar(self, obj: models.Task) -> str:
        # A parent's progress is rolled up from its subtasks (plans/summaries.py).
        return format_html("{}%", f"{obj.rollup_progress:.0f}")

    @admin.display(description=_("timeliness"), ordering="timeliness")
    def timeliness_badge(self, obj: models.Task) -> str:
        value = obj.current_timeliness()
        return format_html('<span class="tl tl-{}">{}</span>', value, models.timeliness_label(value, obj.status))


@admin.register(models.TaskUpdate)
class TaskUpdateAdmin(AppendOnly, admin.ModelAdmin):
    """The DX office reads updates and verifies or returns them, through the same services as the review page."""

    list_display = ["task", "created_at", "author", "status", "progress", "review_state", "is_sample"]
    list_filter = ["review_state", "status", "task__lead_unit", "task__plan", "is_sample"]
    search_fields = ["task__code", "task__title", "note", "author__username"]
    autocomplete_fields = ["task", "author", "reviewed_by"]
    list_select_related = ["task", "author"]
    date_hierarchy = "created_at"
    actions = ["verify_updates", "return_updates"]
    # Evidence files have no public URL: the admin links to the signed-in download view instead.
    exclude = ["evidence_file"]
    readonly_fields = ["evidence_download"]

    def has_review_permission(self, request) -> bool:
        return request.user.has_perm(rules.REVIEW_UPDATE)

    @admin.display(description=_("evidence file"))
    def evidence_download(self, obj) -> str:
        if not obj or not obj.evidence_file:
            return "—"
        url = reverse("plans:evidence_download", args=[obj.pk])
        return format_html('<a href="{}">{}</a>', url, gettext("Download"))

    def _review_each(self, request, queryset, review) -> None:
        done, skipped = 0, 0
        for update in queryset.select_related("task"):
            try:
                review(update)
                done += 1
            except ValidationError:
                skipped += 1
        if done:
            self.message_user(request, gettext("%(count)d update(s) reviewed.") % {"count": done}, messages.SUCCESS)
        if skipped:
            self.message_user(
                request,
                gettext("%(count)d update(s) were already reviewed and were left as they are.") % {"count": skipped},
                messages.WARNING,
            )

    @admin.action(description=_("Verify the selected updates"), permissions=["review"])
    def verify_updates(self, request, queryset):
        self._review_each(request, queryset, lambda u: services.update_verify(update=u, user=request.user))

    @admin.action(description=_("Return the selected updates to their units"), permissions=["review"])
    def return_updates(self, request, queryset):
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
            "title": gettext("Return updates"),
        }
        return render(request, "plans/workflow/admin_return.html", context)


@admin.register(models.Field)
class FieldAdmin(admin.ModelAdmin):
    """The programme's fields (lĩnh vực) and which are the province's priority fields. A field in use is made
    inactive rather than deleted (plans/rules.py)."""

    list_display = ["name", "code", "is_priority", "active", "order"]
    list_editable = ["is_priority", "active", "order"]
    list_filter = ["is_priority", "active"]
    search_fields = ["name", "code", "keywords"]

    def get_readonly_fields(self, request, obj=None):
        return ["code"] if obj is not None else []  # tasks hold the code

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)  # deletion is decided per field (in use or not)
        return actions


@admin.register(models.ProgrammeSettings)
class ProgrammeSettingsAdmin(admin.ModelAdmin):
    """The province, the DX office's unit, the target rank on the DTI (one row, like the report settings)."""

    list_display = ["province", "dti_province", "dx_office", "target_rank"]
    autocomplete_fields = ["dx_office"]

    def has_add_permission(self, request):
        return super().has_add_permission(request) and not models.ProgrammeSettings.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False


class ReadFilter(admin.SimpleListFilter):
    """Read or not yet read by its recipient."""

    title = _("read status")
    parameter_name = "read"

    def lookups(self, request, model_admin):
        return [("no", _("Not read yet")), ("yes", pgettext_lazy("notification", "Read"))]

    def queryset(self, request, queryset: QuerySet) -> QuerySet:
        if self.value() in ("yes", "no"):
            return queryset.filter(read_at__isnull=self.value() == "no")
        return queryset


@admin.register(models.Notification)
class NotificationAdmin(admin.ModelAdmin):
    """Read only: a notification is written by a review (plans/notifications.py) and opened by its recipient. The
    DX office looks here to see whether, and when, a head was told and has read it; nobody adds, edits or deletes
    one (what it says is the review it tells of)."""

    list_display = ["created_at", "recipient_name", "kind", "task_code", "read_at"]
    list_filter = ["kind", ReadFilter, "update__task__lead_unit"]
    search_fields = [
        "recipient__username",
        "recipient__first_name",
        "recipient__last_name",
        "update__task__code",
        "update__task__title",
    ]
    list_select_related = ["recipient", "update__task"]
    date_hierarchy = "created_at"
    fields = ["recipient", "kind", "update_link", "created_at", "read_at"]
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("recipient__leader_posts")

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    @admin.display(description=_("recipient"), ordering="recipient__username")
    def recipient_name(self, obj: models.Notification) -> str:
        return models.person_display_name(obj.recipient)  # as the pages name people; posts prefetched

    @admin.display(description=_("task"), ordering="update__task__code")
    def task_code(self, obj: models.Notification) -> str:
        return obj.update.task.code

    @admin.display(description=_("task update"))
    def update_link(self, obj: models.Notification) -> str:
        url = reverse("admin:plans_taskupdate_change", args=[obj.update_id])
        return format_html('<a href="{}">{} · {}</a>', url, obj.update.task.code, obj.update.task.title)


@admin.register(models.UserPreferences)
class UserPreferencesAdmin(admin.ModelAdmin):
    """A person's e-mail choices, which they set themselves on /settings/. The DX office may change them for
    someone (a mailbox that bounces, a head who cannot sign in); whose row it is never changes. No row means
    every e-mail on, so deleting one is left to superusers."""

    list_display = ["user_name", "email_address", "email_notifications", "email_reminders"]
    list_filter = ["email_notifications", "email_reminders"]
    search_fields = ["user__username", "user__first_name", "user__last_name", "user__email"]
    list_select_related = ["user"]
    autocomplete_fields = ["user"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("user__leader_posts")

    def get_readonly_fields(self, request, obj=None):
        return ["user"] if obj is not None else []

    @admin.display(description=_("user"), ordering="user__username")
    def user_name(self, obj: models.UserPreferences) -> str:
        return models.person_display_name(obj.user)  # as the pages name people; posts prefetched

    @admin.display(description=_("e-mail address"), ordering="user__email")
    def email_address(self, obj: models.UserPreferences) -> str:
        return obj.user.email or "—"
