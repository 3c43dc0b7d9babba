"""Logged-in test clients for the benchmarks, past the second factor.

Managers, the direction and admins need a TOTP code after their password (issue 7). A
benchmark measures pages, not the login: it marks the session as verified by a confirmed
TOTP device of the user, as the tests do (`tests.otp.mark_verified`, which creates the
device on the bench database when the user has none).
"""

from django.test import Client

from ftda import security
from tests.otp import mark_verified


def verified_client(user, **defaults) -> Client:
    client = Client(**defaults)
    client.force_login(user)
    if security.needs_second_factor_by_role(user):
        mark_verified(client, user)
    return client
