from __future__ import annotations

import pytest

from lofte.lib.colour import contrast


def test_contrast_ratios_match_wcag_examples():
    assert contrast("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast("#ffffff", "#ffffff") == pytest.approx(1.0)
    assert contrast("#767676", "#ffffff") == pytest.approx(4.54, abs=0.01)  # the lightest grey that passes AA
    assert contrast("#0b4f8a", "#ffffff") > 4.5


def test_a_colour_that_is_not_hex_is_refused():
    with pytest.raises(ValueError):
        contrast("blue", "#ffffff")
