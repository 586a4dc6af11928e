from django.contrib import admin

from reports.models import ReportPeriod, ReportSettings, Snapshot


@admin.register(ReportPeriod)
class ReportPeriodAdmin(admin.ModelAdmin):
    list_display = ["code", "kind", "start", "end", "closed_at"]
    list_filter = ["kind"]
    search_fields = ["code"]
    readonly_fields = ["closed_at", "closed_by"]


@admin.register(Snapshot)
class SnapshotAdmin(admin.ModelAdmin):
    """Read only: a snapshot is built by the close_period service, never edited by hand."""

    list_display = ["period", "as_of", "built_at"]
    readonly_fields = ["period", "as_of", "built_at", "data"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ReportSettings)
class ReportSettingsAdmin(admin.ModelAdmin):
    """The report document's defaults: issuing body, symbol, place, signer, recipients (one row)."""

    list_display = ["issuing_body", "symbol", "place", "signer_name"]

    def has_add_permission(self, request):
        return super().has_add_permission(request) and not ReportSettings.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False
