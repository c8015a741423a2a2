"""The drafted text: every sentence states its numbers and names the dataset rows behind them."""

from __future__ import annotations

import re

from django.urls import reverse
from django.utils import translation

from lofte.situation import charts, draft
from tests.situation.report_fixtures import build_dataset

NUMBER = re.compile(r"\d")


def test_every_drafted_sentence_has_numbers_and_refs_that_exist_in_the_dataset() -> None:
    dataset = build_dataset()
    sections = draft.draft_sections(dataset)
    assert [s["key"] for s in sections] == list(draft.SECTION_KEYS)
    known = draft.known_refs(dataset)
    for section in sections:
        sentences = draft.split_sentences(section["text"])
        assert sentences, section["key"]
        for sentence in sentences:
            assert NUMBER.search(sentence.text), f"no number in {sentence.text!r}"
            assert sentence.refs, f"no ref for {sentence.text!r}"
            assert set(sentence.refs) <= known, set(sentence.refs) - known
        assert section["refs"] == draft.refs_in(section["text"])


def test_the_draft_speaks_in_the_municipalities_voice_with_the_seeds_findings() -> None:
    text = " ".join(s["text"] for s in draft.draft_sections(build_dataset()))
    assert "I medborgardialogerna framkommer det att alkohol och berusning är det som flest tar upp: 148 av 612" in text
    assert "Polisens händelser visar under 2020 flest händelser om trafik (310, 7,95 per 1000 invånare)" in text
    assert "Trygghetsmätningen visar det högsta problemindexet för trafik: 3,3" in text
    assert "främst på kvällar och nätter som man upplever sig otrygg" in text
    assert "[[cell:alkohol_berusning:kommun]]" in text


def test_the_fixed_phrases_are_translated_and_theme_labels_follow_the_language() -> None:
    with translation.override("en"):
        label = draft.theme_label(build_dataset(), "belysning")
    assert label == "Lighting"
    sections = draft.draft_sections(build_dataset(), language="en")
    # Swedish is the source language; with no English catalogue entry yet the text stays Swedish but the
    # labels from the dataset switch.
    assert any("lighting" in s["text"] for s in sections)


def test_a_sparse_dataset_gives_only_the_sections_it_has_numbers_for() -> None:
    dataset = build_dataset()
    for cell in dataset["matrix"]:
        cell["survey"] = {"index": None, "prev_index": None}
    keys = [s["key"] for s in draft.draft_sections(dataset)]
    assert "trygghetsmatning" not in keys
    assert [s["key"] for s in draft.draft_sections({"year": 2020})] == ["underlag"]


def test_an_edited_text_keeps_its_refs_per_sentence() -> None:
    text = "Många nämner mörkret, 131 dialoger. [[cell:belysning:kommun]] Ny mening utan källa med 3 siffror."
    sentences = draft.split_sentences(text)
    assert sentences[0] == draft.Sentence("Många nämner mörkret, 131 dialoger.", ("cell:belysning:kommun",))
    assert sentences[1].refs == ()


def test_charts_have_title_desc_and_a_table_with_the_same_figures() -> None:
    dataset = build_dataset()
    built = charts.report_charts(dataset)
    assert [c.key for c in built] == ["teman", "tider", "trender"]
    for chart in built:
        assert f'<title id="chart-{chart.key}-title">' in chart.svg
        assert f'<desc id="chart-{chart.key}-desc">' in chart.svg
        assert "style=" not in chart.svg
        assert chart.rows and all(len(r) == len(chart.columns) for r in chart.rows)
    themes = built[0]
    assert themes.rows[0] == ["Alkohol och berusning", "148", "24\u00a0%"]
    assert "24\u00a0%" in themes.svg


def test_the_agreement_sentence_counts_the_agreeing_cells_the_picture_page_shows(
    login, report, sjostad_analyst
) -> None:
    # No area where sources agree, only whole-kommun cells: the page shows them as "Överens", so must the text.
    dataset = report.dataset
    for cell in dataset["matrix"]:
        if cell["area"] is not None and cell["agreement"] == "agree":
            cell["agreement"], cell["agreement_text"] = "single", ""
    report.save(update_fields=["dataset"])
    page = login(sjostad_analyst).get(reverse("situation:picture", args=["sjostad", 2020])).content.decode()
    on_page = page.count('class="agree-word"')
    assert on_page == 4
    text = next(s["text"] for s in draft.draft_sections(dataset) if s["key"] == "samstammighet")
    assert text.startswith(
        "Två eller fler källor pekar ut samma sak för 4 av 7 teman i hela kommunen och i 0 av 21 kombinationer "
        "av tema och område."
    )
    assert len(draft.split_sentences(text)[0].refs) == on_page
