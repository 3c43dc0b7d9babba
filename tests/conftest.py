import os

import pytest

CHROMIUM = "/usr/bin/chromium"

# Playwright's sync API runs an event loop in the test thread, which makes Django believe it
# is in an async context. The ORM calls of the tests are synchronous and the live server runs
# in its own thread, so this is safe here (and only in tests).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """Debian's Chromium, never a downloaded browser; flags for a closed network."""
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    """Pages as a French user in Paris sees them (date inputs, formats)."""
    return {**browser_context_args, "locale": "fr-FR", "timezone_id": "Europe/Paris"}


@pytest.fixture(autouse=True)
def _force_login_passes_the_second_factor(monkeypatch):
    """`client.force_login` stands for a complete login, second factor included."""
    from django.test import Client

    from tests.otp import force_login_verified

    monkeypatch.setattr(Client, "force_login", force_login_verified)


@pytest.fixture(autouse=True)
def _session_activity_refresh_outside_query_budgets(settings):
    """A session is saved at most once a minute of activity (idle timeout). Query budgets
    count what a view does, so tests that do not test the timeout never see that write;
    tests/security/test_sessions_and_headers.py sets the interval back."""
    settings.SESSION_ACTIVITY_REFRESH = 24 * 60 * 60


@pytest.fixture(autouse=True)
def _files_in_memory(settings):
    """Stored files (reports, imports) go to memory, never to the developer's media/."""
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    }
