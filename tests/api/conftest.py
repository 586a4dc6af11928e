import pytest
from rest_framework.test import APIClient

from api.models import ApiToken


def token_client(user) -> APIClient:
    """A machine client: the user's new API token in the Authorization header (no session, no CSRF)."""
    client = APIClient()
    if user is not None:
        _token, key = ApiToken.issue(user=user, name="Hệ thống của đơn vị")
        client.credentials(HTTP_AUTHORIZATION=f"Bearer {key}")
    return client


@pytest.fixture
def api():
    return APIClient()


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
