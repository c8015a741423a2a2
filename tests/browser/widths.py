"""axe at the widths people use: a page that passes on a desktop can fail on a phone (a table that scrolls
sideways only at 390 px is not reachable by keyboard), so the tests that use this check both."""

from __future__ import annotations

from playwright.sync_api import Page

from tests.browser.conftest import assert_accessible

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


def assert_accessible_at_all_widths(page: Page) -> None:
    """axe at phone and desktop width, the page left at the width it had."""
    before = page.viewport_size or DESKTOP
    try:
        for size in (PHONE, DESKTOP):
            page.set_viewport_size(size)
            assert_accessible(page)
    finally:
        page.set_viewport_size(before)
