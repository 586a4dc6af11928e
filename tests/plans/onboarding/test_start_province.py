import io
import re

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse

from plans import rules
from plans.models import Unit
from tests.conftest import client_for


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def test_start_province_creates_root_units_groups_and_the_dx_office_account(db, client):
    out = io.StringIO()
    call_command("start_province", "Ninh Bình", stdout=out)
    assert Unit.objects.get(name="Ủy ban nhân dân tỉnh Ninh Bình").kind == Unit.Kind.PEOPLES_COMMITTEE
    assert Unit.objects.get(name="Sở Khoa học và Công nghệ tỉnh Ninh Bình").parent.short_name == "UBND tỉnh"
    assert not Unit.objects.filter(name__contains="Nam Định").exists()
    user = get_user_model().objects.get(username="vanphong")
    password = re.search(r"password: (\S+)", out.getvalue())[1]
    assert user.check_password(password) and user.has_perm(rules.IMPORT_PLAN)
    # Again: nothing doubles, the password stays.
    call_command("start_province", "Ninh Bình", stdout=io.StringIO())
    assert Unit.objects.count() == 4 and get_user_model().objects.get(username="vanphong").check_password(password)


def test_the_empty_dashboard_says_what_to_import_next(db, client):
    call_command("start_province", "Ninh Bình", stdout=io.StringIO())
    html = client.get(reverse("plans:overview")).content.decode()
    assert 'data-testid="next-steps"' in html and 'data-testid="headline"' not in html
    office = client_for(get_user_model().objects.get(username="vanphong"))
    assert reverse("admin:plans_unit_import") in office.get(reverse("plans:overview")).content.decode()


def test_a_dashboard_with_tasks_shows_the_figures(task_a, client):
    html = client.get(reverse("plans:overview")).content.decode()
    assert 'data-testid="headline"' in html and 'data-testid="next-steps"' not in html
