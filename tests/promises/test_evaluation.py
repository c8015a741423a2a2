"""The yearly evaluation: utlovat – utfall per commitment, the lägesbild's measures in the targeted areas beside
the rest of the kommun, drafted text in versions every party agrees to, publication (the promise is then
evaluated), the public page, PDF and JSON, and the next year's drafting page."""

from __future__ import annotations

import copy
import datetime as dt
import json
import re
import uuid

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from lofte.core.models import Area
from lofte.promises import evaluation as ev
from lofte.promises.models import Commitment, Evaluation, Promise
from lofte.promises.services import (
    activity_log,
    commitment_create,
    focus_area_add,
    promise_approve,
    promise_create,
    promise_new_version,
    promise_publish,
)
from lofte.situation.models import Report
from tests.situation.report_fixtures import build_dataset

TODAY = dt.date(2022, 1, 20)


@pytest.fixture
def areas(sjostad) -> dict[str, Area]:
    return {name: Area.objects.create(organisation=sjostad, name=name) for name in ("Centrum", "Norra", "Hamnen")}


@pytest.fixture
def lagesbilder(partnership, areas) -> None:
    """The lägesbild of 2020 (the year before) and of 2021 (the promise's year): in Centrum fewer residents raise
    drugs in 2021; in the rest of the kommun as many as before."""
    layout = [
        (areas["Centrum"].pk, "Centrum", 4200),
        (areas["Norra"].pk, "Norra", 6100),
        (areas["Hamnen"].pk, "Hamnen", 2300),
    ]
    before = build_dataset(year=2020, areas=layout)
    after = copy.deepcopy(build_dataset(year=2021, areas=layout))
    for cell in after["matrix"]:
        if cell["theme"] == "narkotika" and cell["area"] == areas["Centrum"].pk:
            cell["dialogues"]["count"] = 26  # 52 of 238 before: half
            cell["incidents"]["count"] = 29
    now = timezone.now()
    Report.objects.create(partnership=partnership, year=2020, dataset=before, dataset_computed_at=now)
    Report.objects.create(partnership=partnership, year=2021, dataset=after, dataset_computed_at=now)


@pytest.fixture
def promise(partnership, areas, signatories, sjostad, lpo_sjostad, dialogue_staff) -> Promise:
    """2021's promise, published: drugs in Centrum, one count commitment reached and one yes/no not done."""
    municipal, police = signatories
    promise = promise_create(partnership=partnership, by=municipal, start_year=2021, title_sv="Medborgarlöfte 2021")
    focus = focus_area_add(
        promise=promise,
        by=municipal,
        theme="narkotika",
        title_sv="Mindre narkotika i centrum",
        areas=[areas["Centrum"]],
    )
    visits = commitment_create(
        focus_area=focus,
        by=municipal,
        what_sv="Polisen besöker fritidsgården",
        owner=Commitment.Owner.POLICE,
        starts_on=dt.date(2021, 1, 1),
        ends_on=dt.date(2021, 12, 31),
        target_kind=Commitment.TargetKind.COUNT,
        target_value=10,
    )
    commitment_create(
        focus_area=focus,
        by=municipal,
        what_sv="Ny belysning i gångtunneln",
        owner=Commitment.Owner.MUNICIPALITY,
        starts_on=dt.date(2021, 1, 1),
        ends_on=dt.date(2021, 10, 31),
        target_kind=Commitment.TargetKind.YES_NO,
    )
    promise_approve(promise=promise, organisation=sjostad, by=municipal)
    promise_approve(promise=promise, organisation=lpo_sjostad, by=police)
    promise_publish(promise=promise, by=municipal)
    for number in range(6):
        activity_log(
            commitment=visits,
            by=dialogue_staff,
            occurred_on=dt.date(2021, 3, 1) + dt.timedelta(days=30 * number),
            what="Besök",
            count=2,
            idempotency_key=uuid.uuid4(),
        )
    return promise


