"""The lägesbild's dataset on a small world whose answers are known (tests/situation/conftest.py)."""

from __future__ import annotations

import pytest
from django.utils import translation

from lofte.core.models import AuditEntry
from lofte.situation import words
from lofte.situation.dataset import SCHEMA, compute
from lofte.situation.models import Incident, Report
from lofte.situation.refs import UnknownRef, resolve
from lofte.situation.services import report_compute
from tests.situation.conftest import at

pytestmark = pytest.mark.django_db


def cell(data, theme, area=None):
    return next(c for c in data["matrix"] if c["theme"] == theme and c["area"] == area)


def test_dialogue_shares_come_from_the_latest_finished_run_per_campaign(partnership, world):
    data = compute(partnership=partnership, year=2020)
    assert data["schema"] == SCHEMA
    assert data["sources"]["dialogues"]["count"] == 11
    kommun = cell(data, "alkohol_berusning")
    assert kommun["dialogues"] == {"count": 5, "of": 11, "share": 0.455, "prev_share": 0.25}
    centrum = cell(data, "alkohol_berusning", world.centrum.pk)
    assert (centrum["dialogues"]["count"], centrum["dialogues"]["of"], centrum["dialogues"]["share"]) == (5, 6, 0.833)
    # The older run coded everything "annat": none of it is counted.
    assert all(c["dialogues"]["count"] == 0 for c in data["matrix"] if c["theme"] == "annat")


def test_incident_rates_per_1000_use_the_areas_population_and_the_kommun_sums_its_areas(partnership, world):
    data = compute(partnership=partnership, year=2020)
    assert data["population"] == 3000
    assert cell(data, "alkohol_berusning", world.centrum.pk)["incidents"]["count"] == 11
    assert cell(data, "alkohol_berusning", world.centrum.pk)["incidents"]["per_1000"] == 5.5
    assert cell(data, "alkohol_berusning")["incidents"]["per_1000"] == 3.67
    assert cell(data, "trafik", world.norr.pk)["incidents"]["per_1000"] == 2.0


def test_only_the_partnerships_kommuns_police_events_count(partnership, world):
    data = compute(partnership=partnership, year=2020)
    assert data["sources"]["police_events"] == {"count": 9, "precision": "kommun", "kommunkod": "9901"}
    events = cell(data, "alkohol_berusning")["events"]
    assert events == {"count": 6, "per_1000": 2.0, "prev_per_1000": 0.67}
    # Police events are never placed in an area: only the kommun's row has them.
    assert all("events" not in c for c in data["matrix"] if c["area"] is not None)
    assert not [p for p in data["points"] if p["kind"] == "event"]


def test_agreement_and_disagreement_are_said_in_words(partnership, world):
    data = compute(partnership=partnership, year=2020)
    centrum = cell(data, "alkohol_berusning", world.centrum.pk)
    assert centrum["agreement"] == "agree"
    assert centrum["agreement_text"] == (
        "Dialogerna och polisens geokodade händelser pekar båda ut Centrum för alkohol och berusning."
    )
    kommun = cell(data, "alkohol_berusning")
    assert kommun["agreement"] == "agree"
    assert "pekar alla ut hela kommunen" in kommun["agreement_text"]
    norr = cell(data, "belysning", world.norr.pk)
    assert norr["agreement"] == "disagree"
    assert norr["agreement_text"] == "Dialogerna pekar ut belysning i Norr, men inga geokodade händelser finns där."
    drugs = cell(data, "narkotika", world.centrum.pk)
    assert drugs["survey"]["index"] == 4.0
    assert drugs["agreement_text"] == "Trygghetsmätningen pekar ut narkotika i Centrum, men inga dialoger tar upp det."


def test_a_source_that_never_records_a_theme_does_not_disagree_about_it(partnership, world):
    data = compute(partnership=partnership, year=2020)
    # The police events are only Fylleri/LOB and Misshandel: silent on lighting, they cannot disagree about it.
    # One incident is about lighting, so the incidents can (1 of the kommun's 14 is not a tenth).
    kommun = cell(data, "belysning")
    assert kommun["points_out"] == ["dialogues"] and kommun["agreement"] == "disagree"
    assert "händelselista" not in kommun["agreement_text"]
    assert kommun["agreement_text"] == (
        "Dialogerna pekar ut belysning i hela kommunen, men få av polisens geokodade händelser handlar om det."
    )


def test_time_profile_puts_coded_times_and_incidents_on_hours_and_weekdays(partnership, world):
    data = compute(partnership=partnership, year=2020)
    profile = data["time_profile"]
    # "evening" + "weekend": Friday to Sunday 18–21; "night": every day 22–05.
    assert profile["dialogues"][4][18] == 3 and profile["dialogues"][6][21] == 3
    assert profile["dialogues"][0][18] == 0
    assert profile["dialogues"][0][23] == 5 and profile["dialogues"][3][2] == 5
    assert profile["dialogue_periods"] == {"natt": 5, "kväll": 3, "helg": 3}
    # 3 April 2020 was a Friday; events without a time of their own stay out of the grid.
    assert profile["events"][4][22] == 6
    assert sum(map(sum, profile["events"])) == 6
    assert sum(map(sum, profile["incidents"])) == 14


def test_hotspot_is_the_place_and_hours_far_above_their_own_baseline(partnership, world):
    data = compute(partnership=partnership, year=2020)
    assert len(data["hotspots"]) == 1
    spot = data["hotspots"][0]
    assert (spot["place"], spot["band"], spot["hours"], spot["recent"]) == ("Torget", "kväll", [21], 10)
    assert spot["baseline"] == 0.08 and spot["score"] == 10.15
    rows = resolve(partnership, 2020, spot["ref"], data)
    assert rows.incident_total == 10


