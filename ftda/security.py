"""Authentication policies: who needs a second factor, the client's address, sessions.

A second factor (TOTP, django-otp) is required for managers, the direction and admins: they
see or configure many persons' data. Social workers may enrol a device; once they have one,
it is required for them too.
"""

import time

from django.conf import settings
from django.contrib.auth.signals import user_logged_in
from django.contrib.sessions.models import Session
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from ftda import access

# Session keys written at login.
LOGGED_IN_AT = "ftda_logged_in_at"
SEEN_AT = "ftda_seen_at"
SECOND_FACTOR_NEEDED = "ftda_second_factor_needed"

DEMO_DEVICE_NAME = "démo"


def client_ip(request):
    """The client's address. REMOTE_ADDR when the application faces clients directly; behind
    `TRUSTED_PROXY_COUNT` proxies that each append to X-Forwarded-For, the address the
    outermost trusted proxy saw. Addresses a client writes itself (on the left) are ignored.
    """
    count = settings.TRUSTED_PROXY_COUNT
    if count > 0:
        forwarded = [
            part.strip()
            for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
            if part.strip()
        ]
        if len(forwarded) >= count:
            return forwarded[-count]
    return request.META.get("REMOTE_ADDR") or None


def needs_second_factor_by_role(user) -> bool:
    if not access.is_active_user(user):
        return False
    if user.is_staff or user.is_superuser or user.is_direction:
        return True
    return access.is_manager_somewhere(user)


def has_confirmed_device(user) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def needs_second_factor(request) -> bool:
    """Decided at login (two queries) and kept in the session; the flags on the user row are
    read live, so that making someone staff or direction takes effect at once."""
    user = request.user
    if user.is_staff or user.is_superuser or user.is_direction:
        return True
    needed = request.session.get(SECOND_FACTOR_NEEDED)
    if needed is None:
        needed = needs_second_factor_by_role(user) or has_confirmed_device(user)
        request.session[SECOND_FACTOR_NEEDED] = needed
    return needed


@receiver(user_logged_in)
def _remember_login(sender, request, user, **kwargs):
    if request is None or not hasattr(request, "session"):
        return
    request.session[LOGGED_IN_AT] = request.session[SEEN_AT] = int(time.time())
    request.session[SECOND_FACTOR_NEEDED] = needs_second_factor_by_role(
        user
    ) or has_confirmed_device(user)


def end_sessions_of(user) -> int:
    """Delete every server-side session of `user`. Sessions are scanned (the database backend
    has no index by user): a department has at most some thousands of live sessions."""
    user_id = str(user.pk)
    ended = []
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        if session.get_decoded().get("_auth_user_id") == user_id:
            ended.append(session.session_key)
    Session.objects.filter(session_key__in=ended).delete()
    return len(ended)


@receiver(post_delete, sender=TOTPDevice)
def _end_sessions_verified_by_a_removed_device(sender, instance, **kwargs):
    """A lost phone: the admin deletes the device, and the sessions it verified end."""
    end_sessions_of(instance.user)


@receiver(post_save, sender=settings.AUTH_USER_MODEL)
def _end_sessions_of_deactivated_user(sender, instance, created, **kwargs):
    if not created and not instance.is_active:
        end_sessions_of(instance)
