"""Importing captures of the police's public events list: every quirk of the real feed, stored state asserted."""

from __future__ import annotations

import datetime as dt
import json
from io import StringIO
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.core.management import CommandError, call_command

from lofte.situation.kommuner import kommuner, resolve_county, resolve_kommun
from lofte.situation.models import PoliceEvent, PoliceEventImport, PoliceEventVersion
from lofte.situation.police import PoliceFeedError, parse_feed_datetime, police_event_theme
from lofte.situation.services import police_events_import

DATA = Path(__file__).with_name("data")
MORNING = DATA / "events-2020-03-29T0900Z.json"
EVENING = DATA / "events-2020-03-29T2100Z.json"
NEW_YEAR = DATA / "events-2021-01-01T0200Z.json"
STOCKHOLM = ZoneInfo("Europe/Stockholm")


def _import(*paths: Path):
    return police_events_import(files=[(p.name, p.read_bytes()) for p in paths])


def test_the_shipped_list_has_290_kommuner_with_unique_scb_codes_in_21_counties() -> None:
    rows = kommuner()
    assert len(rows) == 290
    assert len({k.code for k in rows}) == 290
    assert all(len(k.code) == 4 and k.code.isdigit() and k.code.startswith(k.county_code) for k in rows)
    assert len({k.county for k in rows}) == 21


@pytest.mark.parametrize(
    ("written", "code"),
    [
        ("Malung-Sälen", "2023"),
        ("malung-sälen", "2023"),
        ("Upplands Väsby", "0114"),
        ("Upplands väsby", "0114"),
        ("Falu", "2080"),
        ("Falun", "2080"),
        ("Falu kommun", "2080"),
        ("Dals-Ed", "1438"),
        ("Dals-ed", "1438"),
        ("Gotland", "0980"),
        ("Region Gotland", "0980"),
        ("Göteborg", "1480"),
        ("Göteborgs stad", "1480"),
        ("Malmö", "1280"),
        ("Stockholms kommun", "0180"),
        ("Borås", "1490"),
    ],
)
def test_kommun_names_resolve_whatever_their_case_and_spelling(written: str, code: str) -> None:
    kommun = resolve_kommun(written)
    assert kommun is not None
    assert kommun.code == code


def test_a_county_is_not_a_kommun() -> None:
    assert resolve_kommun("Örebro län") is None
    assert resolve_county("Örebro län") == "Örebro län"
    assert resolve_county("västra götalands län") == "Västra Götalands län"
    assert resolve_county("Gotland") is None  # the kommun first


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2018-04-13 9:58:49 +02:00", dt.datetime(2018, 4, 13, 7, 58, 49, tzinfo=dt.UTC)),
        ("2018-01-13 9:58:49 +01:00", dt.datetime(2018, 1, 13, 8, 58, 49, tzinfo=dt.UTC)),
        ("2018-04-13 19:08:00 +02:00", dt.datetime(2018, 4, 13, 17, 8, 0, tzinfo=dt.UTC)),
        ("2018-04-13T09:58:49Z", dt.datetime(2018, 4, 13, 9, 58, 49, tzinfo=dt.UTC)),
        ("2018-04-13 9:58", None),  # no offset: not an aware time
        ("2018-02-30 9:58:49 +01:00", None),
        ("igår", None),
    ],
)
def test_feed_times_without_zero_padding_become_aware_datetimes(value: str, expected: dt.datetime | None) -> None:
    assert parse_feed_datetime(value) == expected


@pytest.mark.django_db
def test_a_capture_is_stored_with_aware_times_from_mixed_winter_and_summer_offsets() -> None:
    result = _import(MORNING)
    assert (result.new, result.updated, result.unchanged, result.rejected) == (11, 0, 0, 1)
    winter = PoliceEvent.objects.get(police_id=7099)
    summer = PoliceEvent.objects.get(police_id=7110)
    assert winter.published_at == dt.datetime(2020, 3, 27, 8, 30, 2, tzinfo=dt.UTC)
    assert summer.published_at == dt.datetime(2020, 3, 29, 2, 2, 55, tzinfo=dt.UTC)
    # The name's clock time is Swedish local time on either side of the change to summer time.
    assert winter.occurred_at.astimezone(STOCKHOLM).replace(tzinfo=None) == dt.datetime(2020, 3, 27, 9, 5)
    assert summer.occurred_at.astimezone(STOCKHOLM).replace(tzinfo=None) == dt.datetime(2020, 3, 29, 3, 12)


