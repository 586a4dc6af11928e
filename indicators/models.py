"""The DX index: provinces, frameworks and their indicator trees, observations, computed scores, score runs,
and what the ministry published (kept apart from what we compute, so that the two can be compared)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class Province(models.Model):
    class Group(models.TextChoices):
        BEFORE_MERGER = "63", _("63 provinces (before the 2025 merger)")
        AFTER_MERGER = "34", _("34 provinces (after the 2025 merger)")

    code = models.SlugField(_("code"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=100)
    region = models.CharField(_("region"), max_length=100, blank=True)
    group = models.CharField(_("ranking group"), max_length=2, choices=Group.choices, default=Group.BEFORE_MERGER)
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    # The 2025 merger: each old province has one successor; a new province lists its predecessors.
    successor = models.ForeignKey(
        "self",
        verbose_name=_("successor"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="predecessors",
    )
    first_year = models.PositiveSmallIntegerField(
        _("first evaluation year"), null=True, blank=True, help_text=_("Empty: evaluated since the DTI began.")
    )
    last_year = models.PositiveSmallIntegerField(
        _("last evaluation year"), null=True, blank=True, help_text=_("Empty: still evaluated.")
    )

    class Meta:
        verbose_name = _("province")
        verbose_name_plural = _("provinces")
        ordering = ["group", "name"]
        constraints = [
            models.UniqueConstraint(fields=["name", "group"], name="province_name_unique_in_group"),
        ]

    def __str__(self) -> str:
        if self.group == self.Group.AFTER_MERGER:
            suffix = _("after merger")
            return f"{self.name} ({suffix})"
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("indicators:province", args=[self.pk])

    def evaluated_in(self, year: int) -> bool:
        return (self.first_year is None or year >= self.first_year) and (
            self.last_year is None or year <= self.last_year
        )


class Framework(models.Model):
    code = models.CharField(_("decision"), max_length=32, unique=True, help_text=_("e.g. 922/QĐ-BTTTT"))
    name = models.CharField(_("name"), max_length=255)
    legal_basis = models.TextField(_("legal basis"), blank=True)
    issued_on = models.DateField(_("issue date"), null=True, blank=True)
    first_year = models.PositiveSmallIntegerField(_("first evaluation year"))
    last_year = models.PositiveSmallIntegerField(_("last evaluation year"), null=True, blank=True)

    class Meta:
        verbose_name = _("framework")
        verbose_name_plural = _("frameworks")
        ordering = ["first_year"]

    def __str__(self) -> str:
        return self.code

    def covers(self, year: int) -> bool:
        return year >= self.first_year and (self.last_year is None or year <= self.last_year)

    def years(self, until: int) -> list[int]:
        return list(range(self.first_year, (self.last_year or until) + 1))


class Indicator(models.Model):
    class Kind(models.TextChoices):
        FOUNDATION = "foundation", _("Foundation")
        ACTIVITY = "activity", _("Activity")
        PILLAR = "pillar", _("Pillar")
        COMPONENT = "component", _("Component indicator")

    framework = models.ForeignKey(
        Framework, verbose_name=_("framework"), on_delete=models.CASCADE, related_name="indicators"
    )
    parent = models.ForeignKey(
        "self", verbose_name=_("parent"), null=True, blank=True, on_delete=models.CASCADE, related_name="children"
    )
    code = models.CharField(_("code"), max_length=32)
    name = models.CharField(_("name"), max_length=255)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, default=Kind.COMPONENT)
    max_points = models.DecimalField(
        _("max points"),
        max_digits=8,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("Empty: not yet entered; the framework cannot be scored until it is."),
    )
    scored = models.BooleanField(_("scored"), default=True)
    in_government = models.BooleanField(_("counts in digital government"), default=False)
    in_economy = models.BooleanField(_("counts in digital economy"), default=False)
    in_society = models.BooleanField(_("counts in digital society"), default=False)
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    tasks = models.ManyToManyField(
        "plans.Task",
        verbose_name=_("tasks that improve it"),
        related_name="indicators",
        blank=True,
    )

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["framework", "position", "code"]
        constraints = [
            models.UniqueConstraint(fields=["framework", "code"], name="indicator_code_unique_in_framework"),
            models.CheckConstraint(
                condition=Q(max_points__isnull=True) | Q(max_points__gte=0),
                name="indicator_max_points_not_negative",
                violation_error_message=_("Max points cannot be negative."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    def get_absolute_url(self) -> str:
        return reverse("indicators:indicator", args=[self.pk])

    @property
    def pillars(self) -> list[str]:
        return [
            p
            for p, on in (
                ("government", self.in_government),
                ("economy", self.in_economy),
                ("society", self.in_society),
            )
            if on
        ]


class Observation(models.Model):
    """A province's value for an indicator in a year, on the 0-1 scale, with where it came from."""

    province = models.ForeignKey(
        Province, verbose_name=_("province"), on_delete=models.CASCADE, related_name="observations"
    )
    indicator = models.ForeignKey(
        Indicator, verbose_name=_("indicator"), on_delete=models.CASCADE, related_name="observations"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    value = models.FloatField(_("value (0-1)"))
    source = models.CharField(_("source"), max_length=500, blank=True)
    is_sample = models.BooleanField(
        _("sample data"), default=False, help_text=_("Invented for demonstration, not a published figure.")
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("entered by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="dti_observations",
    )
    entered_at = models.DateTimeField(_("entered at"), auto_now=True)

    class Meta:
        verbose_name = _("observation")
        verbose_name_plural = _("observations")
        ordering = ["year", "province", "indicator"]
        constraints = [
            models.UniqueConstraint(
                fields=["province", "indicator", "year"],
                name="observation_one_per_province_indicator_year",
                violation_error_message=_("This province already has a value for this indicator and year."),
            ),
            models.CheckConstraint(
                condition=Q(value__gte=0, value__lte=1),
                name="observation_value_0_1",
                violation_error_message=_("The value must be between 0 and 1."),
            ),
        ]
        indexes = [
            # services.recompute_scores: every observation of one framework-year (joined on indicator).
            models.Index(fields=["year", "indicator"], name="observation_year_indicator"),
        ]

    def __str__(self) -> str:
        return f"{self.province} · {self.indicator.code} · {self.year}: {self.value:.4f}"


class Score(models.Model):
    """A computed value, points and rank for a province, framework-year and node (indicator, pillar, overall).

    A province that misses a scored main indicator gets an overall row with no value and no rank, and the
    missing codes listed: it is shown as incomplete, never scored as if the indicator were 0.
    """

    class Node(models.TextChoices):
        OVERALL = "overall", _("Overall")
        GOVERNMENT = "government", _("Digital government")
        ECONOMY = "economy", _("Digital economy")
        SOCIETY = "society", _("Digital society")

    # No index of their own on framework and province: the unique constraint's index leads with the framework and
    # score_province_year with the province, and every index costs the recomputation's writes.
    framework = models.ForeignKey(
        Framework, verbose_name=_("framework"), on_delete=models.CASCADE, related_name="+", db_index=False
    )
    year = models.PositiveSmallIntegerField(_("year"))
    province = models.ForeignKey(
        Province, verbose_name=_("province"), on_delete=models.CASCADE, related_name="scores", db_index=False
    )
    # "overall", a pillar, or "ind:<indicator id>" for an indicator (then `indicator` is set too).
    node = models.CharField(_("node"), max_length=40)
    indicator = models.ForeignKey(
        Indicator, verbose_name=_("indicator"), null=True, blank=True, on_delete=models.CASCADE, related_name="scores"
    )
    value = models.FloatField(_("value"), null=True)
    points = models.FloatField(_("points"), null=True)
    rank = models.PositiveSmallIntegerField(_("rank"), null=True)
    missing = models.CharField(_("missing indicators"), max_length=500, blank=True)
    is_sample = models.BooleanField(_("from sample data"), default=False)

    class Meta:
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        constraints = [
            models.UniqueConstraint(
                fields=["framework", "year", "node", "province"], name="score_one_per_node_province_year"
            ),
        ]
        # The unique constraint's index serves the pages: one node of one framework-year, all provinces.
        indexes = [
            # Province profile and trend: one province's scores across years.
            models.Index(fields=["province", "framework", "year"], name="score_province_year"),
        ]

    def __str__(self) -> str:
        return f"{self.province} {self.year} {self.node}: {self.value}"


class ScoreSet(models.Model):
    """One row per framework-year: the lock that serialises recomputations, and the checksum of the inputs
    that the current scores were computed from."""

    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="score_sets")
    year = models.PositiveSmallIntegerField()
    checksum = models.CharField(max_length=64, blank=True)
    computed_at = models.DateTimeField(null=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["framework", "year"], name="scoreset_one_per_year")]

    def __str__(self) -> str:
        return f"{self.framework_id} {self.year}"


