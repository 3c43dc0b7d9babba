"""TOTP devices of the demo accounts: a known key, so that the demo can be used.

Only `manage.py load_demo` creates them, and `manage.py totp_code` only reads devices named
`security.DEMO_DEVICE_NAME`: production accounts enrol their own device and are unaffected.
"""

import base64

from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from ftda import security
from ftda.models import User

# 20 bytes, printed in the README and by load_demo, to add to an authenticator app.
DEMO_KEY_HEX = "46544441204465cc816d6f2064656d6f20546f74"


def demo_key_base32() -> str:
    return base64.b32encode(bytes.fromhex(DEMO_KEY_HEX)).decode()


def create_devices() -> list[str]:
    """A confirmed demo device for every demo account that needs a second factor."""
    usernames = []
    for user in User.objects.filter(is_active=True).order_by("username"):
        if not security.needs_second_factor_by_role(user):
            continue
        TOTPDevice.objects.get_or_create(
            user=user,
            name=security.DEMO_DEVICE_NAME,
            defaults={"key": DEMO_KEY_HEX, "confirmed": True},
        )
        usernames.append(user.username)
    return usernames


def current_code(username) -> str | None:
    device = TOTPDevice.objects.filter(
        user__username=username, name=security.DEMO_DEVICE_NAME, confirmed=True
    ).first()
    if device is None:
        return None
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():0{device.digits}d}"


def instructions(usernames) -> str:
    return (
        "Double authentification des comptes de démonstration "
        f"({', '.join(usernames)}) : ajoutez la clé {demo_key_base32()} à une application "
        "TOTP, ou affichez le code du moment avec `manage.py totp_code <identifiant>`."
    )
