"""Accent- and case-insensitive text: the one `fold` function, and the normalised search column built from it.

People type "benh vien" or "Benh Vien" for "Bệnh viện", "y te" for "Y tế", "d" for "đ". Each searchable model
keeps `search_text`: its searched fields folded (lower case, no diacritics, đ as d, runs of spaces as one
space), one field per line, so that a query never matches across two fields. A search folds the query the same
way and looks for it as a substring (`contains`): the list pages' text filters and the search page call the same
`SearchQuerySet.matching`, so they always agree. On PostgreSQL a trigram GIN index on the column (created by a
migration where the role may create pg_trgm) makes the substring search fast at any size.

The column is written by the model's `save()` (admin, services, imports, load_demo) and by the QuerySet's
`bulk_create` and `bulk_update` (benchmarks). A `QuerySet.update()` of a searched field would leave it stale:
no code does that; write such a change through `save()`.
"""

from __future__ import annotations

import re
import unicodedata

from django.db import models
from django.db.models import Q

# NFD leaves "đ" alone: it is a letter of its own, not d with a mark. "Ð"/"ð" (the Icelandic eth) look the same
# and turn up in text typed with the wrong keyboard.
_LETTERS = str.maketrans({"đ": "d", "Đ": "d", "ð": "d", "Ð": "d"})
_SPACES = re.compile(r"\s+")


def fold(text: object) -> str:
    """Lower case, no diacritics, đ as d, runs of spaces (any kind) as one space, no space at either end.

    NFC and NFD input fold alike: the text is decomposed first and every combining mark dropped.
    """
    text = unicodedata.normalize("NFD", str(text or "").lower().translate(_LETTERS))
    text = "".join(c for c in text if unicodedata.category(c) != "Mn")
    return _SPACES.sub(" ", text).strip()


class Searchable:
    """A model mixin: `search_text` holds the folded SEARCH_FIELDS, one per line, refreshed on every save.

    The model declares `search_text = models.TextField(editable=False, blank=True, default="")` and lists its
    searched fields in SEARCH_FIELDS; its manager comes from `SearchQuerySet`.
    """

    SEARCH_FIELDS: tuple[str, ...] = ()

    def search_source(self) -> str:
        return "\n".join(folded for name in self.SEARCH_FIELDS if (folded := fold(getattr(self, name))))

    def save(self, *args, **kwargs):
        self.search_text = self.search_source()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and set(update_fields) & set(self.SEARCH_FIELDS):
            kwargs["update_fields"] = {*update_fields, "search_text"}
        super().save(*args, **kwargs)

    @classmethod
    def search_condition(cls, folded: str) -> Q:
        """The rows whose text contains `folded` (already folded, not empty); a model may widen it."""
        return Q(search_text__contains=folded)


class SearchQuerySet(models.QuerySet):
    """`matching(text)`, and the bulk writes that skip `save()` keeping `search_text` up to date."""

    def matching(self, text: str) -> SearchQuerySet:
        """Rows whose searched fields contain `text`, ignoring case, diacritics and extra spaces; all rows when
        `text` folds to nothing."""
        folded = fold(text)
        if not folded:
            return self
        return self.filter(self.model.search_condition(folded))

    def bulk_create(self, objs, *args, **kwargs):
        objs = list(objs)
        for obj in objs:
            obj.search_text = obj.search_source()
        return super().bulk_create(objs, *args, **kwargs)

    def bulk_update(self, objs, fields, *args, **kwargs):
        if set(fields) & set(self.model.SEARCH_FIELDS):
            objs = list(objs)
            for obj in objs:
                obj.search_text = obj.search_source()
            fields = [*fields, "search_text"]
        return super().bulk_update(objs, fields, *args, **kwargs)
