"""Redaction figures: how much personal data in free text is masked, how often ordinary words are, and speed.

Each case is a dialogue-like answer with the personal data it holds (which must disappear, every word and
number of it: "[adress]-7" leaks a house number) and words that must stay (names that are also words, places,
years, emergency numbers). Redaction gets the organisation's place words, as the dialogue service passes them.
Prints recall per kind, the share of texts with a false mask, and texts per second.

    .venv/bin/python bench/redaction.py
"""

from __future__ import annotations

import re
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from bench import summary  # noqa: E402
from lofte.text.redact import redact  # noqa: E402

# Lower-case words of the organisation's place names (QuestionnaireSpec.protected_words()).
PROTECT = ["storgatan", "kungsgatan", "norrby", "sjöstad", "ekby", "resecentrum", "stationen", "stora", "torget"]

# (text, [(kind, personal data that must be gone)], [words that must stay])
CASES: list[tuple[str, list[tuple[str, str]], list[str]]] = [
    ("Ring mig på 070-123 45 67 om ni vill veta mer", [("telefon", "070-123 45 67")], ["Ring"]),
    ("Per sa att det var mörkt i tunneln", [("namn", "Per")], ["mörkt", "tunneln"]),
    ("Björn sprang över vägen när bilen kom", [("namn", "Björn")], ["vägen", "bilen"]),
    ("mitt nr 0701234567", [("telefon", "0701234567")], []),
    ("Kontakta kommunen på 0510-77 00 00", [("telefon", "0510-77 00 00")], ["kommunen"]),
    ("+46 70 987 65 43 är min mobil", [("telefon", "+46 70 987 65 43")], []),
    ("Hemnummer 08-123 456 78, ring på kvällen", [("telefon", "08-123 456 78")], ["kvällen"]),
    ("Maila anna.svensson@exempel.se", [("e-post", "anna.svensson@exempel.se")], []),
    ("skicka till kalle_90@hotmail.com tack", [("e-post", "kalle_90@hotmail.com")], ["tack"]),
    ("Mejl: p.ek@sjostad.example", [("e-post", "p.ek@sjostad.example")], []),
    ("Mitt personnummer är 811218-9876", [("personnummer", "811218-9876")], []),
    ("pnr 19811218-9876 om ni behöver", [("personnummer", "19811218-9876")], []),
    ("Sonen 200501022388 blev rånad", [("personnummer", "200501022388")], ["rånad"]),
    ("Jag bor på Storgatan 12 och det är mörkt", [("adress", "Storgatan 12")], ["mörkt"]),
    ("Skräp utanför Järnvägsgatan 4B varje helg", [("adress", "Järnvägsgatan 4B")], ["Skräp", "helg"]),
    ("Inbrott hos oss på Björkvägen 7 i våras", [("adress", "Björkvägen 7")], ["Inbrott"]),
    ("Adress: Rådhusgatan 1, 999 88 Sjöstad", [("adress", "Rådhusgatan 1"), ("adress", "999 88")], []),
    ("Min granne Eva Lindqvist blev lurad i telefon", [("namn", "Eva"), ("namn", "Lindqvist")], ["lurad"]),
    ("Jag heter Mohammed och jobbar på torget", [("namn", "Mohammed")], ["torget"]),
    ("Pratade med Johan Karlsson om bilarna", [("namn", "Johan"), ("namn", "Karlsson")], ["bilarna"]),
    ("Fråga Lisa på fritidsgården", [("namn", "Lisa")], ["fritidsgården"]),
    ("Sara Nilsson och Per Andersson såg det", [("namn", "Sara"), ("namn", "Nilsson"), ("namn", "Andersson")], []),
    ("Det var Ahmed som blev slagen", [("namn", "Ahmed")], ["slagen"]),
    ("kontakta mig, Karin Berg, 070-555 66 77", [("namn", "Karin"), ("telefon", "070-555 66 77")], []),
    ("Min pappa Lennart fick ett bluffsamtal", [("namn", "Lennart")], ["bluffsamtal"]),
    ("Grannen Maria Johansson ringde polisen", [("namn", "Maria"), ("namn", "Johansson")], ["polisen"]),
    (
        "Skriv till mig på erik@example.org eller ring 073-111 22 33",
        [("e-post", "erik@example.org"), ("telefon", "073-111 22 33")],
        [],
    ),
    # A mistyped personnummer is still one; a known place or street with a house number is an address; a first
    # name that is also a word, at a sentence start before a place or an auxiliary, and double names are names.
    ("Ärendet 811218-9875 gäller gatlyktan", [("personnummer", "811218-9875")], ["gatlyktan"]),
    ("Mitt personnummer 19811218 9875, skrev jag rätt?", [("personnummer", "19811218 9875")], []),
    ("Farmor 251012+4312 fick ett bluffsamtal", [("personnummer", "251012+4312")], ["bluffsamtal"]),
    ("Samordningsnummer 811278-9872 om ni behöver", [("personnummer", "811278-9872")], []),
    ("Jag bor på Kungsgatan 5-7 och hör allt", [("adress", "Kungsgatan 5-7")], ["hör"]),
    ("Storgatan 12 B har klotter på porten", [("adress", "Storgatan 12 B")], ["klotter"]),
    ("Järnvägsgatan 3A är mörk på kvällen", [("adress", "Järnvägsgatan 3A")], ["mörk"]),
    ("Hon bor på Stora torget 3 ovanför kiosken", [("adress", "Stora torget 3")], ["kiosken"]),
    ("Inbrott på Norrby 12 i natt", [("adress", "Norrby 12")], ["Inbrott"]),
    ("Kalle på Storgatan säljer knark", [("namn", "Kalle")], ["Storgatan", "knark"]),
    ("Lisa vid stationen brukar hjälpa till", [("namn", "Lisa")], ["stationen"]),
    ("Hans i kiosken ser allt som händer", [("namn", "Hans")], ["kiosken"]),
    ("Kalle har en moped som låter", [("namn", "Kalle")], ["moped"]),
    ("Anna-Karin ringde polisen", [("namn", "Anna-Karin")], ["polisen"]),
    ("Jag såg Lars-Erik i parken", [("namn", "Lars-Erik")], ["parken"]),
    ("Eva-Lena Svensson bor bredvid", [("namn", "Eva-Lena"), ("namn", "Svensson")], []),
    ("Min granne Bo-Göran Ek klagar", [("namn", "Bo-Göran"), ("namn", "Ek")], ["klagar"]),
    # Nothing personal here: every word must stay.
    ("Det är mörkt i parken på kvällarna", [], ["mörkt", "parken", "kvällarna"]),
    ("Ring 112 om något händer", [], ["112"]),
    ("Polisen nås på 114 14", [], ["114 14"]),
    ("Det hände 2019-2020 flera gånger", [], ["2019-2020"]),
    # (This was "Ärendet 811218-9875": a mistyped personnummer, now masked and counted above.)
    ("Ärendet 813218-9875 gäller gatlyktan", [], ["813218-9875"]),
    ("Rosa blommor i rabatten är fint men skräpigt", [], ["Rosa"]),
    ("Det växer ek och björk vid ån", [], ["ek", "björk"]),
    ("Berg av skräp vid återvinningen", [], ["Berg"]),
    ("Storgatan är mörk på natten", [], ["Storgatan"]),
    ("Mer belysning på Kungsgatan behövs", [], ["Kungsgatan"]),
    ("Bo i centrum är otryggt ibland", [], ["Bo"]),
    ("Ungdomar samlas vid Resecentrum", [], ["Resecentrum"]),
    ("Vi behöver 3 nya lampor och 20 kameror", [], ["3", "20"]),
    ("Klockan 22.30 börjar bråken", [], ["22.30"]),
    ("Buss 4 går för sällan på kvällen", [], ["Buss 4"]),
    ("Trygg i Sjöstad är ett bra initiativ", [], ["Sjöstad"]),
    ("Fler vuxna ute, typ nattvandrare", [], ["nattvandrare"]),
    ("Hugo Boss-butiken fick inbrott", [], []),
    ("Lidköping har bra fritidsgårdar", [], ["Lidköping"]),
    ("Vi vill ha Grannsamverkan i Ekby", [], ["Grannsamverkan", "Ekby"]),
    # Look-alikes of the cases above.
    ("Föreningens organisationsnummer är 802456-1234", [], ["802456-1234"]),
    ("Det hände 2020-05-12 kl 22.30 vid torget", [], ["2020-05-12", "22.30"]),
    ("Det är mörkt vid Storgatan och Kungsgatan", [], ["Storgatan", "Kungsgatan"]),
    ("Sjöstad 2030 är kommunens vision", [], ["Sjöstad 2030"]),
    ("Vi gick förbi Norrby 3 gånger", [], ["Norrby 3"]),
    ("Riksväg 40 är farlig för cyklister", [], ["Riksväg 40"]),
    ("Sten på vägen är farligt", [], ["Sten"]),
    ("Liv i centrum på kvällarna behövs", [], ["Liv"]),
    ("Stig på bussen vid resecentrum", [], ["Stig"]),
    ("Hans cykel vid stationen blev stulen", [], ["Hans"]),
    ("Per person blir det dyrt", [], ["Per"]),
    ("Björn är ett djur", [], ["Björn"]),
    ("Rosa huset vid torget är mörkt", [], ["Rosa"]),
]
# The first 20 clean texts are the original set; the rest were added with the cases above.
ORIGINAL_CLEAN = 20


