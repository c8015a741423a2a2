# ruff: noqa: S603 - starts the product (fixed arguments, this checkout) as its own subprocesses
"""Screenshots of the demo's public start page and promise page at phone and desktop width, for docs/.

    .venv/bin/python scripts/public_screenshots.py

Serves the demo's Sjöstad (organisations, published promises, the public site) with production settings under
gunicorn, as bench/public_pages.py does, and photographs the pages with Debian's Chromium through Playwright.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

from load import PYTHON, production_env  # noqa: E402
from public_pages import SEED, gunicorn  # noqa: E402

OUT = ROOT / "docs" / "screenshots"
PAGES = {"start": "/p/sjostad/", "promise": "/p/medborgarloften/sjostad/2020/"}
WIDTHS = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1280, "height": 900}}


def main() -> None:
    from playwright.sync_api import sync_playwright

    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="lofte-shots-") as tmp:
        env = production_env(Path(tmp), None)
        subprocess.run([PYTHON, "-c", SEED], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)
        with gunicorn(env, 1) as port, sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
            for width_name, viewport in WIDTHS.items():
                context = browser.new_context(locale="sv-SE", viewport=viewport, is_mobile=width_name == "phone")
                page = context.new_page()
                for page_name, path in PAGES.items():
                    page.goto(f"http://127.0.0.1:{port}{path}")
                    target = OUT / f"public-{page_name}-{width_name}.png"
                    page.screenshot(path=str(target), full_page=True)
                    print(target.relative_to(ROOT))
                context.close()
            browser.close()


if __name__ == "__main__":
    main()
