"""Matching the units a plan names to the units in the database.

A name matches a unit by its full name, its short name or one of its aliases (UnitAlias), compared by
`text.name_key` (case, diacritics, punctuation and a "tỉnh …" suffix ignored). A collective name ("UBND các
huyện, thành phố", "Các sở, ban, ngành") stands for every unit of a kind.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from plans.models import Unit, UnitAlias
from plans.onboarding.text import fold, name_key

# Folded words of a collective name -> the kind of its members.
COLLECTIVES = [
    (re.compile(r"\bcac (?:huyen|thanh pho|thi xa)\b|\bcap huyen\b"), Unit.Kind.DISTRICT),
    (re.compile(r"\bcac (?:xa|phuong)\b|\bcap xa\b"), Unit.Kind.COMMUNE),
    (re.compile(r"\bcac so\b|\bcac co quan chuyen mon\b|\bso, ban, nganh\b"), Unit.Kind.DEPARTMENT),
]
# Pieces that continue a collective name split at its commas ("UBND các huyện, thành phố").
CONTINUATIONS = {"thanh pho", "thi xa", "ban", "nganh", "ban nganh", "phuong", "thi tran", "ban, nganh"}


@dataclass(frozen=True)
class Match:
    unit: Unit | None = None
    members: tuple[Unit, ...] = ()  # a collective name's units
    ambiguous: tuple[str, ...] = ()

    @property
    def is_collective(self) -> bool:
        return bool(self.members)


class UnitMatcher:
    """Every unit, its short name and aliases, read once (a province has a few hundred units)."""

    def __init__(self):
        self.units = list(Unit.objects.order_by("name"))
        self.by_key: dict[str, set[Unit]] = {}
        for unit in self.units:
            self._add(unit.name, unit)
            if unit.short_name:
                self._add(unit.short_name, unit)
        for alias in UnitAlias.objects.select_related("unit"):
            self._add(alias.alias, alias.unit)

    def _add(self, name: str, unit: Unit) -> None:
        key = name_key(name)
        if key:
            self.by_key.setdefault(key, set()).add(unit)

    def add_unit(self, unit: Unit) -> None:
        """A unit created during the import, matched from then on."""
        self.units.append(unit)
        self._add(unit.name, unit)
        if unit.short_name:
            self._add(unit.short_name, unit)

    def match(self, name: str) -> Match:
        kind = collective_kind(name)
        if kind:
            return Match(members=tuple(u for u in self.units if u.kind == kind))
        found = self.by_key.get(name_key(name), set())
        if len(found) == 1:
            return Match(unit=next(iter(found)))
        return Match(ambiguous=tuple(sorted(u.name for u in found)))

    def nearest(self, name: str, count: int = 3) -> list[str]:
        """The existing names closest to `name`, for the error message."""
        names = {name_key(u.name): u.name for u in self.units}
        names.update({name_key(u.short_name): u.name for u in self.units if u.short_name})
        close = difflib.get_close_matches(name_key(name), list(names), n=count * 2, cutoff=0.5)
        return list(dict.fromkeys(names[key] for key in close))[:count]


def collective_kind(name: str) -> str | None:
    folded = fold(name)
    for pattern, kind in COLLECTIVES:
        if pattern.search(folded):
            return kind
    return None


def split_names(text: str) -> list[str]:
    """The names in a cell: split at line breaks, semicolons and commas, keeping a collective name whole."""
    pieces = [p.strip(" .-+•\t") for p in re.split(r"[;\n,]", text or "")]
    names: list[str] = []
    for piece in filter(None, pieces):
        if names and fold(piece) in CONTINUATIONS:
            names[-1] = f"{names[-1]}, {piece}"
        else:
            names.append(piece)
    return names


def guess_kind(name: str) -> str:
    """The kind of a unit created from a name alone."""
    folded = fold(name)
    if re.search(r"\b(?:huyen|thanh pho|thi xa)\b", folded) and "ubnd" in folded:
        return Unit.Kind.DISTRICT
    if re.search(r"\b(?:xa|phuong|thi tran)\b", folded) and "ubnd" in folded:
        return Unit.Kind.COMMUNE
    if re.search(r"\b(?:cong ty|tap doan|vien thong|ngan hang|doanh nghiep)\b", folded):
        return Unit.Kind.ENTERPRISE
    return Unit.Kind.DEPARTMENT
