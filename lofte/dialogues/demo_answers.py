"""Answers for the demo's medborgardialoger: varied, informal Swedish, generated reproducibly from a seed.

Written by hand for the demo (independent of any test set): for each theme dozens of ways residents say
why a place feels unsafe and what would help, in many voices (short notes an interviewer jotted down,
teenagers, pensioners, commuters, shop owners), then roughened per author (lower case, no punctuation,
abbreviations, typical misspellings, fillers). Theme weights shift year by year so the later analysis has
true patterns to find: evenings and nights in the town centres, drunk and drug-affected people, lighting,
visible adults and police, youth and drugs (the seed's picture of 2020), and also traffic and mopeds,
littering, vandalism, burglary, fraud against the elderly and more.
"""

from __future__ import annotations

import random
from typing import Any

# Place words residents use, by kind of worry: names and aliases of the demo's places (lofte/core/demo.py).
CENTRE_PLACES = [
    "centrum",
    "stan",
    "Stora torget",
    "torget",
    "Storgatan",
    "gågatan",
    "Sjöstad centrum",
    "Norrviks centrum",
    "Strandå centrum",
    "Ekby torg",
]
STATION_PLACES = [
    "Resecentrum",
    "stationen",
    "busstationen",
    "järnvägsstationen",
    "Norrviks station",
    "pendelstationen",
    "Ekby busshållplats",
    "Strandå busstation",
]
DARK_PLACES = [
    "gångtunneln",
    "tunneln",
    "Gångtunneln vid Järnvägsgatan",
    "Stadsparken",
    "parken",
    "motionsspåret",
    "elljusspåret",
    "Cykelvägen längs ån",
    "gång- och cykelvägen",
    "Ekbyparken",
    "Industriområdet Norra",
    "Motionsspåret i Skogsbacken",
]
YOUTH_PLACES = [
    "Fritidsgården Fyren",
    "fyren",
    "fritidsgården",
    "norrpolen",
    "ankaret",
    "Sjöstadsskolan",
    "Vänergymnasiet",
    "gymnasiet",
    "Ekbyskolan",
    "Strandåskolan",
    "Norrviksskolan",
    "Badhuset",
]
HARBOUR_PLACES = [
    "Hamnen",
    "gästhamnen",
    "hamnplan",
    "Strandå hamn",
    "båthamnen",
    "Badplatsen Norrstrand",
    "norrstrand",
]
SHOP_PLACES = ["Köpcentrum Västra porten", "västra porten", "köpcentret"]
DESCRIBED_PLACES = [
    "bakom stationen",
    "vid busskuren på storgatan",
    "vägen hem från stationen",
    "parkeringen vid västra porten",
    "där bussarna vänder vid resecentrum",
    "bänkarna vid torget",
    "lekplatsen i stadsparken",
    "vid kiosken i centrum",
    "cykelstället vid gymnasiet",
    "tunneln under järnvägen",
    "gångvägen mellan ekby och skolan",
    "hela centrum efter 22",
    "runt pizzerian på torget",
    "längs ån mot strandå",
    "vid återvinningen i norrvik",
    "utanför systemet",
    "trappan ner mot hamnen",
    "parkeringshuset",
    "mellan husen där jag bor",
    "på väg hem från jobbet",
    "skogen bakom skolan",
    "busshållplatsen i ekby",
    "vid macken",
    "utanför krogen",
    "gatorna runt torget på helgerna",
]
NOWHERE = [
    "ingenstans",
    "ingenstans särskilt",
    "känner mig trygg överallt",
    "nej inte direkt",
    "vet inte",
    "överallt när det är mörkt",
    "hemma ibland faktiskt",
    "-",
]

