"""What the API shows: English field names, the pages' public facts, never evidence files or review notes."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from indicators.models import Indicator, Province, PublishedResult, Score
from plans.models import Document, DocumentLink, Goal, Leader, Plan, Status, Task, TaskUpdate, Timeliness, Unit
from plans.numbers import rounded


def position_of(user) -> str:
    """Who wrote an update, by the post they hold (prefetched `leader_posts`), never by user name."""
    if user is None:
        return ""
    posts = list(user.leader_posts.all())
    if posts:
        return posts[0].position_title
    return user.get_full_name()


class UnitSerializer(serializers.ModelSerializer):
    class Meta:
        model = Unit
        fields = ["id", "name", "short_name", "kind", "parent"]


class LeaderSerializer(serializers.ModelSerializer):
    class Meta:
        model = Leader
        fields = ["id", "unit", "position_title", "person_name", "role", "term_start", "term_end"]


class DocumentLinkSerializer(serializers.ModelSerializer):
    class Meta:
        model = DocumentLink
        fields = ["target", "note"]


class DocumentSerializer(serializers.ModelSerializer):
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


class GoalSerializer(serializers.ModelSerializer):
    is_met = serializers.SerializerMethodField(help_text=_("Whether the measured value meets the target."))

    class Meta:
        model = Goal
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
            "is_met",
        ]

    def get_is_met(self, goal) -> bool | None:
        return goal.is_met()


class PlanSerializer(serializers.ModelSerializer):
    class Meta:
        model = Plan
        fields = ["id", "title", "document", "start_year", "end_year", "owner", "description"]


class HeadSerializer(serializers.ModelSerializer):
    class Meta:
        model = Leader
        fields = ["id", "position_title", "person_name", "unit"]


class TaskSerializer(serializers.ModelSerializer):
    timeliness = serializers.ChoiceField(choices=Timeliness.choices, source="current_timeliness", read_only=True)
    rolled_up_progress = serializers.SerializerMethodField(
        help_text=_("Progress rolled up from the sub-tasks (weighted mean); a leaf task's own progress.")
    )
    responsible_leader = HeadSerializer(read_only=True, allow_null=True)
    cooperating_units = serializers.PrimaryKeyRelatedField(many=True, read_only=True)

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

    @extend_schema_field(OpenApiTypes.FLOAT)
    def get_rolled_up_progress(self, task) -> float:
        rolled = self.context.get("rolled_up", {})
        return rounded(rolled.get(task.pk, float(task.progress)))  # half up, as the pages print it


class TaskUpdateSerializer(serializers.ModelSerializer):
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


class TaskUpdateCreateSerializer(serializers.Serializer):
    """A report on a task, as on the update form: `version` is the task's version the report was based on."""

    version = serializers.IntegerField(min_value=1, max_value=2**31 - 1, help_text=_("The task's version you read."))
    status = serializers.ChoiceField(choices=Status.choices, required=False)
    progress = serializers.IntegerField(min_value=0, max_value=100, required=False)
    note = serializers.CharField(required=False, allow_blank=True, max_length=5000, default="")
    evidence_url = serializers.URLField(required=False, allow_blank=True, max_length=500, default="")


class ReviewSerializer(serializers.Serializer):
    note = serializers.CharField(required=False, allow_blank=True, max_length=5000, default="")


class ConflictSerializer(serializers.Serializer):
    detail = serializers.CharField()
    current_version = serializers.IntegerField()


class ProvinceSerializer(serializers.ModelSerializer):
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


class IndicatorSerializer(serializers.ModelSerializer):
    class Meta:
        model = Indicator
        fields = ["id", "framework", "parent", "code", "name", "kind", "max_points", "scored", "position"]


class ScoreSerializer(serializers.ModelSerializer):
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


class PublishedResultSerializer(serializers.ModelSerializer):
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