def _agree_all(evaluation: Evaluation, signatories, sjostad, lpo_sjostad) -> None:
    municipal, police = signatories
    version = ev.current_version(evaluation)
    ev.evaluation_agree(evaluation=evaluation, version=version, organisation=sjostad, by=municipal)
    ev.evaluation_agree(evaluation=evaluation, version=version, organisation=lpo_sjostad, by=police)


def test_analyst_drafts_an_evaluation_with_target_beside_outcome_and_measures_beside_the_rest(
    promise, lagesbilder, areas, sjostad_analyst
):
    version = ev.evaluation_draft(promise=promise, by=sjostad_analyst, today=TODAY)

    stored = Evaluation.objects.get(promise=promise).versions.get()
    assert stored.pk == version.pk and stored.drafted
    figures = stored.figures
    assert figures["summary"] == {"commitments": 2, "reached": 1}
    visits, lighting = figures["commitments"]
    assert (visits["target_value"], visits["outcome_value"], visits["reached"]) == (10, 12, True)
    assert (lighting["outcome"], lighting["reached"]) == ("inte genomfört", False)
    assert figures["comparison"] == {"before_year": 2020, "after_year": 2021, "available": True}
    share = next(m for m in figures["focus_areas"][0]["measures"] if m["measure"] == "dialogue_share")
    assert share["targeted"]["before"] == pytest.approx(52 / 238, abs=0.001)
    assert share["targeted"]["after"] == pytest.approx(26 / 238, abs=0.001)
    assert share["rest"]["before"] == share["rest"]["after"] == pytest.approx((38 + 29) / (241 + 133), abs=0.001)
    text = {s["key"]: s["text"] for s in stored.sections}
    assert "Av 2 åtaganden nådde 1 sitt mål." in text["sammanfattning"]
    assert "lägesbilden 2020, året före löftet, med lägesbilden 2021" in ev.comparison_note(figures)
    assert "Inte nått: Ny belysning i gångtunneln" in text["nasta-ar"]
    focus_text = text[f"fokus-{figures['focus_areas'][0]['id']}"]
    assert focus_text.startswith("1 av 2 åtaganden nådde sitt mål.")
    assert "Ny belysning i gångtunneln: utlovat genomfört senast 2021-10-31, utfall inte genomfört." in focus_text
    assert "Andel av dialogerna som tar upp temat i Centrum: från 22 % till 11 %; i resten av kommunen" in focus_text
    # Drafted, never public: the promise stays published until every party agreed and it was published.
    promise.refresh_from_db()
    assert promise.status == Promise.Status.PUBLISHED


def test_without_both_lagesbilder_the_evaluation_says_the_measures_cannot_be_compared(promise, sjostad_analyst):
    version = ev.evaluation_draft(promise=promise, by=sjostad_analyst, today=TODAY)
    assert version.figures["comparison"]["available"] is False
    assert version.figures["focus_areas"][0]["measures"] == []
    assert "behövs en beräknad lägesbild för både 2020 och 2021" in ev.comparison_note(version.figures)


def test_a_draft_promise_cannot_be_evaluated(draft, sjostad_analyst):
    with pytest.raises(ValidationError):
        ev.evaluation_draft(promise=draft, by=sjostad_analyst)
    assert not Evaluation.objects.exists()


