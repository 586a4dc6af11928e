"""Admin of the what-if's data: the projected value of each task link (entered by the DX office), and the saved
scenarios (read-only here: they are saved from the what-if page). Who may do what: indicators/rules.py."""

from django.contrib import admin

from indicators import models


@admin.register(models.LinkProjection)
class LinkProjectionAdmin(admin.ModelAdmin):
    list_display = ["indicator", "task", "projected_value"]
    list_select_related = ["indicator__framework", "task"]
    list_filter = ["indicator__framework"]
    search_fields = ["indicator__code", "indicator__name", "task__title"]
    autocomplete_fields = ["indicator", "task"]


@admin.register(models.Scenario)
class ScenarioAdmin(admin.ModelAdmin):
    list_display = ["name", "province", "year", "created_by", "created_at"]
    list_select_related = ["province", "created_by"]
    readonly_fields = ["name", "province", "year", "values", "created_by", "created_at"]

    def has_add_permission(self, request):
        return False


@admin.register(models.GoalMeasure)
class GoalMeasureAdmin(admin.ModelAdmin):
    list_display = ["goal", "kind", "province", "indicator", "follow_successor"]
    list_select_related = ["goal", "province", "indicator"]
    autocomplete_fields = ["goal", "province", "indicator"]