@pytest.mark.django_db
def test_county_locations_take_the_kommun_from_the_name_whatever_its_case() -> None:
    _import(MORNING)
    accident = PoliceEvent.objects.get(police_id=7099)
    assert (accident.location_name, accident.kommun, accident.kommunkod) == ("Västra Götalands län", "Härryda", "1401")
    assert accident.county == "Västra Götalands län"
    lowercase = PoliceEvent.objects.get(police_id=7110)  # "…, Rattfylleri, härryda"
    assert (lowercase.kommun, lowercase.kommunkod) == ("Härryda", "1401")
    falu = PoliceEvent.objects.get(police_id=7103)  # "…, Fylleri/LOB, Falu" in Dalarnas län
    assert (falu.kommun, falu.kommunkod, falu.county) == ("Falun", "2080", "Dalarnas län")
    gotland = PoliceEvent.objects.get(police_id=7109)
    assert (gotland.kommun, gotland.kommunkod) == ("Gotland", "0980")


@pytest.mark.django_db
def test_an_event_that_names_only_a_county_has_no_kommun() -> None:
    _import(MORNING, NEW_YEAR)
    summary = PoliceEvent.objects.get(police_id=7105)
    assert summary.kommun is None and summary.kommunkod is None
    assert summary.county == "Västra Götalands län"
    robbery = PoliceEvent.objects.get(police_id=8003)
    assert (robbery.kommun, robbery.kommunkod, robbery.county) == (None, None, "Stockholms län")


@pytest.mark.django_db
def test_kommun_spellings_of_the_feed_resolve_to_the_official_names() -> None:
    _import(MORNING)
    assert PoliceEvent.objects.get(police_id=7104).kommun == "Malung-Sälen"  # location "Malung-sälen"
    assert PoliceEvent.objects.get(police_id=7108).kommunkod == "0114"  # "Upplands Väsby"
    assert PoliceEvent.objects.get(police_id=7100).kommun == "Dals-Ed"  # "Dals-ed"
    assert PoliceEvent.objects.get(police_id=7111).kommunkod == "1880"  # Örebro län, "…, Örebro"


@pytest.mark.django_db
def test_relative_urls_are_made_absolute_and_absolute_ones_kept() -> None:
    _import(MORNING)
    relative = PoliceEvent.objects.get(police_id=7101)
    assert relative.url == ("https://polisen.se/aktuellt/handelser/2020/mars/27/27-mars-21.14-misshandel-goteborg/")
    absolute = PoliceEvent.objects.get(police_id=7109)
    assert absolute.url == "https://polisen.se/aktuellt/handelser/2020/mars/28/28-mars-19.00-brand-gotland/"


@pytest.mark.django_db
def test_summaries_cut_mid_word_are_kept_as_the_police_wrote_them() -> None:
    _import(MORNING)
    assert PoliceEvent.objects.get(police_id=7108).summary == "Flera bilar har fått sina rutor krossa"
    assert PoliceEvent.objects.get(police_id=7102).summary == ""


@pytest.mark.django_db
def test_gps_string_becomes_floats_and_an_empty_one_none() -> None:
    _import(MORNING, EVENING)
    event = PoliceEvent.objects.get(police_id=7102)
    assert (event.lat, event.lng) == (57.691744, 12.294416)
    no_gps = PoliceEvent.objects.get(police_id=7114)
    assert (no_gps.lat, no_gps.lng) == (None, None)


@pytest.mark.django_db
def test_an_event_published_on_new_years_day_naming_31_december_belongs_to_the_year_before() -> None:
    _import(NEW_YEAR)
    late = PoliceEvent.objects.get(police_id=8001)
    assert late.occurred_at.astimezone(STOCKHOLM).replace(tzinfo=None) == dt.datetime(2020, 12, 31, 23, 50)
    early = PoliceEvent.objects.get(police_id=8002)
    assert early.occurred_at.astimezone(STOCKHOLM).replace(tzinfo=None) == dt.datetime(2021, 1, 1, 0, 20)


@pytest.mark.django_db
def test_a_name_without_a_time_leaves_occurred_at_empty() -> None:
    _import(EVENING)
    assert PoliceEvent.objects.get(police_id=7112).occurred_at is None  # "29 mars, Stöld, Göteborg"


