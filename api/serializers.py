"""What the API shows: English field names, the pages' public facts, never evidence files or review notes."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from api.descriptions import describe_fields
from indicators.models import Indicator, Province, PublishedResult, Score
from plans.models import Document, DocumentLink, Goal, Leader, Plan, Status, Task, TaskUpdate, Timeliness, Unit
from plans.numbers import rounded
from plans.selectors import programme
from plans.selectors.common import with_readings


class Described:
    """Every field has a Vietnamese description in the schema: its own help_text, else the shared one for its
    name (api/descriptions.py)."""

    def get_fields(self):
        return describe_fields(super().get_fields())


def position_of(user) -> str:
    """Who wrote an update, by the post they hold (prefetched `leader_posts`), never by user name."""
    if user is None:
        return ""
    posts = list(user.leader_posts.all())
    if posts:
        return posts[0].position_title
    return user.get_full_name()


class UnitSerializer(Described, serializers.ModelSerializer):
    class Meta:
        model = Unit
        fields = ["id", "name", "short_name", "kind", "parent"]


class LeaderSerializer(Described, serializers.ModelSerializer):
    class Meta:
        model = Leader
        fields = ["id", "unit", "position_title", "person_name", "role", "term_start", "term_end"]


class DocumentLinkSerializer(Described, serializers.ModelSerializer):
    class Meta:
        model = DocumentLink
        fields = ["target", "note"]


class DocumentSerializer(Described, serializers.ModelSerializer):
    implements = DocumentLinkSerializer(
        source="links_out", many=True, read_only=True, help_text=_("Documents this one implements.")
    )
    implemented_by = serializers.PrimaryKeyRelatedField(
        many=True, read_only=True, help_text=_("Documents that implement this one.")
    )

    class Meta:
        model = Document
        fields = [
            "id",
            "kind",
            "number",
            "issue_date",
            "issuer",
            "level",
            "title",
            "summary",
            "url",
            "implements",
            "implemented_by",
        ]


class GoalListSerializer(serializers.ListSerializer):
    def to_representation(self, data):
        # Every goal's reading at once: a fixed number of queries for a page (or an open-data chunk) of goals.
        return super().to_representation(with_readings(list(data.all() if hasattr(data, "all") else data)))


class GoalSerializer(Described, serializers.ModelSerializer):
    """A goal with its current value as the pages show it: read from the data where it is measured on the DX
    index, else typed (with who entered it and when)."""

    reading_value = serializers.SerializerMethodField(
        help_text=_("The current value as the pages show it: from the data where measured, else as typed.")
    )
    reading_year = serializers.SerializerMethodField(help_text=_("The year of that value."))
    reading_source = serializers.SerializerMethodField(
        help_text=_(
            "Where that value comes from: published, computed, computed_sample (computed from sample inputs), "
            "recorded (an indicator's observation), sample, entered (typed in), no_data."
        )
    )
    reading_source_text = serializers.SerializerMethodField(help_text=_("The source as written (may be empty)."))
    is_met = serializers.SerializerMethodField(help_text=_("Whether the current value meets the target."))

    class Meta:
        model = Goal
        list_serializer_class = GoalListSerializer
        fields = [
            "id",
            "plan",
            "statement",
            "deadline",
            "target_value",
            "target_unit",
            "direction",
            "current_value",
            "current_value_note",
            "current_value_entered_by",
            "current_value_entered_at",
            "reading_value",
            "reading_year",
            "reading_source",
            "reading_source_text",
            "is_met",
        ]

    def _reading(self, goal):
        if not hasattr(goal, "reading"):
            with_readings([goal])
        return goal.reading

    @extend_schema_field(serializers.FloatField(allow_null=True))
    def get_reading_value(self, goal) -> float | None:
        reading = self._reading(goal)
        return reading.value if reading else None

    @extend_schema_field(serializers.IntegerField(allow_null=True))
    def get_reading_year(self, goal) -> int | None:
        reading = self._reading(goal)
        return reading.year if reading else None

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_reading_source(self, goal) -> str | None:
        reading = self._reading(goal)
        return reading.kind if reading else None

    @extend_schema_field(serializers.CharField())
    def get_reading_source_text(self, goal) -> str:
        reading = self._reading(goal)
        return (reading.source or reading.detail) if reading else ""

    @extend_schema_field(serializers.BooleanField(allow_null=True))
    def get_is_met(self, goal) -> bool | None:
        reading = self._reading(goal)
        return reading.met if reading else None


class PlanSerializer(Described, serializers.ModelSerializer):
    class Meta:
        model = Plan
        fields = ["id", "title", "document", "start_year", "end_year", "owner", "description"]


class HeadSerializer(Described, serializers.ModelSerializer):
    class Meta:
        model = Leader
        fields = ["id", "position_title", "person_name", "unit"]


class TaskSerializer(Described, serializers.ModelSerializer):
    timeliness = serializers.ChoiceField(choices=Timeliness.choices, source="current_timeliness", read_only=True)
    rolled_up_progress = serializers.SerializerMethodField(
        help_text=_(
            "The task's progress: rolled up from the sub-tasks (weighted mean) for a parent task, "
            "the reported progress for a leaf task."
        )
    )
    responsible_leader = HeadSerializer(read_only=True, allow_null=True)
    cooperating_units = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    field_name = serializers.SerializerMethodField(help_text=_("The field's name, as the DX office keeps it."))

    class Meta:
        model = Task
        fields = [
            "id",
            "code",
            "title",
            "description",
            "plan",
            "parent",
            "pillar",
            "field",
            "field_name",
            "lead_unit",
            "cooperating_units",
            "responsible_leader",
            "start_date",
            "due_date",
            "status",
            "progress",
            "completed_on",
            "timeliness",
            "rolled_up_progress",
            "weight",
            "version",
            "is_sample",
            "updated_at",
        ]

    def get_field_name(self, task) -> str:
        # Read once per request (or handed over by the open-data build, which runs outside one).
        names = self.context.get("field_names") or programme.field_names()
        return names.get(task.field, task.field)

    @extend_schema_field(OpenApiTypes.FLOAT)
    def get_rolled_up_progress(self, task) -> float:
        return rounded(task.rollup_progress)  # stored on write (plans/summaries.py), half up as the pages print it


class TaskUpdateSerializer(Described, serializers.ModelSerializer):
    """An update's public facts: no evidence file, no reviewer or review note."""

    author_position = serializers.SerializerMethodField(help_text=_("The author's post, e.g. Giám đốc Sở Y tế."))
    has_evidence = serializers.SerializerMethodField()

    class Meta:
        model = TaskUpdate
        fields = [
            "id",
            "task",
            "created_at",
            "author_position",
            "status",
            "progress",
            "previous_status",
            "previous_progress",
            "note",
            "has_evidence",
            "review_state",
        ]

    def get_author_position(self, update) -> str:
        return position_of(update.author)

    def get_has_evidence(self, update) -> bool:
        return bool(update.evidence_url or update.evidence_file)


