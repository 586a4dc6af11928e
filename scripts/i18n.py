"""Translations: the .po files under locale/ are the source of truth, edited with the usual tools (Poedit,
Weblate, Rosetta or a text editor).

    python scripts/i18n.py compile   # .po -> .mo with polib (no gettext tools needed)
    python scripts/i18n.py missing   # list msgids untranslated or fuzzy in Vietnamese; exit 1 if any
    python scripts/i18n.py adopt OTHER.po  # take OTHER's translations for entries untranslated or fuzzy here

`make messages` extracts the interface strings into the catalogues (makemessages merges: a translation
already in a .po file is kept, a new string arrives untranslated, a changed one arrives fuzzy) and compiles
them; it never overwrites a translation. A test and CI fail on any untranslated or fuzzy Vietnamese entry.
"""

from __future__ import annotations

import sys
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent
LOCALE = ROOT / "locale"


def catalogues() -> list[Path]:
    return sorted(LOCALE.glob("*/LC_MESSAGES/*.po"))


def compile_all() -> None:
    for po_path in catalogues():
        po = polib.pofile(str(po_path))
        po.save_as_mofile(str(po_path.with_suffix(".mo")))


def missing() -> int:
    untranslated = []
    for po_path in LOCALE.glob("vi/LC_MESSAGES/*.po"):
        po = polib.pofile(str(po_path))
        untranslated += [e.msgid for e in po if not e.obsolete and (not e.translated() or "fuzzy" in e.flags)]
    for msgid in untranslated:
        print(msgid)
    return 1 if untranslated else 0


def adopt(other_path: str) -> int:
    """Fill the Vietnamese entries that are untranslated or fuzzy from another catalogue (for example a
    branch's copy after a merge), then compile. Returns how many entries were filled."""
    other = {e.msgid: e for e in polib.pofile(other_path) if e.translated() and "fuzzy" not in e.flags}
    filled = 0
    for po_path in LOCALE.glob("vi/LC_MESSAGES/*.po"):
        po = polib.pofile(str(po_path))
        for entry in po:
            source = other.get(entry.msgid)
            if source is None or (entry.translated() and "fuzzy" not in entry.flags):
                continue
            entry.msgstr, entry.msgstr_plural = source.msgstr, dict(source.msgstr_plural)
            if "fuzzy" in entry.flags:
                entry.flags.remove("fuzzy")
            filled += 1
        po.save()
    compile_all()
    return filled


if __name__ == "__main__":
    command = sys.argv[1] if len(sys.argv) > 1 else ""
    if command == "compile":
        compile_all()
    elif command == "adopt" and len(sys.argv) == 3:
        print(f"{adopt(sys.argv[2])} entries filled")
    elif command == "missing":
        sys.exit(missing())
    else:
        sys.exit(__doc__)
