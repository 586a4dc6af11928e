"""Evidence files: the type is read from the content (magic bytes), never trusted from the name or the browser."""

from __future__ import annotations

import zipfile

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# The types a head may attach, by the extension we store them under.
ALLOWED_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "jpg": "image/jpeg",
    "png": "image/png",
}


def _office_kind(upload) -> str | None:
    """docx or xlsx from the zip's own parts (filetype sees both as plain zip archives on some files)."""
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return None
    finally:
        upload.seek(0)
    if "[Content_Types].xml" not in names:
        return None
    if "word/document.xml" in names:
        return "docx"
    if "xl/workbook.xml" in names:
        return "xlsx"
    return None


def evidence_kind(upload) -> str:
    """The extension the upload will be stored under (pdf, docx, xlsx, jpg, png), or ValidationError.

    Checks the size first, then the content. Never raises anything else, whatever the bytes.
    """
    max_mb = settings.DXT_EVIDENCE_MAX_MB
    if upload.size is None or upload.size > max_mb * 1024 * 1024:
        raise ValidationError(
            _("The file is larger than %(max)d MB. Attach a smaller file, or give a link instead."),
            code="too_large",
            params={"max": max_mb},
        )
    if upload.size == 0:
        raise ValidationError(_("The file is empty."), code="empty")
    upload.seek(0)
    head = upload.read(8192)
    upload.seek(0)
    guess = filetype.guess(head)
    kind = None
    if guess is not None:
        if guess.extension == "pdf":
            kind = "pdf"
        elif guess.extension == "jpg":
            kind = "jpg"
        elif guess.extension == "png":
            kind = "png"
        elif guess.extension in {"docx", "xlsx", "zip"}:
            kind = _office_kind(upload)
    if kind is None:
        raise ValidationError(
            _("This file type is not accepted. Attach a PDF, Word (.docx), Excel (.xlsx), JPG or PNG file."),
            code="bad_type",
        )
    return kind