# theme: where it happens, when, why it feels unsafe, what would help, what to prioritise.
THEMES: dict[str, dict[str, Any]] = {
    "alkohol_berusning": {
        "places": CENTRE_PLACES + STATION_PLACES + HARBOUR_PLACES,
        "times": [["evening", "weekend"], ["night", "weekend"], ["evening", "night"], ["night"], ["evening"]],
        "why": [
            "Fulla människor som hänger vid {place} och skriker",
            "mycket fylla på helgerna, folk som bråkar när krogen stänger",
            "Berusade personer som tigger och är otrevliga",
            "gubbarna som sitter och dricker på bänkarna vid {place}",
            "det är alltid några fulla som ska prata med en när man väntar på bussen",
            "Stökigt när krogarna stänger, folk slåss och kissar överallt",
            "påverkade personer som ragglar omkring vid {place}, man vet inte vad de ska hitta på",
            "Folk som dricker öl vid {place} redan på eftermiddagen",
            "fulla ungdomar efter festerna, de är högljudda och kastar flaskor",
            "ser ofta berusade personer på kvällarna, känns obehagligt när man är ensam",
            "alkisar vid {place}",
            "Det är fyllan som är problemet, inte ungdomarna",
            "krogen släpper ut alla samtidigt och då blir det bråk på torget",
            "Många är påverkade av alkohol eller något annat och man blir osäker",
            "Folk som är dyngraka och ska slåss med vem som helst",
            "Jag har blivit ofredad av en berusad man på väg hem",
            "Det langas sprit till ungdomar, det vet alla",
            "berusade vuxna som skriker o för liv sent på kvällen",
            "När det är fest i hamnen blir det mycket fylla och glas överallt",
            "fyllon på bussen hem från stan",
            "Man möter fulla män när man går hem från jobbet sent",
            "Det är ofta bråk utanför pizzerian när folk är fulla",
            "påverkade personer. Vet inte om det är sprit eller droger",
            "Missbrukare som sitter vid {place} hela dagarna",
            "utskänkningen är för generös, folk är asfulla när de kommer ut",
            "Blir lite rädd för berusade personer som står i grupp",
            "mkt fulla på fredagar o lördagar",
            "Helgkvällarna är värst, då är det fullt av berusade",
        ],
        "safer": [
            "Mer polis när krogarna stänger",
            "Ordningsvakter på torget på helgerna",
            "Att någon tar hand om de fulla",
            "Stängt tidigare på krogarna",
            "Att polisen griper in när folk är stökiga",
            "Nattvandrare på helgerna",
            "Hårdare kontroll av utskänkningen",
            "mer vakter vid {place}",
            "synlig polis fredag och lördag natt",
            "Att man inte får dricka på torget",
            "Fler som rör sig ute, typ trygghetsvärdar",
        ],
        "prio": [
            "Fylleriet i centrum",
            "Ordningen på helgnätterna",
            "alkohol och ungdomar",
            "Langning till minderåriga",
            "Berusade personer på allmän plats",
            "Krogarna och bråken efter stängning",
            "Fyllan i stan på helgerna",
            "Se till att man kan gå hem från krogen utan att det blir bråk",
        ],
    },
    "narkotika": {
        "places": STATION_PLACES + CENTRE_PLACES + DARK_PLACES[:4] + YOUTH_PLACES[:3],
        "times": [["evening"], ["evening", "night"], ["night"], ["evening", "weekday"], ["day", "evening"]],
        "why": [
            "Det säljs knark öppet vid {place}",
            "langare som står och väntar på kunder vid {place}",
            "knarkare vid stationen på kvällen",
            "Man ser folk som är helt borta på droger",
            "Det luktar hasch i tunneln hela tiden",
            "Sprutor och skräp i buskarna vid {place}, mina barn leker där",
            "drogpåverkade personer som beter sig konstigt och skriker",
            "Ungdomar köper gräs bakom {place}, alla vet om det",
            "Narkotikahandel. Bilar som stannar en kort stund och kör vidare",
            "folk som säljer droger till unga, vidrigt",
            "Det har blivit mycket mer knark de senaste åren",
            "påverkade personer som ber om pengar och blir aggressiva",
            "Missbrukare som hänger vid {place} och man vet aldrig hur de reagerar",
            "knarket har flyttat från parken till stationen",
            "Min son har blivit erbjuden droger utanför skolan",
            "man ser affärer göras mitt på dagen vid {place}",
            "Narkotikapåverkade personer, det känns otryggt",
            "det röks cannabis öppet vid {place}",
            "Det är en öppen drogscen vid {place}, sorry men det är så",
            "Folk som är påtända och aggressiva",
            "knark och langning bakom busstationen",
            "Personer som uppenbart är påverkade av narkotika sitter i trappan",
            "Hittade en kanyl vid lekplatsen",
            "drogerna. Det är det som gör att folk är rädda",
            "droger bland unga, det är lätt att få tag i",
            "Försäljning av narkotika nära skolan",
            "tjack o hasch säljs i stan",
        ],
        "safer": [
            "Mer polis som tar langarna",
            "Att polisen gör tillslag mot knarkhandeln",
            "Kameror vid {place}",
            "Att man städar bort sprutorna",
            "Mer narkotikakontroller",
            "Polis som syns vid stationen på kvällarna",
            "Att de som säljer knark åker fast",
            "Hundpatrull vid {place}",
            "fler poliser i tjänst på kvällen",
            "mer hjälp till missbrukare så de inte hänger ute",
            "Att socialtjänsten är ute på kvällarna",
        ],
        "prio": [
            "Narkotikan",
            "knarket i centrum",
            "Droger och unga",
            "narkotikahandeln vid stationen",
            "Stoppa langningen",
            "Förebygga missbruk bland ungdomar",
            "Ta bort den öppna drogscenen",
            "Att ungdomar inte börjar med droger",
            "Droger, droger och droger",
        ],
    },
    "belysning": {
        "places": DARK_PLACES + ["Resecentrum", "stationen", "parkeringshuset"],
        "times": [["evening", "night"], ["evening"], ["night"], ["morning", "evening"], ["evening", "weekday"]],
        "why": [
            "Det är för mörkt i {place}",
            "Trasiga lampor längs gångvägen, har varit så i månader",
            "becksvart på vintern",
            "Dålig belysning, man ser inte vem som kommer",
            "mörkt och buskigt, någon kan stå där",
            "Lamporna i tunneln är sönder igen",
            "det är mörkt och ödsligt när man går hem från bussen",
            "Ingen belysning alls på cykelvägen längs ån",
            "Det är så mörkt att man inte ser var man sätter fötterna",
            "Man ser inte ansiktet på folk man möter för att det är så dåligt ljus",
            "På vintern när det är mörkt kl 16 känns det otryggt",
            "för lite ljus o för mkt buskar",
            "mörka gångvägar mellan bostadsområdena",
            "Elljusspåret släcks för tidigt",
            "belysningen i parken funkar inte",
            "Träden skymmer lamporna så det blir mörkt ändå",
            "Jag går hellre långa vägen än genom {place} när det är mörkt",
            "det är mörkt. punkt.",
            "Mörkret. Och att det inte är folk i rörelse",
            "dålig gatubelysning vid {place}",
            "lamporna vid busshållplatsen har varit trasiga länge",
            "Det är mörkt och folktomt, man känner sig utsatt",
            "Man ser inga andra människor och det är mörkt",
            "Ingen lampa vid parkeringen, jobbigt när man slutar sent",
        ],
        "safer": [
            "Bättre belysning",
            "Mer belysning",
            "Fler lampor i {place}",
            "laga lamporna",
            "Bättre ljus i tunneln",
            "Att man klipper buskarna så det blir mer öppet",
            "Belysning längs hela cykelvägen",
            "ljusare gångvägar",
            "Att felanmälningar om lampor åtgärdas snabbare",
            "mer ljus!!",
            "Belysning på elljusspåret hela kvällen",
            "Ljus och mer folk i rörelse",
            "att kommunen lagar trasig belysning direkt",
            "Bättre gatubelysning och röja sly",
        ],
        "prio": [
            "Belysningen",
            "Mörka platser",
            "Laga lamporna",
            "Gång- och cykelvägarna",
            "Att det är ljust där folk går",
            "Röja buskar och sätta upp lampor",
        ],
    },
    "ungdomar": {
        "places": CENTRE_PLACES[:6] + YOUTH_PLACES + SHOP_PLACES + STATION_PLACES[:3],
        "times": [["evening"], ["evening", "weekend"], ["day", "evening"], ["evening", "weekday"], ["night"]],
        "why": [
            "Gäng med ungdomar som hänger vid {place} och är kaxiga",
            "stora grupper av killar som står och glor",
            "ungdomar som är stökiga och kastar saker",
            "Ungdomsgäng, man vet inte vad de håller på med",
            "Tonåringar som skriker och spelar hög musik",
            "Killar som kör runt och bråkar med folk",
            "Ungdomarna har inget att göra, därför hänger de i centrum",
            "grupper av unga som inte flyttar på sig",
            "Jag är ung själv men vissa gäng är läskiga",
            "ungdomar som trakasserar äldre vid {place}",
            "Ett gäng som har tagit över {place}",
            "ungdomar som snattar och är hotfulla i affärerna",
            "När fritidsgården stänger så drar alla till torget",
            "unga som rör sig ute sent utan att föräldrarna vet",
            "Det är samma killar hela tiden, alla vet vilka de är",
            "Grabbar i 15-årsåldern som bråkar",
            "ungdomar som är påverkade och stökiga",
            "yngre barn ute sent på kvällarna",
            "Kompisar till min dotter har blivit rånade av andra ungdomar",
            "Stökigt vid {place} när skolan slutar",
        ],
        "safer": [
            "Mer att göra för ungdomarna",
            "Längre öppettider på fritidsgården",
            "Fältare ute på kvällarna",
            "Fler vuxna ute",
            "Att föräldrar nattvandrar",
            "Fritidsgårdar som är öppna på helgerna",
            "Att polisen pratar med ungdomarna",
            "Aktiviteter för unga på kvällarna",
            "Vuxna som syns och bryr sig",
            "fältsekreterare vid {place}",
            "att någon vuxen finns där ungdomarna är",
        ],
        "prio": [
            "Ungdomarna",
            "Att unga har något vettigt att göra",
            "Ungdomsgängen",
            "barn och unga",
            "Förebygga att unga hamnar snett",
            "Fritidsgårdarna",
            "Stöd till föräldrar",
            "Ungdomar o droger",
            "Unga som riskerar att hamna i kriminalitet",
        ],
    },
    "synlig_narvaro": {
        "places": CENTRE_PLACES + STATION_PLACES,
        "times": [["evening", "night"], ["night", "weekend"], ["evening"], ["day"]],
        "why": [
            "Man ser aldrig någon polis här",
            "Det finns inga vuxna ute på kvällarna",
            "Polisen kommer inte när man ringer",
            "ingen vakt eller polis någonstans när det händer saker",
            "Polisstationen är stängd på kvällen, det känns som ingen bryr sig",
            "det är tomt på folk och ingen som har koll",
            "Inga vuxna som säger ifrån",
            "Polisen syns bara när något redan har hänt",
        ],
        "safer": [
            "Mer polis",
            "Synlig polis",
            "Mer poliser på gatorna",
            "Polis som går till fots",
            "Fler vuxna ute",
            "Fältsekreterare",
            "Nattvandrare",
            "Mer vakter",
            "Polis på cykel i centrum",
            "Fler poliser!!!",
            "att polisen syns mer",
            "polisnärvaro på kvällar och nätter",
            "Mer synlig polis och fältare",
            "Att man ser vuxna, fältsekreterare och polis ute",
            "Ordningsvakter på helgerna",
            "Mer polis på helgerna",
            "Kommunpolisen borde synas mer",
            "Polisen på plats vid {place}",
            "Trygghetsvärdar på stationen",
            "Att polisen har ett kontor i centrum igen",
            "Poliser som stannar och pratar, inte bara kör förbi",
            "Nattvandring varje helg",
            "fler vuxna i rörelse",
            "Mer folk ute helt enkelt",
            "vakter på bussarna",
        ],
        "prio": [
            "Synlig polis",
            "Mer polis i hela kommunen",
            "Polisens närvaro",
            "Polis och fältare ute",
            "Fler poliser",
            "Att polisen finns på plats när det behövs",
            "Närvaro på kvällar och helger",
            "Att man syns där folk är",
        ],
    },
    "trafik": {
        "places": [
            "Storgatan",
            "gågatan",
            "Strandå centrum",
            "Norrviks centrum",
            "Cykelvägen längs ån",
            "Sjöstadsskolan",
            "Ekbyskolan",
            "Norrviksskolan",
            "Köpcentrum Västra porten",
            "Ekby torg",
        ],
        "times": [["evening"], ["evening", "weekend"], ["day"], ["morning", "weekday"], ["night", "weekend"]],
        "why": [
            "Mopeder som kör på gång- och cykelvägen",
            "epatraktorer som kör runt runt i centrum hela kvällarna",
            "Bilar som kör alldeles för fort på {place}",
            "folk som gasar och spelar hög musik i bilarna, raggarna",
            "Mopedkillar som kör som galningar",
            "Det körs för fort förbi skolan",
            "A-traktorer överallt som kör i 30 på landsvägen och sen far runt på torget",
            "Mopeder utan lampor som kommer i full fart på cykelvägen",
            "bilar som burnar på parkeringen vid {place}",
            "Farlig trafik vid skolan på morgonen när alla ska lämna",
            "buskörning med moped",
            "Fortkörning på Storgatan på nätterna",
            "folk kör mot rött hela tiden",
            "Det är farligt att cykla, bilarna tar ingen hänsyn",
            "Crossar i skogen och på motionsspåret",
            "Parkerade bilar överallt så man inte ser barnen",
            "Trimmade mopeder som låter och kör på trottoaren",
            "Ungdomar i epa som är fulla och kör",
        ],
        "safer": [
            "Fartgupp",
            "Fler hastighetskontroller",
            "Kameror som mäter farten",
            "Trafikpoliser",
            "Stoppa mopederna på cykelvägen",
            "30 km/h i centrum",
            "Bom så bilar inte kan köra på gågatan",
            "Bättre övergångsställen vid skolan",
            "Att polisen kontrollerar mopederna",
            "Mer trafikkontroller",
            "Stäng av torget för biltrafik på kvällen",
        ],
        "prio": [
            "Trafiken",
            "Mopederna",
            "Fortkörningen",
            "Trafiksäkerheten vid skolorna",
            "Buskörning",
            "EPA-traktorerna",
            "Trafiken i centrum",
            "Hastigheten på Storgatan",
        ],
    },
    "nedskrapning": {
        "places": CENTRE_PLACES[:6] + HARBOUR_PLACES + DARK_PLACES[2:5] + SHOP_PLACES,
        "times": [["day"], ["weekend"], ["morning"], ["day", "weekend"]],
        "why": [
            "Skräpigt och ostädat, det känns ofräscht",
            "Nedskräpning överallt, pizzakartonger och flaskor",
            "Det ser förfallet ut och då känns det otryggt",
            "Fulla papperskorgar som ingen tömmer",
            "glas på marken vid {place}, farligt för hundar och barn",
            "Skräp och fimpar överallt vid {place}",
            "Nedklottrat och skräpigt, ingen verkar bry sig",
            "ostädat och smutsigt i tunneln",
            "Det luktar kiss i trappan",
            "Sopor som blåser omkring vid återvinningen",
            "buskarna är fulla med skräp",
        ],
        "safer": [
            "Städa oftare",
            "Fler papperskorgar",
            "Att det hålls snyggt",
            "Att kommunen sköter parkerna bättre",
            "Tömma papperskorgarna på helgerna",
            "Städdagar med skolorna",
            "Att klotter tas bort direkt",
            "Snyggare miljö så folk bryr sig",
        ],
        "prio": ["Nedskräpningen", "Städning", "Skötseln av parker och torg", "Ren och snygg stad"],
    },
    "skadegorelse": {
        "places": CENTRE_PLACES[:6] + STATION_PLACES[:4] + YOUTH_PLACES[5:9] + ["parkeringshuset"],
        "times": [["night"], ["night", "weekend"], ["evening", "night"], ["weekend"]],
        "why": [
            "Skadegörelse, krossade busskurar",
            "klotter på allt",
            "Bilar som har bränts upp på parkeringen",
            "Någon har tänt eld på containrar flera gånger",
            "Vandalisering av skolan på helgerna",
            "sönderslagna fönster och cyklar",
            "Folk sparkar sönder saker när de är fulla",
            "Det har varit bilbränder i området",
            "Klotter och tags i hela tunneln",
            "krossat glas i busskuren varje måndag",
            "Mitt cykelställ har förstörts tre gånger",
            "Skolan blir vandaliserad, fönster och dörrar",
        ],
        "safer": [
            "Kameror",
            "Kameraövervakning vid {place}",
            "Att skadegörelse lagas snabbt",
            "Vakter på natten",
            "Bättre belysning så ingen kan gömma sig",
            "Att polisen tar det på allvar",
        ],
        "prio": ["Skadegörelsen", "Bilbränderna", "Klotter och vandalisering", "Anlagda bränder"],
    },
    "inbrott_stold": {
        "places": [
            "mellan husen där jag bor",
            "Industriområdet Norra",
            "Strandå hamn",
            "båthamnen",
            "Ekby",
            "Norrvik",
            "villaområdet",
            "Strandå",
            "förrådet",
            "parkeringen",
            "cykelstället vid stationen",
        ],
        "times": [["night"], ["day", "weekday"], ["night", "weekend"], ["evening"]],
        "why": [
            "Inbrott i villor i vårt område",
            "Grannens hus blev inbrott i förra året",
            "cykelstölder vid stationen, min har blivit stulen två gånger",
            "Båtmotorer som stjäls i hamnen",
            "inbrott i förråden i källaren",
            "Bilinbrott på parkeringen",
            "Folk som går runt och känner på dörrar på natten",
            "Okända bilar som kör runt och spanar",
            "stölder ur bilar",
            "Mycket snatteri och stölder i affärerna, jag jobbar där",
            "Inbrott i kolonistugorna",
            "De har stulit verktyg ur firmabilarna flera gånger",
            "Rädd för inbrott när man är bortrest",
        ],
        "safer": [
            "Grannsamverkan",
            "Att polisen utreder inbrotten",
            "Larm och bättre lås",
            "Mer polis nattetid",
            "Kameror vid parkeringen",
            "Bevakning av hamnen",
            "Att grannar håller koll på varandra",
            "Att polisen återkopplar när man anmält",
        ],
        "prio": [
            "Inbrotten",
            "Stölder",
            "Grannsamverkan mot brott",
            "Att anmälningar utreds",
            "Cykelstölderna",
            "Båtmotorstölderna",
        ],
    },
    "vald_hot": {
        "places": CENTRE_PLACES[:6] + STATION_PLACES[:4] + DARK_PLACES[:3],
        "times": [["night", "weekend"], ["evening", "night"], ["night"], ["evening"]],
        "why": [
            "Jag blev rånad vid {place}",
            "Det har varit knivhot mot ungdomar",
            "misshandel utanför krogen",
            "Jag har blivit trakasserad av ett gäng killar",
            "Folk som är hotfulla och kräver pengar",
            "Tjejer blir ofredade när de går hem",
            "Slagsmål på torget nästan varje helg",
            "Någon blev knivskuren i stan förra året",
            "Otäcka kommentarer och tafsande",
            "Män som följer efter en",
            "Man hör om rån hela tiden",
            "Är rädd att någon ska hoppa på en när man går ensam",
            "Det har skjutits i en annan stad och man blir orolig att det kommer hit",
        ],
        "safer": [
            "Mer polis på helgnätterna",
            "Kameror",
            "Att någon finns att ringa",
            "Trygghetsvärdar",
            "Att man kan gå i grupp",
            "Bättre belysning",
            "Att polisen tar anmälningarna på allvar",
        ],
        "prio": [
            "Våldet",
            "Rånen mot ungdomar",
            "Kvinnors trygghet",
            "Misshandel och hot",
            "Att tjejer ska kunna gå hem tryggt",
        ],
    },
    "bedrageri": {
        "places": ["hemma", "telefonen", "i telefon", "vid bankomaten", "utanför affären", "hemma hos mamma"],
        "times": [["day"], ["day", "weekday"], ["morning"]],
        "why": [
            "Bedragare som ringer till äldre och låtsas vara från banken",
            "Min mamma blev lurad på pengar av någon som ringde",
            "Telefonbedrägerier mot pensionärer",
            "Folk som knackar på och ska sälja saker, man vet inte vad de vill",
            "bluffsamtal nästan varje vecka",
            "De lurar äldre att lämna ut bankdosan",
            "Jag har fått sms om paket som var bedrägeri",
            "falska hantverkare som går runt hos äldre",
            "min granne blev av med 40 000 till bedragare",
            "Någon utgav sig för att vara polis och ringde min pappa",
            "Jag är rädd att bli lurad på nätet",
        ],
        "safer": [
            "Information till äldre om bedrägerier",
            "Att banken och polisen informerar på träffpunkterna",
            "Att polisen kommer till PRO och berättar",
            "Mer kunskap om hur man skyddar sig",
            "Att anhöriga pratar med sina äldre",
            "Informationsträffar om bedrägerier",
        ],
        "prio": ["Bedrägerierna mot äldre", "Skydda pensionärerna", "Telefonbedrägerierna", "Äldres trygghet"],
    },
    "skola": {
        "places": YOUTH_PLACES[5:] + ["skolgården", "skolan"],
        "times": [["day", "weekday"], ["morning", "weekday"], ["evening"]],
        "why": [
            "Det händer saker på skolgården efter skoltid",
            "Mobbning och hot i skolan som ingen tar tag i",
            "stökigt på skolan, lärarna hinner inte med",
            "Äldre elever som hotar de yngre",
            "Det finns droger på skolan, alla vet vem som säljer",
            "Folk som inte går där hänger på skolgården på kvällen",
        ],
        "safer": [
            "Polisen på besök i skolorna",
            "Fler vuxna på skolgården",
            "Skolpolis",
            "Bättre samarbete skola och socialtjänst",
            "Att polisen kommer till skolan och pratar om droger",
            "Kuratorer och fältare i skolan",
            "Att poliserna lär känna eleverna",
        ],
        "prio": [
            "Skolorna",
            "Samarbetet mellan skola, socialtjänst och polis",
            "Polisen i skolan",
            "Att fånga upp unga tidigt",
        ],
    },
    "vald_nara_relationer": {
        "places": ["hemma", "i vårt hus", "grannen"],
        "times": [["night"], ["evening", "night"], ["weekend"]],
        "why": [
            "Jag hör bråk och skrik från grannen och vet inte vad jag ska göra",
            "Våld i hemmet som ingen pratar om",
            "Kvinnor i området som inte får bestämma själva",
            "Man hör att någon blir slagen men ingen ringer",
        ],
        "safer": [
            "Att man vet vart man kan vända sig",
            "Mer stöd till de som är utsatta",
            "Att socialtjänsten agerar",
        ],
        "prio": ["Våldet i hemmen som ingen ser", "Mäns våld mot kvinnor och barn", "Hedersvåldet"],
    },
    "samverkan_dialog": {
        "places": CENTRE_PLACES[:3],
        "times": [["day"], ["evening"]],
        "why": [
            "Man vet inte vem man ska prata med när något händer",
            "Ingen information om vad som görs",
            "Det känns som att kommunen och polisen inte pratar med varandra",
            "Man får aldrig veta vad som hände efter man anmält",
        ],
        "safer": [
            "Trygghetsvandringar",
            "Mer info från kommunen om vad som händer",
            "Att man får återkoppling",
            "Fler sådana här samtal",
            "Att polis och kommun samarbetar mer",
            "Medborgardialoger varje år",
            "Att de som bor här får vara med och bestämma",
            "Berätta vad som görs i tidningen",
        ],
        "prio": [
            "Samarbete mellan kommun och polis",
            "Information till invånarna",
            "Lyssna på oss som bor här",
            "Dialog med ungdomarna",
            "Samverkan med föreningarna",
        ],
    },
    "grannsamverkan": {
        "places": ["villaområdet", "Ekby", "Norrvik", "Strandå"],
        "times": [["night"], ["day"]],
        "why": [
            "Folk känner inte varandra längre i området",
            "Många nya som flyttar in och ut, man vet inte vilka som bor här",
        ],
        "safer": [
            "Grannsamverkan",
            "Att grannarna pratar med varandra",
            "Skyltar om grannsamverkan",
            "Att vi startar grannsamverkan i vårt område",
            "Känna sina grannar",
        ],
        "prio": ["Grannsamverkan", "Stöd till grannsamverkan"],
    },
    "annat": {
        "places": CENTRE_PLACES[:4] + ["överallt", "på nätet"],
        "times": [["evening"], ["day"], ["night"]],
        "why": [
            "Det är en allmän känsla bara",
            "Vet inte riktigt, det känns obehagligt",
            "Man läser så mycket i tidningen",
            "Folk som tigger vid affärsentrén hela dagarna",
            "Det har blivit segregerat",
            "man hör så mycket rykten på facebook",
            "Det är öde sen affärerna stängde",
            "För få människor ute efter att corona kom",
            "Hundar som går lösa",
            "Vet ej",
        ],
        "safer": [
            "Kameror",
            "Fler affärer och caféer som har öppet",
            "Mer liv i centrum",
            "Vet inte",
            "Att det händer mer i stan",
            "Mindre rykten och mer fakta",
        ],
        "prio": ["Tryggheten i stort", "Vet inte", "Allt", "Det som är viktigast för de flesta"],
    },
}

