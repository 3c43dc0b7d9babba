"""Cross-cutting middleware of the project."""

import time
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django_otp import DEVICE_ID_SESSION_KEY

from ftda import security


class NoStoreMiddleware:
    """Pages of the application hold personal data: browsers and proxies must not keep them.

    Static files are served by WhiteNoise before this middleware and keep their caching.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.user.is_authenticated and "Cache-Control" not in response:
            response["Cache-Control"] = "no-store"
        return response


class SessionTimeoutMiddleware:
    """Ends a session 30 minutes after the last activity and 10 hours after login whatever
    the activity. The idle timeout is also the server-side expiry of the session row, moved
    forward (by saving the session) at most every `SESSION_ACTIVITY_REFRESH` seconds."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            now = time.time()
            session = request.session
            logged_in_at = session.get(security.LOGGED_IN_AT)
            seen_at = session.get(security.SEEN_AT, logged_in_at)
            too_old = (
                logged_in_at is None
                or now - logged_in_at > settings.SESSION_ABSOLUTE_TIMEOUT
                or now - seen_at > settings.SESSION_IDLE_TIMEOUT
            )
            if not too_old and now - seen_at > settings.SESSION_ACTIVITY_REFRESH:
                session[security.SEEN_AT] = int(now)
            if too_old:
                logout(request)
                messages.info(request, "Votre session a expiré : reconnectez-vous.")
                return redirect(
                    f"{reverse(settings.LOGIN_URL)}?{urlencode({'next': request.path})}"
                )
        return self.get_response(request)


def _redirect(request, url):
    if getattr(request, "htmx", False):
        return HttpResponse(status=204, headers={"HX-Redirect": url})
    return redirect(url)


class SecondFactorMiddleware:
    """Users who need a second factor reach nothing but the second-factor pages and logout
    until a TOTP code has verified their session (whatever way they logged in: form, password
    reset, admin)."""

    OPEN_URL_NAMES = {"login", "logout", "second_factor_verify", "second_factor_setup"}

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = request.user
        # The session holds the verifying device's id only after a code was accepted
        # (django_otp.login); removing a device ends its user's sessions (ftda.security).
        # Reading the key rather than loading the device saves a query on every page.
        if not user.is_authenticated or request.session.get(DEVICE_ID_SESSION_KEY):
            return None
        match = request.resolver_match
        if match is not None and match.url_name in self.OPEN_URL_NAMES and not match.namespace:
            return None
        if not security.needs_second_factor(request):
            return None
        query = urlencode({"next": request.get_full_path()})
        return _redirect(request, f"{reverse('second_factor_verify')}?{query}")
