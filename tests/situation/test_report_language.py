"""Text Löfte computes from the dataset is made when a page is shown, in the reader's language: the picture
page, the staff report and the public report. A signed version's text is content and stays as written."""

from __future__ import annotations

import pytest
from django.urls import reverse

from lofte.situation.services import report_agree, report_publish, report_version_draft


@pytest.fixture
def published(report, sjostad_analyst, police_analyst):
    version = report_version_draft(report=report, by=sjostad_analyst)
    report_agree(report=report, version=version, organisation=report.partnership.municipality, by=sjostad_analyst)
    report_agree(report=report, version=version, organisation=report.partnership.police_area, by=police_analyst)
    report_publish(report=report, by=sjostad_analyst)
    return version


def test_the_picture_page_in_english_shows_themes_times_sources_and_map_options_in_english(
    login, report, sjostad_analyst
) -> None:
    page = (
        login(sjostad_analyst).get(reverse("situation:picture", args=["sjostad", 2020]), {"lang": "en"}).content
    ).decode()
    assert '<th scope="row">Drugs</th>' in page and '<th scope="row">Narkotika</th>' not in page
    assert "Geocoded events per 1,000 residents" in page and "Geokodade händelser per 1 000" not in page
    assert "Monday" in page and "Måndag" not in page
    assert "both point to" in page and "pekar båda ut" not in page
    assert "148 of 612 dialogues (24 %) raise alcohol and intoxication." in page
    assert "night, evening" in page and "natt, kväll" not in page
    assert "<h3>Alcohol and intoxication</h3>" in page


def test_the_picture_page_says_one_dialogue_in_the_singular(login, report, sjostad_analyst) -> None:
    dataset = report.dataset
    cell = next(c for c in dataset["matrix"] if c["theme"] == "trafik" and c["area"] is not None)
    cell["dialogues"]["count"] = 1
    report.save(update_fields=["dataset"])
    page = login(sjostad_analyst).get(reverse("situation:picture", args=["sjostad", 2020])).content.decode()
    assert ">1 dialog</a>" in page and ">1 dialoger</a>" not in page


def test_the_public_report_in_english_computes_its_tables_and_candidates_in_english(client, report, published) -> None:
    page = client.get(reverse("situation_public:report", args=["sjostad", 2020]), {"lang": "en"}).content.decode()
    assert "both point to" in page and "pekar båda ut" not in page
    assert "148 of 612 dialogues (24 %) raise alcohol and intoxication." in page
    assert "night, evening" in page and "natt, kväll" not in page
    # The agreed text was drafted in Swedish: it is the parties' content and stays so.
    assert "I medborgardialogerna framkommer det att" in page


def test_the_staff_report_in_swedish_keeps_its_swedish_words(login, report, published, sjostad_analyst) -> None:
    page = login(sjostad_analyst).get(reverse("situation:report", args=["sjostad", 2020])).content.decode()
    assert "pekar båda ut" in page and "both point to" not in page
    assert "natt, kväll" in page
