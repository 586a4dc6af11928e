"""The data API, version 1: reads as public as the pages, task updates written through plans.services."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.decorators import method_decorator
from django.utils.http import http_date
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import conditional_page
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_field, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action, api_view, authentication_classes, permission_classes
from rest_framework.exceptions import NotFound, PermissionDenied, ValidationError
from rest_framework.permissions import SAFE_METHODS, IsAuthenticated
from rest_framework.response import Response

from api import selectors, serializers
from api.filters import IndicatorFilter, PublishedResultFilter, ScoreFilter, TaskUpdateFilter
from api.permissions import PublicRead
from indicators.models import Indicator, Province, PublishedResult, Score
from plans import rules, services
from plans.filters import DocumentFilter, TaskFilter
from plans.models import Document, Goal, Leader, Plan, Task, TaskUpdate, Unit
from plans.tables import DocumentTable, TaskTable

# The shared filter's method hides its type from the schema: like the other plan, unit and head filters it takes a
# row's id or a name (plans.filters.RowFilter; metadata only, for the schema).
extend_schema_field(OpenApiTypes.STR)(TaskFilter.base_filters["cooperating_unit"])


@method_decorator(conditional_page, name="dispatch")
class ReadViewSet(viewsets.ReadOnlyModelViewSet):
    # Read-only, public when the pages are; GET answers carry an ETag, and a 304 for an unchanged one.
    # (Comments, not docstrings: drf-spectacular would publish a docstring as the English description.)

    permission_classes = [PublicRead]
    lookup_value_regex = "[^/]+"  # any id reaches the view: a bad one is the API's JSON 404, not an HTML page


@extend_schema_view(
    list=extend_schema(summary=gettext_lazy("Units (departments, districts, committees)")),
    retrieve=extend_schema(summary=gettext_lazy("One unit")),
)
class UnitViewSet(ReadViewSet):
    queryset = Unit.objects.order_by("name")
    serializer_class = serializers.UnitSerializer


@extend_schema_view(
    list=extend_schema(summary=gettext_lazy("Heads and other posts of units")),
    retrieve=extend_schema(summary=gettext_lazy("One post")),
)
class LeaderViewSet(ReadViewSet):
    queryset = Leader.objects.order_by("unit__name", "role", "-term_start", "pk")
    serializer_class = serializers.LeaderSerializer


@extend_schema_view(
    list=extend_schema(summary=gettext_lazy("Documents, with the documents they implement")),
    retrieve=extend_schema(summary=gettext_lazy("One document")),
)
class DocumentViewSet(ReadViewSet):
    queryset = Document.objects.prefetch_related("links_out", "implemented_by").order_by("-issue_date", "pk")
    serializer_class = serializers.DocumentSerializer
    filterset_class = DocumentFilter
    table_class = DocumentTable


@extend_schema_view(
    list=extend_schema(summary=gettext_lazy("Plans")),
    retrieve=extend_schema(summary=gettext_lazy("One plan")),
)
class PlanViewSet(ReadViewSet):
    queryset = Plan.objects.order_by("-start_year", "title", "pk")
    serializer_class = serializers.PlanSerializer


@extend_schema_view(
    list=extend_schema(summary=gettext_lazy("Goals of the plans")),
    retrieve=extend_schema(summary=gettext_lazy("One goal")),
)
class GoalViewSet(ReadViewSet):
    queryset = Goal.objects.order_by("plan_id", "pk")
    serializer_class = serializers.GoalSerializer


@extend_schema_view(
    list=extend_schema(summary=gettext_lazy("Tasks, with timeliness and rolled-up progress")),
    retrieve=extend_schema(summary=gettext_lazy("One task")),
)
class TaskViewSet(ReadViewSet):
    serializer_class = serializers.TaskSerializer
    filterset_class = TaskFilter
    table_class = TaskTable

    def get_queryset(self):
        return selectors.tasks()

    def retrieve(self, request, *args, **kwargs):
        task = self.get_object()
        response = Response(self.get_serializer_class()(task, context=self.get_serializer_context()).data)
        response["Last-Modified"] = http_date(task.updated_at.timestamp())
        return response


@method_decorator(conditional_page, name="dispatch")
@extend_schema_view(list=extend_schema(summary=gettext_lazy("A task's updates (public facts only)")))
class TaskUpdatesViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    # `/tasks/{task_id}/updates/`: read the task's updates; POST a report on it (token or session).

    serializer_class = serializers.TaskUpdateSerializer
    filterset_class = TaskUpdateFilter

    def get_permissions(self):
        return [PublicRead()] if self.request.method in SAFE_METHODS else [IsAuthenticated()]

    def task(self) -> Task:
        return selectors.task_or_404(self.kwargs["task_id"])

    queryset = TaskUpdate.objects.none()  # for the schema; the rows come from get_queryset

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return self.queryset
        return selectors.task_updates(self.kwargs["task_id"])

    def list(self, request, *args, **kwargs):
        self.task()
        return super().list(request, *args, **kwargs)

    @extend_schema(
        summary=gettext_lazy("Report on a task (as the update form)"),
        request=serializers.TaskUpdateCreateSerializer,
        responses={
            201: serializers.TaskUpdateSerializer,
            400: OpenApiResponse(description=gettext_lazy("A rule of the update form is broken.")),
            403: OpenApiResponse(description=gettext_lazy("You cannot report on this task.")),
            409: OpenApiResponse(serializers.ConflictSerializer, description=gettext_lazy("Stale version.")),
        },
    )
    def create(self, request, *args, **kwargs):
        task = self.task()
        data = serializers.TaskUpdateCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        try:
            update = services.task_submit_update(
                task=task,
                user=request.user,
                expected_version=values["version"],
                status=values.get("status"),
                progress=values.get("progress"),
                note=values["note"],
                evidence_url=values["evidence_url"],
            )
        except services.UpdateConflict as conflict:
            return conflict_response(conflict)
        except DjangoPermissionDenied as denied:
            raise PermissionDenied(str(denied)) from denied
        except DjangoValidationError as invalid:
            raise ValidationError(invalid.message_dict) from invalid
        update = selectors.public_updates().get(pk=update.pk)
        return Response(self.get_serializer(update).data, status=status.HTTP_201_CREATED)


def conflict_response(conflict: services.UpdateConflict) -> Response:
    detail = _("Someone updated this task meanwhile: read it again (version %(version)s) and send your report on it.")
    version = conflict.task.version
    return Response(
        {"detail": detail % {"version": version}, "current_version": version}, status=status.HTTP_409_CONFLICT
    )


@extend_schema_view(
    list=extend_schema(summary=gettext_lazy("Task updates (public facts only)")),
    verify=extend_schema(summary=gettext_lazy("Verify an update (DX office)")),
    retrieve=extend_schema(summary=gettext_lazy("One task update")),
)
class UpdateViewSet(ReadViewSet):
    serializer_class = serializers.TaskUpdateSerializer
    filterset_class = TaskUpdateFilter

    def get_queryset(self):
        return selectors.public_updates()

    def get_permissions(self):
        return super().get_permissions() if self.request.method in SAFE_METHODS else [IsAuthenticated()]

    def _review(self, request, review):
        update = self.get_object()
        if not request.user.has_perm(rules.REVIEW_UPDATE, update):
            raise PermissionDenied(_("Only the DX office verifies or returns updates."))
        body = serializers.ReviewSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        try:
            reviewed = review(update=update, user=request.user, note=body.validated_data["note"])
        except DjangoValidationError as invalid:
            raise ValidationError(
                invalid.message_dict if hasattr(invalid, "error_dict") else invalid.messages
            ) from invalid
        return Response(self.get_serializer(selectors.public_updates().get(pk=reviewed.pk)).data)

    @extend_schema(summary=gettext_lazy("Verify an update (DX office)"), request=serializers.ReviewSerializer)
    @action(detail=True, methods=["post"])
    def verify(self, request, pk=None):
        return self._review(request, services.update_verify)

    @extend_schema(
        summary=gettext_lazy("Return an update with the reason (DX office)"), request=serializers.ReviewSerializer
    )
    @action(detail=True, methods=["post"], url_path="return")
    def return_(self, request, pk=None):
        return self._review(
            request, lambda *, update, user, note: services.update_return(update=update, user=user, reason=note)
        )


@extend_schema_view(
    list=extend_schema(summary=gettext_lazy("Provinces")),
    retrieve=extend_schema(summary=gettext_lazy("One province")),
)
class ProvinceViewSet(ReadViewSet):
    queryset = Province.objects.order_by("group", "name", "pk")
    serializer_class = serializers.ProvinceSerializer


@extend_schema_view(
    list=extend_schema(summary=gettext_lazy("DTI indicators")),
    retrieve=extend_schema(summary=gettext_lazy("One indicator")),
)
class IndicatorViewSet(ReadViewSet):
    queryset = Indicator.objects.order_by("framework_id", "position", "code", "pk")
    serializer_class = serializers.IndicatorSerializer
    filterset_class = IndicatorFilter


@extend_schema_view(
    list=extend_schema(summary=gettext_lazy("Computed DTI scores, by year")),
    retrieve=extend_schema(summary=gettext_lazy("One score")),
)
class ScoreViewSet(ReadViewSet):
    queryset = Score.objects.order_by("framework_id", "year", "node", "province_id", "pk")
    serializer_class = serializers.ScoreSerializer
    filterset_class = ScoreFilter


@extend_schema_view(
    list=extend_schema(summary=gettext_lazy("Published DTI results, by year")),
    retrieve=extend_schema(summary=gettext_lazy("One published result")),
)
class PublishedResultViewSet(ReadViewSet):
    queryset = PublishedResult.objects.order_by("year", "rank", "pk")
    serializer_class = serializers.PublishedResultSerializer
    filterset_class = PublishedResultFilter


@extend_schema(exclude=True)
@api_view(["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"])
@permission_classes([])
@authentication_classes([])
def not_found(request, *args, **kwargs):
    """Any other address under /api/: the API's JSON 404, not the site's HTML page."""
    raise NotFound()
