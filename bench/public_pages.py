# ruff: noqa: S603 - starts the product (fixed arguments, this checkout) as its own subprocesses
"""The public website's budget: bytes before images, server time with a warm cache, and requests per second
under gunicorn against a bare Django view.

    .venv/bin/python bench/public_pages.py [--requests 200] [--seconds 10] [--clients 4] [--workers 2]

Runs the product with production settings (DEBUG off, collected static files) on a throw-away SQLite database
holding the demo's Sjöstad (organisations, published promises 2017–2020 and the public site's news and hours),
then:

1. per public page, the bytes a first visit transfers before images: the page and every stylesheet and script
   it links, as gunicorn serves them to a browser that accepts gzip and brotli (target < 100 KB);
2. per public page, the server time with a warm cache: the median wall time of ``--requests`` requests through
   Django's handler and the whole middleware stack in this process, after a warm-up (target < 50 ms), and the
   same with nothing kept (every request renders);
3. served by gunicorn as the README documents (deploy/gunicorn.conf.py, ``--workers`` sync workers), the
   requests per second ``--clients`` concurrent clients get from the start page and from /health/live (a bare
   view, the same middleware) for ``--seconds`` each, and their ratio (target >= 0.5).

Prints figures and whether the targets are met; asserts nothing.
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import os
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from bench import summary  # noqa: E402

sys.path.insert(0, str(ROOT / "bench"))

from load import PYTHON, free_port, production_env, request  # noqa: E402

BYTES_TARGET = 100 * 1024
MS_TARGET = 50.0
RATIO_TARGET = 0.5
SLUG = "sjostad"
PAGES = [
    "/p/sjostad/",
    "/p/sjostad/?lang=en",
    "/p/sjostad/kontakt/",
    "/p/sjostad/nyheter/",
    "/p/sjostad/nyheter/{news}/",
    "/p/sjostad/arkiv/",
    "/p/sjostad/tillganglighet/",
    "/p/sjostad/nyheter.atom",
]

SEED = """
import django; django.setup()
import importlib, random
from django.core.management import call_command
for command in (["migrate", "--noinput", "-v0"], ["createcachetable"], ["collectstatic", "--noinput", "-v0"]):
    call_command(*command)
from lofte.core import demo
ctx = demo.DemoContext(seed=2020, rng=random.Random(2020))
for step in ("lofte.core.demo", "lofte.promises.demo", "lofte.public.demo"):
    importlib.import_module(step).load(ctx)
"""


@contextlib.contextmanager
def gunicorn(env: dict[str, str], workers: int) -> Iterator[int]:
    port = free_port()
    web_env = {**env, "LOFTE_BIND": f"127.0.0.1:{port}", "LOFTE_WEB_WORKERS": str(workers)}
    web = subprocess.Popen(
        [PYTHON, "-m", "gunicorn", "-c", "deploy/gunicorn.conf.py", "lofte.wsgi"], cwd=ROOT, env=web_env
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            with contextlib.suppress(OSError):
                if request(port, "GET", "/health/live", timeout=2)[0] == 200:
                    break
            if time.monotonic() > deadline or web.poll() is not None:
                raise RuntimeError("gunicorn did not start")
            time.sleep(0.2)
        yield port
    finally:
        web.terminate()
        web.wait(timeout=30)


def transferred(port: int, path: str) -> tuple[int, int, list[str]]:
    """Bytes of the page and the stylesheets and scripts it links, as sent to a browser accepting gzip/br; the
    page's own bytes; the addresses of anything not on this site (none expected)."""
    accept = {"Accept-Encoding": "gzip, br"}
    status, _headers, body = request(port, "GET", path, headers=accept)
    assert status == 200, (path, status)
    total = len(body)
    html = gzip.decompress(body).decode() if body[:2] == b"\x1f\x8b" else body.decode()
    links = re.findall(r'<link[^>]+rel="stylesheet"[^>]+href="([^"]+)"', html) + re.findall(
        r'<script[^>]+src="([^"]+)"', html
    )
    # What a browser fetches by itself (sources and stylesheets; not links a reader may follow, nor microdata's
    # schema.org vocabulary addresses, which are names, never requested).
    fetched = re.findall(r'\ssrc="([^"]+)"', html) + links
    foreign = [u for u in fetched if re.match(r"(https?:)?//", u) and "127.0.0.1" not in u]
    for link in links:
        _status, _h, asset = request(port, "GET", link, headers=accept)
        total += len(asset)
    return total, len(body), foreign


