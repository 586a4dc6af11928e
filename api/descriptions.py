"""The schema's Vietnamese descriptions (English msgids, translated in locale/vi like every string of the
API): every serializer field without its own help_text gets the one for its name, every parameter without a
description the one for its name. tests/api/test_schema_descriptions.py fails on anything left undescribed."""

from django.utils.translation import gettext_lazy as _

# Serializer fields, by name.
FIELDS = {
    "id": _("The record's id."),
    "plan": _("The plan (id)."),
    "statement": _("What the goal says."),
    "deadline": _("By when (yyyy-mm-dd)."),
    "target_value": _("The target value."),
    "target_unit": _("The unit of measure of the target."),
    "direction": _("Whether the value must be at least or at most the target."),
    "current_value": _("The current value as typed (see current_value_note for its source)."),
    "kind": _("The kind (one of the listed values)."),
    "number": _("Number and symbol, e.g. 09-NQ/TU."),
    "issue_date": _("Date of issue (yyyy-mm-dd)."),
    "issuer": _("The issuing unit (id)."),
    "level": _("Central, provincial or district level."),
    "title": _("The title."),
    "summary": _("A short summary."),
    "url": _("Where the full text is published."),
    "target": _("The document implemented (id)."),
    "note": _("A note."),
    "detail": _("What went wrong, in words."),
    "current_version": _("The task's version now: read it again before reporting."),
    "position_title": _("The post, e.g. Giám đốc Sở Y tế."),
    "person_name": _("The name of who holds the post (may be empty)."),
    "unit": _("The unit (id)."),
    "role": _("Head, deputy or member."),
    "term_start": _("Start of the term (yyyy-mm-dd)."),
    "term_end": _("End of the term (yyyy-mm-dd); empty while in office."),
    "framework": _("The DTI framework (id)."),
    "parent": _("The parent (id); empty at the top."),
    "code": _("The code."),
    "name": _("The name."),
    "scored": _("Whether it counts in the score."),
    "position": _("Order among its siblings."),
    "document": _("The document that issued it (id)."),
    "start_year": _("First year of the plan."),
    "end_year": _("Last year of the plan."),
    "owner": _("The unit that owns it (id)."),
    "description": _("A description."),
    "region": _("The socio-economic region."),
    "group": _("Ranked among the 63 provinces (before the 2025 merger) or the 34."),
    "valid_from": _("Exists since (yyyy-mm-dd)."),
    "valid_to": _("Exists until (yyyy-mm-dd); empty if it still exists."),
    "successor": _("The province it was merged into in 2025 (id)."),
    "province": _("The province (id)."),
    "year": _("The year."),
    "rank": _("The rank (1 is best)."),
    "value": _("The value, on the 0-1 scale."),
    "government_value": _("Digital government pillar value."),
    "economy_value": _("Digital economy pillar value."),
    "society_value": _("Digital society pillar value."),
    "government_rank": _("Digital government pillar rank."),
    "economy_rank": _("Digital economy pillar rank."),
    "society_rank": _("Digital society pillar rank."),
    "source": _("Where it comes from."),
    "node": _("What is scored: overall, a pillar, or ind:<indicator id>."),
    "indicator": _("The indicator (id), for an indicator's score."),
    "points": _("Points earned."),
    "missing": _("Codes of the indicators without a value (then no value or rank)."),
    "is_sample": _("Invented for demonstration (sample data), not real."),
    "pillar": _("The pillar of digital transformation."),
    "field": _("The field."),
    "lead_unit": _("The lead unit (id)."),
    "cooperating_units": _("The co-operating units (ids)."),
    "responsible_leader": _("The head who answers for the task (by post)."),
    "start_date": _("Start date (yyyy-mm-dd)."),
    "due_date": _("Due date (yyyy-mm-dd); empty for ongoing work."),
    "status": _("The status."),
    "progress": _("Progress, in percent (0-100)."),
    "completed_on": _("Completion date (yyyy-mm-dd)."),
    "timeliness": _("On time, late, overdue and so on, computed today."),
    "version": _("The task's version: send it back when reporting."),
    "updated_at": _("Last changed at."),
    "task": _("The task (id)."),
    "created_at": _("Reported at."),
    "previous_status": _("The status before this update."),
    "previous_progress": _("The progress before this update."),
    "has_evidence": _("Whether evidence was attached (the file itself is not public)."),
    "review_state": _("Pending, verified or returned by the DX office."),
    "evidence_url": _("A link to the evidence."),
    "short_name": _("The short name, e.g. Sở TT&TT."),
}

# Query and path parameters, and the pages' envelope (count, next, previous, results), by name.
PARAMETERS = {
    "count": _("Number of results in all."),
    "next": _("The next page's address; empty on the last page."),
    "previous": _("The previous page's address; empty on the first page."),
    "results": _("The results of this page."),
    "page": _("The page number (from 1)."),
    "page_size": _("Rows a page (at most 200; 50 by default)."),
    "id": _("The record's id."),
    "task_id": _("The task's id."),
    "cooperating_unit": _("Tasks this unit co-operates on (id)."),
}


def describe_fields(fields: dict) -> dict:
    """Give each field without help_text the shared description of its name (in place); returns the fields."""
    for name, field in fields.items():
        if not field.help_text and name in FIELDS:
            field.help_text = FIELDS[name]
    return fields
