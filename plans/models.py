"""The programme: units and their heads, documents, plans, goals, tasks and the updates that move them."""

from __future__ import annotations

import datetime as dt
import os
import re
import uuid
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import FileSystemStorage
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Case, F, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce, Concat
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from common import request_cache
from common.search import Searchable, SearchQuerySet


class Unit(Searchable, models.Model):
    class Kind(models.TextChoices):
        CENTRAL = "central", _("Central body")
        PARTY_COMMITTEE = "party", _("Party committee")
        PEOPLES_COMMITTEE = "committee", _("People's Committee")
        DEPARTMENT = "department", _("Department or agency")
        DISTRICT = "district", _("District or city")
        COMMUNE = "commune", _("Commune or ward")
        ENTERPRISE = "enterprise", _("Enterprise or partner")
        STEERING = "steering", _("Steering committee")

    name = models.CharField(_("name"), max_length=255, unique=True)
    short_name = models.CharField(_("short name"), max_length=64, blank=True)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    # The folded searched fields (common/search.py), written on save; never edited by hand.
    search_text = models.TextField(_("search text"), editable=False, blank=True, default="")

    # Summary kept on write (plans/summaries.py): the latest update on any task the unit leads.
    last_update_at = models.DateTimeField(_("last update"), null=True, blank=True, editable=False)

    objects = SearchQuerySet.as_manager()
    SEARCH_FIELDS = ("name", "short_name")

    class Meta:
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.short_name or self.name

    def get_absolute_url(self) -> str:
        return reverse("plans:unit_detail", args=[self.pk])

    @classmethod
    def search_condition(cls, folded: str) -> Q:
        """A unit is found by its name, its short name or one of its aliases (a subquery: no duplicate rows)."""
        aliased = UnitAlias.objects.filter(search_text__contains=folded).values("unit_id")
        return Q(search_text__contains=folded) | Q(pk__in=aliased)

    def head_on(self, date: dt.date | None = None) -> Leader | None:
        """The head of this unit on `date` (today by default), or None when the post is vacant."""
        return Leader.objects.heads_on(date).filter(unit=self).select_related("user").first()

    def descendant_ids(self) -> set[int]:
        """This unit and every unit below it (one query; unit trees are small)."""
        return Unit.subtree_ids([self.pk])

    @staticmethod
    def subtree_ids(roots) -> set[int]:
        """The given units and every unit below them (one query; unit trees are small)."""
        children: dict[int | None, list[int]] = {}
        for pk, parent_id in Unit.objects.values_list("pk", "parent_id"):
            children.setdefault(parent_id, []).append(pk)
        found, stack = set(), list(roots)
        while stack:
            pk = stack.pop()
            if pk in found:
                continue
            found.add(pk)
            stack.extend(children.get(pk, []))
        return found


class UnitAlias(Searchable, models.Model):
    """Another name by which plans refer to a unit ("Sở TTTT", "VP UBND tỉnh"), used when importing them."""

    alias = models.CharField(_("alias"), max_length=255, unique=True)
    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.CASCADE, related_name="aliases")
    # The folded searched fields (common/search.py), written on save; never edited by hand.
    search_text = models.TextField(_("search text"), editable=False, blank=True, default="")

    objects = SearchQuerySet.as_manager()
    SEARCH_FIELDS = ("alias",)

    class Meta:
        verbose_name = _("unit alias")
        verbose_name_plural = _("unit aliases")
        ordering = ["alias"]

    def __str__(self) -> str:
        return f"{self.alias} → {self.unit}"


class LeaderQuerySet(SearchQuerySet):
    def current_on(self, date: dt.date | None = None) -> LeaderQuerySet:
        """Posts whose term covers `date` (today by default); `Leader.in_office_on` is its Python twin."""
        date = date or timezone.localdate()
        return self.filter(term_start__lte=date).filter(Q(term_end__isnull=True) | Q(term_end__gte=date))

    def heads_on(self, date: dt.date | None = None) -> LeaderQuerySet:
        """Heads in office on `date`: one query, usable for one unit or for all of them."""
        return self.current_on(date).filter(role=Leader.Role.HEAD)


class Leader(Searchable, models.Model):
    """A post in a unit (head, deputy, or member of a committee), optionally held by a user account, for a term."""

    class Role(models.TextChoices):
        HEAD = "head", _("Head")
        DEPUTY = "deputy", _("Deputy")
        MEMBER = "member", _("Member")

    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="leaders")
    position_title = models.CharField(_("position title"), max_length=255)
    person_name = models.CharField(_("person name"), max_length=255, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="leader_posts",
    )
    role = models.CharField(_("role"), max_length=8, choices=Role.choices, default=Role.HEAD)
    term_start = models.DateField(_("term start"))
    term_end = models.DateField(_("term end"), null=True, blank=True)
    # The folded searched fields (common/search.py), written on save; never edited by hand.
    search_text = models.TextField(_("search text"), editable=False, blank=True, default="")

    objects = LeaderQuerySet.as_manager()
    SEARCH_FIELDS = ("position_title", "person_name")

    class Meta:
        verbose_name = _("leader")
        verbose_name_plural = _("leaders")
        ordering = ["unit__name", "role", "-term_start"]
        constraints = [
            models.CheckConstraint(
                condition=Q(term_end__isnull=True) | Q(term_end__gte=F("term_start")),
                name="leader_term_end_after_start",
                violation_error_message=_("The term cannot end before it starts."),
            ),
        ]
        indexes = [
            # Unit.head_on and LeaderQuerySet.heads_on: heads of a unit at a date.
            models.Index(fields=["unit", "role", "term_start"], name="leader_unit_role_start"),
        ]

    def __str__(self) -> str:
        return post_name(self.person_name, self.position_title)

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        # The tasks this post answers for keep its name for sorting (`Task.head_name`).
        name = str(self)
        Task.objects.filter(responsible_leader=self).exclude(head_name=name).update(head_name=name)

    def in_office_on(self, date: dt.date) -> bool:
        """Whether the term covers `date` (`in_office`), for a post already loaded."""
        return in_office(self.term_start, self.term_end, date)


