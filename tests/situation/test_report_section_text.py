"""What an analyst may save as a section's text: refs the dataset has rows for, well-formed markers and a
sane length; and the page shows whatever was stored without swallowing words."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from lofte.situation import draft
from lofte.situation.models import ReportVersion
from lofte.situation.services import report_section_save, report_version_draft


@pytest.fixture
def drafted(report, sjostad_analyst) -> ReportVersion:
    return report_version_draft(report=report, by=sjostad_analyst)


def _section(version: ReportVersion, key: str) -> dict:
    return next(s for s in version.sections if s["key"] == key)


def test_a_ref_the_dataset_does_not_know_is_refused_and_named(report, drafted, sjostad_analyst) -> None:
    with pytest.raises(ValidationError) as error:
        report_section_save(
            report=report,
            key="polisen",
            text="Polisen såg 12 händelser. [[cell:finnsinte:kommun]]",
            based_on=1,
            by=sjostad_analyst,
        )
    assert "[[cell:finnsinte:kommun]]" in " ".join(error.value.messages)
    assert report.versions.count() == 1


def test_an_unclosed_marker_is_refused_and_named(report, drafted, sjostad_analyst) -> None:
    with pytest.raises(ValidationError) as error:
        report_section_save(
            report=report,
            key="polisen",
            text="Mörkt i parken [[cell:belysning och fler ord efter. Polisen såg 12 händelser. [[cell:narkotika:3]]",
            based_on=1,
            by=sjostad_analyst,
        )
    assert "”[[cell:belysning”" in " ".join(error.value.messages)
    assert report.versions.count() == 1


def test_every_ref_of_a_drafted_section_can_be_saved_again(report, drafted, sjostad_analyst) -> None:
    text = _section(drafted, "samstammighet")["text"] + " Analytikerns tillägg."
    saved = report_section_save(report=report, key="samstammighet", text=text, based_on=1, by=sjostad_analyst)
    assert saved.number == 2 and _section(saved, "samstammighet")["text"] == text


def test_a_section_longer_than_the_limit_is_refused(report, drafted, sjostad_analyst) -> None:
    text = "Ord " * (draft.SECTION_MAX_LENGTH // 4 + 1)
    with pytest.raises(ValidationError):
        report_section_save(report=report, key="polisen", text=text, based_on=1, by=sjostad_analyst)
    assert report.versions.count() == 1


def test_bad_refs_over_http_re_render_the_form_with_the_reason_and_store_nothing(
    login, report, drafted, sjostad_analyst
) -> None:
    client = login(sjostad_analyst)
    url = reverse("situation:report_section", args=["sjostad", 2020, "polisen"])
    text = "Polisen såg 12 händelser. [[cell:finnsinte:kommun]] Mörkt i [[cell:belysning parken på kvällen."
    response = client.post(url, {"text": text, "based_on": 1})
    body = response.content.decode()
    assert response.status_code == 400
    assert "[[cell:finnsinte:kommun]] finns inte i lägesbildens dataunderlag" in body
    assert "”[[cell:belysning” är inte rätt skriven" in body
    assert report.versions.count() == 1


def test_a_too_long_section_over_http_is_refused_with_the_limit(login, report, drafted, sjostad_analyst) -> None:
    client = login(sjostad_analyst)
    url = reverse("situation:report_section", args=["sjostad", 2020, "polisen"])
    response = client.post(url, {"text": "x" * 440_000, "based_on": 1})
    assert response.status_code == 400
    assert "20000" in response.content.decode()
    assert report.versions.count() == 1


def test_an_unclosed_marker_in_a_stored_text_is_shown_as_typed(login, report, sjostad_analyst) -> None:
    # Versions saved before the check may hold anything: the page shows the words, not links to nothing.
    ReportVersion.objects.create(
        report=report,
        number=1,
        sections=[
            draft.section(
                "polisen",
                "Polisens händelser",
                "Mörkt i [[cell:belysning parken på kvällen. Polisen såg 12 händelser. [[cell:narkotika:3]]",
            )
        ],
    )
    body = login(sjostad_analyst).get(reverse("situation:report", args=["sjostad", 2020])).content.decode()
    section = body[body.index('id="avsnitt-polisen"') :].split("</section>")[0]
    assert "Mörkt i [[cell:belysning parken på kvällen. Polisen såg 12 händelser." in section
    assert section.count('class="ref"') == 1 and "?ref=cell:narkotika:3" in section


def test_split_sentences_keeps_text_that_is_not_a_marker() -> None:
    sentences = draft.split_sentences("Ett [[inte en hänvisning]] två [[cell:belysning tre. Fyra. [[area:3]]")
    assert [s.text for s in sentences] == ["Ett [[inte en hänvisning]] två [[cell:belysning tre. Fyra."]
    assert sentences[0].refs == ("area:3",)
