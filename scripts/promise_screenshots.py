"""Screenshots of the demo's public promise page and its PDF at phone and desktop width, for docs/.

Usage, against a running demo (make demo):
    .venv/bin/python scripts/promise_screenshots.py http://127.0.0.1:8000 sjostad 2020 docs/img
Uses Debian's chromium through Playwright, as the browser tests do, and poppler's pdftoppm for the PDF.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import urllib.request
from pathlib import Path

from PIL import Image
from playwright.sync_api import sync_playwright

WIDTHS = {"telefon": (390, 844), "dator": (1280, 900)}


def main(base: str, slug: str, year: str, out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    page_url = f"{base}/p/medborgarloften/{slug}/{year}/"
    chromium = shutil.which("chromium") or "/usr/bin/chromium"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, headless=True, args=["--no-sandbox"])
        for name, (width, height) in WIDTHS.items():
            context = browser.new_context(locale="sv-SE", viewport={"width": width, "height": height})
            page = context.new_page()
            page.goto(page_url)
            page.screenshot(path=str(out / f"medborgarlofte-{name}.png"), full_page=True)
            context.close()
        browser.close()
    with tempfile.TemporaryDirectory() as tmp:
        pdf = Path(tmp) / "lofte.pdf"
        with urllib.request.urlopen(f"{base}/p/medborgarloften/{slug}/{year}.pdf") as response:  # noqa: S310 - local demo
            pdf.write_bytes(response.read())
        for name, (width, _height) in WIDTHS.items():
            # The first two pages, as wide as the screen: what a resident sees opening the PDF there.
            subprocess.run(  # noqa: S603 - fixed arguments
                [
                    shutil.which("pdftoppm") or "/usr/bin/pdftoppm",
                    "-png",
                    "-f",
                    "1",
                    "-l",
                    "2",
                    "-scale-to-x",
                    str(width),
                    "-scale-to-y",
                    "-1",
                    str(pdf),
                    str(out / f"medborgarlofte-pdf-{name}"),
                ],
                check=True,
            )

    # 64 colours are plenty for text on white and keep the repository light.
    for png in out.glob("medborgarlofte-*.png"):
        Image.open(png).convert("RGB").quantize(colors=64, method=Image.Quantize.MEDIANCUT).save(png, optimize=True)


if __name__ == "__main__":
    main(sys.argv[1].rstrip("/"), sys.argv[2], sys.argv[3], Path(sys.argv[4]))
