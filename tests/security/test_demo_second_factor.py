import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from ftda.demo import DEMO_PASSWORD

pytestmark = pytest.mark.django_db


def test_demo_accounts_get_a_known_device_and_a_way_to_read_codes(client, capsys):
    call_command("load_demo")
    out = capsys.readouterr().out
    assert "totp_code" in out and "chef.rouen" in out and "ts.angers" not in out.split("(")[-1]
    client.post(reverse("login"), {"username": "chef.rouen", "password": DEMO_PASSWORD})
    assert client.get(reverse("ftda:caseload"))["Location"].startswith(
        reverse("second_factor_verify")
    )
    call_command("totp_code", "chef.rouen")
    code = capsys.readouterr().out.strip()
    response = client.post(reverse("second_factor_verify"), {"token": code})
    assert response.status_code == 302
    assert client.get(reverse("ftda:caseload")).status_code == 200


def test_totp_code_reads_demo_devices_only(django_user_model):
    from tests.otp import confirmed_device

    user = django_user_model.objects.create_user("vraie.cheffe", password="x" * 14)
    confirmed_device(user)  # a real enrolment, not named « démo »
    with pytest.raises(CommandError):
        call_command("totp_code", "vraie.cheffe")
