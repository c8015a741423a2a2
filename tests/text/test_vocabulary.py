"""Vocabulary as municipal officers and police write it: one probe per term family, not tuned lines.

Each probe names the themes it must get and the ones it must not (domain.md coding conventions).
These are written for the lexicon's breadth; the real published texts are scored in bench/text_quality.py.
"""

from __future__ import annotations

import pytest

from lofte.text import Engine, load_taxonomy

PROBES: list[tuple[str, set[str], set[str]]] = [
    ("Kommunen ska genomföra tillsyn av serveringsställen under helgkvällar", {"alkohol_berusning"}, set()),
    ("Utbildning i ansvarsfull alkoholservering (RUS) för krogpersonal", {"alkohol_berusning"}, set()),
    ("Kampanj mot langning inför studentfirandet", {"alkohol_berusning"}, set()),
    (
        "ANDT-förebyggande arbete i samverkan med föreningslivet",
        {"alkohol_berusning", "narkotika", "samverkan_dialog"},
        set(),
    ),
    ("ANT-samordnaren leder arbetet", {"alkohol_berusning", "narkotika"}, set()),
    ("Kontrollköp av folköl och tobak i butikerna", {"alkohol_berusning"}, set()),
    ("Berusade personer utanför krogarna vid stängningsdags", {"alkohol_berusning"}, set()),
    ("Ungdomsfylla vid badplatsen", {"alkohol_berusning", "ungdomar"}, set()),
    ("Öppen droghandel vid busstationen", {"narkotika", "offentliga_platser"}, set()),
    ("Polisen ska genomföra narkotikasök med hund på gymnasieskolorna", {"narkotika", "skola"}, set()),
    ("Fler drogtester och orossamtal med unga som misstänks använda cannabis", {"narkotika", "ungdomar"}, set()),
    ("Ökad narkotikaförsäljning via sociala medier", {"narkotika"}, set()),
    ("THC-vapes sprids bland högstadieelever", {"narkotika"}, set()),
    ("Ringa narkotikabrott och eget bruk ökar", {"narkotika"}, set()),
    ("Bilburna ungdomar samlas på parkeringen vid köpcentret", {"trafik", "ungdomar"}, set()),
    ("Meningsfull fritid och lovaktiviteter för 13-17-åringar", {"ungdomar"}, set()),
    ("Unga som rekryteras till kriminella nätverk", {"ungdomar", "vald_hot"}, set()),
    ("Fritidsgårdarna ska ha öppet längre på fredagar", {"ungdomar"}, set()),
    ("Områdespoliserna ska patrullera till fots i centrum", {"offentliga_platser", "synlig_narvaro"}, set()),
    ("Föräldravandringar och nattvandringar under helgerna", {"synlig_narvaro"}, set()),
    ("Trygghetsvärdar i kollektivtrafiken", {"synlig_narvaro"}, set()),
    ("Fältassistenterna finns ute fredagskvällar", {"synlig_narvaro"}, set()),
    ("Väktarbolaget ska ronda i bostadsområdet nattetid", {"synlig_narvaro"}, set()),
    ("Kameraövervakning på torget", {"offentliga_platser"}, {"synlig_narvaro"}),
    ("Kamerabevakning", {"annat"}, {"synlig_narvaro"}),
    ("Polisen ska genomföra trafikkontroller med fokus på hastighetsöverträdelser", {"trafik"}, set()),
    ("Mopedtrimning och trimmade mopeder", {"trafik"}, set()),
    ("A-traktorer och EPA-traktorer som kör vårdslöst", {"trafik"}, set()),
    ("Buskörning med crossmotorcyklar i skogen", {"trafik"}, set()),
    ("Terrängkörning med snöskoter nära bebyggelse", {"trafik"}, set()),
    ("Olovlig körning och rattfylleri", {"trafik"}, set()),
    ("Hastighetsdämpande åtgärder på Storgatan", {"trafik"}, set()),
    ("Klotter och skadegörelse på skolorna", {"skadegorelse", "skola"}, set()),
    ("Anlagda bränder i soprum och containrar", {"skadegorelse"}, set()),
    ("Olaga affischering och klistermärken på elskåp", {"skadegorelse"}, set()),
    ("Krossade rutor i busskurerna", {"offentliga_platser", "skadegorelse"}, set()),
    ("Skräpplockardagar och städning av grönytor", {"nedskrapning"}, set()),
    ("Beskärning av buskage längs gångvägarna", {"nedskrapning"}, set()),
    ("Överfulla papperskorgar i parken", {"nedskrapning", "offentliga_platser"}, set()),
    ("Bostadsinbrotten har ökat i villaområdena", {"inbrott_stold"}, set()),
    ("Båtmotorstölder i hamnarna under sommaren", {"inbrott_stold"}, set()),
    ("Cykelstölder vid pendelparkeringen", {"inbrott_stold"}, set()),
    ("Stöldmärkning av båtmotorer och DNA-märkning", {"inbrott_stold"}, set()),
    ("Inbrott i förråd och källare", {"inbrott_stold"}, set()),
    ("Våld i offentlig miljö och krogvåld", {"vald_hot"}, set()),
    ("Skjutningar och sprängningar kopplade till gängen", {"vald_hot"}, set()),
    ("Sexuella ofredanden i badhuset", {"vald_hot"}, set()),
    ("Ungdomsrån och hot mot unga", {"ungdomar", "vald_hot"}, set()),
    ("Blottning vid motionsspåret", {"offentliga_platser", "vald_hot"}, set()),
    ("Bedrägerier mot äldre genom bluffsamtal", {"bedrageri"}, set()),
    ("Informationsträffar om telefonbedrägerier för seniorer", {"bedrageri", "samverkan_dialog"}, set()),
    ("Brott mot äldre, till exempel falska hantverkare", {"bedrageri"}, set()),
    ("Trickstölder där någon lurar sig in hos äldre", {"bedrageri"}, set()),
    (
        "Arbetet mot våld i nära relationer och hedersrelaterat våld och förtryck",
        {"vald_nara_relationer"},
        {"vald_hot"},
    ),
    ("Kvinnofridsveckan uppmärksammas", {"vald_nara_relationer"}, set()),
    ("Hedersrelaterad brottslighet", {"vald_nara_relationer"}, {"vald_hot"}),
    ("Barn som bevittnar våld i hemmet", {"vald_nara_relationer"}, set()),
    ("SSPF-gruppen träffas varje vecka", {"samverkan_dialog", "skola"}, set()),
    ("Skolpolisen besöker högstadieskolorna", {"skola"}, set()),
    ("Elevhälsan och skolkuratorerna", {"skola"}, set()),
    ("Otrygghet vid resecentrum och i gångtunnlarna", {"offentliga_platser"}, set()),
    ("Mörka motionsslingor", {"belysning", "offentliga_platser"}, set()),
    ("Stortorget och gågatan på helgnätterna", {"offentliga_platser"}, set()),
    ("Fler grannsamverkansområden och polisvolontärer", {"grannsamverkan"}, set()),
    ("Informationsmöte om grannsamverkan i Ekby", {"grannsamverkan", "samverkan_dialog"}, set()),
    ("Båtägare startar båtsamverkan i hamnen", {"grannsamverkan"}, set()),
    ("Företagare i centrum har startat företagssamverkan", {"grannsamverkan"}, set()),
    ("Medborgardialoger och trygghetsvandringar genomförs i alla kommundelar", {"samverkan_dialog"}, set()),
    ("Samverkansöverenskommelsen mellan kommunen och lokalpolisområdet", {"samverkan_dialog"}, set()),
    ("EST-rapporteringen och den gemensamma lägesbilden", {"samverkan_dialog"}, set()),
    # A survey or dialogue as the source of a finding is no dialogue theme (analyst review, engine 1.2.0).
    ("Medborgarenkäten visade att många är oroliga", set(), {"samverkan_dialog"}),
    ("Vi ska genomföra en medborgarenkät i höst", {"samverkan_dialog"}, set()),
    ("Digital medborgarundersökning på polisens webbplats", {"samverkan_dialog"}, set()),
    ("Invånardialoger på torget", {"offentliga_platser", "samverkan_dialog"}, set()),
    ("Belysning av stråk och mötesplatser", {"belysning"}, {"samverkan_dialog"}),
    ("Ljusa upp gångvägen vid skolan", {"belysning", "skola"}, set()),
    ("Belysningsprogram för gång- och cykelvägar", {"belysning"}, set()),
    ("Gatljusen är ur funktion", {"belysning"}, set()),
    ("Kameror", {"annat"}, set()),
    ("Tiggeri och prostitution", {"annat"}, set()),
    ("Generell otrygghet på kvällarna", {"annat"}, set()),
    ("Polisen ska genomföra riktade insatser mot narkotikabrottsligheten", {"narkotika"}, set()),
    ("Ökad tillgång till narkotika bland unga vuxna", {"narkotika", "ungdomar"}, set()),
    ("Missbruksproblematik och psykisk ohälsa", {"narkotika"}, set()),
    ("Tillsyn av restauranger med serveringstillstånd", {"alkohol_berusning"}, set()),
    ("Polisen ska genomföra nykterhetskontroller och alkoholutandningsprov", {"alkohol_berusning", "trafik"}, set()),
    ("Spritlangning till minderåriga", {"alkohol_berusning", "ungdomar"}, set()),
    ("Ordningsstörningar kring nattklubbarna", {"alkohol_berusning"}, set()),
    ("Hög alkoholkonsumtion bland gymnasieelever", {"alkohol_berusning", "skola"}, set()),
    ("Unga som far illa och riskerar att hamna i kriminalitet", {"ungdomar"}, set()),
    ("Barn och unga i utanförskap", {"ungdomar"}, set()),
    ("Polisen ska öka sin synlighet i ytterområdena", {"synlig_narvaro"}, set()),
    ("Fler ordningsvakter i stadskärnan", {"offentliga_platser", "synlig_narvaro"}, set()),
    ("Polisen ska finnas på plats vid evenemang och större arrangemang", {"synlig_narvaro"}, set()),
    ("Trafiksäkerhetshöjande åtgärder vid skolorna", {"skola", "trafik"}, set()),
    ("Mopedbilar som kör i hög fart genom bostadsområdet", {"trafik"}, set()),
    ("Tunga transporter genom byn", {"trafik"}, set()),
    ("Ökad hastighetsövervakning med fartkameror", {"trafik"}, set()),
    ("Brandattentat mot bilar", {"skadegorelse"}, set()),
    ("Skadegörelse och vandalisering av lekplatser", {"skadegorelse"}, set()),
    ("Nedskräpning och dumpat avfall i naturen", {"nedskrapning"}, set()),
    ("Trasiga lekplatser och ovårdade grönområden", {"nedskrapning"}, set()),
    ("Stöld av katalysatorer och diesel", {"inbrott_stold"}, set()),
    ("Butiksstölder och snatterier i centrum", {"inbrott_stold", "offentliga_platser"}, set()),
    ("Inbrott i fritidshus under vintern", {"inbrott_stold"}, {"ungdomar"}),
    ("Misshandel i samband med nöjeslivet", {"alkohol_berusning", "vald_hot"}, set()),
    ("Hot och trakasserier mot förtroendevalda", {"vald_hot"}, set()),
    ("Personer som uppträder hotfullt vid busstationen", {"offentliga_platser", "vald_hot"}, set()),
    ("Kvinnor utsätts för sexuella trakasserier på krogen", {"alkohol_berusning", "vald_hot"}, set()),
    ("Vapenvåld och knivbrott", {"vald_hot"}, set()),
    ("Romansbedrägerier och falska investeringar", {"bedrageri"}, set()),
    ("Äldre luras att lämna ut bankkoder", {"bedrageri"}, set()),
    ("Bedragare som utger sig för att vara polis", {"bedrageri"}, set()),
    ("Våldsutsatta kvinnor och deras barn", {"vald_nara_relationer"}, set()),
    ("Skydd för personer som utsätts för hedersrelaterat förtryck", {"vald_nara_relationer"}, set()),
    ("Kommunen ska utbilda personal i att upptäcka våld i nära relation", {"vald_nara_relationer"}, set()),
    ("Kränkningar och mobbning i skolan", {"skola", "vald_hot"}, set()),
    ("Polisen ska delta i skolornas föräldramöten", {"skola"}, set()),
    ("Gymnasieelevernas trygghet på skolvägen", {"skola"}, set()),
    ("Otrygga miljöer i centrala staden", {"offentliga_platser"}, set()),
    ("Parkeringshuset vid stationen", {"offentliga_platser"}, set()),
    ("Gångtunneln under järnvägen", {"offentliga_platser"}, set()),
    ("Grannsamverkan mot brott i villaområdet", {"grannsamverkan"}, {"samverkan_dialog"}),
    ("Invånare som vill engagera sig som nattvandrare", {"grannsamverkan", "synlig_narvaro"}, set()),
    ("Föreningar och frivilliga organisationer bidrar", {"grannsamverkan"}, set()),
    ("Det brottsförebyggande rådet sammanträder fyra gånger per år", {"samverkan_dialog"}, set()),
    ("Gemensam problembild och prioritering av fokusområden", {"samverkan_dialog"}, set()),
    ("Resultatet från medborgardialogerna återkopplas på kommunens webbplats", {"samverkan_dialog"}, set()),
    ("Uppföljning sker tertialvis i styrgruppen", {"samverkan_dialog"}, set()),
    ("Trygghetsvandring med fastighetsägare och hyresgäster", {"samverkan_dialog"}, set()),
    ("Nedsläckta gator i villaområdet", {"belysning"}, set()),
    ("Byte av armaturer till LED längs cykelvägen", {"belysning"}, set()),
    ("Otillräcklig belysning vid busshållplatserna", {"belysning", "offentliga_platser"}, set()),
    ("Skymmande vegetation och mörka partier", {"belysning", "nedskrapning"}, set()),
    ("Känner mig trygg", {"annat"}, set()),
    ("Integration och arbetslöshet", {"annat"}, set()),
    ("Lösa hundar i området", {"annat"}, set()),
]


@pytest.fixture(scope="module")
def engine() -> Engine:
    return Engine(load_taxonomy())


@pytest.mark.parametrize(("text", "required", "forbidden"), PROBES, ids=[p[0][:40] for p in PROBES])
def test_vocabulary(engine: Engine, text: str, required: set[str], forbidden: set[str]) -> None:
    themes = set(engine.code(text).themes)
    assert required <= themes, (text, themes)
    assert not themes & forbidden, (text, themes)


def test_coding_does_not_depend_on_hash_seed() -> None:
    """Equal-weight terms on one word are chosen in a fixed order, so every process codes alike."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    code = (
        "from lofte.text import Engine; e = Engine(); "
        "print(e.code('Det drogförebyggande programmet har genomförts på samtliga högstadieskolor.').theme_scores)"
    )
    outs = {
        subprocess.run(
            [sys.executable, "-c", code],
            env={**os.environ, "PYTHONHASHSEED": seed},
            cwd=Path(__file__).resolve().parents[2],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for seed in ("1", "2", "3")
    }
    assert len(outs) == 1
