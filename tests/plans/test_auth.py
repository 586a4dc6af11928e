"""Sign-in: log in, log out, change password, and throttling of repeated failed log-ins (django-axes)."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext

from tests.conftest import PASSWORD, client_for


def vi(msgid: str) -> str:
    with translation.override("vi"):
        return escape(gettext(msgid))


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.AXES_FAILURE_LIMIT = 3


def test_login_page_is_vietnamese(db):
    response = Client().get(reverse("login"))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'lang="vi"' in html
    assert vi("Log in") in html


def test_login_and_redirect_to_next(head_a):
    client = Client()
    response = client.post(
        reverse("login"), {"username": "head_a", "password": PASSWORD, "next": reverse("plans:my_tasks")}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("plans:my_tasks")
    assert client.get(reverse("plans:my_tasks")).status_code == 200


def test_wrong_password_shows_message(head_a):
    response = Client().post(reverse("login"), {"username": "head_a", "password": "sai"})
    assert response.status_code == 200
    assert 'data-testid="login-error"' in response.content.decode()


def test_repeated_failures_lock_out_even_the_right_password(head_a):
    client = Client()
    for _ in range(3):
        client.post(reverse("login"), {"username": "head_a", "password": "sai"})
    response = client.post(reverse("login"), {"username": "head_a", "password": PASSWORD})
    assert response.status_code == 429
    html = response.content.decode()
    assert 'data-testid="lockout"' in html
    assert vi("Too many failed log-ins") in html
    assert "_auth_user_id" not in client.session


def test_logout_is_a_post_and_shows_page(head_a):
    client = client_for(head_a)
    response = client.post(reverse("logout"))
    assert response.status_code in (200, 302)
    assert client.get(reverse("plans:my_tasks")).status_code == 302


def test_password_change(head_a):
    client = client_for(head_a)
    page = client.get(reverse("password_change"))
    assert page.status_code == 200
    response = client.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": "Mat-khau-moi-2025!", "new_password2": "Mat-khau-moi-2025!"},
    )
    assert response.status_code == 302
    assert client.get(response["Location"]).status_code == 200
    head_a.refresh_from_db()
    assert head_a.check_password("Mat-khau-moi-2025!")


def test_password_change_needs_login(db):
    response = Client().get(reverse("password_change"))
    assert response.status_code == 302 and reverse("login") in response["Location"]


def test_the_dx_office_unlocks_a_locked_out_account_in_the_admin(head_a, dx_office):
    """The lock-out page sends people to the DX office: it deletes the access attempts, and the lock lifts."""
    from axes.models import AccessAttempt
    from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME

    locked = Client()
    for _ in range(3):
        locked.post(reverse("login"), {"username": "head_a", "password": "sai"})
    assert locked.post(reverse("login"), {"username": "head_a", "password": PASSWORD}).status_code == 429

    office = client_for(dx_office)
    url = reverse("admin:axes_accessattempt_changelist")
    listing = office.get(url)
    assert listing.status_code == 200 and "head_a" in listing.content.decode()
    attempts = list(AccessAttempt.objects.filter(username="head_a").values_list("pk", flat=True))
    response = office.post(url, {"action": "delete_selected", ACTION_CHECKBOX_NAME: attempts, "post": "yes"})
    assert response.status_code == 302
    assert not AccessAttempt.objects.filter(username="head_a").exists()

    response = locked.post(reverse("login"), {"username": "head_a", "password": PASSWORD})
    assert response.status_code == 302
    assert "_auth_user_id" in locked.session
