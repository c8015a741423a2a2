# ruff: noqa: F811 - pytest fixtures imported from campaign_fixtures are used as parameters
from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from lofte.core.models import AuditEntry
from lofte.dialogues.models import Campaign
from lofte.dialogues.services import campaign_update
from lofte.dialogues.template import TEMPLATE_KEYS
from tests.dialogues.campaign_fixtures import campaign, centrum, grannby_campaign, record, torget  # noqa: F401


def test_analyst_plans_a_campaign_that_starts_from_the_national_template(
    login, partnership, sjostad_analyst, resecentrum
):
    client = login(sjostad_analyst)
    response = client.post(
        reverse("dialogues:campaign_create", args=[partnership.slug]),
        {
            "name": "Medborgardialog 2025",
            "slug": "sjostad-2025",
            "year": "2025",
            "starts_on": "2025-03-01",
            "ends_on": "2025-05-31",
            "target_places": [resecentrum.pk],
            "target_groups": ["youth", "business_owners"],
            "public_form_open": "on",
        },
    )
    campaign = Campaign.objects.get(slug="sjostad-2025")
    assert response.status_code == 302 and response["Location"] == campaign.get_absolute_url()
    assert list(campaign.target_places.all()) == [resecentrum]
    assert campaign.target_groups == ["youth", "business_owners"] and campaign.public_form_open
    questions = list(campaign.questions.all())
    assert tuple(q.key for q in questions) == TEMPLATE_KEYS
    feel_safe = campaign.questions.get(key="feel_safe")
    assert feel_safe.kind == "scale" and feel_safe.text_sv == "Hur trygg känner du dig i ditt område?"
    assert all(q.text_en for q in questions)
    assert campaign.questions.get(key="where_unsafe").kind == "place"
    assert campaign.questions.get(key="when_unsafe").kind == "time"
    assert AuditEntry.objects.filter(
        action="campaign.create", target_id=str(campaign.pk), actor=sjostad_analyst
    ).exists()


def test_a_campaign_ending_before_it_starts_is_refused_and_the_form_keeps_what_was_typed(
    login, partnership, sjostad_analyst
):
    client = login(sjostad_analyst)
    response = client.post(
        reverse("dialogues:campaign_create", args=[partnership.slug]),
        {
            "name": "Baklänges",
            "slug": "baklanges",
            "year": "2025",
            "starts_on": "2025-05-01",
            "ends_on": "2025-03-01",
        },
    )
    assert response.status_code == 400
    assert "Slutdatum kan inte vara före startdatum." in response.content.decode()
    assert 'value="Baklänges"' in response.content.decode()
    assert not Campaign.objects.filter(slug="baklanges").exists()


def test_dialogue_staff_may_not_plan_a_campaign(login, partnership, dialogue_staff):
    client = login(dialogue_staff)
    response = client.post(
        reverse("dialogues:campaign_create", args=[partnership.slug]),
        {
            "name": "X",
            "slug": "x",
            "year": "2025",
            "starts_on": "2025-03-01",
            "ends_on": "2025-05-01",
        },
    )
    assert response.status_code == 403
    assert not Campaign.objects.exists()


def test_editing_a_campaign_is_audited_with_a_diff(login, campaign, sjostad_analyst, torget):
    client = login(sjostad_analyst)
    response = client.post(
        reverse("dialogues:campaign_edit", args=[campaign.slug]),
        {
            "name": "Medborgardialog våren 2024",
            "slug": campaign.slug,
            "year": "2024",
            "starts_on": "2024-03-01",
            "ends_on": "2024-06-15",
            "target_places": [torget.pk],
            "target_groups": ["youth"],
        },
    )
    assert response.status_code == 302
    campaign.refresh_from_db()
    assert campaign.name == "Medborgardialog våren 2024" and not campaign.public_form_open
    assert list(campaign.target_places.all()) == [torget]
    entry = AuditEntry.objects.get(action="campaign.update", target_id=str(campaign.pk))
    assert entry.changes["name"] == ["Medborgardialog 2024", "Medborgardialog våren 2024"]
    assert entry.changes["public_form_open"] == [True, False]