@pytest.mark.django_db
def test_overlapping_captures_update_an_edited_event_keep_its_previous_version_and_never_duplicate() -> None:
    _import(MORNING)
    before = PoliceEvent.objects.get(police_id=7099)
    result = _import(EVENING)
    # 7113, 7112, 7107 (unreadable this morning), 7114 are new; 7099 was edited; five are as they were.
    assert (result.new, result.updated, result.unchanged, result.rejected) == (4, 1, 5, 1)
    assert PoliceEvent.objects.filter(police_id=7099).count() == 1
    edited = PoliceEvent.objects.get(police_id=7099)
    assert edited.summary.endswith("vägen är öppen igen.")
    version = PoliceEventVersion.objects.get(event=edited)
    assert version.data["summary"] == before.summary
    assert version.data["content_hash"] == before.content_hash
    assert PoliceEvent.objects.count() == 15


@pytest.mark.django_db
def test_importing_the_same_captures_again_changes_nothing() -> None:
    _import(MORNING, EVENING, NEW_YEAR)
    snapshot = list(PoliceEvent.objects.values_list("police_id", "content_hash", "updated_at"))
    versions = list(PoliceEventVersion.objects.values_list("pk", flat=True))
    result = _import(MORNING, EVENING, NEW_YEAR)
    assert (result.new, result.updated, result.unchanged, result.rejected) == (0, 0, 25, 2)
    assert list(PoliceEvent.objects.values_list("police_id", "content_hash", "updated_at")) == snapshot
    assert list(PoliceEventVersion.objects.values_list("pk", flat=True)) == versions


@pytest.mark.django_db
def test_an_older_capture_imported_after_a_newer_one_never_reverts_an_edit() -> None:
    _import(MORNING)
    _import(EVENING)
    result = _import(MORNING)
    assert result.updated == 0
    assert PoliceEvent.objects.get(police_id=7099).summary.endswith("vägen är öppen igen.")
    assert PoliceEventVersion.objects.count() == 1


@pytest.mark.django_db
def test_an_edit_between_two_captures_imported_together_keeps_the_earlier_version() -> None:
    result = _import(MORNING, EVENING)
    assert result.updated == 1
    edited = PoliceEvent.objects.get(police_id=7099)
    assert edited.summary.endswith("vägen är öppen igen.")
    assert [v.data["summary"] for v in edited.versions.all()] == [
        "Två bilar har kolliderat på riksväg 40 vid Mölnlycke. En person förd till sjukhus med"
    ]


@pytest.mark.django_db
def test_the_same_capture_twice_is_unchanged_and_stores_no_version() -> None:
    _import(MORNING)
    result = _import(MORNING)
    assert (result.new, result.updated, result.unchanged, result.rejected) == (0, 0, 11, 1)
    assert not PoliceEventVersion.objects.exists()


@pytest.mark.django_db
def test_events_are_matched_by_id_not_by_position_in_an_unsorted_file() -> None:
    _import(EVENING)
    ids = list(PoliceEvent.objects.order_by("police_id").values_list("police_id", flat=True))
    assert ids == sorted({7099, 7101, 7105, 7107, 7108, 7110, 7111, 7112, 7113, 7114})


@pytest.mark.django_db
def test_bad_events_are_rejected_with_their_reason_while_the_good_ones_import() -> None:
    result = _import(MORNING, EVENING)
    reasons = {(r.filename, r.position): r.reason for r in result.rejections}
    assert "igår kväll" in reasons[(MORNING.name, 8)]
    assert "id" in reasons[(EVENING.name, 8)]
    record = PoliceEventImport.objects.get()
    assert record.events_rejected == 2
    assert {r["position"] for r in record.rejections} == {8}


@pytest.mark.django_db
@pytest.mark.parametrize(
    "content",
    [
        (DATA / "not-the-feed.json").read_bytes(),
        (DATA / "truncated.json").read_bytes(),
        b"\xff\xfe{}",
        b"[1, 2, 3]",
        "Datum;Händelse\n2020-03-01;Stöld\n".encode(),
    ],
    ids=["object", "truncated", "not-utf8", "array-of-numbers", "csv"],
)
def test_a_file_not_in_the_feeds_format_stores_nothing_not_even_the_other_files(content: bytes) -> None:
    with pytest.raises(PoliceFeedError) as error:
        police_events_import(files=[(MORNING.name, MORNING.read_bytes()), ("fel.json", content)])
    assert "fel.json" in error.value.message
    assert not PoliceEvent.objects.exists()
    assert not PoliceEventImport.objects.exists()


