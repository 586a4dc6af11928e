"""The one fold (common/search.py): case, diacritics, đ and spaces do not count; NFC and NFD fold alike."""

import unicodedata

import pytest

from common.search import fold


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Bệnh viện", "benh vien"),
        ("BỆNH VIỆN", "benh vien"),
        ("Y tế", "y te"),
        ("Sở Y tế", "so y te"),
        ("đường", "duong"),
        ("ĐẢNG BỘ", "dang bo"),
        ("Ðà Nẵng", "da nang"),  # Ð typed as the Icelandic eth (U+00D0), not Đ (U+0110)
        ("ðiều", "dieu"),
        ("Chuyển đổi số", "chuyen doi so"),
        ("122/KH-UBND", "122/kh-ubnd"),
        ("749/QĐ-TTg", "749/qd-ttg"),
        ("  Bệnh \t viện\n tỉnh  ", "benh vien tinh"),
        ("Bệnh\u00a0viện", "benh vien"),  # a non-breaking space is a space
        ("", ""),
        ("   ", ""),
        (None, ""),
        (12, "12"),
    ],
)
def test_fold(text, folded):
    assert fold(text) == folded


def test_nfc_and_nfd_fold_alike():
    text = "Ứng dụng công nghệ thông tin trong bệnh viện, trạm y tế và Sở Y tế"
    nfc, nfd = unicodedata.normalize("NFC", text), unicodedata.normalize("NFD", text)
    assert nfc != nfd
    assert fold(nfc) == fold(nfd) == "ung dung cong nghe thong tin trong benh vien, tram y te va so y te"


def test_combining_marks_alone_fold_to_nothing():
    assert fold("\u0301\u0300\u0303\u0309\u0323") == ""
    # A mark typed separately after its letter (as some keyboards do) goes with it.
    assert fold("Be\u0302\u0323nh vie\u0302\u0323n") == "benh vien"


def test_fold_is_idempotent():
    for text in ("Bệnh viện Đa khoa tỉnh", "  Sở  TT&TT ", "Ðiện Biên"):
        assert fold(fold(text)) == fold(text)
