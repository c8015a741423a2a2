"""Every link the navigation, the start page and a section picker show a persona opens for that persona.

A police analyst opening Ärenden was sent on to the police area's cases, which answer 403: a link (or a
picker's choice) is only offered where the role may go. The walk uses the permission matrix's world.
"""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from lofte.core.models import Membership
from lofte.core.roles import Role
from tests.conftest import verify_second_factor
from tests.matrix.base import ANONYMOUS, PERSONAS
from tests.test_permission_matrix import _module_world, world  # noqa: F401 - fixtures

HREF = re.compile(r'<a\b[^>]*\bhref="(/[^"#]*)"')
SECTION_INDEXES = ["dialogues:index", "analysis:index", "situation:index", "promises:index", "cases:index"]


def _links(html: str) -> set[str]:
    return {href.replace("&amp;", "&") for href in HREF.findall(html) if not href.startswith("/static/")}


def _walk(client, start: list[str]) -> dict[str, int]:
    """The final status of every link on the start pages and on any section picker they lead to."""
    seen: dict[str, int] = {}
    todo = list(start)
    while todo:
        url = todo.pop()
        if url in seen:
            continue
        response = client.get(url, follow=True)
        seen[url] = response.status_code
        if url in start or "core/picker.html" in [t.name for t in response.templates]:
            todo += sorted(_links(response.content.decode()) - set(seen))
    return seen


@pytest.mark.parametrize("persona", [p for p in PERSONAS if p != ANONYMOUS])
def test_every_link_offered_to_a_persona_opens(client, world, persona):  # noqa: F811
    _sign_in(client, world.users[persona])
    start = [reverse("core:home"), *(reverse(name) for name in SECTION_INDEXES)]
    statuses = _walk(client, start)
    assert len(statuses) > len(start)
    refused = {url: status for url, status in statuses.items() if status != 200}
    assert not refused, f"{persona} is offered links that do not open: {refused}"


def _sign_in(client, user):
    client.force_login(user)
    if user.needs_two_factor():
        verify_second_factor(client, user)
    return client


def test_a_police_analyst_opening_cases_is_told_there_is_nothing_for_the_role(client, world):  # noqa: F811
    response = _sign_in(client, world.users["police_analyst"]).get(reverse("cases:index"))
    assert response.status_code == 200
    assert "Din roll ger inte tillgång till den här delen" in response.text
    assert reverse("cases:organisation", args=[world.lpo.slug]) not in response.text


def test_the_cases_picker_goes_to_the_one_organisation_whose_cases_the_role_may_open(client, world):  # noqa: F811
    analyst = world.users["police_analyst"]
    Membership.objects.create(user=analyst, organisation=world.sjostad, role=Role.CASE_HANDLER)
    response = _sign_in(client, analyst).get(reverse("cases:index"))
    assert response.status_code == 302
    assert response["Location"] == reverse("cases:organisation", args=[world.sjostad.slug])
    assert client.get(response["Location"]).status_code == 200