@pytest.mark.django_db
def test_an_empty_list_is_a_valid_capture() -> None:
    result = police_events_import(data=b"\xef\xbb\xbf[]")
    assert (result.new, result.rejected) == (0, 0)


@pytest.mark.django_db
def test_the_command_ends_with_one_summary_line(tmp_path) -> None:
    out, err = StringIO(), StringIO()
    call_command("import_police_events", str(MORNING), str(EVENING), stdout=out, stderr=err)
    lines = out.getvalue().strip().splitlines()
    assert lines[-1] == "police events: 15 new, 1 updated, 5 unchanged, 2 rejected"
    assert "igår kväll" in err.getvalue()
    assert PoliceEvent.objects.count() == 15
    record = PoliceEventImport.objects.get()
    assert record.via == PoliceEventImport.Via.COMMAND
    assert record.imported_by is None


@pytest.mark.django_db
def test_the_command_refuses_a_broken_file_in_swedish_and_stores_nothing() -> None:
    with pytest.raises(CommandError, match="inte giltig JSON"):
        call_command("import_police_events", str(MORNING), str(DATA / "truncated.json"), stdout=StringIO())
    assert not PoliceEvent.objects.exists()


@pytest.mark.django_db
def test_the_command_names_a_missing_file(tmp_path) -> None:
    with pytest.raises(CommandError, match="finns inte"):
        call_command("import_police_events", str(tmp_path / "saknas.json"), stdout=StringIO())


@pytest.mark.parametrize(
    ("kind", "theme"),
    [
        ("Misshandel", "vald_hot"),
        ("Misshandel, grov", "vald_hot"),
        ("Narkotikabrott", "narkotika"),
        ("Skadegörelse", "skadegorelse"),
        ("Rattfylleri", "trafik"),
        ("Trafikbrott", "trafik"),
        ("Trafikkontroll", "trafik"),
        ("Trafikolycka, personskada", "trafik"),
        ("Inbrott", "inbrott_stold"),
        ("Stöld", "inbrott_stold"),
        ("Stöld/inbrott", "inbrott_stold"),
        ("Bedrägeri", "bedrageri"),
        ("Fylleri/LOB", "alkohol_berusning"),
        ("Rån", "vald_hot"),
        ("Olaga hot", "vald_hot"),
        ("Brand", None),  # a house fire is not vandalism; the type does not say which fire it was
        ("Sammanfattning natt", None),
        ("Något helt nytt", None),
    ],
)
def test_police_event_types_map_to_theme_ids(kind: str, theme: str | None) -> None:
    assert police_event_theme(kind) == theme


def test_every_mapped_theme_is_a_theme_of_the_taxonomy() -> None:
    from lofte.situation.police import police_event_themes
    from lofte.text import load_taxonomy

    ids = {theme.id for theme in load_taxonomy().themes}
    assert {t for t in police_event_themes().values() if t} <= ids


def test_capture_files_carry_the_quirks_they_are_named_for() -> None:
    """The fixtures themselves: BOM, unpadded hours, both offsets, relative URLs, unsorted ids."""
    raw = MORNING.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    events = json.loads(raw.decode("utf-8-sig"))
    times = [e["datetime"] for e in events]
    assert any(" 9:" in t for t in times)
    assert any(t.endswith("+01:00") for t in times) and any(t.endswith("+02:00") for t in times)
    assert any(e["url"].startswith("/") for e in events)
    ids = [e["id"] for e in events]
    assert ids != sorted(ids)


@pytest.mark.django_db
def test_an_import_that_loses_a_race_on_an_id_runs_once_more_against_what_is_stored(monkeypatch) -> None:
    from django.db import IntegrityError

    from lofte.situation import services

    real, calls = services._store_police_events, []

    def racing(parsed, result):  # type: ignore[no-untyped-def]
        calls.append(1)
        if len(calls) == 1:
            raise IntegrityError("UNIQUE constraint failed: situation_policeevent.police_id")
        return real(parsed, result)

    monkeypatch.setattr(services, "_store_police_events", racing)
    result = _import(MORNING)
    assert len(calls) == 2
    assert (result.new, result.rejected) == (11, 1)
    assert PoliceEvent.objects.count() == 11
    assert PoliceEventImport.objects.count() == 1
