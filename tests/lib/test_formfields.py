"""Form fields shared by the residents' forms."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from lofte.lib.formfields import check_phone


@pytest.mark.parametrize("typed", ["070-123 45 67", "+46 70 123 45 67", "08/123 456", "(0771) 12 34 56", ""])
def test_numbers_as_people_write_them_are_kept_as_typed(typed):
    assert check_phone(f"  {typed} ") == typed


@pytest.mark.parametrize("typed", ["abc 🙂", "ring mig", "070-12", "0701234567 eller mejla", "1" * 18])
def test_what_cannot_be_called_back_is_refused_with_an_example(typed):
    with pytest.raises(ValidationError, match="070-123 45 67"):
        check_phone(typed)
