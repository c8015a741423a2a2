"""Text that Python calls digits but int() refuses ("²".isdigit() is true) never reaches int(): every parser of
numbers typed or read from files checks with isdecimal(), which is exactly what int() accepts. Before, a
superscript in an age column or a figure column stopped an import with an unexpected error."""

from __future__ import annotations

import pytest

from lofte.dialogues.import_rows import _normalise_age
from lofte.situation.source_files import _parse_year


@pytest.mark.parametrize("text", ["²", "³⁴", "¹²"])
def test_an_age_written_with_superscript_digits_is_not_a_number_and_not_a_crash(text: str) -> None:
    assert _normalise_age(text) == text.casefold()


def test_a_year_written_with_superscript_digits_is_no_year() -> None:
    assert _parse_year("²⁰²⁰") is None