def rate(port: int, path: str, *, clients: int, seconds: float) -> tuple[float, int]:
    """Requests per second ``clients`` threads get from ``path`` for ``seconds``, and the failures."""
    count = failures = 0
    lock = threading.Lock()
    stop = time.perf_counter() + seconds

    def client() -> None:
        nonlocal count, failures
        while time.perf_counter() < stop:
            status = request(port, "GET", path)[0]
            with lock:
                count += 1
                failures += status != 200

    threads = [threading.Thread(target=client) for _ in range(clients)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return count / (time.perf_counter() - started), failures


def server_times(pages: list[str], requests: int) -> dict[str, tuple[float, float]]:
    """Median ms per page: warm (what is kept reused) and cold (every request renders)."""
    import django

    django.setup()
    from django.test import Client

    from lofte.core import kept

    client = Client()
    times = {}
    for path in pages:
        for _ in range(3):
            assert client.get(path).status_code == 200, path
        warm = []
        for _ in range(requests):
            started = time.perf_counter()
            client.get(path)
            warm.append((time.perf_counter() - started) * 1000)
        cold = []
        for _ in range(max(requests // 10, 5)):
            kept.forget_all()
            started = time.perf_counter()
            client.get(path)
            cold.append((time.perf_counter() - started) * 1000)
        times[path] = (statistics.median(warm), statistics.median(cold))
    return times


PHONE_TARGET_MS = 1000


def phone_load_times(port: int, path: str, visits: int = 3) -> list[float]:
    """Milliseconds from navigation to the load event of a first visit (empty cache) in headless Chromium with
    Lighthouse's mobile throttling: 150 ms round trips, 1.6 Mbit/s down, 750 kbit/s up, a CPU 4x slower.
    Chromium calls home in the background: a proxy on a closed loopback port keeps it on this machine."""
    import shutil

    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        print("  skipped: Playwright is not installed (make install-dev)")
        return []
    chromium = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
    if not Path(chromium).exists():
        print(f"  skipped: no Chromium at {chromium}")
        return []
    times = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium, proxy={"server": "http://127.0.0.1:9", "bypass": "127.0.0.1,localhost"}
        )
        for _visit in range(visits):
            context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
            page = context.new_page()
            cdp = context.new_cdp_session(page)
            cdp.send("Network.enable")
            cdp.send(
                "Network.emulateNetworkConditions",
                {
                    "offline": False,
                    "latency": 150,
                    "downloadThroughput": 1.6 * 1024 * 1024 / 8,
                    "uploadThroughput": 750 * 1024 / 8,
                },
            )
            cdp.send("Emulation.setCPUThrottlingRate", {"rate": 4})
            page.goto(f"http://127.0.0.1:{port}{path}", wait_until="load")
            times.append(
                page.evaluate(
                    "() => { const n = performance.getEntriesByType('navigation')[0]; return n.loadEventEnd; }"
                )
            )
            context.close()
        browser.close()
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="lofte-public-") as tmp:
        env = production_env(Path(tmp), None)
        env["ALLOWED_HOSTS"] = "127.0.0.1,testserver"
        subprocess.run([PYTHON, "-c", SEED], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)
        os.environ.update(env)
        import django

        django.setup()
        from lofte.public.models import NewsItem

        news = NewsItem.objects.published().order_by("-date").first()
        pages = [p.format(news=news.pk if news else 0) for p in PAGES]

        print(f"Public pages of the demo's Sjöstad, production settings, {args.workers} gunicorn sync workers")
        with gunicorn(env, args.workers) as port:
            print("\n1. Transferred before images (page + stylesheets + scripts, gzip/br as served)")
            worst = 0
            third_party = 0
            for path in pages:
                total, page, foreign = transferred(port, path)
                worst = max(worst, total)
                third_party += len(foreign)
                extra = f"  THIRD-PARTY: {foreign}" if foreign else ""
                print(f"  {path:<32} {total / 1024:6.1f} KB  (page {page / 1024:5.1f} KB){extra}")
            print(f"  largest {worst / 1024:.1f} KB: {'met' if worst < BYTES_TARGET else 'NOT met'} (< 100 KB)")
            print(f"  requests to other sites: {third_party}")

            print(f"\n3. Requests per second, {args.clients} clients, {args.seconds:.0f} s each")
            bare, bare_failures = rate(port, "/health/live", clients=args.clients, seconds=args.seconds)
            start, start_failures = rate(port, f"/p/{SLUG}/", clients=args.clients, seconds=args.seconds)
            print(f"  bare view /health/live: {bare:7.1f} req/s ({bare_failures} failed)")
            print(f"  start page /p/{SLUG}/:  {start:7.1f} req/s ({start_failures} failed)")
            ratio = start / bare if bare else 0.0
            print(
                f"  ratio start page / bare view: {ratio:.2f} ({'met' if ratio >= RATIO_TARGET else 'NOT met'}, >= 0.5)"
            )
            summary.record("public site", "largest page before images", worst / 1024, "KB", target="< 100")
            summary.record("public site", "start page req/s / bare view req/s (gunicorn)", ratio, "", target=">= 0.5")

            print("\n4. A phone's first visit to the start page (Lighthouse's mobile profile: slow 4G, 4x slower CPU)")
            phone = phone_load_times(port, f"/p/{SLUG}/")
            if phone:
                median = statistics.median(phone)
                print(
                    f"  complete (load event) in {', '.join(f'{t:.0f}' for t in phone)} ms; median {median:.0f} ms: "
                    f"{'met' if median < PHONE_TARGET_MS else 'NOT met'} (< 1000 ms)"
                )
                summary.record("public site", "start page complete on a phone profile", median, "ms", target="< 1000")

        print(f"\n2. Server time in-process, median of {args.requests} (warm: kept page; cold: rendered)")
        times = server_times(pages, args.requests)
        for path, (warm, cold) in times.items():
            print(f"  {path:<32} warm {warm:6.2f} ms   cold {cold:6.2f} ms")
        slowest = max(warm for warm, _cold in times.values())
        print(f"  slowest warm {slowest:.2f} ms: {'met' if slowest < MS_TARGET else 'NOT met'} (< 50 ms)")
        summary.record("public site", "slowest public page, server time (warm)", slowest, "ms", target="< 50")


if __name__ == "__main__":
    main()
