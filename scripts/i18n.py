"""Translations: fill the Vietnamese catalogue from locale/src/*.json and compile every catalogue.

    python scripts/i18n.py apply     # msgid -> Vietnamese text, from every locale/src/*.json
    python scripts/i18n.py compile   # .po -> .mo with polib (no gettext tools needed)
    python scripts/i18n.py missing   # list msgids still untranslated in Vietnamese; exit 1 if any

Each area of the code keeps its own JSON file of translations, so people working on different pages never
edit the same file; `make messages` extracts the strings (makemessages) and then runs `apply`.
A JSON value is a string, or for plural forms a list of strings (Vietnamese has one plural form).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent
LOCALE = ROOT / "locale"


def catalogues() -> list[Path]:
    return sorted(LOCALE.glob("*/LC_MESSAGES/*.po"))


def translations() -> dict[str, str | list[str]]:
    merged: dict[str, str | list[str]] = {}
    for path in sorted((LOCALE / "src").glob("*.json")):
        merged.update(json.loads(path.read_text(encoding="utf-8")))
    return merged


def apply() -> None:
    source = translations()
    for po_path in LOCALE.glob("vi/LC_MESSAGES/*.po"):
        po = polib.pofile(str(po_path))
        for entry in po:
            key = entry.msgid if not entry.msgctxt else f"{entry.msgctxt}\x04{entry.msgid}"
            value = source.get(key)
            if value is None:
                continue
            if entry.msgid_plural:
                forms = value if isinstance(value, list) else [value]
                entry.msgstr_plural = {i: forms[min(i, len(forms) - 1)] for i in range(max(1, len(forms)))}
            else:
                entry.msgstr = value if isinstance(value, str) else value[0]
            if "fuzzy" in entry.flags:
                entry.flags.remove("fuzzy")
        po.metadata["Language"] = "vi"
        po.metadata["Plural-Forms"] = "nplurals=1; plural=0;"
        po.metadata["Content-Type"] = "text/plain; charset=UTF-8"
        po.save()


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


if __name__ == "__main__":
    command = sys.argv[1] if len(sys.argv) > 1 else ""
    if command == "apply":
        apply()
    elif command == "compile":
        compile_all()
    elif command == "missing":
        sys.exit(missing())
    else:
        sys.exit(__doc__)