def post_name(person_name: str, position_title: str) -> str:
    """How a post is named: its title, with the person's name in brackets when one is recorded."""
    return f"{position_title} ({person_name})" if person_name else position_title


def post_name_sql(prefix: str = "") -> Case:
    """`post_name` in SQL, over the post's fields (`prefix`: the path to a post, e.g. "responsible_leader__")."""
    person, title = F(f"{prefix}person_name"), F(f"{prefix}position_title")
    return Case(
        When(~Q(**{f"{prefix}person_name": ""}), then=Concat(title, Value(" ("), person, Value(")"))),
        default=title,
        output_field=models.CharField(),
    )


def in_office(term_start: dt.date, term_end: dt.date | None, date: dt.date) -> bool:
    """Whether a term covers `date`: from its first day to its last, open-ended when no end is set. The same rule as
    `LeaderQuerySet.current_on`, for posts already read."""
    return term_start <= date and (term_end is None or term_end >= date)


def person_display_name(user, today: dt.date | None = None) -> str:
    """How a person is named on a page: their full name, else the position they hold (the current post, else
    the latest one), else, only when nothing else exists, their user name. Reads `user.leader_posts.all()`, so a
    list prefetches "…__leader_posts" to stay at a fixed number of queries."""
    if user is None:
        return ""
    full = user.get_full_name().strip()
    if full:
        return full
    today = today or timezone.localdate()
    posts = sorted(user.leader_posts.all(), key=lambda p: (p.in_office_on(today), p.term_start, p.pk), reverse=True)
    if posts:
        return posts[0].position_title
    return user.get_username()


class Document(Searchable, models.Model):
    class Kind(models.TextChoices):
        RESOLUTION = "resolution", _("Resolution")
        PLAN = "plan", _("Plan")
        DIRECTIVE = "directive", _("Directive")
        DECISION = "decision", _("Decision")
        SCHEME = "scheme", _("Scheme")
        PROGRAMME = "programme", _("Programme")
        ARCHITECTURE = "architecture", _("Architecture")
        AGREEMENT = "agreement", _("Cooperation agreement")
        OTHER = "other", _("Other")

    class Level(models.TextChoices):
        CENTRAL = "central", _("Central")
        PROVINCIAL = "provincial", _("Provincial")
        DISTRICT = "district", _("District")

    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    number = models.CharField(_("number and symbol"), max_length=64, blank=True, help_text=_("e.g. 09-NQ/TU"))
    issue_date = models.DateField(_("issue date"), null=True, blank=True)
    issuer = models.ForeignKey(
        Unit,
        verbose_name=_("issuing body"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="documents",
    )
    level = models.CharField(_("level"), max_length=16, choices=Level.choices)
    title = models.CharField(_("title"), max_length=500)
    summary = models.TextField(_("summary"), blank=True)
    url = models.URLField(_("link"), max_length=500, blank=True)
    file = models.FileField(_("file"), upload_to="documents/%Y/", blank=True)
    implements = models.ManyToManyField(
        "self",
        verbose_name=_("implements"),
        symmetrical=False,
        through="DocumentLink",
        through_fields=("source", "target"),
        related_name="implemented_by",
        blank=True,
    )
    # The folded searched fields (common/search.py), written on save; never edited by hand.
    search_text = models.TextField(_("search text"), editable=False, blank=True, default="")

    objects = SearchQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["search_text"])
    # The documents list's text filter has always searched the summary too.
    SEARCH_FIELDS = ("number", "title", "summary")

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["-issue_date", "number"]

    def __str__(self) -> str:
        return f"{self.number} {self.title}".strip() if self.number else self.title

    def get_absolute_url(self) -> str:
        return reverse("plans:document_detail", args=[self.pk])


