"""Redaction figures: how much personal data in free text is masked, how often ordinary words are, and speed.

Each case is a dialogue-like answer with the personal data it holds (which must disappear) and words that
must stay (names that are also words, places, years, emergency numbers). Prints recall per kind, the share
of texts with a false mask, and texts per second.

    .venv/bin/python bench/redaction.py
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from lofte.text.redact import redact  # noqa: E402

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
    # Nothing personal here: every word must stay.
    ("Det är mörkt i parken på kvällarna", [], ["mörkt", "parken", "kvällarna"]),
    ("Ring 112 om något händer", [], ["112"]),
    ("Polisen nås på 114 14", [], ["114 14"]),
    ("Det hände 2019-2020 flera gånger", [], ["2019-2020"]),
    ("Ärendet 811218-9875 gäller gatlyktan", [], ["811218-9875"]),
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
]


def main() -> None:
    found: dict[str, list[int]] = {}
    false_texts = 0
    clean_texts = 0
    misses: list[str] = []
    for text, personal, keep in CASES:
        out = redact(text)
        for kind, value in personal:
            hit = value not in out
            found.setdefault(kind, [0, 0])
            found[kind][0] += hit
            found[kind][1] += 1
            if not hit:
                misses.append(f"  missed {kind}: {value!r} in {out!r}")
        kept = all(word in out for word in keep)
        if not personal:
            clean_texts += 1
            false_texts += out != text
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
    print(f"  clean texts changed by mistake: {false_texts}/{clean_texts}")
    for line in misses:
        print(line)
    texts = [text for text, _, _ in CASES] * 2000
    start = time.perf_counter()
    for text in texts:
        redact(text)
    elapsed = time.perf_counter() - start
    print(f"speed: {len(texts):,} texts in {elapsed:.2f} s = {len(texts) / elapsed:,.0f} texts/s (one core)")


if __name__ == "__main__":
    main()