class TaskUpdateCreateSerializer(Described, serializers.Serializer):
    """A report on a task, as on the update form: `version` is the task's version the report was based on."""

    version = serializers.IntegerField(min_value=1, max_value=2**31 - 1, help_text=_("The task's version you read."))
    status = serializers.ChoiceField(choices=Status.choices, required=False)
    progress = serializers.IntegerField(min_value=0, max_value=100, required=False)
    note = serializers.CharField(required=False, allow_blank=True, max_length=5000, default="")
    evidence_url = serializers.URLField(required=False, allow_blank=True, max_length=500, default="")


class ReviewSerializer(Described, serializers.Serializer):
    note = serializers.CharField(required=False, allow_blank=True, max_length=5000, default="")


class ConflictSerializer(Described, serializers.Serializer):
    detail = serializers.CharField()
    current_version = serializers.IntegerField()


class ProvinceSerializer(Described, serializers.ModelSerializer):
    class Meta:
        model = Province
        fields = [
            "id",
            "code",
            "name",
            "region",
            "group",
            "valid_from",
            "valid_to",
            "successor",
            "first_year",
            "last_year",
        ]


class IndicatorSerializer(Described, serializers.ModelSerializer):
    class Meta:
        model = Indicator
        fields = ["id", "framework", "parent", "code", "name", "kind", "max_points", "scored", "position"]


class ScoreSerializer(Described, serializers.ModelSerializer):
    class Meta:
        model = Score
        fields = [
            "id",
            "framework",
            "year",
            "province",
            "node",
            "indicator",
            "value",
            "points",
            "rank",
            "missing",
            "is_sample",
        ]


class PublishedResultSerializer(Described, serializers.ModelSerializer):
    class Meta:
        model = PublishedResult
        fields = [
            "id",
            "province",
            "year",
            "rank",
            "rank_derived",
            "value",
            "government_value",
            "economy_value",
            "society_value",
            "government_rank",
            "economy_rank",
            "society_rank",
            "note",
            "source",
        ]
