"""The admin site: a password alone never opens it (django-otp's OTPAdminSite)."""

from urllib.parse import urlencode

from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse
from django_otp.admin import OTPAdminSite


class SecureAdminSite(OTPAdminSite):
    """Staff must be verified by a TOTP device. Logging in goes through the application's
    login and second-factor pages, never through a separate admin form."""

    def __init__(self, name="admin"):
        super().__init__(name)

    def login(self, request, extra_context=None):
        next_url = request.GET.get("next") or reverse("admin:index", current_app=self.name)
        target = "second_factor_verify" if request.user.is_authenticated else settings.LOGIN_URL
        return redirect(f"{reverse(target)}?{urlencode({'next': next_url})}")