class PendingRecomputeQuerySet(models.QuerySet):
    def to_enqueue(self, *, stale_before):
        """Held (never handed to the broker: it was down) or enqueued before `stale_before` and never started
        (a lost message)."""
        return self.filter(Q(enqueued_at__isnull=True) | Q(enqueued_at__lt=stale_before))


class PendingRecompute(models.Model):
    """A recomputation asked for and not yet started: the debounce, and the request kept while the broker is
    down. At most one per framework-year (unique), so a burst of edits or an import of thousands of rows
    enqueues one run, whatever the process. Written in the same transaction as the change that asks for it;
    `enqueued_at` is set once the task message is with the broker (empty: held, enqueued later)."""

    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    trigger = models.CharField(max_length=16)
    requested_at = models.DateTimeField(auto_now=True)
    enqueued_at = models.DateTimeField(null=True, blank=True)

    objects = PendingRecomputeQuerySet.as_manager()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["framework", "year"], name="pending_one_per_year")]

    def __str__(self) -> str:
        return f"{self.framework_id} {self.year}"


class ScoreRun(models.Model):
    class Trigger(models.TextChoices):
        CHANGE = "change", _("Observations changed")
        IMPORT = "import", _("Import")
        NIGHTLY = "nightly", _("Nightly recompute")
        MANUAL = "manual", _("Recompute now")
        DEMO = "demo", _("Demo data")

    class Outcome(models.TextChoices):
        RUNNING = "running", _("Running")
        WRITTEN = "written", _("Scores written")
        UNCHANGED = "unchanged", _("Inputs unchanged, nothing rewritten")
        REFUSED = "refused", _("Refused")
        FAILED = "failed", _("Failed")

    framework = models.ForeignKey(Framework, verbose_name=_("framework"), on_delete=models.CASCADE, related_name="runs")
    year = models.PositiveSmallIntegerField(_("year"))
    trigger = models.CharField(_("trigger"), max_length=16, choices=Trigger.choices)
    inputs_checksum = models.CharField(_("inputs checksum"), max_length=64, blank=True)
    started_at = models.DateTimeField(_("started at"))
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    # The Celery task's id: a redelivered task (its worker was killed) finds the run it left unfinished.
    task_id = models.CharField(_("task id"), max_length=64, blank=True)
    will_retry = models.BooleanField(_("will be retried"), default=False)
    duration_ms = models.PositiveIntegerField(_("duration (ms)"), null=True)
    rows_written = models.PositiveIntegerField(_("rows written"), default=0)
    outcome = models.CharField(_("outcome"), max_length=16, choices=Outcome.choices, default=Outcome.RUNNING)
    error = models.TextField(_("error"), blank=True)

    class Meta:
        verbose_name = _("score run")
        verbose_name_plural = _("score runs")
        ordering = ["-started_at", "-pk"]
        indexes = [
            # Ranking page: the latest run of one framework-year.
            models.Index(fields=["framework", "year", "-started_at"], name="scorerun_latest"),
        ]

    def __str__(self) -> str:
        return f"{self.framework} {self.year} · {self.get_outcome_display()}"

    @property
    def retrying(self) -> bool:
        return self.outcome == self.Outcome.FAILED and self.will_retry


