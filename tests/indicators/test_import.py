"""Importing observations: every row validated, errors with row numbers in Vietnamese, all or nothing."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook, load_workbook

from indicators.models import Observation, ScoreRun
from tests.conftest import client_for

HEADER = "province,indicator_code,year,value,source\n"


def upload(client, content: bytes, name="data.csv"):
    return client.post("/dti/import/", {"file": SimpleUploadedFile(name, content)})


def xlsx(rows) -> bytes:
    book = Workbook()
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@pytest.fixture
def office(dx_office):
    return client_for(dx_office)


def test_a_good_csv_is_imported_and_triggers_one_recomputation(office, f922, django_capture_on_commit_callbacks):
    rows = "".join(f"Nam Định,{c},2023,0.{i + 5},Báo cáo 2023\n" for i, c in enumerate(["NTS", "TCS", "HTS"]))
    with django_capture_on_commit_callbacks(execute=True):
        response = upload(office, (HEADER + rows + 'TP. Hà Nội,cqs,2021,"0,75",x\n').encode())
    assert response.status_code == 302
    assert Observation.objects.filter(province__name="Nam Định", year=2023).count() == 3
    assert Observation.objects.get(province__name="TP. Hà Nội", year=2021).value == 0.75
    runs = ScoreRun.objects.all()
    assert sorted(runs.values_list("year", "trigger")) == [(2021, "import"), (2023, "import")]


def test_an_import_of_thousands_of_rows_causes_one_run_per_framework_year(
    office, f922, django_capture_on_commit_callbacks
):
    from indicators.models import Province

    names = list(Province.objects.filter(group="63").values_list("name", flat=True))
    codes = ["NTS", "TCS", "HTS", "NLS", "ATTT", "CQS", "KTS", "XHS"]
    lines = [f"{n},{c},{y},0.5,sample" for y in (2021, 2023) for n in names for c in codes]
    assert len(lines) > 1000
    with django_capture_on_commit_callbacks(execute=True):
        response = upload(office, (HEADER + "\n".join(lines)).encode())
    assert response.status_code == 302
    assert ScoreRun.objects.filter(year=2021).count() == 1 and ScoreRun.objects.filter(year=2023).count() == 1


def test_a_good_xlsx_is_imported(office, f922, django_capture_on_commit_callbacks):
    content = xlsx([["province", "indicator_code", "year", "value", "source"], ["Nam Định", "KTS", 2023, 0.61, "x"]])
    with django_capture_on_commit_callbacks(execute=True):
        response = upload(office, content, "data.xlsx")
    assert response.status_code == 302
    assert Observation.objects.get(province__name="Nam Định", year=2023).value == pytest.approx(0.61)


def test_vietnamese_headers_are_accepted(office, f922):
    content = "Tỉnh,Mã chỉ số,Năm,Giá trị,Nguồn\nNam Định,NTS,2023,0.5,x\n".encode()
    assert upload(office, content).status_code == 302


def test_every_bad_row_is_reported_with_its_row_number_and_nothing_is_imported(office, f922):
    before = Observation.objects.count()
    content = (
        HEADER
        + "Nam Định,NTS,2023,0.5,ok\n"  # row 2: fine
        + "Tỉnh Không Có,NTS,2023,0.5,x\n"  # 3: unknown province
        + "Nam Định,ZZZ,2023,0.5,x\n"  # 4: unknown indicator
        + "Nam Định,TCS,2023,1.5,x\n"  # 5: outside 0-1
        + "Nam Định,TCS,1999,0.5,x\n"  # 6: year not covered
        + "Nam Định,NTS,2023,0.7,x\n"  # 7: duplicate of row 2
        + "Nam Định,HTS,2023,,x\n"  # 8: empty cell
        + "Nam Định,HTS,năm,abc,x\n"  # 9: wrong types
    ).encode()
    response = upload(office, content)
    assert response.status_code == 400
    assert Observation.objects.count() == before
    errors = response.context["result"].errors
    assert sorted({row for row, _ in errors}) == [3, 4, 5, 6, 7, 8, 9]
    html = response.content.decode()
    assert "Không có dữ liệu nào được nhập" in html or "Nothing was imported" in html
    assert "Dòng 3" in html or "Row 3" in html
    assert "Tỉnh Không Có" in html and "ZZZ" in html


def test_a_new_province_cannot_get_a_value_for_a_year_before_the_merger(office, f922):
    response = upload(office, (HEADER + "ninh-binh-2025,NTS,2022,0.5,x\n").encode())
    assert response.status_code == 400 and [r for r, _ in response.context["result"].errors] == [2]


@pytest.mark.parametrize(
    "name,content",
    [
        ("photo.csv", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"),
        ("data.xlsx", b"PK\x03\x04 this is not really a workbook"),
        ("data.csv", b"a;b;c\n1;2;3\n"),
        ("data.csv", b""),
        ("data.csv", HEADER.encode()),
        ("latin.csv", "province\nHà Nội\n".encode("utf-16")),
    ],
)
def test_a_file_that_is_not_a_usable_spreadsheet_gets_a_clear_message_not_a_500(office, f922, name, content):
    response = upload(office, content, name)
    assert response.status_code in (400, 200)
    assert not Observation.objects.filter(year=2023).exists()
    if response.status_code == 400:
        assert response.context["result"].errors


def test_only_the_dx_office_and_admins_can_import(f922, viewer, head_a, superuser):
    content = (HEADER + "Nam Định,NTS,2023,0.5,x\n").encode()
    assert upload(client_for(viewer), content).status_code == 403
    assert upload(client_for(head_a), content).status_code == 403
    anonymous = upload(client_for(None), content)
    assert anonymous.status_code == 302 and "/accounts/login/" in anonymous["Location"]
    assert not Observation.objects.filter(year=2023).exists()
    assert client_for(superuser).get("/dti/import/").status_code == 200


def test_the_template_downloads_as_csv_and_xlsx(office):
    csv_response = office.get("/dti/import/template.csv")
    assert csv_response.status_code == 200
    text = b"".join(csv_response.streaming_content).decode("utf-8-sig")
    assert text.strip() == "province,indicator_code,year,value,source"
    xlsx_response = office.get("/dti/import/template.xlsx")
    book = load_workbook(io.BytesIO(b"".join(xlsx_response.streaming_content)))
    assert [c.value for c in book.active[1]] == ["province", "indicator_code", "year", "value", "source"]
    assert office.get("/dti/import/template.pdf").status_code == 404


def test_a_file_over_the_size_limit_is_refused_unread(office, f922, monkeypatch):
    from indicators import importers

    monkeypatch.setattr(importers, "MAX_BYTES", 20)
    response = upload(office, (HEADER + "Nam Định,NTS,2023,0.5,x\n").encode())
    assert response.status_code == 400 and not Observation.objects.filter(year=2023).exists()
    assert "Tệp lớn hơn" in response.content.decode()


def test_a_post_without_a_file_shows_the_form_again(office):
    response = office.post("/dti/import/", {})
    assert response.status_code == 200 and response.context["form"].errors


def test_an_empty_upload_gets_the_same_400_and_message_as_other_refusals(office, f922):
    response = upload(office, b"", "empty.csv")
    assert response.status_code == 400
    assert response.context["result"].errors == [(None, "Tệp trống, không có nội dung.")]


def test_a_utf16_text_file_as_excel_saves_unicode_text_is_imported(office, f922, django_capture_on_commit_callbacks):
    text = "province\tindicator_code\tyear\tvalue\tsource\r\nNam Định\tNTS\t2023\t0,55\tBáo cáo\r\n"
    with django_capture_on_commit_callbacks(execute=True):
        response = upload(office, text.encode("utf-16"), "data.txt")  # UTF-16 LE with its BOM, tab-separated
    assert response.status_code == 302
    obs = Observation.objects.get(province__name="Nam Định", indicator__code="NTS", year=2023)
    assert obs.value == pytest.approx(0.55) and obs.source == "Báo cáo"


def test_reading_stops_at_the_row_limit(monkeypatch):
    from indicators import importers

    monkeypatch.setattr(importers, "MAX_ROWS", 3)
    read = []

    def rows():
        yield ["province", "indicator_code", "year", "value", "source"]
        for i in range(1_000_000):
            read.append(i)
            yield ["Nam Định", "NTS", 2023, 0.5, "x"] if i % 2 else [None] * 5  # blank rows count too

    with pytest.raises(importers.ImportFileError, match="3"):
        importers._collect(rows())
    assert len(read) == 4  # the fourth data row is refused; nothing after it is read


def test_an_xlsx_with_a_million_empty_rows_is_refused_in_seconds(office, f922):
    import time
    import zipfile

    # A small file whose sheet holds a header and a million empty rows (as a spreadsheet with formatting
    # dragged down to the bottom), its declared size saying one row.
    base = xlsx([["province", "indicator_code", "year", "value", "source"]])
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(base)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                assert b"</row></sheetData>" in data
                data = data.replace(b"</row></sheetData>", b"</row>" + b"<row><c/></row>" * 1_000_000 + b"</sheetData>")
            dst.writestr(item, data)
    content = out.getvalue()
    assert len(content) < importers_max_bytes()
    t0 = time.monotonic()
    response = upload(office, content, "big.xlsx")
    elapsed = time.monotonic() - t0
    assert response.status_code == 400 and str(importers_max_rows()) in str(response.context["result"].errors)
    assert elapsed < 30  # a guard, not a benchmark: reading stops at the row limit (see docs/performance.md)


def importers_max_rows() -> int:
    from indicators import importers

    return importers.MAX_ROWS


def importers_max_bytes() -> int:
    from indicators import importers

    return importers.MAX_BYTES
