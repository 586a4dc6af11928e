"""Report periods, their frozen snapshots, and the defaults of the report document's heading and signature."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from plans.selectors import programme
from reports import periods


class ReportPeriod(models.Model):
    """A month, quarter, half-year, year or custom span, reported on; closed once its snapshot is taken."""

    class Kind(models.TextChoices):
        MONTH = periods.MONTH, _("Month")
        QUARTER = periods.QUARTER, _("Quarter")
        HALF = periods.HALF, _("Half-year")
        YEAR = periods.YEAR, _("Year")
        CUSTOM = periods.CUSTOM, _("Custom dates")

    code = models.CharField(
        _("period"), max_length=32, unique=True, help_text=_("e.g. 2026-11, 2026-Q3, 2026-H1, 2026")
    )
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices)
    start = models.DateField(_("first day"))
    end = models.DateField(_("last day"))
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("closed by"), null=True, blank=True, on_delete=models.SET_NULL
    )
    # The free-text parts of the report, written by the DX office before generating it.
    leadership_text = models.TextField(_("I.1. Leadership and direction"), blank=True)
    problems_text = models.TextField(_("II. Shortcomings, limitations and causes"), blank=True)
    next_text = models.TextField(_("III. Directions and tasks for the next period"), blank=True)
    proposals_text = models.TextField(_("IV. Proposals and recommendations"), blank=True)
    # The heading and the signature; blank: the defaults of ReportSettings.
    number = models.CharField(_("number"), max_length=64, blank=True, help_text=_("e.g. 125/BC-UBND"))
    recipients = models.TextField(_("recipients"), blank=True)
    signer_authority = models.CharField(_("signing authority"), max_length=64, blank=True, help_text=_("KT. or TM."))
    signer_title = models.CharField(_("signer's title"), max_length=255, blank=True)
    signer_name = models.CharField(_("signer's name"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("report period")
        verbose_name_plural = _("report periods")
        ordering = ["-end", "-start"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__gte=F("start")),
                name="reportperiod_end_after_start",
                violation_error_message=_("The period cannot end before it starts."),
            ),
        ]

    def __str__(self) -> str:
        return self.code

    def get_absolute_url(self) -> str:
        return reverse("reports:period_detail", args=[self.pk])

    @property
    def is_closed(self) -> bool:
        return self.closed_at is not None

    def span(self) -> periods.Span:
        return periods.Span(self.kind, self.start, self.end, self.code)


class Snapshot(models.Model):
    """What a closed period's report shows, frozen: one per period (the unique key makes rebuilding idempotent)."""

    period = models.OneToOneField(
        ReportPeriod, verbose_name=_("period"), on_delete=models.CASCADE, related_name="snapshot"
    )
    as_of = models.DateField(_("as of"))
    built_at = models.DateTimeField(_("built at"), auto_now=True)
    data = models.JSONField(_("figures"))

    class Meta:
        verbose_name = _("snapshot")
        verbose_name_plural = _("snapshots")

    def __str__(self) -> str:
        return f"{self.period} · {self.as_of:%d/%m/%Y}"


class ReportSettings(models.Model):
    """The report document's defaults, kept in the admin (one row; its first values come from settings.DXT_REPORT,
    the heading's parent body and the place otherwise from the programme settings' province)."""

    parent_body = models.CharField(_("parent body"), max_length=255, blank=True)
    issuing_body = models.CharField(_("issuing body"), max_length=255)
    symbol = models.CharField(_("symbol"), max_length=32, help_text=_("after BC-, e.g. UBND"))
    place = models.CharField(_("place"), max_length=64)
    signer_authority = models.CharField(_("signing authority"), max_length=64, blank=True)
    signer_title = models.CharField(_("signer's title"), max_length=255, blank=True)
    signer_name = models.CharField(_("signer's name"), max_length=255, blank=True)
    recipients = models.TextField(_("recipients"), blank=True)

    class Meta:
        verbose_name = _("report settings")
        verbose_name_plural = _("report settings")

    def __str__(self) -> str:
        return str(self.issuing_body)

    @classmethod
    def load(cls) -> ReportSettings:
        return cls.objects.order_by("pk").first() or cls.objects.create(**cls.first_values())

    @staticmethod
    def first_values() -> dict:
        province = programme.programme_settings().province
        values = dict(settings.DXT_REPORT)
        values["parent_body"] = values["parent_body"] or (f"UBND TỈNH {province.upper()}" if province else "")
        values["place"] = values["place"] or province
        return values
