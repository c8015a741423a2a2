# ruff: noqa: F811 - pytest fixtures imported from tests.analysis are used as parameters
"""Parameters views read without a form field (found by tests/foundation/test_fuzz.py): a bad value is
ignored or refused, never a 500."""

from __future__ import annotations

import pytest
from django.urls import reverse

from lofte.analysis.models import DialogueCoding
from tests.analysis.conftest import areas, campaign, places  # noqa: F401
from tests.analysis.test_runs import run_now


@pytest.mark.parametrize("number", ["²", "x", "9" * 30, ""])
def test_a_review_with_a_bad_position_number_is_saved_or_refused_cleanly(login, sjostad_analyst, campaign, number):
    run = run_now(campaign)
    coding = DialogueCoding.objects.filter(run=run).first()
    response = login(sjostad_analyst).post(
        f"/analys/omgang/{campaign.slug}/svar/{coding.pk}/", {"action": "accept", "number": number}
    )
    assert response.status_code in (302, 400)


@pytest.mark.parametrize("shown", ["²", "1,²", str(2**63), "-1"])
def test_a_bulk_accept_of_ids_that_are_not_ids_is_refused(login, sjostad_analyst, campaign, shown):
    run = run_now(campaign)
    client = login(sjostad_analyst)
    response = client.post(
        f"/analys/omgang/{campaign.slug}/svar/massatgard/",
        {"action": "accept", "confirm": "on", "shown": shown, "selected": ["²", str(2**63)]},
    )
    assert response.status_code in (302, 400)
    assert not DialogueCoding.objects.filter(run=run, reviewed=True).exists()


@pytest.mark.parametrize("next_url", ["start", "Mörkt vid stationen", "²", "https://evil.example/"])
def test_a_next_address_that_is_not_a_path_on_the_site_goes_home(login, sjostad_analyst, next_url):
    response = login(sjostad_analyst).get(reverse("core:two_factor"), {"next": next_url})
    assert response.status_code == 302 and response["Location"] == reverse("core:home")


def test_adding_a_row_with_a_bad_form_count_is_not_a_500(login, sjostad_admin, sjostad):
    data = {"oncall-TOTAL_FORMS": "²", "oncall-INITIAL_FORMS": "0", "add_row": "1", "name": "Kontaktcenter"}
    response = login(sjostad_admin).post(reverse("core:contact_centre_edit", args=[sjostad.slug]), data)
    assert response.status_code == 200


def test_a_nul_in_the_place_search_is_ignored(login, sjostad_admin, sjostad):
    response = login(sjostad_admin).get(reverse("core:place_list", args=[sjostad.slug]), {"q": "tor\x00get"})
    assert response.status_code == 200 and response.context["query"] == "torget"
