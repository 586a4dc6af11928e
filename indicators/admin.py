"""The DX office's tools for the DTI: frameworks and their indicators (max points, task links), observations,
published results, and the score runs with a "recompute now" action. Who may do what: indicators/rules.py."""

from django.contrib import admin, messages
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from indicators import models, services
from indicators.rules import RECOMPUTE_SCORES
from indicators.selectors import runs


class IndicatorInline(admin.TabularInline):
    model = models.Indicator
    fields = ["code", "name", "parent", "kind", "max_points", "scored", "in_government", "in_economy", "in_society"]
    extra = 0
    show_change_link = True

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("parent")


class RecomputeAction:
    """The admin actions that request a recomputation are offered to who may recompute the scores."""

    def has_recompute_permission(self, request) -> bool:
        return request.user.has_perm(RECOMPUTE_SCORES)


@admin.action(description=_("Recompute now (every year of the selected frameworks)"), permissions=["recompute"])
def recompute_frameworks(modeladmin, request, queryset):
    until = timezone.localdate().year
    count = 0
    for framework in queryset:
        for year in framework.years(until):
            services.request_recompute(framework_id=framework.pk, year=year, trigger=models.ScoreRun.Trigger.MANUAL)
            count += 1
    messages.success(request, ngettext("%d recomputation requested.", "%d recomputations requested.", count) % count)


@admin.register(models.Framework)
class FrameworkAdmin(RecomputeAction, admin.ModelAdmin):
    list_display = ["code", "name", "first_year", "last_year", "issued_on"]
    inlines = [IndicatorInline]
    actions = [recompute_frameworks]

    def save_formset(self, request, form, formset, change):
        # Max points or pillars changed: every year of the framework is rescored (unchanged years are skipped).
        super().save_formset(request, form, formset, change)
        if formset.has_changed():
            framework = form.instance
            for year in framework.years(timezone.localdate().year):
                services.request_recompute(framework_id=framework.pk, year=year, trigger=models.ScoreRun.Trigger.MANUAL)


@admin.register(models.Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "framework", "kind", "max_points", "scored"]
    list_filter = ["framework", "kind", "scored"]
    search_fields = ["code", "name"]
    list_select_related = ["framework"]
    filter_horizontal = ["tasks"]
    autocomplete_fields = ["parent"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if {"max_points", "scored", "in_government", "in_economy", "in_society", "parent"} & set(form.changed_data):
            for year in obj.framework.years(timezone.localdate().year):
                services.request_recompute(
                    framework_id=obj.framework_id, year=year, trigger=models.ScoreRun.Trigger.MANUAL
                )


@admin.register(models.Province)
class ProvinceAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "group", "successor", "first_year", "last_year"]
    list_filter = ["group"]
    search_fields = ["name", "code"]
    list_select_related = ["successor"]
    autocomplete_fields = ["successor"]


@admin.register(models.Observation)
class ObservationAdmin(admin.ModelAdmin):
    list_display = ["province", "indicator", "year", "value", "is_sample", "source", "entered_by", "entered_at"]
    list_filter = ["year", "indicator__framework", "is_sample"]
    search_fields = ["province__name", "indicator__code"]
    list_select_related = ["province", "indicator", "entered_by"]
    autocomplete_fields = ["province", "indicator"]
    readonly_fields = ["entered_by", "entered_at"]

    def save_model(self, request, obj, form, change):
        obj.entered_by = request.user
        super().save_model(request, obj, form, change)  # the post_save signal asks for a recomputation

    def changelist_view(self, request, extra_context=None):
        # Where a save lands: the request is handed to the broker after the save's commit, so whether it went
        # through is only known here. Held requests wait in the database and beat sends them.
        if runs.recomputations_held():
            messages.warning(
                request,
                _(
                    "The task queue cannot be reached: the recomputation of the scores is queued for later and will start by itself."  # noqa: E501 (one translatable message)
                ),
            )
        return super().changelist_view(request, extra_context)


@admin.register(models.PublishedResult)
class PublishedResultAdmin(admin.ModelAdmin):
    list_display = ["province", "year", "rank", "rank_derived", "in_top10", "value"]
    list_filter = ["year", "province__group", "rank_derived"]
    search_fields = ["province__name"]
    list_select_related = ["province"]


@admin.register(models.PublishedAverage)
class PublishedAverageAdmin(admin.ModelAdmin):
    list_display = ["year", "value", "government_value", "economy_value", "society_value"]


@admin.action(description=_("Run again now"), permissions=["recompute"])
def rerun(modeladmin, request, queryset):
    pairs = set(queryset.values_list("framework_id", "year"))
    with transaction.atomic():
        for framework_id, year in sorted(pairs):
            services.request_recompute(framework_id=framework_id, year=year, trigger=models.ScoreRun.Trigger.MANUAL)
    messages.success(
        request, ngettext("%d recomputation requested.", "%d recomputations requested.", len(pairs)) % len(pairs)
    )


@admin.register(models.ScoreRun)
class ScoreRunAdmin(RecomputeAction, admin.ModelAdmin):
    list_display = [
        "started_at",
        "finished_at",
        "framework",
        "year",
        "trigger",
        "outcome",
        "will_retry",
        "error",
        "rows_written",
        "duration_ms",
    ]
    list_filter = ["outcome", "trigger", "framework", "year"]
    list_select_related = ["framework"]
    readonly_fields = [f.name for f in models.ScoreRun._meta.fields]
    actions = [rerun]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class TaskIndicatorInline(admin.TabularInline):
    """On the task's admin page (plans/admin.py): the DTI indicators the task improves."""

    model = models.Indicator.tasks.through
    extra = 0
    autocomplete_fields = ["indicator"]
    verbose_name = _("DTI indicator it improves")
    verbose_name_plural = _("DTI indicators it improves")


from indicators import planning_admin  # noqa: E402,F401  (the what-if: task-link projections, scenarios)