# How the themes' weight moves through the years (2016 … 2020), so the analysis has trends to find.
WEIGHTS = {
    "alkohol_berusning": [10, 11, 12, 13, 16],
    "narkotika": [7, 9, 11, 13, 15],
    "belysning": [9, 9, 10, 11, 13],
    "ungdomar": [9, 10, 12, 12, 12],
    "synlig_narvaro": [5, 6, 6, 7, 8],
    "trafik": [12, 11, 9, 8, 7],
    "nedskrapning": [8, 7, 6, 5, 4],
    "skadegorelse": [6, 7, 10, 7, 5],
    "inbrott_stold": [12, 10, 8, 6, 5],
    "vald_hot": [4, 4, 5, 6, 5],
    "bedrageri": [2, 3, 5, 7, 6],
    "skola": [3, 3, 4, 4, 4],
    "vald_nara_relationer": [1, 1, 1, 1, 1],
    "samverkan_dialog": [2, 2, 2, 2, 2],
    "grannsamverkan": [2, 2, 2, 2, 1],
    "annat": [4, 4, 4, 4, 4],
}

CONTRIBUTE = [
    "",
    "",
    "",
    "",
    "Nej",
    "nej",
    "Vet inte",
    "nej inte just nu",
    "Kan tänka mig att nattvandra",
    "Jag är redan med i grannsamverkan",
    "Säga till om jag ser något",
    "Ringa polisen när något händer",
    "Anmäla trasiga lampor",
    "Plocka skräp",
    "Hälsa på folk, prata med ungdomarna",
    "Jag kan ställa upp som nattvandrare",
    "Vara med på trygghetsvandring",
    "Hålla koll på grannarnas hus när de är borta",
    "Prata med mina barn om droger",
    "Nej, det är deras jobb",
    "Kanske",
    "Är med i föräldragruppen på skolan",
    "Gå ut mer på kvällarna",
    "jag är tränare i fotbollen och försöker hålla koll på grabbarna",
    "Felanmäla i appen",
    "Ha koll på mina egna ungdomar",
    "Jag jobbar som busschaufför och kan säga till",
    "Vet ej, jag är gammal",
    "Kan hjälpa till på fritidsgården",
    "Sprida info till mina grannar om bedrägerier",
]
SAFE_ALREADY = [
    "Jag känner mig trygg",
    "Känner mig trygg överallt faktiskt",
    "Har aldrig känt mig otrygg här",
    "Nej det är lugnt",
    "Trivs bra, inga problem",
    "Tycker det är tryggt i Sjöstad",
    "Nej inte egentligen",
    "Inget särskilt",
    "Det är bra som det är",
]
FILLERS_BEFORE = [
    "asså ",
    "typ ",
    "ja ",
    "hmm ",
    "ja alltså ",
    "Det är väl ",
    "Jag tycker ",
    "ärligt talat ",
    "Tja, ",
    "Spontant: ",
]
FILLERS_AFTER = [
    " helt enkelt",
    " tycker jag",
    "!!",
    " typ",
    " liksom",
    "...",
    " faktiskt",
    " :(",
    " det är så",
    " som sagt",
]
ABBREVIATIONS = [
    ("mycket", "mkt"),
    ("någon", "ngn"),
    ("något", "ngt"),
    ("på grund av", "pga"),
    ("och", "o"),
    ("med", "m"),
    ("eftersom", "pga att"),
    ("till exempel", "t ex"),
]
MISSPELLINGS = [
    ("belysning", "belysnig"),
    ("belysning", "belysninng"),
    ("polis", "pollis"),
    ("känner", "kännner"),
    ("otrygg", "otryg"),
    ("ungdomar", "ungdommar"),
    ("narkotika", "narkotka"),
    ("kvällarna", "kvälarna"),
    ("tryggare", "tryggar"),
    ("mörkt", "mörk"),
    ("berusade", "berussade"),
    ("mopeder", "mopedder"),
    ("fältsekreterare", "fältsekretare"),
    ("stationen", "statonen"),
    ("ä", "a"),
    ("ö", "o"),
    ("å", "a"),
    ("centrum", "cenntrum"),
    ("skräp", "skrap"),
]