_WORD = re.compile(r"\w+")


def main() -> None:
    found: dict[str, list[int]] = {}
    false_texts = 0
    clean_texts = 0
    misses: list[str] = []
    original_false = 0
    for text, personal, keep in CASES:
        out = redact(text, PROTECT)
        out_words = set(_WORD.findall(out))
        for kind, value in personal:
            hit = not any(word in out_words for word in _WORD.findall(value))
            found.setdefault(kind, [0, 0])
            found[kind][0] += hit
            found[kind][1] += 1
            if not hit:
                misses.append(f"  missed {kind}: {value!r} in {out!r}")
        kept = all(word in out for word in keep)
        if not personal:
            clean_texts += 1
            false_texts += out != text
            original_false += out != text and clean_texts <= ORIGINAL_CLEAN
            if out != text:
                misses.append(f"  changed a clean text: {text!r} -> {out!r}")
        if not kept:
            misses.append(f"  masked a word that must stay: {out!r}")
    total_hit = sum(h for h, _ in found.values())
    total = sum(n for _, n in found.values())
    print(f"redaction on {len(CASES)} hand-written answers: {total} pieces of personal data, {clean_texts} clean texts")
    for kind, (hit, n) in sorted(found.items()):
        print(f"  {kind:<13} {hit}/{n} masked ({hit / n:.0%})")
    print(f"  all kinds     {total_hit}/{total} masked ({total_hit / total:.1%})")
    print(f"  clean texts changed by mistake: {false_texts}/{clean_texts}", end="")
    print(f" ({original_false}/{ORIGINAL_CLEAN} of the original {ORIGINAL_CLEAN})")
    for line in misses:
        print(line)
    texts = [text for text, _, _ in CASES] * 2000
    start = time.perf_counter()
    for text in texts:
        redact(text, PROTECT)
    elapsed = time.perf_counter() - start
    print(f"speed: {len(texts):,} texts in {elapsed:.2f} s = {len(texts) / elapsed:,.0f} texts/s (one core)")
    summary.record("text engine", "redaction: personal data masked", f"{total_hit}/{total}", "")
    summary.record("text engine", "redaction speed", len(texts) / elapsed, "texts/s")


if __name__ == "__main__":
    main()
