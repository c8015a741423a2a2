"""Errors speak Swedish and say what to do, never a bare "403 Forbidden"."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse


def test_a_role_without_access_gets_a_swedish_explanation(login, reader, sjostad) -> None:
    client = login(reader)
    response = client.get(reverse("cases:organisation", args=[sjostad.slug]))
    assert response.status_code == 403
    assert "Ingen behörighet" in response.text
    assert "Kontakta en administratör" in response.text


def test_an_unknown_page_gets_a_swedish_not_found_page(login, reader) -> None:
    client = login(reader)
    response = client.get("/organisationer/finns-inte/")
    assert response.status_code == 404
    assert "Sidan finns inte" in response.text


def test_an_expired_form_explains_itself(dialogue_staff) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(dialogue_staff)
    response = client.post(reverse("core:logout"))
    assert response.status_code == 403
    assert "Formuläret har gått ut" in response.text
