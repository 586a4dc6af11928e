"""Comparing names as people write them: case, diacritics, punctuation and a "tỉnh …" suffix do not count."""

from __future__ import annotations

import re
import unicodedata

# NFD leaves "đ" alone (it is a letter of its own, not d with a mark).
_D = str.maketrans({"đ": "d", "Đ": "D"})


def fold(text: object) -> str:
    """Lower case, no diacritics, runs of spaces as one space."""
    text = unicodedata.normalize("NFD", str(text or "").translate(_D))
    text = "".join(c for c in text if unicodedata.category(c) != "Mn")
    return re.sub(r"\s+", " ", text).strip().lower()


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