class PublishedResult(models.Model):
    """What the ministry published for a province and year (rank, values), with its source."""

    province = models.ForeignKey(
        Province, verbose_name=_("province"), on_delete=models.CASCADE, related_name="published_results"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    rank = models.PositiveSmallIntegerField(_("rank"), null=True, blank=True)
    rank_derived = models.BooleanField(
        _("rank derived"), default=False, help_text=_("Worked out from wording such as 'rose N places'.")
    )
    in_top10 = models.BooleanField(_("named in the top 10 without a rank"), default=False)
    value = models.FloatField(_("DTI value"), null=True, blank=True)
    government_value = models.FloatField(_("digital government value"), null=True, blank=True)
    economy_value = models.FloatField(_("digital economy value"), null=True, blank=True)
    society_value = models.FloatField(_("digital society value"), null=True, blank=True)
    government_rank = models.PositiveSmallIntegerField(_("digital government rank"), null=True, blank=True)
    economy_rank = models.PositiveSmallIntegerField(_("digital economy rank"), null=True, blank=True)
    society_rank = models.PositiveSmallIntegerField(_("digital society rank"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=500, blank=True)
    source = models.TextField(_("source"), blank=True)

    class Meta:
        verbose_name = _("published result")
        verbose_name_plural = _("published results")
        ordering = ["year", "rank"]
        constraints = [
            models.UniqueConstraint(fields=["province", "year"], name="published_one_per_province_year"),
        ]

    def __str__(self) -> str:
        return f"{self.province} {self.year}: {self.rank or '—'}"


class PublishedAverage(models.Model):
    """The provincial average the ministry published for a year (not a province)."""

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    group = models.CharField(
        _("ranking group"),
        max_length=2,
        choices=Province.Group.choices,
        blank=True,
        help_text=_("Empty: the only group of that year."),
    )
    value = models.FloatField(_("DTI value"))
    government_value = models.FloatField(_("digital government value"), null=True, blank=True)
    economy_value = models.FloatField(_("digital economy value"), null=True, blank=True)
    society_value = models.FloatField(_("digital society value"), null=True, blank=True)
    source = models.TextField(_("source"), blank=True)

    class Meta:
        verbose_name = _("published average")
        verbose_name_plural = _("published averages")
        ordering = ["year"]

    def __str__(self) -> str:
        return f"{self.year}: {self.value:.4f}"


class RankRobustness(models.Model):
    """The Monte-Carlo rank intervals (indicators/robustness.py) of one framework-year's ranking group, cached
    for the inputs its scores were computed from (ScoreSet.checksum): computed once per score run that wrote."""

    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    group = models.CharField(max_length=2, choices=Province.Group.choices)
    inputs_checksum = models.CharField(max_length=64)
    draws = models.PositiveIntegerField()
    seed = models.PositiveIntegerField()
    spread = models.FloatField()
    perturb_values = models.BooleanField(default=False)
    computed_at = models.DateTimeField(auto_now=True)
    duration_ms = models.PositiveIntegerField(default=0)
    # [{"province_id", "rank", "value", "median_rank", "p5", "p95"}, …] in rank order
    rows = models.JSONField(default=list)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["framework", "year", "group", "inputs_checksum", "draws", "seed", "spread", "perturb_values"],
                name="rankrobustness_one_per_inputs",
            )
        ]

    def __str__(self) -> str:
        return f"{self.framework_id} {self.year} {self.group}: {self.draws} draws"


