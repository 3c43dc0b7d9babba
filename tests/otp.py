"""Second factor in tests.

`client.force_login(user)` also marks the session as verified by a TOTP device for users
who need one (managers, direction, admins: see the autouse fixture in tests/conftest.py), so
that tests of casework do not each go through the code page. Tests of the second factor
itself log in with `login_without_second_factor` or through the login form.
"""

from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from ftda import security

_original_force_login = Client.force_login


def confirmed_device(user) -> TOTPDevice:
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    return device or TOTPDevice.objects.create(user=user, name="test", confirmed=True)


def current_code(device, *, offset=0) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = totp.time + offset * device.step
    return f"{totp.token():0{device.digits}d}"


def unused_code(device) -> str:
    """A code the device accepts now: the next time step's if this one was already used
    (a code works once; the device tolerates one step of drift)."""
    device.refresh_from_db()
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return current_code(device, offset=max(0, device.last_t + 1 - totp.t()))


def mark_verified(client, user):
    device = confirmed_device(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return device


def login_without_second_factor(client, user):
    _original_force_login(client, user)


def force_login_verified(self, user, backend=None):
    _original_force_login(self, user, backend)
    if security.needs_second_factor_by_role(user):
        mark_verified(self, user)
