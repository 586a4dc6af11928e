"""Comparing names as people write them: case, diacritics, punctuation and a "tỉnh …" suffix do not count."""

from __future__ import annotations

import re

# The one fold (case, diacritics, đ, spaces), shared with the search column.
from common.search import fold

__all__ = ["clean", "fold", "name_key"]


def name_key(text: object) -> str:
    """The key under which a unit's name is compared: folded, punctuation gone, "tỉnh <name>" dropped from the end.

    "Sở TT&TT" and "Sở TTTT" meet; so do "Sở Y tế tỉnh Nam Định", "Sở Y tế tỉnh" and "sở y tế".
    """
    key = re.sub(r"[^\w\s]", "", fold(text))
    key = re.sub(r"\s+", " ", key).strip()
    return re.sub(r"(?<=\w) tinh(?: \w+)*$", "", key)


def clean(value: object) -> str:
    """A cell's text, stripped; "" for an empty cell."""
    if value is None:
        return ""
    return re.sub(r"[ \t]+", " ", str(value)).strip()