# Scale answers by theme: worries about violence and drugs come with lower felt safety.
SAFETY_BY_THEME = {
    "vald_hot": 2,
    "narkotika": 2.5,
    "alkohol_berusning": 2.7,
    "vald_nara_relationer": 2.2,
    "belysning": 3,
    "ungdomar": 3,
    "bedrageri": 3.2,
    "inbrott_stold": 3.2,
    "skadegorelse": 3.2,
    "trafik": 3.5,
    "nedskrapning": 3.6,
}
YEARS = [2016, 2017, 2018, 2019, 2020]


class AnswerWriter:
    """One author's voice per call: ``conversation()`` gives the answers to the national template's questions."""

    def __init__(self, rng: random.Random, *, year: int) -> None:
        self.rng = rng
        index = min(max(year - YEARS[0], 0), len(YEARS) - 1)
        self.themes = list(WEIGHTS)
        self.weights = [WEIGHTS[t][index] for t in self.themes]

    def conversation(self) -> dict[str, Any]:
        rng = self.rng
        style = self._style()
        if rng.random() < 0.09:
            return {
                "feel_safe": rng.choice([4, 5, 5]),
                "where_unsafe": rng.choice(NOWHERE),
                "when_unsafe": [],
                "why_unsafe": self._voice(rng.choice(SAFE_ALREADY), style),
                "what_safer": self._voice(rng.choice(["", "Vet inte", "Mer folk ute", "Fortsätt som nu"]), style),
                "priorities": self._voice(self._prio(rng.choice(self.themes)), style),
                "contribute": self._voice(rng.choice(CONTRIBUTE), {**style, "filler": 0.0}),
            }
        theme = rng.choices(self.themes, weights=self.weights)[0]
        second = rng.choices(self.themes, weights=self.weights)[0] if rng.random() < 0.45 else None
        data = THEMES[theme]
        place = rng.choice(data["places"])
        why = rng.choice(data["why"]).format(place=place)
        if second and second != theme and rng.random() < 0.6:
            extra = rng.choice(THEMES[second]["why"]).format(place=rng.choice(THEMES[second]["places"]))
            why = f"{why}{rng.choice(['. ', ', och ', ' + ', '. Sen ', '. Dessutom '])}{_lower_first(extra)}"
        safer_theme = theme
        if rng.random() < 0.35:
            # Many answers ask for visible adults, field workers and police whatever the worry.
            safer_theme = "synlig_narvaro"
        elif second and rng.random() < 0.3:
            safer_theme = second
        if theme in ("alkohol_berusning", "narkotika", "vald_hot") and rng.random() < 0.25:
            safer_theme = "belysning"  # darkness makes the centres' evenings worse
        safer = rng.choice(THEMES[safer_theme]["safer"]).format(place=place)
        if rng.random() < 0.3:
            more = rng.choice(THEMES[rng.choice([theme, "synlig_narvaro", "belysning"])]["safer"]).format(place=place)
            if more != safer:
                safer = f"{safer}{rng.choice([' och ', ', ', '. ', ' + '])}{_lower_first(more)}"
        indoors = theme in ("bedrageri", "vald_nara_relationer", "inbrott_stold", "grannsamverkan", "samverkan_dialog")
        where = place if indoors or rng.random() < 0.65 else rng.choice(DESCRIBED_PLACES)
        times = list(rng.choice(data["times"]))
        if rng.random() < 0.15:
            times = sorted(set(times) | {rng.choice(["evening", "night", "weekend"])})
        mean = SAFETY_BY_THEME.get(theme, 3.4)
        feel_safe = min(5, max(1, round(rng.gauss(mean, 0.9))))
        return {
            "feel_safe": feel_safe,
            "where_unsafe": where if rng.random() > 0.04 else "",
            "when_unsafe": times if rng.random() > 0.08 else [],
            "why_unsafe": self._voice(why, style),
            "what_safer": self._voice(safer, style),
            "priorities": self._voice(self._prio(theme if rng.random() < 0.6 else second or theme), style),
            "contribute": self._voice(rng.choice(CONTRIBUTE), {**style, "filler": 0.0}),
        }

    def _prio(self, theme: str) -> str:
        rng = self.rng
        # The seed's second focus: preventing drug abuse among the young, police at schools and fritidsgårdar.
        if rng.random() < 0.12 * self.weights[self.themes.index("narkotika")] / 10:
            return rng.choice(
                [
                    "Förebygga missbruk bland ungdomar",
                    "Polisen ska synas på skolor och fritidsgårdar",
                    "Unga och narkotika",
                    "att polisen bygger relationer med ungdomarna på fritidsgårdarna",
                    "Droger bland unga, polis i skolorna",
                    "Att hindra att unga börjar med knark",
                ]
            )
        return rng.choice(THEMES[theme]["prio"])

    def _style(self) -> dict[str, float]:
        rng = self.rng
        kind = rng.choices(["note", "teen", "careful", "angry", "elder", "plain"], weights=[30, 15, 15, 10, 10, 20])[0]
        base = {"lower": 0.2, "nopunct": 0.3, "abbrev": 0.1, "typo": 0.08, "filler": 0.08, "shout": 0.0}
        base.update(
            {
                "note": {"lower": 0.5, "nopunct": 0.7, "abbrev": 0.35, "typo": 0.1, "filler": 0.0},
                "teen": {"lower": 0.85, "nopunct": 0.8, "abbrev": 0.5, "typo": 0.3, "filler": 0.45},
                "careful": {"lower": 0.0, "nopunct": 0.0, "abbrev": 0.0, "typo": 0.02, "filler": 0.1},
                "angry": {"lower": 0.1, "nopunct": 0.2, "abbrev": 0.2, "typo": 0.15, "filler": 0.3, "shout": 0.25},
                "elder": {"lower": 0.05, "nopunct": 0.1, "abbrev": 0.0, "typo": 0.15, "filler": 0.15},
                "plain": {},
            }[kind]
        )
        return base

    def _voice(self, text: str, style: dict[str, float]) -> str:
        rng = self.rng
        if not text:
            return text
        if rng.random() < style["abbrev"]:
            long, short = rng.choice(ABBREVIATIONS)
            text = text.replace(f" {long} ", f" {short} ")
        if rng.random() < style["typo"]:
            wrong, typo = rng.choice(MISSPELLINGS)
            if wrong in text:
                position = text.find(wrong)
                text = text[:position] + typo + text[position + len(wrong) :]
        if rng.random() < style["filler"]:
            text = rng.choice(FILLERS_BEFORE) + _lower_first(text)
        if rng.random() < style["filler"]:
            text = text.rstrip(".") + rng.choice(FILLERS_AFTER)
        if rng.random() < style["nopunct"]:
            text = text.replace(",", "").rstrip(".!")
        elif not text.endswith((".", "!", "?", ")", ":(")) and rng.random() < 0.5:
            text += "."
        if rng.random() < style["lower"]:
            text = text.lower()
        if rng.random() < style["shout"]:
            text = text.upper()
        return text


def _lower_first(text: str) -> str:
    if len(text) > 1 and text[1].islower():
        return text[0].lower() + text[1:]
    return text
