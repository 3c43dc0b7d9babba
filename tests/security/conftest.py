import pytest

from tests.ftda.factories import UserFactory


@pytest.fixture
def admin_client(client):
    """A project admin (superuser, second factor passed), logged in."""
    client.force_login(UserFactory(admin=True))
    return client
