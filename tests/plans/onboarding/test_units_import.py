"""Units and heads in one step: units created or updated, heads' posts, accounts and the e-mail to set a password."""

import datetime as dt
import io
import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from plans import rules
from plans.models import Leader, Unit
from plans.onboarding.people import parse_kind, units_import
from tests.conftest import client_for
from tests.plans.onboarding import annexes

HEADER = [
    "Đơn vị",
    "Tên viết tắt",
    "Loại",
    "Đơn vị cấp trên",
    "Chức vụ",
    "Họ và tên",
    "Thư điện tử",
    "Ngày bắt đầu nhiệm kỳ",
]
ROWS = [
    ["DANH SÁCH ĐƠN VỊ VÀ NGƯỜI ĐỨNG ĐẦU"],
    HEADER,
    [
        "Sở Khoa học và Công nghệ",
        "Sở KH&CN",
        "Sở, ban, ngành",
        "",
        "Giám đốc",
        "Nguyễn Văn An",
        "an@ninhbinh.gov.vn",
        "01/07/2025",
    ],
    ["Trung tâm Chuyển đổi số", "TT CĐS", "Sở, ban, ngành", "Sở KH&CN", "Giám đốc", "Lê Văn Bình", "", "01/07/2025"],
    [
        "UBND phường Hoa Lư",
        "P. Hoa Lư",
        "Xã, phường",
        "",
        "Chủ tịch",
        "Trần Thị Cúc",
        "cuc@ninhbinh.gov.vn",
        "01/07/2025",
    ],
]


def run(rows=ROWS, **kwargs):
    return units_import(name="don-vi.xlsx", data=annexes.xlsx(rows), **kwargs)


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.mark.parametrize(
    "text, kind",
    [
        ("Sở, ban, ngành", "department"),
        ("Huyện, thành phố", "district"),
        ("Xã, phường", "commune"),
        ("UBND", "committee"),
        ("Ban Chỉ đạo", "steering"),
        ("district", "district"),
        ("Khác", None),
    ],
)
def test_kinds_as_people_write_them(text, kind):
    assert parse_kind(text) == kind


def test_units_heads_and_accounts_in_one_step(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        result = run(dry_run=False)
    assert result.errors == [] and result.applied
    kh = Unit.objects.get(name="Sở Khoa học và Công nghệ")
    centre = Unit.objects.get(name="Trung tâm Chuyển đổi số")
    assert kh.kind == Unit.Kind.DEPARTMENT and centre.parent == kh
    assert Unit.objects.get(short_name="P. Hoa Lư").kind == Unit.Kind.COMMUNE
    head = kh.head_on(dt.date(2026, 1, 1))
    assert head.person_name == "Nguyễn Văn An" and head.user.email == "an@ninhbinh.gov.vn"
    assert head.user.groups.filter(name=rules.UNIT_HEAD).exists() and not head.user.has_usable_password()
    assert centre.head_on(dt.date(2026, 1, 1)).user is None  # no e-mail, no account
    assert sorted(m.to[0] for m in mail.outbox) == ["an@ninhbinh.gov.vn", "cuc@ninhbinh.gov.vn"]


def test_the_emailed_link_sets_the_password_and_signs_in(db, client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        run(dry_run=False)
    message = next(m for m in mail.outbox if m.to == ["an@ninhbinh.gov.vn"])
    path = re.search(r"https?://[^/\s]+(/\S+)", message.body)[1]
    response = client.get(path, follow=True)
    form_url = response.redirect_chain[-1][0] if response.redirect_chain else path
    response = client.post(form_url, {"new_password1": "mat-khau-moi-2026!", "new_password2": "mat-khau-moi-2026!"})
    assert response.status_code == 302
    user = get_user_model().objects.get(email="an@ninhbinh.gov.vn")
    assert user.check_password("mat-khau-moi-2026!")
    signed_in = client.post(reverse("login"), {"username": user.username, "password": "mat-khau-moi-2026!"})
    assert signed_in.status_code == 302


def test_the_dry_run_writes_and_sends_nothing(db):
    result = run()
    assert result.ok and not result.applied
    assert not Unit.objects.exists() and not get_user_model().objects.exists() and mail.outbox == []


def test_one_bad_row_and_nothing_is_written(db):
    bad = ["Sở Tài chính", "", "Sở", "Sở Không Có", "Giám đốc", "X", "khong-phai-email", "31/02/2025"]
    result = run([*ROWS, bad], dry_run=False)
    assert not result.applied and not Unit.objects.exists()
    messages = [m for row, m in result.errors if row == 6]
    assert len(messages) == 3 and any("Sở Không Có" in m for m in messages)


def test_importing_again_changes_nothing_and_a_new_head_ends_the_old_term(db):
    run(dry_run=False)
    again = run(dry_run=False)
    assert {r.action for r in again.rows} == {"unchanged"} and Leader.objects.count() == 3
    changed = [
        *ROWS[:2],
        ["Sở Khoa học và Công nghệ", "Sở KH&CN", "", "", "Giám đốc", "Phạm Văn Dũng", "", "01/03/2026"],
    ]
    run(changed, dry_run=False)
    kh = Unit.objects.get(short_name="Sở KH&CN")
    assert kh.head_on(dt.date(2026, 3, 1)).person_name == "Phạm Văn Dũng"
    assert kh.head_on(dt.date(2026, 2, 28)).person_name == "Nguyễn Văn An"


def test_the_command_prints_rows_and_fails_on_errors(db, tmp_path):
    path = tmp_path / "don-vi.xlsx"
    path.write_bytes(annexes.xlsx([*ROWS, ["", "", "", "", "Giám đốc", "", "", ""]]))
    out = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_units", str(path), stdout=out)
    assert "Row 6" in out.getvalue() and not Unit.objects.exists()


def test_the_admin_preview_then_confirm(db, dx_office):
    client = client_for(dx_office)
    page = reverse("admin:plans_unit_import")
    response = client.post(page, {"file": SimpleUploadedFile("dv.xlsx", annexes.xlsx(ROWS))})
    assert response.content.decode().count('class="import-create"') == 3
    assert not Unit.objects.exists()  # the preview writes nothing
    assert client.post(page, {"confirm": "1"}).status_code == 302
    assert Unit.objects.filter(name="Sở Khoa học và Công nghệ").exists()


def test_the_units_template_downloads_with_instructions_and_imports_as_it_is(db, dx_office):
    from openpyxl import load_workbook

    from plans.onboarding import blanks

    response = client_for(dx_office).get(reverse("admin:plans_unit_import_template"))
    content = b"".join(response.streaming_content) if response.streaming else response.content
    workbook = load_workbook(io.BytesIO(content))
    assert workbook.sheetnames == ["Don vi", "Huong dan"] and workbook["Don vi"]["A1"].value == "Đơn vị"
    assert "HƯỚNG DẪN" in workbook["Huong dan"]["A1"].value
    result = units_import(name="mau.xlsx", data=annexes.xlsx(blanks.UNITS_SHEET))
    assert result.ok and [r.action for r in result.rows] == ["create", "create"]
