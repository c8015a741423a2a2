# ruff: noqa: S603 - starts the product (fixed arguments, this checkout) as its own subprocesses
"""No loss, no duplicates: the public web survey under concurrent residents, behind gunicorn, on loopback.

    .venv/bin/python bench/load.py [--residents 200] [--answers 5] [--workers 2] [--database-url postgres://...]

Starts the product with production settings (DEBUG off, a throw-away SECRET_KEY, collected static files) on a
throw-away SQLite database (or the empty PostgreSQL database given), gunicorn with N sync workers and the task
worker, then lets every resident (one thread each) open the form and send their answers, each with its own
idempotency key: a retry after a 5xx, a dropped connection or a forced client timeout sends the same key again,
and some answers are double-clicked (sent twice at once). Then it counts what the database holds and prints
sent / acknowledged / stored / lost / duplicated / 5xx and POST latencies, and the same load against a minimal
view (/health/live) on the same server, for the ratio to the framework's own ceiling. The rate limit per
address is lifted: every resident comes from 127.0.0.1 here.

tests/trust/test_no_loss.py runs the same at a small scale in `make test`.
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import os
import random
import secrets
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from bench import summary  # noqa: E402

PYTHON = str(ROOT / ".venv" / "bin" / "python") if (ROOT / ".venv" / "bin" / "python").exists() else sys.executable
SLUG = "last-2026"
# Seconds a simulated resident waits for an answer before giving up and sending again (a browser waits longer).
CLIENT_PATIENCE = 90

SEED = f"""
import datetime as dt
from django.utils import timezone
from lofte.core.models import Organisation, Partnership, User
from lofte.dialogues.services import campaign_create
kommun = Organisation.objects.create(name="Lastby kommun", slug="lastby", kind="municipality", kommunkod="9902")
lpo = Organisation.objects.create(name="LPO Lastby", slug="lpo-lastby", kind="police_area")
partnership = Partnership.objects.create(name="Trygg i Lastby", slug="lastby", municipality=kommun, police_area=lpo)
analyst = User.objects.create_user(username="last", email="last@example.org", password=None)
today = timezone.localdate()
campaign_create(partnership=partnership, by=analyst, name="Lasttest", slug="{SLUG}", year=today.year,
    starts_on=today - dt.timedelta(days=1), ends_on=today + dt.timedelta(days=30), public_form_open=True)
"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Server:
    port: int
    env: dict[str, str]
    web: subprocess.Popen
    worker: subprocess.Popen | None
    sqlite_path: Path | None

    def reload(self) -> None:
        """A graceful restart, as `systemctl reload lofte-web` does."""
        self.web.send_signal(signal.SIGHUP)


def production_env(var_dir: Path, database_url: str | None) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "PYTEST"))}
    env.update(
        DEBUG="0",
        SECRET_KEY=secrets.token_urlsafe(50),
        LOFTE_VAR_DIR=str(var_dir),
        STATIC_ROOT=str(var_dir / "static"),
        ALLOWED_HOSTS="127.0.0.1",
        SECURE_SSL_REDIRECT="0",  # plain HTTP on loopback; the reverse proxy does TLS in production
        LOFTE_PUBLIC_FORM_RATE_LIMIT="1000000",  # every simulated resident comes from 127.0.0.1
        LOG_LEVEL="WARNING",
        DJANGO_SETTINGS_MODULE="lofte.settings",
    )
    env.pop("DATABASE_URL", None)
    if database_url:
        env["DATABASE_URL"] = database_url
    return env


@contextlib.contextmanager
def serve(
    *,
    workers: int = 2,
    database_url: str | None = None,
    static: bool = True,
    task_worker: bool = True,
    seed: str = SEED,
) -> Iterator[Server]:
    """The product under gunicorn with production settings on a free loopback port; stopped on exit.
    Without `static` no static files are collected (faster): pages that render templates then fail, so
    only the POST and the health endpoints may be used."""
    with tempfile.TemporaryDirectory(prefix="lofte-load-") as tmp:
        var_dir = Path(tmp)
        env = production_env(var_dir, database_url)

        commands = ["migrate --noinput -v0", "createcachetable"]
        if static:
            commands.append("collectstatic --noinput -v0")
        else:
            (var_dir / "static").mkdir()
        setup = "import django; django.setup(); from django.core.management import call_command\n"
        setup += "".join(f"call_command(*{command.split()!r})\n" for command in commands) + seed
        subprocess.run([PYTHON, "-c", setup], cwd=ROOT, env=env, check=True)
        port = free_port()
        web_env = {**env, "LOFTE_BIND": f"127.0.0.1:{port}", "LOFTE_WEB_WORKERS": str(workers)}
        web = subprocess.Popen(
            [PYTHON, "-m", "gunicorn", "-c", "deploy/gunicorn.conf.py", "lofte.wsgi"], cwd=ROOT, env=web_env
        )
        worker = (
            subprocess.Popen([PYTHON, "manage.py", "db_worker", "--interval", "1"], cwd=ROOT, env=env)
            if task_worker
            else None
        )
        server = Server(port, env, web, worker, None if database_url else var_dir / "lofte.sqlite3")
        try:
            deadline = time.monotonic() + 60
            while True:
                with contextlib.suppress(OSError):
                    if request(port, "GET", "/health/live", timeout=2)[0] == 200:
                        break
                if time.monotonic() > deadline or web.poll() is not None:
                    raise RuntimeError("gunicorn did not start")
                time.sleep(0.2)
            yield server
        finally:
            for process in (web, worker):
                if process is not None:
                    process.terminate()
            for process in (web, worker):
                if process is not None:
                    process.wait(timeout=30)


