"""Logged-in test clients for the benchmarks, past the second factor.

Managers, the direction and admins need a TOTP code after their password (issue 7). A
benchmark measures pages, not the login: it marks the session as verified by a confirmed
TOTP device of the user (created on the bench database when the user has none), as the
code page does after a right code.
"""

from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from ftda import security


def verified_client(user, **defaults) -> Client:
    client = Client(**defaults)
    client.force_login(user)
    if security.needs_second_factor_by_role(user):
        device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
        if device is None:
            device = TOTPDevice.objects.create(user=user, name="banc d'essai", confirmed=True)
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
    return client