def test_an_edited_section_is_a_new_version_that_every_party_agrees_to_again(
    promise, signatories, sjostad, lpo_sjostad, sjostad_analyst
):
    ev.evaluation_draft(promise=promise, by=sjostad_analyst, today=TODAY)
    evaluation = Evaluation.objects.get()
    _agree_all(evaluation, signatories, sjostad, lpo_sjostad)

    edited = ev.evaluation_section_save(
        evaluation=evaluation,
        key="sammanfattning",
        text="Ett bra år, men tunneln är fortfarande mörk.",
        based_on=1,
        by=sjostad_analyst,
    )

    assert edited.number == 2 and not edited.drafted
    assert edited.figures == evaluation.versions.get(number=1).figures
    assert edited.agreements.count() == 0
    assert not ev.all_agreed(promise, edited)
    with pytest.raises(ValidationError):  # someone saved version 2 while this one edited version 1
        ev.evaluation_section_save(
            evaluation=evaluation, key="sammanfattning", text="Annat", based_on=1, by=sjostad_analyst
        )
    with pytest.raises(ValidationError):  # version 1 is no longer the one to agree to
        ev.evaluation_agree(
            evaluation=evaluation, version=evaluation.versions.get(number=1), organisation=sjostad, by=signatories[0]
        )


def test_a_partys_signatory_agrees_only_for_their_own_party(promise, signatories, sjostad, sjostad_analyst):
    ev.evaluation_draft(promise=promise, by=sjostad_analyst, today=TODAY)
    evaluation = Evaluation.objects.get()
    _municipal, police = signatories
    with pytest.raises(PermissionDenied):
        ev.evaluation_agree(
            evaluation=evaluation, version=ev.current_version(evaluation), organisation=sjostad, by=police
        )
    assert not ev.current_version(evaluation).agreements.exists()


def test_publishing_waits_for_every_party_and_then_the_promise_is_evaluated(
    promise, signatories, sjostad, lpo_sjostad, sjostad_analyst
):
    ev.evaluation_draft(promise=promise, by=sjostad_analyst, today=TODAY)
    evaluation = Evaluation.objects.get()
    municipal, _police = signatories
    ev.evaluation_agree(
        evaluation=evaluation, version=ev.current_version(evaluation), organisation=sjostad, by=municipal
    )
    with pytest.raises(ValidationError):
        ev.evaluation_publish(evaluation=evaluation, by=sjostad_analyst)
    assert Promise.objects.get(pk=promise.pk).status == Promise.Status.PUBLISHED

    _agree_all(evaluation, signatories, sjostad, lpo_sjostad)
    ev.evaluation_publish(evaluation=evaluation, by=sjostad_analyst)

    evaluation.refresh_from_db()
    assert evaluation.published_at is not None and evaluation.published_by == sjostad_analyst
    assert Promise.objects.get(pk=promise.pk).status == Promise.Status.EVALUATED
    signed = ev.current_version(evaluation).agreements.get(organisation=sjostad)
    assert (signed.signatory_name, signed.signatory_title) == ("Sara Svensson", "Trygghetssamordnare")


def test_a_resident_reads_the_evaluation_only_once_it_is_published(
    client, promise, lagesbilder, signatories, sjostad, lpo_sjostad, sjostad_analyst
):
    ev.evaluation_draft(promise=promise, by=sjostad_analyst, today=TODAY)
    evaluation = Evaluation.objects.get()
    page = client.get("/p/medborgarloften/sjostad/2021/")
    assert "Utlovat – utfall" not in page.text
    assert json.loads(client.get("/p/medborgarloften/sjostad/2021.json").content)["evaluation"] is None

    _agree_all(evaluation, signatories, sjostad, lpo_sjostad)
    ev.evaluation_publish(evaluation=evaluation, by=sjostad_analyst)
    # An edit after publication stays internal until it is agreed in turn.
    ev.evaluation_section_save(
        evaluation=evaluation, key="sammanfattning", text="Hemlig omskrivning", based_on=1, by=sjostad_analyst
    )

    page = client.get("/p/medborgarloften/sjostad/2021/")
    assert "Måtten jämför lägesbilden 2020, året före löftet, med lägesbilden 2021, löftets sista år." in page.text
    assert "Utlovat: 10 gånger. Utfall: 12 gånger (100 %). <strong>Målet nått.</strong>" in page.text
    assert "Hemlig omskrivning" not in page.text
    assert '<link rel="alternate" type="application/pdf" href="/p/medborgarloften/sjostad/2021.pdf">' in page.text
    assert "sessionid" not in page.cookies
    document = json.loads(client.get("/p/medborgarloften/sjostad/2021.json").content)
    assert document["schema"] == "lofte.medborgarlofte/1"
    assert document["status"] == "evaluated"
    evaluation_json = document["evaluation"]
    assert evaluation_json["version"] == 1
    assert evaluation_json["summary"] == {"commitments": 2, "reached": 1}
    assert evaluation_json["commitments"][0]["outcome"]["value"] == 12
    assert evaluation_json["focus_areas"][0]["measures"][0]["rest"] is not None
    assert [a["signatory"]["name"] for a in evaluation_json["agreements"]] == [
        "Sara Svensson",
        police_name(signatories),
    ]


