"""The .po files are the source of truth: `make messages` (makemessages, then compile) keeps what a translator
wrote, and the suite fails on any untranslated or fuzzy Vietnamese entry (tests/test_i18n.py)."""

import os
import secrets
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest

ROOT = Path(__file__).resolve().parent.parent
CATALOGUE = Path("locale") / "vi" / "LC_MESSAGES" / "django.po"
CODE = ["manage.py", "dxtracker", "common", "plans", "indicators", "reports", "api", "devtools", "templates", "locale"]


@pytest.mark.skipif(shutil.which("msgmerge") is None, reason="needs GNU gettext (apt install gettext)")
def test_a_translators_edit_survives_a_fresh_extraction(tmp_path):
    """In a copy of the project (so the real catalogues are untouched), as the Makefile's `messages` does."""
    copy = tmp_path / "project"
    for name in CODE:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, copy / name, ignore=shutil.ignore_patterns("__pycache__", "*.mo"))
        else:
            (copy / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(source, copy / name)
    po = polib.pofile(str(copy / CATALOGUE))
    po.find("Tasks").msgstr = "Nhiệm vụ (bản dịch đã sửa)"
    po.save()
    os.utime(copy / CATALOGUE, (0, 0))

    env = {**os.environ, "DJANGO_DEBUG": "true", "DJANGO_SECRET_KEY": secrets.token_urlsafe(50)}
    command = ["makemessages", "-l", "vi", "--no-obsolete", "--add-location=file", "--ignore=.venv"]
    subprocess.run([sys.executable, "manage.py", *command], cwd=copy, env=env, check=True, capture_output=True)

    assert (copy / CATALOGUE).stat().st_mtime > 0  # the extraction rewrote this catalogue
    after = polib.pofile(str(copy / CATALOGUE))
    assert after.find("Tasks").msgstr == "Nhiệm vụ (bản dịch đã sửa)"
    assert not [e.msgid for e in after if not e.obsolete and (not e.translated() or "fuzzy" in e.flags)]
