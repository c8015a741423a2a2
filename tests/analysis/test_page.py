"""The campaign analysis page and the taxonomy: numbers that link to their answers, the year before,
renamed, retired and new themes."""

from __future__ import annotations

import re
from html import unescape

import pytest

from lofte.analysis.models import CandidateTopic, DialogueCoding, ThemeDefinition
from lofte.analysis.services import themes_seed
from lofte.analysis.views.review import PAGE_SIZE
from lofte.core.models import AuditEntry
from tests.analysis.test_runs import run_now

LINK = re.compile(r'<a (?:class="[^"]*" )?href="(/analys/omgang/[^"]+/svar/[^"]*)"[^>]*>(\d+)</a>')


@pytest.fixture
def runs(campaign, campaign_2019):
    return run_now(campaign_2019), run_now(campaign)


def test_every_number_on_the_analysis_page_links_to_exactly_those_answers(login, reader, campaign, runs):
    client = login(reader)
    page = client.get(f"/analys/omgang/{campaign.slug}/")
    assert page.status_code == 200
    links = LINK.findall(page.content.decode())
    assert len(links) > 50
    unique = list(dict.fromkeys((unescape(href), int(number)) for href, number in links))
    # An even sample across every table keeps the test fast; the predicate behind all links is the same.
    for href, number in unique[:: max(1, len(unique) // 40)]:
        answers = client.get(href)
        assert answers.status_code == 200, href
        assert answers.context["total"] == number, href
        assert answers.content.decode().count('<article class="answer') == min(number, PAGE_SIZE), href


def test_the_page_shows_the_year_before_beside_this_year(login, reader, campaign, runs):
    response = login(reader).get(f"/analys/omgang/{campaign.slug}/")
    report = response.context["report"]
    assert report.prev is not None and report.prev.run == runs[0]
    light = next(r for r in report.overall.rows if r.theme == "belysning")
    assert light.cells[0].count == 2 and light.cells[0].prev_count == 1
    assert "/trygghetsdialog-2019/svar/?theme=belysning" in light.cells[0].prev_link
    captions = [t.caption for t in report.breakdowns]
    assert "Teman per område" in captions and "Teman per tid på dygnet och veckan" in captions
    assert "<caption>" in response.content.decode()


def test_a_renamed_theme_shows_its_new_label(login, sjostad_analyst, reader, campaign, runs):
    client = login(sjostad_analyst)
    response = client.post(
        "/analys/sjostad/teman/belysning/",
        {
            "label_sv": "Ljus och mörker",
            "label_en": "Light",
            "description": "",
            "terms": "belysning: 3\nmörk: 2",
        },
    )
    assert response.status_code == 302
    theme = ThemeDefinition.objects.get(partnership=campaign.partnership, theme_id="belysning")
    assert theme.label_sv == "Ljus och mörker" and theme.terms == {"belysning": 3.0, "mörk": 2.0}
    assert AuditEntry.objects.filter(action="analysis.theme_update", target_id=str(theme.pk)).exists()
    assert ThemeDefinition.objects.filter(partnership=campaign.partnership).count() == 17
    page = login(reader).get(f"/analys/omgang/{campaign.slug}/").content.decode()
    assert "Ljus och mörker" in page


def test_a_bad_word_list_is_refused_with_the_line_number(login, sjostad_analyst, campaign):
    response = login(sjostad_analyst).post(
        "/analys/sjostad/teman/belysning/",
        {
            "label_sv": "Belysning",
            "terms": "belysning: 3\nlampa: 9",
        },
    )
    assert response.status_code == 400
    assert "Rad 2" in response.content.decode()
    assert ThemeDefinition.objects.get(partnership=campaign.partnership, theme_id="belysning").terms["lampa"] == 3.0


def test_a_retired_theme_leaves_new_runs_but_stays_in_history(login, sjostad_analyst, campaign):
    old = run_now(campaign)
    assert DialogueCoding.objects.filter(run=old, themes__icontains="trafik").exists()
    response = login(sjostad_analyst).post("/analys/sjostad/teman/trafik/pensionera/")
    assert response.status_code == 302
    theme = ThemeDefinition.objects.get(partnership=campaign.partnership, theme_id="trafik")
    assert theme.retired_at is not None
    new = run_now(campaign)
    assert not any("trafik" in c.themes for c in DialogueCoding.objects.filter(run=new))
    assert "trafik" not in [t["id"] for t in new.taxonomy["themes"] if not t.get("retired")]
    assert any("trafik" in c.themes for c in DialogueCoding.objects.filter(run=old))
    assert ThemeDefinition.objects.filter(theme_id="trafik").exists()


def test_the_residual_theme_cannot_be_retired(login, sjostad_analyst, campaign):
    login(sjostad_analyst).post("/analys/sjostad/teman/annat/pensionera/")
    assert ThemeDefinition.objects.get(partnership=campaign.partnership, theme_id="annat").retired_at is None


def test_an_analyst_adds_a_theme(login, sjostad_analyst, campaign):
    response = login(sjostad_analyst).post(
        "/analys/sjostad/teman/",
        {
            "label_sv": "Kameraövervakning",
            "theme_id": "",
            "label_en": "",
            "description": "",
            "terms": "kamera: 3",
        },
    )
    assert response.status_code == 302
    theme = ThemeDefinition.objects.get(partnership=campaign.partnership, theme_id="kameraovervakning")
    assert theme.terms == {"kamera": 3.0}
    run = run_now(campaign)
    assert "kameraovervakning" in [t["id"] for t in run.taxonomy["themes"]]


def test_a_candidate_topic_becomes_a_theme_that_the_next_run_codes(login, sjostad_analyst, campaign):
    import datetime as dt

    from lofte.dialogues.models import Dialogue

    for i, text in enumerate(["Sätt upp fler kameror", "Kameror borde finnas", "Fler kameror tack"]):
        Dialogue.objects.create(
            campaign=campaign, channel="web", free_text=text, conducted_at=dt.datetime(2020, 9, 20 + i, tzinfo=dt.UTC)
        )
    run = run_now(campaign)
    topic = next(t for t in CandidateTopic.objects.filter(run=run) if "kamera" in t.words)
    response = login(sjostad_analyst).post(
        f"/analys/omgang/{campaign.slug}/amnen/{topic.pk}/tema/", {f"topic{topic.pk}-label_sv": "Kameror"}
    )
    assert response.status_code == 302
    theme = ThemeDefinition.objects.get(partnership=campaign.partnership, theme_id="kameror")
    assert "kamera" in theme.terms
    topic.refresh_from_db()
    assert topic.promoted_to == theme
    # Low weight: no word of the topic codes the theme alone; no generic word; the analyst sees them next.
    assert theme.terms and all(0 < w < 2 for w in theme.terms.values())
    assert not {"trygg", "otrygg", "bra", "fler", "sätt"} & set(theme.terms)
    page = login(sjostad_analyst).get(response["Location"]).content.decode()
    assert "kamera: 1" in page and "räcker inte ensamma" in page
    # Raising the distinctive word's weight makes the next run code the answers.
    login(sjostad_analyst).post(
        f"/analys/sjostad/teman/{theme.theme_id}/", {"label_sv": "Kameror", "terms": "kamera: 2"}
    )
    new = run_now(campaign)
    assert DialogueCoding.objects.filter(run=new, themes__icontains="kameror").count() >= 3


def test_a_retired_and_a_new_theme_show_a_dash_not_zero_in_the_year_on_year_table(
    login, sjostad_analyst, reader, campaign, campaign_2019
):
    run_now(campaign_2019)
    client = login(sjostad_analyst)
    client.post("/analys/sjostad/teman/trafik/pensionera/")
    client.post("/analys/sjostad/teman/", {"label_sv": "Kameror", "theme_id": "", "terms": "kameror: 3"})
    import datetime as dt

    from lofte.dialogues.models import Dialogue

    Dialogue.objects.create(
        campaign=campaign, channel="web", free_text="Fler kameror", conducted_at=dt.datetime(2020, 9, 2, tzinfo=dt.UTC)
    )
    run_now(campaign)
    response = login(reader).get(f"/analys/omgang/{campaign.slug}/")
    rows = {r.theme: r.cells[0] for r in response.context["report"].overall.rows}
    assert not rows["trafik"].counted and rows["trafik"].prev_counted and rows["trafik"].change is None
    assert rows["kameror"].counted and not rows["kameror"].prev_counted and rows["kameror"].change is None
    body = response.content.decode()
    traffic = body[body.index('<th scope="row">Trafik</th>') :].split("</tr>")[0]
    assert "ej analyserat med detta tema" in traffic and "0 %" not in traffic and "procentenheter" not in traffic
    cameras = body[body.index('<th scope="row">Kameror</th>') :].split("</tr>")[0]
    assert "ej analyserat med detta tema" in cameras and "procentenheter" not in cameras


def test_a_year_before_coded_by_another_model_is_flagged_with_a_rerun_button(
    login, sjostad_analyst, reader, campaign, campaign_2019
):
    old = run_now(campaign_2019)
    run_now(campaign)
    old.model_version = 7
    old.save(update_fields=["model_version"])
    body = login(sjostad_analyst).get(f"/analys/omgang/{campaign.slug}/").content.decode()
    assert "Föregående år analyserades med en annan modell; kör om det för en rättvis jämförelse" in body
    assert f'action="/analys/omgang/{campaign_2019.slug}/kor/"' in body
    reader_body = login(reader).get(f"/analys/omgang/{campaign.slug}/").content.decode()
    assert "annan modell" in reader_body and f"/omgang/{campaign_2019.slug}/kor/" not in reader_body


def test_a_running_analysis_polls_its_status_until_done(login, reader, campaign):
    from lofte.analysis.services import analysis_run_execute, analysis_run_start

    run = analysis_run_start(campaign=campaign, by=None, enqueue=False)
    client = login(reader)
    page = client.get(f"/analys/omgang/{campaign.slug}/").content.decode()
    assert 'hx-trigger="every 2s"' in page and "Ladda om sidan" in page
    polled = client.get(f"/analys/omgang/{campaign.slug}/?status=1", headers={"HX-Request": "true"})
    assert "every 2s" in polled.content.decode() and "HX-Refresh" not in polled
    analysis_run_execute(run_id=run.pk)
    done = client.get(f"/analys/omgang/{campaign.slug}/?status=1", headers={"HX-Request": "true"})
    assert done["HX-Refresh"] == "true" and "every 2s" not in done.content.decode()
    assert "Analysen är klar" in done.content.decode()


def test_dialogue_staff_sees_the_page_without_review_buttons(login, dialogue_staff, campaign, runs):
    response = login(dialogue_staff).get(f"/analys/omgang/{campaign.slug}/")
    body = response.content.decode()
    assert response.status_code == 200 and "Gör till tema" not in body and "Kör analysen igen" not in body
    assert login(dialogue_staff).post(f"/analys/omgang/{campaign.slug}/kor/").status_code == 403


def test_outsider_cannot_learn_the_campaign_exists(login, outsider, campaign, runs):
    client = login(outsider)
    assert client.get(f"/analys/omgang/{campaign.slug}/").status_code == 404
    assert client.post(f"/analys/omgang/{campaign.slug}/kor/").status_code == 404
    assert client.get("/analys/sjostad/teman/").status_code == 404


def test_seeding_gives_the_seventeen_default_ids(partnership):
    assert themes_seed(partnership=partnership, by=None) == 17
    assert themes_seed(partnership=partnership, by=None) == 0
    ids = list(ThemeDefinition.objects.filter(partnership=partnership).values_list("theme_id", flat=True))
    assert ids[:3] == ["belysning", "narkotika", "alkohol_berusning"] and ids[-1] == "annat"


def test_in_english_the_page_names_themes_by_the_taxonomys_english_labels(login, reader, campaign, runs, settings):
    client = login(reader)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get(f"/analys/omgang/{campaign.slug}/")
    labels = {row.theme: row.label for row in page.context["report"].overall.rows}
    assert labels["belysning"] == "Lighting"
    answers = client.get(f"/analys/omgang/{campaign.slug}/svar/").content.decode()
    assert "Lighting" in answers
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "sv"
    swedish = client.get(f"/analys/omgang/{campaign.slug}/")
    assert {row.theme: row.label for row in swedish.context["report"].overall.rows}["belysning"] == "Belysning"


@pytest.mark.parametrize(
    ("share", "prev_share", "text"),
    [
        (0.10, 0.11, "-1 procentenhet"),
        (0.12, 0.11, "+1 procentenhet"),
        (0.12, 0.10, "+2 procentenheter"),
        (0.10, 0.13, "-3 procentenheter"),
        (0.10, 0.10, "0 procentenheter"),
    ],
)
def test_the_change_says_procentenhet_in_the_singular_for_one(share, prev_share, text):
    from lofte.analysis.report import Cell

    assert Cell(count=1, share=share, link="", prev_share=prev_share).change_text == text