def test_partnership_page_lists_campaigns_with_counts_for_police_staff(login, campaign, police_dialogue_staff):
    from tests.dialogues.campaign_fixtures import record

    record(campaign, police_dialogue_staff)
    client = login(police_dialogue_staff)
    response = client.get(reverse("dialogues:partnership", args=[campaign.partnership.slug]))
    assert response.status_code == 200
    assert response.context["campaigns"][0].dialogue_count == 1
    assert "Medborgardialog 2024" in response.content.decode()
    assert reverse("dialogues:campaign_create", args=[campaign.partnership.slug]) not in response.content.decode()


def test_outsider_does_not_learn_the_campaign_exists(login, campaign, outsider):
    client = login(outsider)
    assert client.get(campaign.get_absolute_url()).status_code == 404
    assert client.get(reverse("dialogues:capture", args=[campaign.slug])).status_code == 404


def test_reader_sees_the_campaign_but_not_the_field_form(login, campaign, reader):
    client = login(reader)
    assert client.get(campaign.get_absolute_url()).status_code == 200
    assert client.get(reverse("dialogues:capture", args=[campaign.slug])).status_code == 403


def test_the_slug_is_locked_once_the_campaign_has_dialogues(login, campaign, sjostad_analyst, torget):
    record(campaign, sjostad_analyst)
    client = login(sjostad_analyst)
    url = reverse("dialogues:campaign_edit", args=[campaign.slug])
    page = client.get(url)
    assert page.context["form"].fields["slug"].disabled
    assert "Adressen kan inte ändras när omgången har dialoger." in page.content.decode()
    response = client.post(
        url,
        {
            "name": "Nytt namn",
            "slug": "nytt-slug",
            "year": "2024",
            "starts_on": "2024-03-01",
            "ends_on": "2024-05-31",
            "target_places": [torget.pk],
        },
    )
    assert response.status_code == 302
    campaign.refresh_from_db()
    assert campaign.slug == "sjostad-2024" and campaign.name == "Nytt namn"


def test_the_service_refuses_a_new_slug_once_the_campaign_has_dialogues(campaign, sjostad_analyst):
    record(campaign, sjostad_analyst)
    with pytest.raises(ValidationError) as error:
        campaign_update(campaign=campaign, by=sjostad_analyst, slug="nytt-slug")
    assert error.value.message_dict["slug"] == ["Adressen kan inte ändras när omgången har dialoger."]
    assert Campaign.objects.get(pk=campaign.pk).slug == "sjostad-2024"


def test_the_slug_may_change_while_the_campaign_has_no_dialogues(campaign, sjostad_analyst):
    campaign_update(campaign=campaign, by=sjostad_analyst, slug="sjostad-var-2024")
    assert Campaign.objects.get(pk=campaign.pk).slug == "sjostad-var-2024"


def _plan(client, partnership, **overrides):  # type: ignore[no-untyped-def]
    data = {"name": "Medborgardialog 2026", "slug": "sjostad-2026", "year": "2026"}
    data |= {"starts_on": "2026-03-01", "ends_on": "2026-05-31"} | overrides
    return client.post(reverse("dialogues:campaign_create", args=[partnership.slug]), data)


@pytest.mark.parametrize("year", ["0", "1999", "2025", "2027"])
def test_a_year_that_is_not_the_year_the_campaign_starts_is_refused(login, partnership, sjostad_analyst, year):
    response = _plan(login(sjostad_analyst), partnership, year=year)
    assert response.status_code == 400
    page = response.content.decode()
    assert "Året ska vara året då omgången börjar" in page or "Ange ett år mellan 2000 och" in page
    assert not Campaign.objects.exists()


def test_a_year_far_in_the_future_is_refused_even_with_matching_dates(login, partnership, sjostad_analyst):
    response = _plan(login(sjostad_analyst), partnership, year="2999", starts_on="2999-03-01", ends_on="2999-05-31")
    assert response.status_code == 400 and "Ange ett år mellan 2000 och" in response.content.decode()
    assert not Campaign.objects.exists()