class Scenario(models.Model):
    """A saved "what if": projected values (indicator code -> value 0-1) of a province's indicators for a year.
    Its projected score and rank are recomputed when shown, against the data of the day."""

    name = models.CharField(_("name"), max_length=200)
    province = models.ForeignKey(Province, verbose_name=_("province"), on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField(_("year"))
    values = models.JSONField(_("projected values"), default=dict)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("what-if scenario")
        verbose_name_plural = _("what-if scenarios")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["province", "year", "name"], name="scenario_name_unique_per_year")
        ]

    def __str__(self) -> str:
        return self.name


class LinkProjection(models.Model):
    """The value an indicator is expected to reach once a task linked to it is completed, entered by the DX
    office: "all linked tasks complete" projects each indicator to the highest of its links' values."""

    indicator = models.ForeignKey(
        Indicator, verbose_name=_("indicator"), on_delete=models.CASCADE, related_name="link_projections"
    )
    task = models.ForeignKey("plans.Task", verbose_name=_("task"), on_delete=models.CASCADE, related_name="+")
    projected_value = models.FloatField(_("projected value (0-1)"))

    class Meta:
        verbose_name = _("projected value of a task link")
        verbose_name_plural = _("projected values of task links")
        constraints = [
            models.UniqueConstraint(fields=["indicator", "task"], name="linkprojection_one_per_link"),
            models.CheckConstraint(
                condition=Q(projected_value__gte=0) & Q(projected_value__lte=1),
                name="linkprojection_value_0_1",
                violation_error_message=_("A projected value is between 0 and 1."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator} ← {self.task_id}: {self.projected_value}"


class GoalMeasure(models.Model):
    """What a plan goal measures on the DX index, so that its current value, year and source are read from the
    data (indicators/goal_selectors.py), never typed. A goal without one keeps its typed value."""

    class Kind(models.TextChoices):
        INDEX_RANK = "index_rank", _("DTI rank")
        INDEX_VALUE = "index_value", _("DTI value")
        INDICATOR_VALUE = "indicator_value", _("value of a DTI indicator")

    goal = models.OneToOneField("plans.Goal", verbose_name=_("goal"), on_delete=models.CASCADE, related_name="measure")
    kind = models.CharField(_("measure"), max_length=16, choices=Kind.choices, default=Kind.INDEX_RANK)
    province = models.ForeignKey(Province, verbose_name=_("province"), on_delete=models.PROTECT, related_name="+")
    indicator = models.ForeignKey(
        Indicator, verbose_name=_("indicator"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    follow_successor = models.BooleanField(
        _("follow its successor after the 2025 merger"),
        default=True,
        help_text=_("After the merger, read the values of the province it became part of."),
    )

    class Meta:
        verbose_name = _("goal measured on the DTI")
        verbose_name_plural = _("goals measured on the DTI")
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="indicator_value", indicator__isnull=False) | ~Q(kind="indicator_value"),
                name="goalmeasure_indicator_when_indicator_value",
                violation_error_message=_("Choose the indicator the goal measures."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.goal} · {self.get_kind_display()}"