def request(
    port: int, method: str, path: str, *, body: str | None = None, headers: dict | None = None, timeout: float = 30
) -> tuple[int, dict[str, str], bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        connection.request(method, path, body=body, headers={"Host": "127.0.0.1", **(headers or {})})
        response = connection.getresponse()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
    finally:
        connection.close()


@dataclass
class Results:
    sent: int = 0  # POSTs sent, retries and double clicks included
    answers: int = 0  # distinct answers (idempotency keys) the residents meant to give
    acknowledged: set[str] = field(default_factory=set)
    given_up: int = 0
    form_retries: int = 0  # GETs of the form the client gave up waiting for and sent again
    status: dict[int, int] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    latencies: list[float] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def record(self, status: int, seconds: float) -> None:
        with self.lock:
            self.sent += 1
            self.status[status] = self.status.get(status, 0) + 1
            if status > 0:
                self.latencies.append(seconds)

    @property
    def server_errors(self) -> int:
        return sum(count for status, count in self.status.items() if status >= 500)


def answer_body(key: str, csrf: str, number: int) -> str:
    return urlencode(
        {
            "csrfmiddlewaretoken": csrf,
            "idempotency_key": key,
            "q-feel_safe": str(1 + number % 5),
            "q-why_unsafe": f"Svar nummer {number}: mörkt vid busshållplatsen på kvällen",
            "gender": "undisclosed",
            "website": "",
        }
    )


def post_answer(port: int, results: Results, csrf: str, key: str, number: int, timeout: float) -> bool:
    """One POST; True when the server acknowledged the answer (the redirect to the receipt)."""
    headers = {"Content-Type": "application/x-www-form-urlencoded", "Cookie": f"csrftoken={csrf}"}
    started = time.perf_counter()
    try:
        status, response_headers, _ = request(
            port,
            "POST",
            f"/p/dialog/{SLUG}/",
            body=answer_body(key, csrf, number),
            headers=headers,
            timeout=timeout,
        )
    except (OSError, http.client.HTTPException):
        results.record(0, time.perf_counter() - started)  # timed out or dropped: the client does not know
        return False
    results.record(status, time.perf_counter() - started)
    if status == 302 and "/tack/?k=" in response_headers.get("location", ""):
        with results.lock:
            results.acknowledged.add(key)
        return True
    if status != 302:
        with results.lock:
            results.errors.append(f"{status} for {key}")
    return False


def open_the_form(port: int, results: Results, csrf: str) -> str:
    """GET the form as a browser does (its CSRF cookie), retrying a dropped or timed-out request."""
    for attempt in range(5):
        try:
            status, headers, _ = request(port, "GET", f"/p/dialog/{SLUG}/", timeout=CLIENT_PATIENCE)
        except (OSError, http.client.HTTPException):
            with results.lock:
                results.form_retries += 1
            time.sleep(0.2 * (attempt + 1))
            continue
        if status != 200:
            with results.lock:
                results.errors.append(f"GET form {status}")
        cookie = headers.get("set-cookie", "")
        if "csrftoken=" in cookie:
            return cookie.split("csrftoken=", 1)[1].split(";", 1)[0]
        return csrf
    return csrf


def resident(
    port: int,
    results: Results,
    *,
    answers: int,
    first_number: int,
    open_form: bool,
    double_click: float,
    client_timeout: float,
    rng: random.Random,
) -> None:
    csrf = secrets.token_hex(16)  # a well-formed CSRF secret; the server accepts a client's own cookie
    for offset in range(answers):
        key, number = str(uuid.uuid4()), first_number + offset
        with results.lock:
            results.answers += 1
        if open_form:
            csrf = open_the_form(port, results, csrf)
        if rng.random() < double_click:
            # A double click: the same answer twice at the same moment.
            twin = threading.Thread(target=post_answer, args=(port, results, csrf, key, number, CLIENT_PATIENCE))
            twin.start()
            post_answer(port, results, csrf, key, number, CLIENT_PATIENCE)
            twin.join()
            if key in results.acknowledged:
                continue
        for attempt in range(10):
            # Now and then the client gives up waiting (a phone losing its signal) and sends the same key again.
            timeout = client_timeout if attempt == 0 and rng.random() < 0.1 else CLIENT_PATIENCE
            if post_answer(port, results, csrf, key, number, timeout):
                break
            time.sleep(0.2 * (attempt + 1))
        else:
            with results.lock:
                results.given_up += 1


def run_survey_load(
    server: Server,
    *,
    residents: int,
    answers: int,
    open_form: bool = True,
    double_click: float = 0.1,
    client_timeout: float = 0.05,
    reload_after: float | None = None,
    seed: int = 18,
) -> tuple[Results, float]:
    results = Results()
    rng = random.Random(seed)
    threads = [
        threading.Thread(
            daemon=True,
            target=resident,
            args=(server.port, results),
            kwargs={
                "answers": answers,
                "first_number": index * answers,
                "open_form": open_form,
                "double_click": double_click,
                "client_timeout": client_timeout,
                "rng": random.Random(rng.random()),
            },
        )
        for index in range(residents)
    ]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    if reload_after is not None:
        time.sleep(reload_after)
        server.reload()
    for thread in threads:
        thread.join()
    return results, time.perf_counter() - started


def stored_keys(server: Server) -> dict[str, int]:
    """Idempotency key (as the client wrote it) → how many dialogues the database holds for it."""
    query = "SELECT idempotency_key, COUNT(*) FROM dialogues_dialogue GROUP BY idempotency_key"
    if server.sqlite_path is not None:
        with contextlib.closing(sqlite3.connect(server.sqlite_path)) as db:
            rows = db.execute(query).fetchall()
    else:
        import psycopg

        with psycopg.connect(server.env["DATABASE_URL"]) as db:
            rows = db.execute(query).fetchall()
    return {str(uuid.UUID(str(key))): count for key, count in rows}


def run_minimal_load(server: Server, *, clients: int, requests_each: int) -> tuple[list[float], int, float]:
    latencies: list[float] = []
    failures = 0
    lock = threading.Lock()

    def client() -> None:
        nonlocal failures
        for _ in range(requests_each):
            started = time.perf_counter()
            status = request(server.port, "GET", "/health/live")[0]
            with lock:
                latencies.append(time.perf_counter() - started)
                failures += status != 200

    threads = [threading.Thread(target=client) for _ in range(clients)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return latencies, failures, time.perf_counter() - started


def percentile(values: list[float], share: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--residents", type=int, default=200)
    parser.add_argument("--answers", type=int, default=5)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--database-url", help="an EMPTY PostgreSQL database (default: throw-away SQLite)")
    parser.add_argument("--reload", action="store_true", help="send gunicorn a HUP (graceful restart) mid-load")
    args = parser.parse_args()
    # Stopped from outside: still stop gunicorn and the worker (serve's cleanup), not leave them running.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))
    with serve(workers=args.workers, database_url=args.database_url) as server:
        results, seconds = run_survey_load(
            server, residents=args.residents, answers=args.answers, reload_after=2.0 if args.reload else None
        )
        stored = stored_keys(server)
        minimal, minimal_failures, minimal_seconds = run_minimal_load(
            server, clients=args.residents, requests_each=args.answers
        )
    acknowledged = results.acknowledged
    lost = [key for key in acknowledged if key not in stored]
    duplicated = [key for key, count in stored.items() if count > 1]
    database = "PostgreSQL" if args.database_url else "SQLite"
    print(
        f"web survey behind gunicorn ({args.workers} sync workers) on {database}: {args.residents} residents x "
        f"{args.answers} answers, retries with the same key, ~10% double clicks, ~10% forced client timeouts"
        + (", a graceful restart (HUP) mid-load" if args.reload else "")
    )
    print(
        f"  answers {results.answers}, POSTs sent {results.sent}, acknowledged {len(acknowledged)}, "
        f"stored {sum(stored.values())}, lost {len(lost)}, duplicated {len(duplicated)}, "
        f"5xx {results.server_errors}, given up {results.given_up}, form GETs resent {results.form_retries}, "
        f"statuses {dict(sorted(results.status.items()))}"
    )
    posts = results.latencies
    print(
        f"  POST p50 {percentile(posts, 0.5):.3f} s, p95 {percentile(posts, 0.95):.3f} s, "
        f"p99 {percentile(posts, 0.99):.3f} s; {results.sent / seconds:.1f} POST/s over {seconds:.1f} s"
    )
    print(
        f"  minimal view (/health/live), same server and clients: {len(minimal)} requests, {minimal_failures} failed, "
        f"p50 {percentile(minimal, 0.5):.3f} s, p95 {percentile(minimal, 0.95):.3f} s, "
        f"{len(minimal) / minimal_seconds:.1f} req/s"
    )
    if minimal:
        ratio = (len(minimal) / minimal_seconds) / max(results.sent / seconds, 1e-9)
        print(f"  ratio: the minimal view serves {ratio:.1f}x the requests per second the survey POST does")
    if results.errors:
        print(f"  first errors: {results.errors[:5]}")
    where = f"{args.residents}x{args.answers}, {database}"
    summary.record(
        "load",
        f"web survey: acknowledged / stored / lost / duplicated ({where})",
        f"{len(acknowledged)} / {sum(stored.values())} / {len(lost)} / {len(duplicated)}",
        "",
    )
    summary.record("load", f"web survey POST p95 ({where})", percentile(posts, 0.95), "s")


if __name__ == "__main__":
    main()
