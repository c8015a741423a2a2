"""Forms report their errors on the page, in the page's language: the browser's own validation bubbles (in
the browser's language, before the page's error summary can say anything) are turned off everywhere."""

from __future__ import annotations

import re
from pathlib import Path

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
FORM = re.compile(r"<form\b([^>]*)>(.*?)</form>", re.S)
# What a person fills in: a rendered Django form or field, the questionnaire's parts, or a visible input.
FIELDS = re.compile(
    r"includes/form\.html|_answers\.html|_respondent\.html|_contact\.html|_choice_field\.html"
    r"|\{\{\s*(form|field|point)\b|<textarea|<select|<input\b(?![^>]*type=\"hidden\")"
)


def test_every_form_with_fields_leaves_validation_to_the_page():
    offenders = []
    for path in sorted(TEMPLATES.rglob("*.html")):
        text = path.read_text(encoding="utf-8")
        for match in FORM.finditer(text):
            attributes, body = match.groups()
            if FIELDS.search(body) and "novalidate" not in attributes:
                offenders.append(f"{path.relative_to(TEMPLATES)}:{text[: match.start()].count(chr(10)) + 1}")
    assert not offenders, f"forms without novalidate: {offenders}"