def test_an_english_reader_sees_owners_promises_and_outcomes_in_english(
    client, promise, lagesbilder, signatories, sjostad, lpo_sjostad, sjostad_analyst
):
    ev.evaluation_draft(promise=promise, by=sjostad_analyst, today=TODAY)  # computed with Swedish active
    evaluation = Evaluation.objects.get()
    _agree_all(evaluation, signatories, sjostad, lpo_sjostad)
    ev.evaluation_publish(evaluation=evaluation, by=sjostad_analyst)
    english = client.get("/p/medborgarloften/sjostad/2021/?lang=en").text
    assert "Promised: 10 times. Outcome: 12 times (100 %)." in english
    assert "gånger" not in english
    owners = re.findall(r'<p class="what">[^<]*<span class="muted">([^<]+)</span>', english)
    assert owners and not {"Polisen", "Kommunen", "Polisen och kommunen"} & set(owners), owners
    swedish = client.get("/p/medborgarloften/sjostad/2021/").text
    assert "Utlovat: 10 gånger. Utfall: 12 gånger (100 %)." in swedish


def police_name(signatories) -> str:
    police = signatories[1]
    return police.get_full_name() or police.username


def test_a_resident_downloads_the_promise_as_pdf(client, promise):
    response = client.get("/p/medborgarloften/sjostad/2021.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert client.get("/p/medborgarloften/sjostad/2031.pdf").status_code == 404


def test_next_years_drafting_page_shows_what_was_not_reached(login, partnership, promise, sjostad_analyst):
    ev.evaluation_draft(promise=promise, by=sjostad_analyst, today=TODAY)
    next_year = promise_create(partnership=partnership, by=sjostad_analyst, start_year=2022, title_sv="Löfte 2022")
    page = login(sjostad_analyst).get(next_year.get_absolute_url())
    assert "Utvärderingen av 2021" in page.text
    assert "Ny belysning i gångtunneln" in page.text
    assert "Polisen besöker fritidsgården" not in page.text  # reached: not listed as missed


def test_the_evaluation_pages_draft_edit_agree_and_publish_over_http(
    login, client, promise, signatories, sjostad, lpo_sjostad, police_analyst
):
    municipal, police = signatories
    base = reverse("promises:evaluation", args=["sjostad", promise.pk])
    login(municipal)
    assert client.post(reverse("promises:evaluation_draft", args=["sjostad", promise.pk])).status_code == 302
    edit = reverse("promises:evaluation_section", args=["sjostad", promise.pk, "sammanfattning"])
    assert client.post(edit, {"text": "", "based_on": 1}).status_code == 400
    assert client.post(edit, {"text": "Vi nådde hälften.", "based_on": 1}).status_code == 302
    evaluation = Evaluation.objects.get()
    assert ev.current_version(evaluation).sections[0]["text"] == "Vi nådde hälften."
    client.post(reverse("promises:evaluation_agree", args=["sjostad", promise.pk]), {"version": 2})
    page = client.get(base)
    assert "Sjöstad kommun: godkänd av Sara Svensson" in page.text
    client.logout()
    login(police)
    client.post(reverse("promises:evaluation_agree", args=["sjostad", promise.pk]), {"version": 2})
    client.post(reverse("promises:evaluation_publish", args=["sjostad", promise.pk]))
    assert Promise.objects.get(pk=promise.pk).status == Promise.Status.EVALUATED
    pdf = client.get(reverse("promises:evaluation_pdf", args=["sjostad", promise.pk]))
    assert pdf["Content-Type"] == "application/pdf"


# The archive and the Atom feed ------------------------------------------------------------------------------


def _publish_year(partnership, year, signatories, sjostad, lpo_sjostad) -> Promise:
    municipal, police = signatories
    promise = promise_create(partnership=partnership, by=municipal, start_year=year, title_sv=f"Medborgarlöfte {year}")
    focus = focus_area_add(promise=promise, by=municipal, theme="trafik", title_sv="Trafik vid skolorna")
    commitment_create(
        focus_area=focus,
        by=municipal,
        what_sv="Trafikkontroller vid skolorna",
        owner=Commitment.Owner.POLICE,
        starts_on=dt.date(year, 1, 1),
        ends_on=dt.date(year, 12, 31),
        target_kind=Commitment.TargetKind.COUNT,
        target_value=4,
    )
    promise_approve(promise=promise, organisation=sjostad, by=municipal)
    promise_approve(promise=promise, organisation=lpo_sjostad, by=police)
    return promise_publish(promise=promise, by=municipal)


def test_a_resident_sees_every_year_with_its_outcome_and_which_year_in_a_row_it_is(
    client, partnership, promise, signatories, sjostad, lpo_sjostad, sjostad_analyst
):
    for year in (2017, 2018, 2019, 2020):
        _publish_year(partnership, year, signatories, sjostad, lpo_sjostad)
    _publish_year(partnership, 2015, signatories, sjostad, lpo_sjostad)  # a gap before 2017 breaks the run
    ev.evaluation_draft(promise=promise, by=sjostad_analyst, today=TODAY)
    evaluation = Evaluation.objects.get()
    _agree_all(evaluation, signatories, sjostad, lpo_sjostad)
    ev.evaluation_publish(evaluation=evaluation, by=sjostad_analyst)

    page = client.get("/p/medborgarloften/")

    assert '<link rel="alternate" type="application/atom+xml" href="/p/medborgarloften.atom"' in page.text
    text = " ".join(page.text.split())
    assert "2021 · det femte året i rad" in text
    assert "Utvärderat: 1 av 2 åtaganden nådde sitt mål." in text
    assert "2017 · det första året" in text
    assert "2015 · det första året" in text
    assert "2020 · det fjärde året i rad" in text and "Pågår: följ hur det går på sidan." in text
    promise_page = " ".join(client.get("/p/medborgarloften/sjostad/2021/").text.split())
    assert "· Det femte året i rad</p>" in promise_page
    assert "1 av 2 mål nådda" in promise_page
    assert "Utfallet är räknat till och med 2021-12-31." in promise_page


def test_the_atom_feed_tells_of_promises_evaluations_and_targets_reached(
    client, partnership, promise, signatories, sjostad, lpo_sjostad, sjostad_analyst, dialogue_staff
):
    draft_next = promise_create(partnership=partnership, by=sjostad_analyst, start_year=2022, title_sv="Hemligt 2022")
    ev.evaluation_draft(promise=promise, by=sjostad_analyst, today=TODAY)
    evaluation = Evaluation.objects.get()
    feed = client.get("/p/medborgarloften/sjostad.atom")
    assert feed["Content-Type"].startswith("application/atom+xml")
    body = feed.content.decode()
    assert "Medborgarlöfte 2021 är publicerat" in body
    assert "Målet nått: Polisen besöker fritidsgården" in body
    assert "<id>http://testserver/p/medborgarloften/sjostad/2021/#target-" in body
    assert "Utvärderingen av" not in body  # drafted, not published
    assert draft_next.title_sv not in body
    assert "Besök" not in body  # an activity's own words stay on the staff pages

    _agree_all(evaluation, signatories, sjostad, lpo_sjostad)
    ev.evaluation_publish(evaluation=evaluation, by=sjostad_analyst)
    body = client.get("/p/medborgarloften.atom").content.decode()
    assert "Utvärderingen av Medborgarlöfte 2021" in body
    assert "1 av 2 åtaganden nådde sitt mål." in body
    assert client.get("/p/medborgarloften/okand.atom").status_code == 404
    assert (
        '<link rel="alternate" type="application/atom+xml" href="/p/medborgarloften/sjostad.atom"'
        in client.get("/p/medborgarloften/sjostad/2021/").text
    )


def test_a_measure_whose_source_never_records_the_theme_is_left_out_not_shown_as_zero(areas):
    layout = [(areas["Centrum"].pk, "Centrum", 4200), (areas["Norra"].pk, "Norra", 6100)]
    before, after = build_dataset(year=2020, areas=layout), build_dataset(year=2021, areas=layout)
    after["coverage"] = {"incidents": ["narkotika"], "survey": ["narkotika"]}
    rows = ev._focus_measures(theme="synlig_narvaro", area_ids=[areas["Centrum"].pk], before=before, after=after)
    assert [r["measure"] for r in rows] == ["dialogue_share"]
    rows = ev._focus_measures(theme="narkotika", area_ids=[areas["Centrum"].pk], before=before, after=after)
    assert [r["measure"] for r in rows] == ["dialogue_share", "incidents_per_1000", "survey_index"]


def test_a_new_version_of_an_evaluated_year_is_published_evaluated_with_the_years_outcome(
    client, partnership, promise, signatories, sjostad, lpo_sjostad, sjostad_analyst
):
    ev.evaluation_draft(promise=promise, by=sjostad_analyst, today=TODAY)
    evaluation = Evaluation.objects.get()
    _agree_all(evaluation, signatories, sjostad, lpo_sjostad)
    ev.evaluation_publish(evaluation=evaluation, by=sjostad_analyst)
    municipal, police = signatories

    corrected = promise_new_version(promise=Promise.objects.get(pk=promise.pk), by=municipal)
    promise_approve(promise=corrected, organisation=sjostad, by=municipal)
    promise_approve(promise=corrected, organisation=lpo_sjostad, by=police)
    promise_publish(promise=corrected, by=municipal)

    assert Promise.objects.get(pk=corrected.pk).status == Promise.Status.EVALUATED
    document = json.loads(client.get("/p/medborgarloften/sjostad/2021.json").content)
    assert (document["version"], document["status"]) == (2, "evaluated")
    assert document["evaluation"]["summary"] == {"commitments": 2, "reached": 1}


def test_the_evaluation_reads_the_newest_published_version_whichever_version_it_was_started_from(
    promise, signatories, sjostad, lpo_sjostad, sjostad_analyst
):
    municipal, police = signatories
    second = promise_new_version(promise=Promise.objects.get(pk=promise.pk), by=municipal)
    focus = second.focus_areas.get()
    commitment_create(
        focus_area=focus,
        by=municipal,
        what_sv="Trygghetsvandring i centrum",
        owner=Commitment.Owner.BOTH,
        starts_on=dt.date(2021, 5, 1),
        ends_on=dt.date(2021, 5, 31),
        target_kind=Commitment.TargetKind.YES_NO,
    )
    promise_approve(promise=second, organisation=sjostad, by=municipal)
    promise_approve(promise=second, organisation=lpo_sjostad, by=police)
    promise_publish(promise=second, by=municipal)

    version = ev.evaluation_draft(promise=promise, by=sjostad_analyst, today=TODAY)  # from version 1's page

    assert version.evaluation.promise_id == second.pk
    assert version.figures["summary"]["commitments"] == 3
