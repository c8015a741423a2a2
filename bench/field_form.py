"""Seconds and steps per conversation in the field form, measured in headless Chromium on a phone viewport.

    DEBUG=1 .venv/bin/python bench/field_form.py [--conversations 10]

Runs the product on a throw-away SQLite database, signs in as dialogue staff and fills realistic
conversations exactly as tests/browser/test_field_form.py does (place, 1–5 scale, place answer, time of day,
two free-text answers, age, gender, relation, "Spara och nästa"). Steps are taps and choices, not counting
the typing or dictating of free text. Machine time is what the browser needs; a person needs the steps plus
the time to talk, which is why the steps are the figure that matters. Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from bench import summary  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--conversations", type=int, default=10)
    args = parser.parse_args()

    tmp = tempfile.mkdtemp(prefix="lofte-bench-field-")
    os.environ.setdefault("DEBUG", "1")
    os.environ["LOFTE_VAR_DIR"] = tmp
    os.environ["DATABASE_URL"] = f"sqlite:///{tmp}/bench.sqlite3"
    os.environ["LOFTE_REQUIRE_2FA"] = "0"
    os.environ["AXES_ENABLED"] = "0"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lofte.settings")
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

    import django

    django.setup()
    from django.conf import settings
    from django.contrib.staticfiles.handlers import StaticFilesHandler
    from django.core.management import call_command
    from django.test.testcases import LiveServerThread
    from playwright.sync_api import sync_playwright

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)

    from lofte.dialogues.models import Dialogue
    from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS
    from tests.browser.test_field_form import build_field_world, open_field_form, seconds_per_conversation

    world = build_field_world()
    server = LiveServerThread("127.0.0.1", StaticFilesHandler, port=0)
    server.daemon = True
    server.start()
    server.is_ready.wait()
    if server.error:
        raise server.error
    url = f"http://127.0.0.1:{server.port}"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=CHROMIUM,
                headless=True,
                args=CHROMIUM_ARGS,
                proxy={"server": "http://127.0.0.1:9", "bypass": "127.0.0.1"},
            )
            context = browser.new_context(
                locale="sv-SE",
                viewport={"width": 390, "height": 844},
                is_mobile=True,
                has_touch=True,
                permissions=["geolocation"],
                geolocation={"latitude": 58.5035, "longitude": 13.1577},
            )
            page = context.new_page()
            open_field_form(page, url, world)
            seconds_first, steps_first = seconds_per_conversation(page, conversations=1)
            seconds, steps = seconds_per_conversation(page, conversations=args.conversations)
            started = time.perf_counter()
            page.wait_for_function("document.getElementById('queue-status').getAttribute('data-waiting') === '0'")
            drained = time.perf_counter() - started
            browser.close()
    finally:
        server.terminate()
    stored = Dialogue.objects.count()
    print(f"field form, {args.conversations + 1} conversations on a 390x844 phone viewport (headless Chromium)")
    print(
        f"  steps per conversation: {steps_first} for the first at a place, {steps} for the next ones "
        "(taps and choices; free text typed or dictated not counted)"
    )
    print(f"  machine seconds per conversation: {seconds:.2f} s (first {seconds_first:.2f} s)")
    # A model, not a measurement: ~1.5 s per tap including finding the target (touch keystroke-level
    # model), plus two free-text answers dictated at ~10 s each.
    print(
        f"  estimated person time: {steps * 1.5 + 20:.0f} s per conversation "
        f"({steps} taps x 1.5 s + 2 dictated answers x 10 s; a model, not a measurement)"
    )
    print(f"  queue drained {drained:.2f} s after the last save; stored {stored} dialogues")
    summary.record("phone", "field form: taps per conversation", steps, "taps")


if __name__ == "__main__":
    main()