class DocumentLink(models.Model):
    """`source` implements `target` (e.g. 122/KH-UBND implements 09-NQ/TU)."""

    source = models.ForeignKey(Document, verbose_name=_("document"), on_delete=models.CASCADE, related_name="links_out")
    target = models.ForeignKey(
        Document, verbose_name=_("implements"), on_delete=models.CASCADE, related_name="links_in"
    )
    note = models.CharField(_("note"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("document link")
        verbose_name_plural = _("document links")
        constraints = [
            models.UniqueConstraint(fields=["source", "target"], name="documentlink_unique_pair"),
            models.CheckConstraint(
                condition=~Q(source=F("target")),
                name="documentlink_not_self",
                violation_error_message=_("A document cannot implement itself."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.source} → {self.target}"


class Plan(models.Model):
    title = models.CharField(_("title"), max_length=500)
    document = models.ForeignKey(
        Document,
        verbose_name=_("issuing document"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="plans",
    )
    start_year = models.PositiveSmallIntegerField(_("start year"))
    end_year = models.PositiveSmallIntegerField(_("end year"))
    owner = models.ForeignKey(Unit, verbose_name=_("owner unit"), on_delete=models.PROTECT, related_name="plans")
    description = models.TextField(_("description"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("plan")
        verbose_name_plural = _("plans")
        ordering = ["-start_year", "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_year__gte=F("start_year")),
                name="plan_period_ordered",
                violation_error_message=_("The end year cannot be before the start year."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("plans:plan_detail", args=[self.pk])

    def rolled_up_progress(self) -> float | None:
        """Weighted mean of the top-level tasks' rolled-up progress, from the stored summary (one query)."""
        from plans.selectors.aggregates import plan_progress

        return plan_progress([self.pk]).get(self.pk)


class Goal(models.Model):
    class Direction(models.TextChoices):
        AT_LEAST = "at_least", _("at least")
        AT_MOST = "at_most", _("at most")

    plan = models.ForeignKey(Plan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="goals")
    statement = models.TextField(_("statement"))
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    target_value = models.DecimalField(_("target value"), max_digits=14, decimal_places=4, null=True, blank=True)
    target_unit = models.CharField(_("unit of measure"), max_length=64, blank=True)
    direction = models.CharField(_("direction"), max_length=8, choices=Direction.choices, default=Direction.AT_LEAST)
    current_value = models.DecimalField(_("current value"), max_digits=14, decimal_places=4, null=True, blank=True)
    current_value_note = models.CharField(
        _("current value source"), max_length=500, blank=True, help_text=_("Where the current value comes from.")
    )
    # A typed value is shown as "entered by …, source …": who typed it (their post or display name, never a user
    # name) and when, set by the admin on saving. A goal measured on the DX index reads its value from the data.
    current_value_entered_by = models.CharField(
        _("current value entered by"),
        max_length=255,
        blank=True,
        help_text=_("The post or name of who typed the current value; filled in on saving."),
    )
    current_value_entered_at = models.DateTimeField(_("current value entered at"), null=True, blank=True)

    class Meta:
        verbose_name = _("goal")
        verbose_name_plural = _("goals")
        ordering = ["plan", "deadline", "pk"]

    def __str__(self) -> str:
        return self.statement[:80]

    # Units written before the number: a rank target reads "hạng 20", not "20 hạng".
    PREFIX_UNITS = frozenset({"hạng", "rank", "top", "thứ hạng", "vị trí"})

    @property
    def unit_goes_first(self) -> bool:
        return self.target_unit.strip().lower() in self.PREFIX_UNITS

    def deadline_outcome(self, today: dt.date | None = None) -> str | None:
        """After the deadline: "met", "not_met", or "unknown" (no value to judge by); None before it or without one."""
        today = today or timezone.localdate()
        if self.deadline is None or self.deadline >= today:
            return None
        reading = getattr(self, "reading", None)  # the value read from the data (plans.selectors.common.with_readings)
        return {True: "met", False: "not_met", None: "unknown"}[reading.met if reading is not None else self.is_met()]

    def is_met(self) -> bool | None:
        """Whether the typed current value meets the target; None when either is unknown."""
        return self.meets(self.current_value)

    def meets(self, value) -> bool | None:
        """Whether `value` (typed, or read from the data) meets the target; None when either is unknown."""
        if self.target_value is None or value is None:
            return None
        if self.direction == self.Direction.AT_MOST:
            return Decimal(str(value)) <= self.target_value
        return Decimal(str(value)) >= self.target_value

    def record_typed_value(self, *, by: str) -> None:
        """Note who typed the current value and when (the caller saves)."""
        self.current_value_entered_by = by[:255]
        self.current_value_entered_at = timezone.now()


class Pillar(models.TextChoices):
    DIGITAL_GOVERNMENT = "government", _("Digital government")
    DIGITAL_ECONOMY = "economy", _("Digital economy")
    DIGITAL_SOCIETY = "society", _("Digital society")
    FOUNDATION = "foundation", _("Foundation")


# A task whose field no word of the plan names (the plan import's fallback; created by migration 0008).
OTHER_FIELD = "other"


class Field(models.Model):
    """A field (lĩnh vực) of the programme: data the DX office keeps in the admin, since provinces differ in them.

    Tasks hold the field's code (`Task.field`), so renaming a field changes no task and the column, the
    aggregates and the snapshots stay plain text. The province's priority fields are the ones the overview shows.
    """

    code = models.SlugField(
        _("code"), max_length=16, unique=True, help_text=_("Short and unchanging, e.g. health: tasks keep it.")
    )
    name = models.CharField(_("name"), max_length=255)
    is_priority = models.BooleanField(
        _("priority field"), default=False, help_text=_("One of the province's priority fields, shown on the overview.")
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    active = models.BooleanField(
        _("active"),
        default=True,
        help_text=_("Inactive: no longer given by the plan import nor shown on the overview; its tasks keep it."),
    )
    keywords = models.TextField(
        _("other names in plans"),
        blank=True,
        help_text=_("One per line: other words plans use for this field, which the plan import recognises."),
    )

    class Meta:
        verbose_name = _("field")
        verbose_name_plural = _("fields")
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        request_cache.forget()

    def words(self) -> list[str]:
        """The name and the other names, as written."""
        return [self.name, *(line.strip() for line in self.keywords.splitlines() if line.strip())]


def validate_field_code(value: str) -> None:
    if value and not Field.objects.filter(code=value).exists():
        raise ValidationError(_("No field with the code %(code)s."), params={"code": value}, code="unknown_field")


class Status(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    IN_PROGRESS = "in_progress", _("In progress")
    COMPLETED = "completed", _("Completed")
    PAUSED = "paused", _("Paused")
    CANCELLED = "cancelled", _("Cancelled")


# A task in one of these states is closed: no longer open for work (reminders, "due soon", reopening).
CLOSED_STATUSES = (Status.COMPLETED, Status.CANCELLED)
OPEN_STATUSES = tuple(s for s in Status if s not in CLOSED_STATUSES)


class Timeliness(models.TextChoices):
    """The Government Office's classes, computed from due date, completion date and today; never stored."""

    DONE_ON_TIME = "done_on_time", _("Completed on time")
    DONE_LATE = "done_late", _("Completed late")
    # "Not yet due", not "in progress, within deadline": the class counts every open task before its due date,
    # not started and paused ones too (see `timeliness_label` for how one task's class is shown).
    ON_TRACK = "on_track", _("Not yet due")
    OVERDUE = "overdue", _("Overdue")
    NO_DEADLINE = "no_deadline", _("No deadline")
    CANCELLED = "cancelled", _("Cancelled")


def timeliness_of(*, status: str, due_date: dt.date | None, completed_on: dt.date | None, today: dt.date) -> str:
    """The one definition of timeliness; `TaskQuerySet.with_timeliness` is its SQL twin (tests hold them equal).

    Cancelled wins over everything; a task with no due date cannot be late or on time; a completed task is
    judged by its completion date, any other by today (due today is still within the deadline).
    """
    if status == Status.CANCELLED:
        return Timeliness.CANCELLED
    if due_date is None:
        return Timeliness.NO_DEADLINE
    if status == Status.COMPLETED:
        return Timeliness.DONE_ON_TIME if completed_on and completed_on <= due_date else Timeliness.DONE_LATE
    return Timeliness.ON_TRACK if today <= due_date else Timeliness.OVERDUE


# Statuses that a task's timeliness is shown with, so that a task nobody works on never reads as under way.
SHOWN_WITH_TIMELINESS = (Status.NOT_STARTED, Status.PAUSED)


def timeliness_label(timeliness: str, status: str | None = None) -> str:
    """How one task's timeliness class is shown, everywhere (badges, lists, exports, reports, chart hovers): the
    class's label, followed by the status when the task is not started or paused ("Not yet due (Paused)").
    Counts of a class (charts, tables of counts) use the class label alone."""
    label = str(Timeliness(timeliness).label)
    if status in SHOWN_WITH_TIMELINESS:
        return f"{label} ({Status(status).label})"
    return label


class TaskQuerySet(SearchQuerySet):
    def bulk_create(self, objs, *args, **kwargs):
        """Each task's `head_name` written too (`_with_head_names`)."""
        objs = list(objs)
        _with_head_names(objs)
        return super().bulk_create(objs, *args, **kwargs)

    def repair_head_names(self) -> int:
        """Rewrite `head_name` where it differs from the post's (writes that bypass `save`): one UPDATE."""
        shown = Coalesce(
            Subquery(Leader.objects.filter(pk=OuterRef("responsible_leader_id")).values(name=post_name_sql())[:1]),
            Value(""),
        )
        return self.annotate(shown=shown).exclude(head_name=F("shown")).update(head_name=shown)

    def with_timeliness(self, today: dt.date | None = None) -> TaskQuerySet:
        """Annotate `timeliness` in SQL, so that lists filter, sort and count by it."""
        today = today or timezone.localdate()
        return self.annotate(
            timeliness=Case(
                When(status=Status.CANCELLED, then=Value(Timeliness.CANCELLED.value)),
                When(due_date__isnull=True, then=Value(Timeliness.NO_DEADLINE.value)),
                When(
                    status=Status.COMPLETED,
                    completed_on__lte=F("due_date"),
                    then=Value(Timeliness.DONE_ON_TIME.value),
                ),
                When(status=Status.COMPLETED, then=Value(Timeliness.DONE_LATE.value)),
                When(due_date__gte=Value(today), then=Value(Timeliness.ON_TRACK.value)),
                default=Value(Timeliness.OVERDUE.value),
                output_field=models.CharField(max_length=16),
            )
        )

    def in_timeliness(self, timeliness: str, today: dt.date | None = None) -> TaskQuerySet:
        """The tasks of one timeliness class: `with_timeliness`'s branch for that class written as plain conditions
        on the columns (tests hold the three equal), so that the indexes on status and due date serve a filter by
        class, where a filter on the CASE reads every task."""
        today = today or timezone.localdate()
        dated = Q(due_date__isnull=False)
        on_time = Q(completed_on__lte=F("due_date"))
        conditions = {
            Timeliness.CANCELLED: Q(status=Status.CANCELLED),
            Timeliness.NO_DEADLINE: Q(due_date__isnull=True) & ~Q(status=Status.CANCELLED),
            Timeliness.DONE_ON_TIME: Q(dated, on_time, status=Status.COMPLETED),
            Timeliness.DONE_LATE: Q(dated, completed_on__gt=F("due_date"), status=Status.COMPLETED),
            Timeliness.ON_TRACK: Q(status__in=OPEN_STATUSES, due_date__gte=today),
            Timeliness.OVERDUE: Q(status__in=OPEN_STATUSES, due_date__lt=today),
        }
        return self.filter(conditions[Timeliness(timeliness)])

    def open(self) -> TaskQuerySet:
        return self.exclude(status__in=CLOSED_STATUSES)


class Task(Searchable, models.Model):
    plan = models.ForeignKey(Plan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="tasks")
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent task"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="children",
    )
    code = models.CharField(_("code"), max_length=32)
    title = models.CharField(_("title"), max_length=500)
    description = models.TextField(_("description"), blank=True)
    pillar = models.CharField(_("pillar"), max_length=16, choices=Pillar.choices)
    field = models.CharField(
        _("field"), max_length=16, validators=[validate_field_code], help_text=_("The code of one of the fields.")
    )
    lead_unit = models.ForeignKey(Unit, verbose_name=_("lead unit"), on_delete=models.PROTECT, related_name="led_tasks")
    cooperating_units = models.ManyToManyField(
        Unit, verbose_name=_("co-operating units"), blank=True, related_name="cooperating_tasks"
    )
    responsible_leader = models.ForeignKey(
        Leader,
        verbose_name=_("responsible leader"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="tasks",
    )
    # Co-operating bodies the plan names that are not units here ("các cơ quan liên quan"): kept as written.
    cooperating_text = models.TextField(_("other co-operating bodies"), blank=True)
    start_date = models.DateField(_("start date"), null=True, blank=True)
    due_date = models.DateField(_("due date"), null=True, blank=True)
    # "Thường xuyên", "Hằng năm": work that never ends, so it has no due date and is never late.
    is_ongoing = models.BooleanField(_("ongoing"), default=False, help_text=_("Recurring work with no due date."))
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.NOT_STARTED)
    progress = models.PositiveSmallIntegerField(
        _("progress (%)"), default=0, validators=[MinValueValidator(0), MaxValueValidator(100)]
    )
    completed_on = models.DateField(_("completion date"), null=True, blank=True)
    weight = models.DecimalField(
        _("weight"),
        max_digits=6,
        decimal_places=2,
        default=Decimal("1"),
        validators=[MinValueValidator(Decimal("0.01"))],
        help_text=_("Relative weight in the parent's and the plan's progress."),
    )
    # Bumped on every state change; a form carries it so that a stale submission is refused, not applied.
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    is_sample = models.BooleanField(
        _("sample data"), default=False, help_text=_("Invented for demonstration, not a real task.")
    )
    # Summaries kept on write (plans/summaries.py), never edited: the roll-up (a parent's weighted mean of its
    # children's, a leaf's own progress) and the time of the latest update.
    rollup_progress = models.FloatField(_("rolled-up progress (%)"), default=0, editable=False)
    last_update_at = models.DateTimeField(_("last update"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    # The folded searched fields (common/search.py), written on save; never edited by hand.
    search_text = models.TextField(_("search text"), editable=False, blank=True, default="")
    # The responsible head's name as pages show it (`post_name`; empty without a head), kept so that the task list
    # sorts by head through an index: written on save, by a post's save, and repaired by the nightly rebuild.
    head_name = models.CharField(_("head's name"), max_length=520, blank=True, default="", editable=False)

    objects = TaskQuerySet.as_manager()
    # Co-operating units are tracked too: the history page says which were added or removed, and when.
    history = HistoricalRecords(
        excluded_fields=["updated_at", "search_text", "rollup_progress", "last_update_at", "head_name"],
        m2m_fields=[cooperating_units],
    )
    SEARCH_FIELDS = ("code", "title", "description")

    class Meta:
        verbose_name = _("task")
        verbose_name_plural = _("tasks")
        ordering = ["plan", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "code"],
                name="task_code_unique_in_plan",
                violation_error_message=_("Another task in this plan already has this code."),
            ),
            models.CheckConstraint(
                condition=Q(progress__gte=0, progress__lte=100),
                name="task_progress_0_100",
                violation_error_message=_("Progress must be between 0 and 100."),
            ),
            models.CheckConstraint(
                condition=Q(start_date__isnull=True) | Q(due_date__isnull=True) | Q(due_date__gte=F("start_date")),
                name="task_due_not_before_start",
                violation_error_message=_("The due date cannot be before the start date."),
            ),
            models.CheckConstraint(
                condition=~Q(status=Status.COMPLETED) | Q(progress=100, completed_on__isnull=False),
                name="task_completed_has_100_and_date",
                violation_error_message=_("A completed task must have progress 100 and a completion date."),
            ),
            models.CheckConstraint(
                condition=Q(status=Status.COMPLETED) | Q(completed_on__isnull=True),
                name="task_completion_date_only_when_completed",
                violation_error_message=_("Only a completed task has a completion date."),
            ),
            models.CheckConstraint(
                condition=Q(is_ongoing=False) | Q(due_date__isnull=True),
                name="task_ongoing_has_no_due_date",
                violation_error_message=_("An ongoing task has no due date."),
            ),
            models.CheckConstraint(
                condition=Q(weight__gt=0),
                name="task_weight_positive",
                violation_error_message=_("The weight must be greater than 0."),
            ),
        ]
        indexes = [
            # Task lists filtered by due date (timeliness, "due in the next 30 days").
            models.Index(fields=["due_date"], name="task_due_date"),
            # Unit pages and per-unit counts: tasks a unit leads, by status.
            models.Index(fields=["lead_unit", "status"], name="task_lead_unit_status"),
            # The task list sorted by head, a page at a time.
            models.Index(fields=["head_name", "id"], name="task_head_name"),
            # The task list filtered by field and timeliness class (`in_timeliness`: status and due date), counted
            # from the index alone.
            models.Index(fields=["field", "status", "due_date"], name="task_field_status_due"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"

    def save(self, *args, **kwargs):
        update_fields = kwargs.get("update_fields")
        if update_fields is None or {"responsible_leader", "responsible_leader_id"} & set(update_fields):
            _with_head_names([self])
            if update_fields is not None:
                kwargs["update_fields"] = {*update_fields, "head_name"}
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("plans:task_detail", args=[self.pk])

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.start_date and self.due_date and self.due_date < self.start_date:
            errors["due_date"] = _("The due date cannot be before the start date.")
        if self.status == Status.COMPLETED:
            if self.progress != 100:
                errors["progress"] = _("A completed task must have progress 100.")
            if not self.completed_on:
                errors["completed_on"] = _("A completed task must have a completion date.")
        elif self.completed_on:
            errors["completed_on"] = _("Only a completed task has a completion date.")
        if self.parent_id:
            if self.parent_id == self.pk:
                errors["parent"] = _("A task cannot be its own parent.")
            elif self.parent.plan_id != self.plan_id:
                errors["parent"] = _("The parent task must be in the same plan.")
        if errors:
            raise ValidationError(errors)

    def current_timeliness(self, today: dt.date | None = None) -> str:
        """The task's timeliness class (a `Timeliness` value).

        Rows fetched with `with_timeliness()` carry the SQL answer in `self.timeliness`; it is used when no
        other day is asked for, so one page never mixes two "todays".
        """
        annotated = self.__dict__.get("timeliness")
        if annotated is not None and today is None:
            return annotated
        return timeliness_of(
            status=self.status,
            due_date=self.due_date,
            completed_on=self.completed_on,
            today=today or timezone.localdate(),
        )

    def get_timeliness_display(self) -> str:
        return timeliness_label(self.current_timeliness(), self.status)

    def get_field_display(self) -> str:
        """The field's name (the fields are read once per request), or its code when no field has it."""
        from plans.selectors.programme import field_names

        return field_names().get(self.field, self.field)

    def has_subtasks(self) -> bool:
        """Whether any task is under this one (one query): its progress is then rolled up, not reported."""
        return Task.objects.filter(parent_id=self.pk).exists()

    def rolled_up_progress(self) -> float:
        """The stored roll-up: weighted mean of the direct children's rolled-up progress; a leaf's own progress."""
        return self.rollup_progress


def evidence_upload_to(instance: TaskUpdate, filename: str) -> str:
    """A random, non-guessable name that keeps only the extension (already checked against the content)."""
    suffix = Path(filename).suffix.lower()
    if not re.fullmatch(r"\.[a-z0-9]{1,5}", suffix):
        suffix = ""
    return f"evidence/{timezone.now():%Y/%m}/{uuid.uuid4().hex}{suffix}"


class EvidenceStorage(FileSystemStorage):
    """Evidence files live outside MEDIA_ROOT, so no /media/ URL can ever serve them.

    They are read only through plans:evidence_download, which requires a signed-in user. The folder is
    settings.DXT_EVIDENCE_ROOT when set, else a "private-media" folder beside MEDIA_ROOT.
    """

    def __init__(self):
        super().__init__(base_url=None)

    @property
    def base_location(self):
        root = getattr(settings, "DXT_EVIDENCE_ROOT", None)
        return str(root or Path(settings.MEDIA_ROOT).parent / "private-media")

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    def url(self, name):
        # No public URL: links go through the signed-in view plans:evidence_download.
        return ""


def evidence_storage() -> EvidenceStorage:
    return EvidenceStorage()


def stale_days() -> int:
    """A task with no update for this many days is stale (settings.DXT_REMINDER_STALE_DAYS): the reminders and
    the unit pages' "updated recently" figures use the same number."""
    return settings.DXT_REMINDER_STALE_DAYS


def stale_cutoff(now: dt.datetime | None = None) -> dt.datetime:
    """The moment before which a last update makes a task stale."""
    return (now or timezone.now()) - dt.timedelta(days=stale_days())


class TaskUpdateQuerySet(models.QuerySet):
    def newest_first(self) -> TaskUpdateQuerySet:
        """A task's history as every page reads it: the latest update first (index taskupdate_task_created)."""
        return self.order_by("-created_at", "-pk")


class TaskUpdate(models.Model):
    """An append-only report on a task: the state it moved the task to, and from what."""

    class Review(models.TextChoices):
        PENDING = "pending", _("Awaiting verification")
        VERIFIED = "verified", _("Verified")
        RETURNED = "returned", _("Returned")

    task = models.ForeignKey(Task, verbose_name=_("task"), on_delete=models.CASCADE, related_name="updates")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="task_updates",
    )
    created_at = models.DateTimeField(_("time"), default=timezone.now, db_index=True)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices)
    progress = models.PositiveSmallIntegerField(
        _("progress (%)"), validators=[MinValueValidator(0), MaxValueValidator(100)]
    )
    previous_status = models.CharField(_("previous status"), max_length=16, choices=Status.choices, blank=True)
    previous_progress = models.PositiveSmallIntegerField(_("previous progress (%)"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)
    evidence_url = models.URLField(_("evidence link"), max_length=500, blank=True)
    evidence_file = models.FileField(
        _("evidence file"), upload_to=evidence_upload_to, storage=evidence_storage, max_length=255, blank=True
    )
    # The name the file had on the head's computer (sanitised): stored under a random name, downloaded under this.
    evidence_name = models.CharField(_("evidence file name"), max_length=255, blank=True)
    review_state = models.CharField(_("verification"), max_length=16, choices=Review.choices, default=Review.PENDING)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="reviewed_updates",
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    review_note = models.TextField(_("review note"), blank=True)
    is_sample = models.BooleanField(_("sample data"), default=False)

    objects = TaskUpdateQuerySet.as_manager()

    class Meta:
        verbose_name = _("task update")
        verbose_name_plural = _("task updates")
        ordering = ["-created_at", "-pk"]
        get_latest_by = "created_at"
        constraints = [
            models.CheckConstraint(
                condition=Q(progress__gte=0, progress__lte=100),
                name="taskupdate_progress_0_100",
                violation_error_message=_("Progress must be between 0 and 100."),
            ),
        ]
        indexes = [
            # A task's history, newest first; the latest update per task (staleness, verification).
            models.Index(fields=["task", "-created_at"], name="taskupdate_task_created"),
        ]

    def __str__(self) -> str:
        return f"{self.task.code} · {self.get_status_display()} {self.progress}%"


class TaskCount(models.Model):
    """A summary kept on write (plans/summaries.py): how many tasks fall in one bucket of one group.

    `scope` and `key` name the group (a unit, a head, a plan, a pillar, a field, a month of completions);
    `bucket` a class that does not depend on today (done on time or late, no deadline, cancelled), or "open"
    with `day` the due date, so that on track and overdue are told apart when the page is read; "rollup" rows
    hold the weights and weighted progress of top-level tasks; "open_upd" rows count open tasks by the day of
    their last update. Rebuilt from the tasks by `manage.py rebuild_summaries`.
    """

    scope = models.CharField(max_length=8)
    key = models.CharField(max_length=32)
    bucket = models.CharField(max_length=40)
    day = models.DateField(null=True, blank=True)
    n = models.IntegerField(default=0)
    weight = models.DecimalField(max_digits=14, decimal_places=2, default=Decimal("0"))
    weighted_progress = models.FloatField(default=0)

    class Meta:
        verbose_name = _("task count")
        verbose_name_plural = _("task counts")
        # A page reads the days it compares (overdue, amber, due soon, recent) across every group of a scope.
        indexes = [models.Index(fields=["scope", "bucket", "day"], name="taskcount_scope_bucket_day")]
        constraints = [
            models.UniqueConstraint(
                fields=["scope", "key", "bucket", "day"],
                name="taskcount_one_row_per_day",
                condition=Q(day__isnull=False),
            ),
            models.UniqueConstraint(
                fields=["scope", "key", "bucket"], name="taskcount_one_row_undated", condition=Q(day__isnull=True)
            ),
        ]

    def __str__(self) -> str:
        return f"{self.scope}:{self.key}:{self.bucket}:{self.day or '-'} = {self.n}"


class ReminderDigest(models.Model):
    """One reminder e-mail per person per day: the row is claimed (unique) before the e-mail is sent."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="reminder_digests"
    )
    date = models.DateField(_("date"))
    sent_at = models.DateTimeField(_("sent at"), default=timezone.now)
    task_count = models.PositiveIntegerField(_("number of tasks"), default=0)

    class Meta:
        verbose_name = _("reminder digest")
        verbose_name_plural = _("reminder digests")
        ordering = ["-date", "user"]
        constraints = [
            # The "at most one digest per person per day" guarantee, even with two workers racing.
            models.UniqueConstraint(fields=["user", "date"], name="reminderdigest_one_per_user_per_day"),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.date:%d/%m/%Y}"


EVIDENCE_NAME_MAX = 120


def sanitise_file_name(name: str) -> str:
    """A file name safe to offer in a download: no folder, no control or shell-special character, not hidden,
    at most EVIDENCE_NAME_MAX characters with its extension kept. Vietnamese letters stay. "" when nothing is left.
    """
    name = re.split(r"[\\/]", name or "")[-1]
    name = re.sub(r"[\x00-\x1f\x7f<>:\"|?*;%]+", "", name)
    name = re.sub(r"\s+", " ", name).strip(" .")
    stem, suffix = os.path.splitext(name)
    if len(suffix) > 6:
        stem, suffix = name, ""
    return (stem[: EVIDENCE_NAME_MAX - len(suffix)].rstrip(" .") + suffix) if stem else ""


class NotificationQuerySet(models.QuerySet):
    def unread(self) -> NotificationQuerySet:
        return self.filter(read_at__isnull=True)


class Notification(models.Model):
    """Tells a head that the DX office verified or returned their update (shown in "Notifications", e-mailed)."""

    class Kind(models.TextChoices):
        VERIFIED = "verified", _("Update verified")
        RETURNED = "returned", _("Update returned")

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recipient"), on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    update = models.ForeignKey(
        TaskUpdate, verbose_name=_("task update"), on_delete=models.CASCADE, related_name="notifications"
    )
    created_at = models.DateTimeField(_("time"), default=timezone.now)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-pk"]
        indexes = [
            # A person's notifications, newest first (the list page); the unread count of the navigation bar.
            models.Index(fields=["recipient", "-created_at"], name="notification_recipient_created"),
            models.Index(fields=["recipient", "read_at"], name="notification_recipient_read"),
        ]

    def __str__(self) -> str:
        return f"{self.recipient} · {self.get_kind_display()} · {self.update_id}"

    @property
    def is_read(self) -> bool:
        return self.read_at is not None


class UserPreferences(models.Model):
    """A person's own settings; a missing row means the defaults (every e-mail on). Each kind of e-mail is
    chosen on its own: the review e-mails (plans/notifications.py) and the daily reminder digest
    (plans/reminders.py)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="preferences"
    )
    email_notifications = models.BooleanField(_("e-mail me when my updates are verified or returned"), default=True)
    email_reminders = models.BooleanField(
        _("e-mail me a daily reminder of the tasks that need attention"), default=True
    )

    class Meta:
        verbose_name = _("user preferences")
        verbose_name_plural = _("user preferences")

    def __str__(self) -> str:
        return str(self.user)


class ProgrammeSettings(models.Model):
    """What makes the dashboard a province's own, kept by the DX office in the admin: one row, created by a
    migration from settings.DXT_PROVINCE and DXT_TARGET_RANK and filled by start_province."""

    province = models.CharField(_("province"), max_length=100, help_text=_("Its name, e.g. Nam Định."))
    dti_province = models.CharField(
        _("province in the DX index"),
        max_length=100,
        blank=True,
        help_text=_(
            "Its code or name in the DX index's list of provinces (e.g. ninh-binh-2025 for the province after the "
            "2025 merger); empty: the province's name."
        ),
    )
    dx_office = models.ForeignKey(
        Unit,
        verbose_name=_("DX office's unit"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The department that runs the DX office."),
    )
    target_rank = models.PositiveSmallIntegerField(
        _("target rank on the DTI"),
        default=20,
        validators=[MinValueValidator(1)],
        help_text=_("The rank the province aims for, e.g. 20: among the 20 leading provinces."),
    )

    class Meta:
        verbose_name = _("programme settings")
        verbose_name_plural = _("programme settings")

    def __str__(self) -> str:
        return self.province

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        request_cache.forget()

    @property
    def dti_key(self) -> str:
        """The code or name under which the DX index lists the province."""
        return (self.dti_province or self.province).strip()


def _with_head_names(tasks: list[Task]) -> None:
    """Set each task's `head_name`: from the post it holds in memory, else read (one query for all the others)."""
    missing = {t.responsible_leader_id for t in tasks if t.responsible_leader_id and not _cached_leader(t)}
    posts = Leader.objects.filter(pk__in=missing).values_list("pk", "person_name", "position_title")
    names = {pk: post_name(person, title) for pk, person, title in posts} if missing else {}
    for task in tasks:
        leader = _cached_leader(task)
        task.head_name = str(leader) if leader else names.get(task.responsible_leader_id, "")


def _cached_leader(task: Task) -> Leader | None:
    """The post a task already holds in memory for its responsible head (no query), if any."""
    leader = Task.responsible_leader.field.get_cached_value(task, None)
    return leader if leader is not None and leader.pk == task.responsible_leader_id else None