def test_a_second_campaign_with_the_same_name_in_the_partnership_is_refused(login, campaign, sjostad_analyst):
    response = _plan(login(sjostad_analyst), campaign.partnership, name="medborgardialog  2024", slug="ny-2024")
    assert response.status_code == 400
    assert "Det finns redan en omgång som heter ”medborgardialog 2024”." in response.content.decode()
    assert list(Campaign.objects.values_list("name", flat=True)) == ["Medborgardialog 2024"]


def test_renaming_a_campaign_to_another_campaigns_name_is_refused(campaign, sjostad_analyst):
    from lofte.dialogues.services import campaign_create

    other = campaign_create(
        partnership=campaign.partnership,
        by=sjostad_analyst,
        name="Höstdialog 2024",
        slug="host-2024",
        year=2024,
        starts_on=campaign.starts_on,
        ends_on=campaign.ends_on,
    )
    with pytest.raises(ValidationError) as error:
        campaign_update(campaign=other, by=sjostad_analyst, name="Medborgardialog 2024")
    assert "name" in error.value.message_dict
    other.refresh_from_db()
    assert other.name == "Höstdialog 2024"


def test_the_same_name_in_another_partnership_is_allowed(login, campaign, grannby_campaign, sjostad_analyst):
    response = _plan(login(sjostad_analyst), campaign.partnership, name="Grannby 2024", slug="sjostad-grannby")
    assert response.status_code == 302
    assert Campaign.objects.filter(name="Grannby 2024").count() == 2


def test_the_new_campaign_form_as_it_comes_can_be_saved_when_this_years_campaign_exists(
    login, partnership, sjostad_analyst
):
    from django.utils import timezone

    client = login(sjostad_analyst)
    url = reverse("dialogues:campaign_create", args=[partnership.slug])
    this_year = timezone.localdate().year
    for _ in range(2):
        form = client.get(url).context["form"]
        data = {name: form.initial[name] for name in ("name", "slug", "year", "starts_on", "ends_on")}
        response = client.post(url, {k: str(v) for k, v in data.items()})
        assert response.status_code == 302
    years = sorted(Campaign.objects.values_list("year", flat=True))
    assert years == [this_year, this_year + 1]
    assert Campaign.objects.get(year=this_year + 1).name == f"Medborgardialog {this_year + 1}"


def test_the_campaign_list_counts_imported_dialogues_in_a_column_of_their_own(login, campaign, sjostad_analyst):
    from django.utils import timezone

    from lofte.dialogues.models import Dialogue

    record(campaign, sjostad_analyst)
    Dialogue.objects.bulk_create(
        Dialogue(campaign=campaign, channel=Dialogue.Channel.IMPORT, conducted_at=timezone.now(), answers={"x": 1})
        for _ in range(2)
    )
    response = login(sjostad_analyst).get(reverse("dialogues:partnership", args=[campaign.partnership.slug]))
    listed = response.context["campaigns"][0]
    assert (listed.dialogue_count, listed.field_count, listed.web_count, listed.import_count) == (3, 1, 0, 2)
    assert listed.field_count + listed.web_count + listed.import_count == listed.dialogue_count
    page = response.content.decode()
    assert '<th scope="col">Import</th>' in page and "<td>2</td>" in page


def test_the_campaign_list_writes_the_period_with_lowercase_swedish_months_as_the_campaign_page_does(
    login, campaign, grannby_campaign, sjostad_analyst
):
    from lofte.dialogues.models import Campaign

    Campaign.objects.filter(pk=campaign.pk).update(starts_on="2017-09-01", ends_on="2017-10-31")
    client = login(sjostad_analyst)
    page = client.get(reverse("dialogues:partnership", args=[campaign.partnership.slug])).content.decode()
    assert "1 september–31 oktober 2017" in page
    assert "Sep" not in page and "Okt" not in page
    assert "1 september 2017" in client.get(reverse("dialogues:campaign_detail", args=[campaign.slug])).content.decode()


def test_a_period_over_new_year_names_both_years_on_the_campaign_list(login, campaign, sjostad_analyst):
    from lofte.dialogues.models import Campaign

    Campaign.objects.filter(pk=campaign.pk).update(starts_on="2017-11-15", ends_on="2018-01-31")
    page = login(sjostad_analyst).get(reverse("dialogues:partnership", args=[campaign.partnership.slug]))
    assert "15 november 2017–31 januari 2018" in page.content.decode()
