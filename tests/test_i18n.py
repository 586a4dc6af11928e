"""Vietnamese first: the Vietnamese catalogue is complete, and the interface switches to English."""

import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import reverse

ROOT = Path(__file__).resolve().parent.parent


def test_vietnamese_catalogue_has_no_untranslated_string():
    result = subprocess.run([sys.executable, "scripts/i18n.py", "missing"], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, f"untranslated msgids:\n{result.stdout}"


@pytest.mark.django_db
def test_interface_is_vietnamese_by_default_and_english_when_switched(client):
    page = client.get(reverse("admin:login"))
    assert "Đăng nhập" in page.content.decode() or "Tên đăng nhập" in page.content.decode()
    response = client.post(reverse("set_language"), {"language": "en", "next": "/admin/login/"})
    assert response.status_code == 302
    page = client.get(reverse("admin:login"))
    assert "Username" in page.content.decode()


@pytest.mark.django_db
def test_an_english_browser_still_gets_vietnamese_until_the_user_switches(client):
    page = client.get(reverse("plans:overview"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert page.status_code == 200
    assert 'lang="vi"' in page.content.decode()
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    page = client.get(reverse("plans:overview"), HTTP_ACCEPT_LANGUAGE="vi")
    assert 'lang="en"' in page.content.decode()