def test_trends_cover_every_year_and_change_since_last_year(partnership, world):
    data = compute(partnership=partnership, year=2020)
    assert data["years"] == [2019, 2020]
    t = {(r["year"], r["theme"]): r for r in data["trends"]}
    assert t[(2019, "alkohol_berusning")]["dialogue_share"] == 0.25
    assert t[(2019, "alkohol_berusning")]["events"] == 2
    assert t[(2020, "alkohol_berusning")]["incidents"] == 11


def test_candidates_rank_themes_with_their_evidence(partnership, world):
    data = compute(partnership=partnership, year=2020)
    first = data["candidates"][0]
    assert first["rank"] == 1 and first["theme"] == "alkohol_berusning"
    assert first["area_names"][0] == "Centrum"
    assert first["times"] == ["kväll"]
    assert first["evidence"][0]["text"] == "5 av 11 dialoger (45 %) tar upp alkohol och berusning."


def test_every_ref_in_the_dataset_resolves_to_the_rows_behind_its_number(partnership, world):
    data = compute(partnership=partnership, year=2020)
    for c in data["matrix"]:
        rows = resolve(partnership, 2020, c["ref"], data)
        assert len(rows.dialogue_ids) == c["dialogues"]["count"], c["ref"]
        assert rows.incident_total == c["incidents"]["count"], c["ref"]
        if c["area"] is None:
            assert rows.events.count() == c["events"]["count"], c["ref"]
    for p in data["points"]:
        rows = resolve(partnership, 2020, p["ref"], data)
        assert (rows.incident_total if p["kind"] == "incident" else len(rows.dialogue_ids)) == p["count"]
    for source in ("dialogues", "incidents", "events"):
        grid = data["time_profile"][source]
        for d in range(7):
            for h in range(24):
                if grid[d][h]:
                    rows = resolve(partnership, 2020, f"time:{source}:{d}:{h}", data)
                    found = {
                        "dialogues": len(rows.dialogue_ids),
                        "incidents": rows.incident_total,
                        "events": rows.events.count() if rows.events is not None else 0,
                    }[source]
                    assert found == grid[d][h], (source, d, h)
    for candidate in data["candidates"]:
        for evidence in candidate["evidence"]:
            resolve(partnership, 2020, evidence["ref"], data)
    for area in data["area_measures"]:
        assert resolve(partnership, 2020, area["ref"], data).incident_total == area["incidents"]


def test_unknown_refs_are_refused(partnership, world):
    for ref in ("", "cell:x", "hotspot:9", "time:weather:1:2", "cell:belysning:abc"):
        with pytest.raises(UnknownRef):
            resolve(partnership, 2020, ref, {"hotspots": []})


def test_report_compute_stores_the_dataset_and_audits(partnership, world, sjostad_analyst):
    report = report_compute(partnership=partnership, year=2020, by=sjostad_analyst)
    report_compute(partnership=partnership, year=2020, by=sjostad_analyst)
    stored = Report.objects.get(partnership=partnership, year=2020)
    assert stored.pk == report.pk and stored.dataset_computed_at is not None
    assert stored.dataset["sources"]["dialogues"]["count"] == 11
    entries = AuditEntry.objects.filter(action="situation.report_compute", target_id=str(report.pk))
    assert entries.count() == 2 and entries.first().actor == sjostad_analyst


def test_a_year_without_sources_gives_an_empty_but_complete_dataset(partnership):
    data = compute(partnership=partnership, year=2030)
    assert data["sources"]["dialogues"]["count"] == 0
    assert data["hotspots"] == [] and data["candidates"] == []
    assert len(data["time_profile"]["dialogues"]) == 7


def test_the_task_computes_through_the_same_service(partnership, world):
    from lofte.situation.tasks import compute_report

    report_id = compute_report.call(partnership_id=partnership.pk, year=2020, user_id=None)
    assert Report.objects.get(pk=report_id).dataset["sources"]["dialogues"]["count"] == 11


def test_a_place_and_band_is_listed_once_when_neighbouring_cells_both_lie_nearest_it(partnership, world):
    for i in range(6):  # the next grid cell north, still nearest Torget
        Incident.objects.create(
            partnership=partnership, occurred_at=at(2020, 12, 1 + i, 22), category="Berusad",
            theme="alkohol_berusning", area=world.centrum, lat=58.5052, lng=13.1572, row_key=f"north{i}",
        )  # fmt: skip
    data = compute(partnership=partnership, year=2020)
    assert [(s["place"], s["band"]) for s in data["hotspots"]] == [("Torget", "kväll")]
    assert data["hotspots"][0]["recent"] == 10  # the stronger cell, whose rows its ref resolves to


def test_the_words_on_agreement_are_made_again_in_the_readers_language(partnership, world):
    data = compute(partnership=partnership, year=2020)
    assert [words.agreement_text(data, c) for c in data["matrix"]] == [c["agreement_text"] for c in data["matrix"]]
    norr = cell(data, "belysning", world.norr.pk)
    with translation.override("en"):
        shown = words.agreement_text(data, norr)
    assert shown.startswith("The dialogues") and "lighting in Norr" in shown


def test_a_dataset_computed_in_english_keeps_swedish_and_english_theme_labels(partnership, world):
    with translation.override("en"):
        data = compute(partnership=partnership, year=2020)
    lighting = next(t for t in data["themes"] if t["id"] == "belysning")
    assert (lighting["label_sv"], lighting["label_en"]) == ("Belysning", "Lighting")
