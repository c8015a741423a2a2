"""Headless Chromium (Debian's) through Playwright, kept on this machine, with an axe-core check."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page, sync_playwright

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
# Chromium calls home in the background; a proxy on a closed loopback port keeps every request on this
# machine. The live server is reached directly (bypass list).
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-default-apps",
    "--disable-dev-shm-usage",
]

# Playwright's sync API runs an event loop in the test thread; the ORM calls the tests make are safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not os.path.exists(CHROMIUM):
        pytest.skip(f"Chromium not found at {CHROMIUM} (apt-get install chromium)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=CHROMIUM_ARGS,
            proxy={"server": "http://127.0.0.1:9", "bypass": "127.0.0.1,localhost"},
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(locale="sv-SE", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


@pytest.fixture
def phone_page(browser: Browser) -> Iterator[Page]:
    """A phone-sized page with geolocation allowed, as dialogue staff use in the field."""
    context = browser.new_context(
        locale="sv-SE",
        viewport={"width": 390, "height": 844},
        is_mobile=True,
        has_touch=True,
        permissions=["geolocation"],
        geolocation={"latitude": 58.5035, "longitude": 13.1577},
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


_axe = Axe()
# axe at the widths people use: a page that passes on a desktop can fail on a phone (a table that scrolls
# sideways only at 390 px is not reachable by keyboard), so every check covers both.
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


def assert_accessible(page: Page) -> None:
    """Run axe-core (WCAG 2.1 A and AA rules and best practices) at phone and desktop width, the page left at the size it had;
    fail listing every violation and the width it appeared at."""
    before = page.viewport_size or DESKTOP
    # A click that leaves the page returns once the next page has started to load; axe run on a document being
    # replaced fails with "Cannot read properties of null". Callers wait for what the user sees next; this is the floor.
    page.wait_for_load_state("load")
    try:
        for size in (PHONE, DESKTOP):
            page.set_viewport_size(size)
            _assert_accessible_at_this_width(page)
    finally:
        page.set_viewport_size(before)


def _assert_accessible_at_this_width(page: Page) -> None:
    width = (page.viewport_size or {}).get("width")
    results = _axe.run(
        page,
        options={"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]}},
    )
    _record(page, width, results.violations_count)
    assert results.violations_count == 0, f"at {width} px on {page.url}:\n{results.generate_report()}"
    # A page's own stylesheet once collapsed the site header, hiding the menu white on white: axe cannot see that.
    header = page.locator("header.site-header")
    if header.count():
        box = header.bounding_box()
        assert box is not None and box["height"] >= 40, (
            f"the site header is collapsed at {width} px on {page.url}: {box}"
        )


# Every axe run of the session, written for the accessibility statement (lofte.public.selectors
# .accessibility_checks) when the run is recorded: LOFTE_RECORD_ACCESSIBILITY=1 pytest tests/browser.
_checks: list[dict[str, object]] = []


def _record(page: Page, width: object, violations: int) -> None:
    if not os.environ.get("LOFTE_RECORD_ACCESSIBILITY"):
        return
    if not _checks:
        _tool.append(str(page.evaluate("() => window.axe && window.axe.version")))
    _checks.append({"url": urlsplit(page.url).path, "width": width, "violations": violations})


_tool: list[str] = []


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    if not (os.environ.get("LOFTE_RECORD_ACCESSIBILITY") and _checks):
        return
    from django.conf import settings

    Path(settings.LOFTE_ACCESSIBILITY_RESULTS).write_text(
        json.dumps(
            {
                "checked_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
                "axe_version": _tool[0] if _tool else "",  # the page says the rest in the reader's language
                "tests_passed": exitstatus == 0,
                "pages": _checks,
            },
            ensure_ascii=False,
            indent=1,
        )
        + "\n",
        encoding="utf-8",
    )


def sign_in(page: Page, live_server_url: str, username: str, password: str) -> None:
    page.goto(f"{live_server_url}/konto/logga-in/")
    page.get_by_label("Användarnamn").fill(username)
    page.get_by_label("Lösenord").fill(password)
    page.get_by_role("button", name="Logga in").click()
