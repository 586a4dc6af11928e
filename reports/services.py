"""Writes of the reports: open a period, save its texts, close it (its snapshot built by a Celery task)."""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction
from django.utils import timezone

from indicators.selectors.province import latest_rank_card
from reports import periods, snapshots
from reports.models import ReportPeriod, Snapshot

TEXT_FIELDS = (
    "leadership_text",
    "problems_text",
    "next_text",
    "proposals_text",
    "number",
    "recipients",
    "signer_authority",
    "signer_title",
    "signer_name",
)


def period_get_or_create(*, span: periods.Span) -> ReportPeriod:
    period, _created = ReportPeriod.objects.get_or_create(
        code=span.code, defaults={"kind": span.kind, "start": span.start, "end": span.end}
    )
    return period


def period_save_texts(*, period: ReportPeriod, **texts: str) -> ReportPeriod:
    for name in TEXT_FIELDS:
        if name in texts:
            setattr(period, name, texts[name])
    period.save(update_fields=[n for n in TEXT_FIELDS if n in texts])
    return period


def period_close(*, period: ReportPeriod, user=None, rebuild: bool = False) -> ReportPeriod:
    """Mark the period closed and have its snapshot built after the transaction commits (a Celery task).
    Closing again does nothing, unless `rebuild` asks for a fresh snapshot (the DX office's call, see snapshots)."""
    from reports.tasks import build_snapshot

    with transaction.atomic():
        period = ReportPeriod.objects.select_for_update().get(pk=period.pk)
        if period.closed_at is None:
            period.closed_at = timezone.now()
            period.closed_by = user if user and user.is_authenticated else None
            period.save(update_fields=["closed_at", "closed_by"])
        transaction.on_commit(lambda: build_snapshot.delay(period.pk, rebuild))
    return period


def dti_figures() -> dict:
    card = latest_rank_card()
    computed = card.get("computed")
    return {
        "province": str(card["province"]) if card.get("province") else "",
        "rank": card.get("rank"),
        "year": card.get("rank_year"),
        "target_rank": card.get("target_rank"),
        "value": computed.value if computed and not computed.is_sample else None,
    }


def snapshot_build(*, period_id: int, rebuild: bool = False) -> Snapshot | None:
    """The period's snapshot, built once (idempotent: a second run returns the existing one unless `rebuild`).
    None when the period is not closed."""
    period = ReportPeriod.objects.get(pk=period_id)
    if period.closed_at is None:
        return None
    existing = Snapshot.objects.filter(period=period).first()
    if existing and not rebuild:
        return existing
    data = snapshots.figures(start=period.start, end=period.end, on=period.end, live=False, dti=dti_figures())
    try:
        with transaction.atomic():
            snapshot, _created = Snapshot.objects.update_or_create(
                period=period, defaults={"as_of": period.end, "data": data}
            )
    except IntegrityError:  # another worker built it at the same moment: theirs stands
        snapshot = Snapshot.objects.get(period=period)
    return snapshot


def live_figures(period: ReportPeriod) -> dict:
    on = min(timezone.localdate(), period.end)
    return snapshots.figures(start=period.start, end=period.end, on=on, live=True, dti=dti_figures())


def today() -> dt.date:
    return timezone.localdate()
