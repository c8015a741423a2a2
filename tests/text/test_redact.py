from __future__ import annotations

import pytest

from lofte.text import redact
from lofte.text.redact import is_personnummer, luhn_ok


def test_personnummer_with_valid_check_digit_is_masked() -> None:
    assert redact("Mitt nummer är 811218-9876.") == "Mitt nummer är [personnummer]."
    assert redact("19811218-9876") == "[personnummer]"
    assert is_personnummer("8112189876")


def test_number_with_wrong_check_digit_is_not_taken_for_a_personnummer() -> None:
    assert luhn_ok("8112189876") and not luhn_ok("8112189875")
    assert "[personnummer]" not in redact("Ärendet 811218-9875 gäller")


def test_samordningsnummer_is_masked() -> None:
    assert redact("nr 811278-9873") == "nr [personnummer]"  # day 18 + 60


@pytest.mark.parametrize("phone", ["0510-77 00 00", "070-123 45 67", "+46 70 123 45 67", "08-123 456 78", "0701234567"])
def test_phone_numbers_are_masked(phone: str) -> None:
    assert redact(f"Ring {phone} efter fem") == "Ring [telefon] efter fem"


def test_emergency_numbers_and_years_are_kept() -> None:
    assert redact("ring 112 eller 114 14, det hände 2020-2021") == "ring 112 eller 114 14, det hände 2020-2021"


def test_email_is_masked() -> None:
    assert redact("skriv till anna.svensson@kommun.se nu") == "skriv till [e-post] nu"


def test_street_addresses_are_masked() -> None:
    assert redact("Jag bor på Storgatan 12B") == "Jag bor på [adress]"
    assert redact("Skaragatan 8, 531 88 Lidköping") == "[adress], [adress]"
    assert redact("Det är mörkt på Storgatan") == "Det är mörkt på Storgatan"


def test_personal_names_are_masked() -> None:
    assert redact("Frida Nilsson sa att det var mörkt") == "[namn] sa att det var mörkt"
    assert redact("Johan Rexhag lokalpolisområdeschef") == "[namn] lokalpolisområdeschef"
    assert redact("Hassan och Anna bråkar") == "[namn] och [namn] bråkar"


@pytest.mark.parametrize(
    "text",
    [
        "rosa blommor i parken",
        "Per vecka sker tre inbrott",
        "Bo i centrum är tryggt",
        "en ek och ett berg",
        "ungdomar vid sten och ros",
    ],
)
def test_names_that_are_words_are_kept_outside_name_context(text: str) -> None:
    assert redact(text) == text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Jag heter Bo", "Jag heter [namn]"),
        ("min granne Per stör alla", "min granne [namn] stör alla"),
        ("Det var Rosa som såg det", "Det var [namn] som såg det"),
        ("Per Andersson ringde", "[namn] ringde"),
        ("jag och Stig Berg", "jag och [namn]"),
    ],
)
def test_names_that_are_words_are_masked_in_name_context(text: str, expected: str) -> None:
    assert redact(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Per sa att det var mörkt", "[namn] sa att det var mörkt"),
        ("Björn sprang över vägen", "[namn] sprang över vägen"),
        ("Per och Lisa bor här", "[namn] och [namn] bor här"),
        # The same words as words: no verb only people do follows them.
        ("Per person blir det dyrt", "Per person blir det dyrt"),
        ("Björn är ett djur", "Björn är ett djur"),
        ("Rosa huset är mörkt", "Rosa huset är mörkt"),
    ],
)
def test_a_first_name_that_is_a_word_at_a_sentence_start_is_masked_before_a_persons_verb(
    text: str, expected: str
) -> None:
    assert redact(text) == expected
