"""The shipped library of typical commitments: every suggestion has both languages and a known theme, and is
a valid commitment as it stands (the user still edits it before saving)."""

from __future__ import annotations

import datetime as dt

from lofte.promises.library import library, suggestions_for
from lofte.promises.models import Commitment
from lofte.promises.services import commitment_create
from lofte.text.taxonomy import load_taxonomy


def test_every_suggestion_has_swedish_and_english_and_a_known_theme():
    themes = {t.id for t in load_taxonomy().themes}
    assert len(library()) >= 15
    for item in library():
        assert item.what_sv and item.what_en, item.id
        assert item.theme in themes, item.id


def test_every_suggestion_is_a_valid_commitment(focus, sjostad_analyst):
    for item in library():
        commitment_create(
            focus_area=focus,
            by=sjostad_analyst,
            what_sv=item.what_sv,
            owner=item.owner,
            partner_name=item.partner_name,
            starts_on=dt.date(2021, 1, 1),
            ends_on=dt.date(2021, 12, 31),
            target_kind=item.target_kind,
            target_value=item.target_value,
            survey_item="total" if item.target_kind == Commitment.TargetKind.SURVEY else "",
        )


def test_the_focus_areas_theme_comes_first():
    assert suggestions_for("trafik")[0].theme == "trafik"
