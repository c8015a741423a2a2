# ruff: noqa: F811 - pytest fixtures imported from tests.dialogues.data_fixtures
"""The campaign overview: counts per day, place and interviewer, and the representativeness warning."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from lofte.core.models import Area, AuditEntry
from lofte.dialogues.models import Dialogue, PopulationFigure
from lofte.dialogues.overview import counts_per_day, counts_per_interviewer, counts_per_place, representation
from lofte.dialogues.population import population_import
from tests.dialogues.data_fixtures import campaign, centrum_area, torget  # noqa: F401

POPULATION = {
    "16-19": (900, 900),
    "20-29": (2000, 2200),
    "30-44": (3300, 3400),
    "45-64": (4900, 5000),
    "65-79": (3400, 3200),
}


def add_population(organisation, year: int = 2020) -> None:  # type: ignore[no-untyped-def]
    for band, (women, men) in POPULATION.items():
        PopulationFigure.objects.create(
            organisation=organisation, year=year, age_band=band, gender="woman", count=women
        )
        PopulationFigure.objects.create(organisation=organisation, year=year, age_band=band, gender="man", count=men)


def add_dialogues(campaign, user, place, spec: dict[tuple[str, str], int]) -> None:  # type: ignore[no-untyped-def]
    objects = []
    for i, ((band, gender), n) in enumerate(spec.items()):
        for j in range(n):
            objects.append(
                Dialogue(
                    campaign=campaign,
                    idempotency_key=uuid.uuid4(),
                    channel="field",
                    recorded_by=user if j % 2 else None,
                    place=place if j % 3 else None,
                    age_band=band,
                    gender=gender,
                    answers={},
                    conducted_at=timezone.make_aware(dt.datetime(2020, 5, 1 + (i + j) % 3, 18, 0)),
                )
            )
    Dialogue.objects.bulk_create(objects)


# Young men (20–29) barely answered: 2 of 100 against 11 % of the population.
SKEWED = {
    ("16-19", "woman"): 8,
    ("16-19", "man"): 4,
    ("20-29", "woman"): 10,
    ("20-29", "man"): 2,
    ("30-44", "woman"): 16,
    ("30-44", "man"): 12,
    ("45-64", "woman"): 20,
    ("45-64", "man"): 12,
    ("65-79", "woman"): 10,
    ("65-79", "man"): 6,
}


def test_an_under_represented_group_is_flagged_in_plain_words(
    login, campaign, reader, sjostad, sjostad_analyst, torget
):
    add_population(sjostad)
    add_dialogues(campaign, sjostad_analyst, torget, {**SKEWED, ("undisclosed", "undisclosed"): 5})
    result = representation(campaign)
    assert result.year == 2020 and result.known == 100 and result.unknown == 5
    flagged = {row.label for row in result.warnings}
    assert "Män 20–29 år" in flagged
    assert "Kvinnor 45–64 år" not in flagged
    response = login(reader).get(reverse("dialogues:campaign_overview", args=[campaign.slug]))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Några grupper har svarat för lite" in page
    assert "Män 20–29 år" in page
    assert "mindre än hälften" in page  # the rule is explained


def test_gender_counts_are_shown_and_too_few_men_are_flagged(login, campaign, reader, sjostad, sjostad_analyst, torget):
    add_population(sjostad)
    add_dialogues(
        campaign,
        sjostad_analyst,
        torget,
        {("30-44", "woman"): 25, ("45-64", "woman"): 25, ("30-44", "man"): 4, ("45-64", "man"): 4},
    )
    result = representation(campaign)
    by_label = {row.label: row for row in result.gender}
    assert by_label["Kvinnor"].respondents == 50 and by_label["Män"].respondents == 8
    assert by_label["Män"].sample_share == 13.8 and by_label["Män"].population_share == 50.3
    assert "Män" in {row.label for row in result.warnings}
    page = login(reader).get(reverse("dialogues:campaign_overview", args=[campaign.slug])).content.decode()
    assert (
        "<strong>Män</strong>: 13.8 % av de svarande" in page or "<strong>Män</strong>: 13,8 % av de svarande" in page
    )


def test_with_fewer_than_30_respondents_no_assessment_is_made(
    login, campaign, reader, sjostad, sjostad_analyst, torget
):
    add_population(sjostad)
    add_dialogues(campaign, sjostad_analyst, torget, {("30-44", "woman"): 12, ("45-64", "man"): 8})
    result = representation(campaign)
    assert result.too_few and result.warnings == []
    page = login(reader).get(reverse("dialogues:campaign_overview", args=[campaign.slug])).content.decode()
    assert "För få svarande (20) för en bedömning." in page
    assert "Ingen grupp är klart underrepresenterad" not in page


def test_a_balanced_sample_gives_no_warning(campaign, sjostad, sjostad_analyst, torget):
    add_population(sjostad)
    balanced = {
        (band, g): round(n / 300)
        for band, pair in POPULATION.items()
        for g, n in zip(("woman", "man"), pair, strict=True)
    }
    add_dialogues(campaign, sjostad_analyst, torget, balanced)
    assert representation(campaign).warnings == []


def test_counts_per_day_place_and_interviewer(campaign, sjostad_analyst, torget):
    add_dialogues(campaign, sjostad_analyst, torget, {("30-44", "woman"): 6})
    assert sum(c.count for c in counts_per_day(campaign)) == 6
    assert [c.label for c in counts_per_day(campaign)] == ["2020-05-01", "2020-05-02", "2020-05-03"]
    assert {c.label: c.count for c in counts_per_place(campaign)} == {"Stora torget": 4, "Ingen plats angiven": 2}
    assert {c.label: c.count for c in counts_per_interviewer(campaign)} == {"Sara": 3, "Okänd intervjuare": 3}


def test_without_population_figures_the_page_says_so(login, campaign, reader):
    response = login(reader).get(reverse("dialogues:campaign_overview", args=[campaign.slug]))
    assert "inga befolkningssiffror" in response.content.decode()


def test_population_figures_are_entered_in_the_staff_form_and_audited(login, partnership, sjostad, sjostad_analyst):
    response = login(sjostad_analyst).post(
        reverse("dialogues:population", args=[partnership.slug]),
        {"year": 2020, "age_band": "16-19", "gender": "man", "count": 905},
    )
    assert response.status_code == 302
    figure = PopulationFigure.objects.get(organisation=sjostad, year=2020, age_band="16-19", gender="man")
    assert figure.count == 905 and figure.area is None
    assert AuditEntry.objects.filter(action="population.create", target_id=str(figure.pk)).exists()


def test_readers_may_see_but_not_change_population_figures(login, partnership, reader):
    client = login(reader)
    assert client.get(reverse("dialogues:population", args=[partnership.slug])).status_code == 200
    response = client.post(
        reverse("dialogues:population", args=[partnership.slug]),
        {"year": 2020, "age_band": "16-19", "gender": "man", "count": 1},
    )
    assert response.status_code == 403
    assert not PopulationFigure.objects.exists()


def test_population_figures_import_from_csv_all_or_nothing(sjostad, sjostad_analyst, centrum_area):
    good = "år;område;ålder;kön;antal\n2020;Hela kommunen;16-19;kvinnor;850\n2020;Centrum;20–29 år;män;1 200\n"
    assert population_import(organisation=sjostad, by=sjostad_analyst, filename="bef.csv", data=good.encode()) == 2
    assert PopulationFigure.objects.get(area=centrum_area).count == 1200
    bad = "år;ålder;kön;antal\n2021;16-19;kvinnor;850\n2021;gamla;män;x\n"
    with pytest.raises(ValidationError, match="Rad 3 i filen, kolumn ålder"):
        population_import(organisation=sjostad, by=sjostad_analyst, filename="bef.csv", data=bad.encode())
    assert not PopulationFigure.objects.filter(year=2021).exists()
    typo = "år;område;ålder;kön;antal\n2021;Centrun;16-19;kvinnor;850\n"
    with pytest.raises(
        ValidationError, match="Rad 2 i filen, kolumn område: Okänt område ”Centrun”. Menar du ”Centrum”?"
    ):
        population_import(organisation=sjostad, by=sjostad_analyst, filename="bef.csv", data=typo.encode())


def test_area_figures_are_summed_when_the_whole_municipality_has_none(
    login, campaign, reader, sjostad, sjostad_analyst, torget, centrum_area
):
    norr = Area.objects.create(organisation=sjostad, name="Norr", kind="stadsdel")
    for area in (centrum_area, norr):
        for band, (women, men) in POPULATION.items():
            PopulationFigure.objects.create(
                organisation=sjostad, area=area, year=2020, age_band=band, gender="woman", count=women // 2
            )
            PopulationFigure.objects.create(
                organisation=sjostad, area=area, year=2020, age_band=band, gender="man", count=men // 2
            )
    add_dialogues(campaign, sjostad_analyst, torget, SKEWED)
    result = representation(campaign)
    assert result.year == 2020 and result.from_areas
    by_label = {row.label: row for row in result.gender}
    assert by_label["Män"].population_share == 50.3  # the same shares as the whole-municipality figures
    assert "Män 20–29 år" in {row.label for row in result.warnings}
    page = login(reader).get(reverse("dialogues:campaign_overview", args=[campaign.slug])).content.decode()
    assert "summerad från områdenas befolkningssiffror" in page


def test_whole_municipality_figures_win_over_area_figures_of_the_same_year(
    campaign, sjostad, sjostad_analyst, torget, centrum_area
):
    add_population(sjostad)
    PopulationFigure.objects.create(
        organisation=sjostad, area=centrum_area, year=2020, age_band="16-19", gender="man", count=100_000
    )
    add_dialogues(campaign, sjostad_analyst, torget, SKEWED)
    result = representation(campaign)
    assert not result.from_areas
    assert {row.label: row for row in result.gender}["Män"].population_share == 50.3


def test_the_overview_says_which_respondents_each_table_counts(
    login, campaign, reader, sjostad, sjostad_analyst, torget
):
    add_population(sjostad)
    add_dialogues(
        campaign,
        sjostad_analyst,
        torget,
        {**SKEWED, ("undisclosed", "woman"): 3, ("30-44", "undisclosed"): 2, ("", ""): 1},
    )
    result = representation(campaign)
    assert (result.with_age, result.with_gender, result.known, result.unknown) == (102, 103, 100, 6)
    assert {row.label: row for row in result.age}["30–44 år"].respondents == 30  # counted without a gender
    page = login(reader).get(reverse("dialogues:campaign_overview", args=[campaign.slug])).content.decode()
    assert "tabellen över ålder räknar de svarande som uppgett ålder (102)" in page.lower()
    assert "uppgett kvinna eller man (103)" in page and "bara dem som uppgett båda (100)" in page
    assert "6 svarande saknar ålder eller kön och räknas inte med i den sista tabellen." in page
    assert "räknas inte med.</p>" not in page


def test_a_day_is_the_municipalitys_day_not_utcs(campaign):
    """23:30 UTC on 1 May is 01:30 on 2 May in Sjöstad (summer time); 22:59 UTC on 1 Dec is still 1 Dec."""
    for at in (
        dt.datetime(2020, 5, 1, 23, 30, tzinfo=dt.UTC),
        dt.datetime(2020, 5, 1, 21, 59, tzinfo=dt.UTC),
        dt.datetime(2020, 12, 1, 22, 59, tzinfo=dt.UTC),
        dt.datetime(2020, 12, 1, 23, 0, tzinfo=dt.UTC),
    ):
        Dialogue.objects.create(campaign=campaign, channel="web", conducted_at=at, answers={}, free_text="")
    assert {c.label: c.count for c in counts_per_day(campaign)} == {
        "2020-05-01": 1,
        "2020-05-02": 1,
        "2020-12-01": 1,
        "2020-12-02": 1,
    }
