# ruff: noqa: F811 - pytest fixtures imported from the dialogue fixture modules are used as parameters
"""Stored data never reaches a page as markup: a file's cells, option codes, help texts built from data."""

from __future__ import annotations

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from lofte.dialogues.models import ImportBatch, Question
from tests.dialogues.campaign_fixtures import record
from tests.dialogues.data_fixtures import HEADERS, campaign, centrum_area, media, torget  # noqa: F401

SCRIPT = "<script>alert(1)</script>"
IMG = '<img src=x onerror="alert(2)">'


@pytest.mark.usefixtures("media")
def test_a_files_cells_are_escaped_on_the_column_mapping_page(login, campaign, sjostad_analyst):
    client = login(sjostad_analyst)
    header = ";".join(HEADERS)
    cells = ";".join([SCRIPT, IMG, "18-29", "kvinna", "x", "x", "x", "x", "3", "x"])
    upload = SimpleUploadedFile("dialoger.csv", f"{header}\n{cells}\n".encode())
    response = client.post(reverse("dialogues:import_upload", args=[campaign.slug]), {"file": upload})
    assert response.status_code == 302
    batch = ImportBatch.objects.get()
    page = client.get(reverse("dialogues:import_map", args=[batch.pk])).content.decode()
    assert SCRIPT not in page and IMG not in page
    assert "Exempel: &lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_stored_option_codes_are_escaped_on_the_question_edit_page(login, campaign, sjostad_analyst):
    # A code stored before codes were restricted (or by a path that skips the form) is still shown as text.
    question = Question.objects.create(
        campaign=campaign,
        key="transport",
        kind="single",
        text_sv="Hur?",
        choices=[{"value": SCRIPT, "sv": "A", "en": "A"}, {"value": "bus", "sv": "Buss", "en": "Bus"}],
    )
    record(campaign, sjostad_analyst, answers={"transport": SCRIPT})
    client = login(sjostad_analyst)
    page = client.get(reverse("dialogues:question_edit", args=[question.pk])).content.decode()
    assert SCRIPT not in page
    assert "kan inte tas bort: &lt;script&gt;alert(1)&lt;/script&gt;." in page


def test_an_option_code_outside_the_safe_pattern_is_refused(login, campaign, sjostad_analyst):
    client = login(sjostad_analyst)
    response = client.post(
        reverse("dialogues:questionnaire", args=[campaign.slug]),
        {
            "new-kind": "single",
            "new-key": "transport",
            "new-text_sv": "Hur tog du dig hit?",
            "new-choices_text": f"{SCRIPT} | Skript\nbus | Buss\ntill fots | Till fots",
        },
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert SCRIPT not in body
    assert "Rad 1: koden får bara innehålla bokstäverna a–z" in body
    assert "Rad 3: koden får bara" in body
    assert not campaign.questions.filter(key="transport").exists()


@pytest.mark.parametrize("code", ["walk", "by_bus", "över", "a b", "x" * 41, "<b>", 'a"b', ""])
def test_the_model_validates_option_codes(campaign, code):
    question = Question(
        campaign=campaign, key="t", kind="single", text_sv="?", choices=[{"value": code}, {"value": "ok"}]
    )
    if code in ("walk", "by_bus"):
        question.full_clean()
    else:
        with pytest.raises(ValidationError):
            question.full_clean()


def test_the_national_template_and_the_demo_codes_are_valid(campaign):
    for question in campaign.questions.all():
        question.full_clean()


def test_help_text_is_escaped_by_the_field_template_whatever_builds_it():
    class Form(forms.Form):
        name = forms.CharField(help_text=SCRIPT)

    html = str(Form()["name"].as_field_group())
    assert SCRIPT not in html and "&lt;script&gt;" in html
