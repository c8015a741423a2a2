from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from lofte.situation.models import SurveyItem, SurveyResult
from lofte.situation.services import survey_import, survey_item_update, survey_items_ensure_defaults
from lofte.situation.sources import survey_rows
from lofte.situation.survey import DEFAULT_SCALE, problem_index, total_index
from lofte.situation.tabledata import ImportRejected
from tests.situation.conftest import cp1252_csv, xlsx
from tests.situation.test_sources_crime import finds_header_row


def test_problem_index_is_the_weighted_mean_without_dont_know():
    counts = {"mycket_stort": 10, "ganska_stort": 20, "ganska_litet": 30, "inget": 40, "vet_inte": 100}
    index, answers = problem_index(counts, DEFAULT_SCALE)
    assert answers == 100
    assert index == pytest.approx((10 * 6 + 20 * 4 + 30 * 2) / 100)


def test_problem_index_of_no_counted_answers_is_none():
    assert problem_index({"vet_inte": 5}, DEFAULT_SCALE) == (None, 0)
    assert total_index([None, None]) is None
    assert total_index([1.0, 2.0, None]) == 1.5


AGGREGATED = [
    [
        "Påstående",
        "År",
        "Område",
        "Mycket stort problem",
        "Ganska stort problem",
        "Ganska litet problem",
        "Inget problem",
        "Vet inte",
    ],
    ["Nedskräpning", 2020, "Centrum", 10, 20, 30, 40, 5],
    ["dalig_belysning", 2020, "Hela kommunen", 5, 5, 5, 5, 0],
]


@finds_header_row
def test_aggregated_results_below_a_title_row(partnership, centrum):
    data = xlsx([["Trygghetsmätning 2020, LPO Sjöstad"], *AGGREGATED])
    assert survey_import(partnership=partnership, data=data, filename="tm.xlsx", by=None).rows_new == 2


def test_aggregated_results_with_areas(partnership, centrum):
    data = xlsx(AGGREGATED)
    result = survey_import(partnership=partnership, data=data, filename="tm.xlsx", by=None)
    assert result.rows_new == 2
    litter = SurveyResult.objects.get(item__code="nedskrapning")
    assert litter.area == centrum
    assert litter.counts == {"mycket_stort": 10, "ganska_stort": 20, "ganska_litet": 30, "inget": 40, "vet_inte": 5}
    assert SurveyResult.objects.get(item__code="dalig_belysning").area is None
    rows = {(r.item, r.area_id): r for r in survey_rows(partnership, 2020)}
    assert rows[("nedskrapning", centrum.pk)].index == 2.0
    assert rows[("dalig_belysning", None)].index == 3.0
    assert rows[("total", centrum.pk)].index == 2.0
    again = survey_import(partnership=partnership, data=data, filename="tm.xlsx", by=None)
    assert (again.rows_new, again.rows_updated, again.rows_unchanged) == (0, 0, 2)


def test_raw_answers_are_counted_per_item_year_and_area(partnership, centrum):
    data = cp1252_csv(
        [
            "År;Område;Nedskräpning;Försäljning av narkotika",
            "2020;Centrum;Mycket stort problem;Vet inte",
            "2020;Centrum;mycket stort problem;Inget problem",
            "2020;Centrum;Inget problem;",
            "2020;;Ganska litet problem;Ganska stort problem",
        ]
    )
    survey_import(partnership=partnership, data=data, filename="svar.csv", by=None)
    litter = SurveyResult.objects.get(item__code="nedskrapning", area=centrum)
    assert litter.counts == {"mycket_stort": 2, "inget": 1}
    drugs = SurveyResult.objects.get(item__code="narkotikaforsaljning", area=centrum)
    assert drugs.counts == {"vet_inte": 1, "inget": 1}
    assert SurveyResult.objects.get(item__code="narkotikaforsaljning", area=None).counts == {"ganska_stort": 1}


def test_survey_file_with_unknown_items_answers_and_areas_stores_nothing(partnership, centrum):
    data = "År;Område;Nedskräpning\n2020;Söder;Inget problem\n2020;Centrum;Jättestort\n".encode()
    with pytest.raises(ImportRejected) as rejected:
        survey_import(partnership=partnership, data=data, filename="svar.csv", by=None)
    assert [e.split(":")[0] for e in rejected.value.errors] == ["Rad 2 i filen", "Rad 3 i filen"]
    assert not SurveyResult.objects.exists()


def test_an_items_weights_are_editable_and_change_the_index(partnership, sjostad_analyst):
    item = survey_items_ensure_defaults(partnership=partnership, by=None)[0]
    scale = [dict(a) for a in item.scale]
    scale[1]["weight"] = 5
    survey_item_update(item=item, label=item.label, theme=item.theme, scale=scale, by=sjostad_analyst)
    item.refresh_from_db()
    assert problem_index({"ganska_stort": 2}, item.scale) == (5.0, 2)
    scale[1]["weight"] = 9
    with pytest.raises(ValidationError):
        survey_item_update(item=item, label=item.label, theme=item.theme, scale=scale, by=sjostad_analyst)
    assert SurveyItem.objects.get(pk=item.pk).scale[1]["weight"] == 5
