"""The report as Word and LibreOffice would show it: the DOCX of a closed demo quarter converted by LibreOffice
(headless) to PDF, its first page to PNG (poppler's pdftoppm): an A4 page with something printed on it.

Needs `soffice`, `pdfinfo` and `pdftoppm` (Debian: libreoffice-writer-nogui, poppler-utils, installed by .ci/run).
Skipped without them; under .ci/run (DXT_FORBID_SKIPS=1) a skip is a failure, so CI always runs it.
"""

from __future__ import annotations

import re
import shutil
import struct
import subprocess
import zlib
from pathlib import Path

import pytest
from django.core.management import call_command

from reports import documents, periods, selectors, services
from reports.services import today

A4_POINTS = (595.28, 841.89)
TOOLS = ("soffice", "pdfinfo", "pdftoppm")


def _pixels(png: bytes) -> tuple[int, int, list[bytes]]:
    """Width, height and the unfiltered rows of an 8-bit, non-interlaced grey or RGB(A) PNG (what pdftoppm writes):
    enough of PNG to count dark pixels without an imaging library."""
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    pos, data, header = 8, b"", None
    while pos < len(png):
        length, kind = struct.unpack(">I4s", png[pos : pos + 8])
        chunk = png[pos + 8 : pos + 8 + length]
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", chunk)
        elif kind == b"IDAT":
            data += chunk
        pos += 12 + length
    width, height, depth, colour, _c, _f, interlace = header
    assert depth == 8 and interlace == 0 and colour in (0, 2, 6), header
    step = {0: 1, 2: 3, 6: 4}[colour]
    raw, stride, rows, previous = zlib.decompress(data), width * step, [], bytearray(width * step)
    for y in range(height):
        kind, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1 : (y + 1) * (stride + 1)])
        for i in range(stride):
            left = line[i - step] if i >= step else 0
            up, corner = previous[i], previous[i - step] if i >= step else 0
            if kind == 1:
                line[i] = (line[i] + left) & 0xFF
            elif kind == 2:
                line[i] = (line[i] + up) & 0xFF
            elif kind == 3:
                line[i] = (line[i] + (left + up) // 2) & 0xFF
            elif kind == 4:
                p = left + up - corner
                pa, pb, pc = abs(p - left), abs(p - up), abs(p - corner)
                line[i] = (line[i] + (left if pa <= pb and pa <= pc else up if pb <= pc else corner)) & 0xFF
        rows.append(bytes(line[::step]))  # the first channel is enough to tell ink from paper
        previous = line
    return width, height, rows


def _run(*args: str, cwd: Path) -> str:
    done = subprocess.run(args, cwd=cwd, capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0, (args, done.stdout, done.stderr)
    return done.stdout


@pytest.fixture
def demo_quarter_docx(db, tmp_path, django_capture_on_commit_callbacks) -> Path:
    missing = [tool for tool in TOOLS if shutil.which(tool) is None]
    if missing:
        pytest.skip(f"needs {', '.join(missing)} (apt-get install libreoffice-writer-nogui poppler-utils)")
    call_command("load_demo", verbosity=0)
    on = today()
    last_quarter = periods.following(periods.parse(f"{on.year - 1}-Q4"))
    while periods.following(last_quarter).end < on:
        last_quarter = periods.following(last_quarter)
    period = services.period_get_or_create(span=last_quarter)
    with django_capture_on_commit_callbacks(execute=True):
        services.period_close(period=period)
    report = selectors.report_for(period)
    assert report.frozen and report.rows  # a closed quarter of the demo, with its tasks
    path = tmp_path / "bao-cao.docx"
    path.write_bytes(documents.docx_bytes(report, on=on))
    return path


def test_the_report_converts_to_an_a4_pdf_whose_first_page_is_printed(demo_quarter_docx):
    folder = demo_quarter_docx.parent
    # A profile of its own, so that a LibreOffice already open (or another test run) does not take the job.
    profile = f"-env:UserInstallation=file://{folder / 'lo-profile'}"
    _run(
        "soffice",
        profile,
        "--headless",
        "--convert-to",
        "pdf",
        "--outdir",
        str(folder),
        str(demo_quarter_docx),
        cwd=folder,
    )
    pdf = folder / "bao-cao.pdf"
    info = _run("pdfinfo", str(pdf), cwd=folder)
    size = re.search(r"Page size:\s+([\d.]+) x ([\d.]+) pts", info)
    assert size, info
    assert abs(float(size.group(1)) - A4_POINTS[0]) < 1 and abs(float(size.group(2)) - A4_POINTS[1]) < 1, info
    assert int(re.search(r"Pages:\s+(\d+)", info).group(1)) >= 2  # the report and its annexes

    _run("pdftoppm", "-png", "-r", "50", "-f", "1", "-l", "1", "-singlefile", str(pdf), "page", cwd=folder)
    width, height, rows = _pixels((folder / "page.png").read_bytes())
    # An A4 page at 50 dpi: 413 × 585 pixels (pdftoppm rounds up).
    assert abs(width - A4_POINTS[0] * 50 / 72) <= 1 and abs(height - A4_POINTS[1] * 50 / 72) <= 1, (width, height)
    dark = sum(1 for row in rows for value in row if value < 128)
    assert dark > 0.002 * width * height, dark  # text on the page, not a blank sheet
    # Ink in the top quarter (the heading lines) and below the middle (the body): a laid-out page.
    assert any(value < 128 for row in rows[: height // 4] for value in row)
    assert any(value < 128 for row in rows[height // 2 :] for value in row)
