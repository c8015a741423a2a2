from __future__ import annotations

from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from lofte.core.models import AuditEntry
from tests.conftest import PASSWORD


def current_code(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def sign_in(client, user, password: str = PASSWORD):
    return client.post(reverse("core:login"), {"username": user.username, "password": password})


def test_dialogue_staff_signs_in_with_a_password_alone(client, dialogue_staff, partnership) -> None:
    response = sign_in(client, dialogue_staff)
    assert response.status_code == 302
    home = client.get(reverse("core:home"))
    assert home.status_code == 200
    assert "Trygg i Sjöstad" in home.text


def test_analyst_must_enrol_an_authenticator_before_seeing_anything(client, sjostad_analyst, partnership) -> None:
    sign_in(client, sjostad_analyst)
    response = client.get(reverse("dialogues:partnership", args=[partnership.slug]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("core:two_factor"))
    enrol = client.get(response["Location"])
    assert "<svg" in enrol.text  # the QR code to scan
    device = TOTPDevice.objects.get(user=sjostad_analyst, confirmed=False)

    wrong = client.post(reverse("core:two_factor"), {"token": "000000"})
    assert wrong.status_code == 400
    assert "Koden stämmer inte" in wrong.text
    assert not TOTPDevice.objects.filter(user=sjostad_analyst, confirmed=True).exists()

    # django-otp throttles after a failure (1 s, doubling); a resident of the real world waits that second.
    TOTPDevice.objects.filter(pk=device.pk).update(throttling_failure_timestamp=None)
    right = client.post(reverse("core:two_factor"), {"token": current_code(device)})
    assert right.status_code == 302
    device.refresh_from_db()
    assert device.confirmed
    assert AuditEntry.objects.filter(actor=sjostad_analyst, action="user.two_factor_enrol").count() == 1
    assert client.get(reverse("dialogues:partnership", args=[partnership.slug])).status_code == 200


def test_enrolled_case_handler_passes_with_the_code_from_the_app(client, case_handler) -> None:
    device = TOTPDevice.objects.create(user=case_handler, name="phone", confirmed=True)
    sign_in(client, case_handler)
    page = client.get(reverse("core:two_factor"))
    assert "<svg" not in page.text  # no new enrolment for an enrolled user
    response = client.post(reverse("core:two_factor") + "?next=/arenden/", {"token": current_code(device)})
    assert response.status_code == 302
    assert response["Location"] == "/arenden/"


def test_two_factor_page_never_redirects_off_site(client, case_handler) -> None:
    device = TOTPDevice.objects.create(user=case_handler, name="phone", confirmed=True)
    sign_in(client, case_handler)
    response = client.post(reverse("core:two_factor"), {"token": current_code(device), "next": "https://evil.example/"})
    assert response["Location"] == reverse("core:home")


def test_five_wrong_passwords_lock_the_account_for_a_while(client, dialogue_staff) -> None:
    for _ in range(5):
        assert sign_in(client, dialogue_staff, "wrong-password").status_code in (200, 429)
    locked = sign_in(client, dialogue_staff)
    assert locked.status_code == 429
    assert "tillfälligt låst" in locked.text
    assert client.get(reverse("core:home")).status_code == 302  # still signed out


def test_home_shows_only_the_users_own_partnerships(login, outsider, partnership, grannby_partnership) -> None:
    client = login(outsider)
    home = client.get(reverse("core:home"))
    assert "Trygg i Grannby" in home.text
    assert "Trygg i Sjöstad" not in home.text


def test_police_member_sees_the_partnership_but_not_the_municipalitys_cases(login, police_analyst, partnership) -> None:
    client = login(police_analyst)
    assert client.get(reverse("situation:partnership", args=[partnership.slug])).status_code == 200
    assert client.get(reverse("cases:organisation", args=[partnership.municipality.slug])).status_code == 404


def test_sections_not_built_yet_say_what_will_come(login, reader, partnership) -> None:
    client = login(reader)
    page = client.get(reverse("promises:partnership", args=[partnership.slug]))
    assert "konkreta åtaganden" in page.text


def test_signing_out_clears_pages_kept_for_offline_use_but_not_queued_conversations(login, dialogue_staff) -> None:
    client = login(dialogue_staff)
    response = client.post(reverse("core:logout"))
    assert response["Clear-Site-Data"] == '"cache"'  # not "storage": the offline queue lives there
    assert client.get(reverse("core:home")).status_code == 302


def test_the_menu_offers_cases_only_to_roles_that_may_open_them(login, case_handler, reader) -> None:
    handler_home = login(case_handler).get(reverse("core:home")).text
    assert reverse("cases:index") in handler_home
    reader_home = login(reader).get(reverse("core:home")).text
    assert reverse("cases:index") not in reader_home
    assert reverse("cases:organisation", args=["sjostad"]) not in reader_home
