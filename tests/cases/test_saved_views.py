"""A handler saves the inbox's filters under a name, sees the views with counts, and deletes them."""

from __future__ import annotations

import pytest
from django.urls import reverse

from lofte.cases.models import Case, SavedView
from lofte.core.models import AuditEntry
from lofte.core.roles import Role
from tests.cases.conftest import submit_fault
from tests.conftest import make_user

pytestmark = pytest.mark.django_db


def _inbox(organisation) -> str:  # noqa: ANN001
    return reverse("cases:organisation", args=[organisation.slug])


def test_a_handler_saves_the_current_filters_and_sees_the_view_with_its_count(
    login, case_handler, sjostad, street_lights, dark_light
):
    late = submit_fault(sjostad, street_lights, lat=58.6, lng=13.3)
    Case.objects.filter(pk=late.pk).update(due_at=late.created_at.replace(year=2020))
    client = login(case_handler)
    filtered = client.get(_inbox(sjostad), {"status": "open", "overdue": "on", "junk": "x"})
    assert filtered.context["query"] == "status=open&overdue=on"  # the bookmarkable form of the filters
    response = client.post(
        reverse("cases:view_save", args=[sjostad.slug]),
        {"name": "Försenade", "query": "status=open&overdue=on&junk=x"},
    )
    assert response.status_code == 302 and response["Location"].endswith("?status=open&overdue=on")
    view = SavedView.objects.get()
    assert (view.owner, view.name, view.query, view.shared) == (
        case_handler,
        "Försenade",
        "status=open&overdue=on",
        False,
    )
    assert AuditEntry.objects.filter(action="case_saved_view.save", actor=case_handler).exists()
    page = client.get(_inbox(sjostad))
    assert page.context["views"] == [(view, 1)]
    assert "Försenade: <strong>1</strong>" in page.content.decode()


def test_a_view_without_a_name_is_refused_and_the_inbox_shows_why(login, case_handler, sjostad):
    response = login(case_handler).post(reverse("cases:view_save", args=[sjostad.slug]), {"name": " ", "query": ""})
    assert response.status_code == 400
    assert not SavedView.objects.exists()


def test_a_shared_view_shows_to_colleagues_but_a_personal_one_does_not(login, case_handler, sjostad, dark_light):
    colleague = make_user("lisa", sjostad, Role.CASE_HANDLER)
    SavedView.objects.create(organisation=sjostad, owner=case_handler, name="Mina", query="status=open&mine=on")
    shared = SavedView.objects.create(
        organisation=sjostad, owner=case_handler, name="Alla öppna", query="status=open", shared=True
    )
    page = login(colleague).get(_inbox(sjostad))
    assert page.context["views"] == [(shared, 1)]


def test_a_handler_deletes_their_own_view_but_not_a_colleagues(login, case_handler, sjostad):
    colleague = make_user("lisa", sjostad, Role.CASE_HANDLER)
    mine = SavedView.objects.create(organisation=sjostad, owner=case_handler, name="Mina", query="status=open")
    theirs = SavedView.objects.create(organisation=sjostad, owner=colleague, name="Lisas", query="status=", shared=True)
    client = login(case_handler)
    assert client.post(reverse("cases:view_delete", args=[sjostad.slug, theirs.pk])).status_code == 404
    assert client.post(reverse("cases:view_delete", args=[sjostad.slug, mine.pk])).status_code == 302
    assert list(SavedView.objects.all()) == [theirs]
    assert AuditEntry.objects.filter(action="case_saved_view.delete", actor=case_handler).count() == 1


def test_a_police_member_cannot_save_or_see_a_kommuns_views(login, police_case_handler, case_handler, sjostad):
    view = SavedView.objects.create(organisation=sjostad, owner=case_handler, name="Alla", query="", shared=True)
    client = login(police_case_handler)
    assert client.post(reverse("cases:view_save", args=[sjostad.slug]), {"name": "X"}).status_code == 404
    assert client.post(reverse("cases:view_delete", args=[sjostad.slug, view.pk])).status_code == 404
    assert SavedView.objects.get() == view
