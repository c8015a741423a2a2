# ruff: noqa: S603, S311 - starts the product as its own subprocesses; random numbers only pick simulated actions
"""Residents and staff at once: every public channel and the staff's daily work, behind gunicorn, on loopback.

    .venv/bin/python bench/mixed_load.py [--residents 200] [--staff 20] [--seconds 120] [--workers 4]
                                         [--database-url postgres://... | --sqlite]

For `--seconds`, every simulated resident (one thread each) sends one thing after another through a public
channel: the web survey (open the form, answer), Tyck till, or Felanmälan (with a position; when the form
shows open reports nearby, the resident sends their own anyway), each with its own idempotency key and
retries with the same key after a 5xx or a dropped connection. At the same time every simulated staff member,
signed in with the second factor, works: the case inbox, a case, an internal note, the dialogue round, and a
conversation sent from the field form's queue (JSON, idempotency key). Then the same number of clients asks
a minimal view (/health/live) on the same server for the ratio to the framework's own ceiling, and the
database is asked what it holds: every acknowledged submission must be stored exactly once.

By default it runs on a throw-away database in the PostgreSQL of `scripts/postgres.sh` (started if needed);
`--sqlite` runs on a throw-away SQLite file instead. Prints requests per second, p50/p95/p99 per channel,
errors and the stored-count check; `bench/run_all.py` puts the headline figures into `make bench`'s table.
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import json
import os
import random
import secrets
import signal
import subprocess
import sys
import threading
import time
import uuid
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench import summary  # noqa: E402
from bench.load import CLIENT_PATIENCE, SEED, SLUG, Server, percentile, request, serve  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
KOMMUN = "lastby"
STAFF_SESSIONS = "staff-sessions.json"

# The survey's partnership and round (bench/load.py), plus what cases and staff need: a fault category with a
# duplicate distance, 20 staff with the second factor (half case handlers, half dialogue staff), their sessions
# written where the load can read them, and a few cases for the handlers to open.
MIXED_SEED = (
    SEED
    + f"""
import json, os, uuid
from django.contrib.sessions.backends.db import SessionStore
from django_otp.plugins.otp_totp.models import TOTPDevice
from lofte.cases.models import Category
from lofte.cases.services import Reporter, case_submit
from lofte.core.models import Membership
from lofte.core.roles import Role
from lofte.open311.services import IDEMPOTENCY_NAMESPACE, api_key_create
new = api_key_create(organisation=kommun, name="Lasttest", by=None, rate_limit=10**6)
open311 = [new.api_key.pk, new.key, str(IDEMPOTENCY_NAMESPACE)]
lights = Category.objects.create(organisation=kommun, slug="gatubelysning", name_sv="Gatubelysning",
    name_en="Street lights", kind="felanmalan", theme="belysning", duplicate_distance_m=30, target_days=10)
sessions = {{}}
for number in range({{staff}}):
    role = Role.CASE_HANDLER if number % 2 == 0 else Role.DIALOGUE_STAFF
    user = User.objects.create_user(username=f"staff{{number}}", email=f"staff{{number}}@example.org", password=None)
    Membership.objects.create(user=user, organisation=kommun, role=role)
    device = TOTPDevice.objects.create(user=user, name="bench", confirmed=True)
    session = SessionStore()
    session.update({{"_auth_user_id": str(user.pk), "otp_device_id": device.persistent_id,
        "_auth_user_backend": "django.contrib.auth.backends.ModelBackend",
        "_auth_user_hash": user.get_session_auth_hash()}})
    session.create()
    sessions[user.username] = [role.value, session.session_key]
references = [case_submit(organisation=kommun, kind="felanmalan", category=lights, message=f"Lampan är trasig {{n}}",
    idempotency_key=uuid.uuid4(), lat=59.33 + n / 1000, lng=18.06, reporter=Reporter()).case.reference
    for n in range(20)]
with open(os.path.join(os.environ["LOFTE_VAR_DIR"], "{STAFF_SESSIONS}"), "w") as out:
    json.dump({{"sessions": sessions, "references": references, "category": lights.pk, "open311": open311}}, out)
"""
)


@dataclass
class Channel:
    """What one kind of request did: statuses, latencies, and the idempotency keys the server acknowledged."""

    name: str
    latencies: list[float] = field(default_factory=list)
    status: dict[int, int] = field(default_factory=lambda: defaultdict(int))
    acknowledged: set[str] = field(default_factory=set)
    given_up: int = 0


@dataclass
class Tally:
    channels: dict[str, Channel] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def call(
        self, port: int, name: str, method: str, path: str, *, body: str | None = None, headers: dict | None = None
    ) -> tuple[int, dict[str, str], bytes]:
        started = time.perf_counter()
        try:
            status, response_headers, content = request(
                port, method, path, body=body, headers=headers, timeout=CLIENT_PATIENCE
            )
        except (OSError, http.client.HTTPException):
            status, response_headers, content = 0, {}, b""
        seconds = time.perf_counter() - started
        with self.lock:
            channel = self.channels.setdefault(name, Channel(name))
            channel.status[status] += 1
            if status:
                channel.latencies.append(seconds)
        return status, response_headers, content

    def acknowledge(self, name: str, key: str) -> None:
        with self.lock:
            self.channels.setdefault(name, Channel(name)).acknowledged.add(key)

    def give_up(self, name: str) -> None:
        with self.lock:
            self.channels.setdefault(name, Channel(name)).given_up += 1


def form_headers(csrf: str, cookie: str = "") -> dict[str, str]:
    return {"Content-Type": "application/x-www-form-urlencoded", "Cookie": f"csrftoken={csrf}{cookie}"}


def with_retries(send: Callable[[], bool], tally: Tally, name: str) -> None:
    """Send until the server acknowledges (the same idempotency key every time), as a browser user would."""
    for attempt in range(10):
        if send():
            return
        time.sleep(0.2 * (attempt + 1))
    tally.give_up(name)


def survey(port: int, tally: Tally, rng: random.Random, csrf: str, category: str) -> None:
    key, number = str(uuid.uuid4()), rng.randrange(10**6)
    tally.call(port, "survey GET", "GET", f"/p/dialog/{SLUG}/")
    body = urlencode(
        {
            "csrfmiddlewaretoken": csrf,
            "idempotency_key": key,
            "q-feel_safe": str(1 + number % 5),
            "q-why_unsafe": f"Svar {number}: mörkt vid busshållplatsen på kvällen",
            "gender": "undisclosed",
            "website": "",
        }
    )

    def send() -> bool:
        status, headers, _ = tally.call(
            port, "survey POST", "POST", f"/p/dialog/{SLUG}/", body=body, headers=form_headers(csrf)
        )
        if status == 302 and "/tack/?k=" in headers.get("location", ""):
            tally.acknowledge("survey POST", key)
            return True
        return False

    with_retries(send, tally, "survey POST")


def feedback(port: int, tally: Tally, rng: random.Random, csrf: str, category: str) -> None:
    key = str(uuid.uuid4())
    fields = {
        "csrfmiddlewaretoken": csrf,
        "idempotency_key": key,
        "feedback_type": rng.choice(["berom", "fraga", "forslag", "klagomal"]),
        "service": "Biblioteket",
        "message": "Bra att ni lyssnar, men belysningen vid entrén behöver ses över.",
        "website": "",
    }

    def send() -> bool:
        status, headers, _ = tally.call(
            port,
            "Tyck till POST",
            "POST",
            f"/p/{KOMMUN}/tyck-till/",
            body=urlencode(fields),
            headers=form_headers(csrf),
        )
        if status == 302 and "/mottaget/" in headers.get("location", ""):
            tally.acknowledge("Tyck till POST", key)
            return True
        return False

    with_retries(send, tally, "Tyck till POST")


def fault(port: int, tally: Tally, rng: random.Random, csrf: str, category: str) -> None:
    key = str(uuid.uuid4())
    fields = {
        "csrfmiddlewaretoken": csrf,
        "idempotency_key": key,
        "category": category,
        "lat": f"{59.33 + rng.random() / 50:.6f}",
        "lng": f"{18.06 + rng.random() / 50:.6f}",
        "address": "",
        "message": "Gatlampan lyser inte, helt mörkt på gångvägen.",
        "website": "",
    }

    def send() -> bool:
        status, headers, content = tally.call(
            port,
            "Felanmälan POST",
            "POST",
            f"/p/{KOMMUN}/felanmalan/",
            body=urlencode(fields),
            headers=form_headers(csrf),
        )
        if status == 302 and "/mottaget/" in headers.get("location", ""):
            tally.acknowledge("Felanmälan POST", key)
            return True
        if status == 200 and b'name="follow"' in content:
            fields["follow"] = "new"  # "is it one of these?": no, a new report (sent again with the same key)
        return False

    with_retries(send, tally, "Felanmälan POST")


def open311(port: int, tally: Tally, rng: random.Random, api_key: tuple[int, str, str]) -> None:
    """A fault report through the API, as a FixMyStreet-style app sends it, retried with its Idempotency-Key."""
    key_pk, api_key_text, namespace = api_key
    key = str(uuid.uuid4())
    # What the server stores for this client's key (lofte.open311.services.request_submit).
    stored_as = str(uuid.uuid5(uuid.UUID(namespace), f"{key_pk}:{key}"))
    body = urlencode(
        {
            "api_key": api_key_text,
            "service_code": "gatubelysning",
            "lat": f"{59.33 + rng.random() / 50:.6f}",
            "long": f"{18.06 + rng.random() / 50:.6f}",
            "description": "Gatlampan är släckt (via appen).",
        }
    )
    headers = {"Content-Type": "application/x-www-form-urlencoded", "Idempotency-Key": key}

    def send() -> bool:
        status, _, content = tally.call(
            port, "Open311 POST", "POST", "/open311/v2/requests.json", body=body, headers=headers
        )
        if status == 200 and b"service_request_id" in content:
            tally.acknowledge("Open311 POST", stored_as)
            return True
        return False

    with_retries(send, tally, "Open311 POST")


def resident(
    port: int, tally: Tally, rng: random.Random, until: float, category: str, api_key: tuple[int, str, str]
) -> None:
    csrf = secrets.token_hex(16)  # a well-formed CSRF secret; the server accepts a client's own cookie
    while time.monotonic() < until:
        roll = rng.random()
        if roll < 0.15:
            open311(port, tally, rng, api_key)
        else:
            (survey if roll < 0.5 else feedback if roll < 0.65 else fault)(port, tally, rng, csrf, category)


def staff_member(
    port: int, tally: Tally, rng: random.Random, until: float, role: str, session: str, references: list[str]
) -> None:
    csrf = secrets.token_hex(16)
    cookie = f"; sessionid={session}"
    headers = {"Cookie": f"csrftoken={csrf}{cookie}"}
    while time.monotonic() < until:
        if role == "case_handler":
            reference = rng.choice(references)
            tally.call(port, "staff inbox", "GET", f"/arenden/{KOMMUN}/", headers=headers)
            tally.call(port, "staff case", "GET", f"/arenden/{KOMMUN}/{reference}/", headers=headers)
            if rng.random() < 0.3:
                body = urlencode({"csrfmiddlewaretoken": csrf, "text": "Ringt upp, åtgärd planerad."})
                status, _, _ = tally.call(
                    port,
                    "staff note POST",
                    "POST",
                    f"/arenden/{KOMMUN}/{reference}/anteckning/",
                    body=body,
                    headers=form_headers(csrf, cookie),
                )
                if status in (200, 302):
                    tally.acknowledge("staff note POST", str(uuid.uuid4()))
        else:
            tally.call(port, "staff round", "GET", f"/dialoger/omgang/{SLUG}/", headers=headers)
            key = str(uuid.uuid4())
            payload = json.dumps(
                {
                    "idempotency_key": key,
                    "fields": [["q-feel_safe", "4"], ["q-why_unsafe", "Mörkt i gångtunneln"], ["gender", "woman"]],
                }
            )

            def send(key: str = key, payload: str = payload) -> bool:
                status, _, _ = tally.call(
                    port,
                    "field queue POST",
                    "POST",
                    f"/dialoger/omgang/{SLUG}/falt/skicka/",
                    body=payload,
                    headers={"Content-Type": "application/json", "X-CSRFToken": csrf, **headers},
                )
                if status in (200, 201):
                    tally.acknowledge("field queue POST", key)
                    return True
                return False

            with_retries(send, tally, "field queue POST")


def run_mixed(server: Server, *, residents: int, staff: int, seconds: float, seed: int = 18) -> tuple[Tally, float]:
    setup = json.loads((Path(server.env["LOFTE_VAR_DIR"]) / STAFF_SESSIONS).read_text())
    sessions = list(setup["sessions"].values())[:staff]
    tally, rng = Tally(), random.Random(seed)
    until = time.monotonic() + seconds
    threads = [
        threading.Thread(
            target=resident,
            args=(server.port, tally, random.Random(rng.random()), until, str(setup["category"]), setup["open311"]),
            daemon=True,
        )
        for _ in range(residents)
    ] + [
        threading.Thread(
            target=staff_member,
            args=(server.port, tally, random.Random(rng.random()), until, role, key, setup["references"]),
            daemon=True,
        )
        for role, key in sessions
    ]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return tally, time.perf_counter() - started


def run_minimal(server: Server, *, clients: int, seconds: float) -> tuple[list[float], int, float]:
    tally = Tally()
    until = time.monotonic() + seconds

    def client() -> None:
        while time.monotonic() < until:
            tally.call(server.port, "minimal", "GET", "/health/live")

    threads = [threading.Thread(target=client, daemon=True) for _ in range(clients)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    channel = tally.channels.get("minimal", Channel("minimal"))
    failures = sum(count for status, count in channel.status.items() if status != 200)
    return channel.latencies, failures, time.perf_counter() - started


TICKS = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pids: list[int]) -> float:
    """User + system CPU seconds the processes have used so far (Linux /proc), with those of their children that
    have ended (gunicorn replaces a worker after max_requests: its time moves to the master's cutime/cstime)."""
    total = 0
    for pid in pids:
        with contextlib.suppress(OSError):
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            total += sum(int(value) for value in fields[11:15])  # utime, stime, cutime, cstime
    return total / TICKS


def process_tree(root: int) -> list[int]:
    parents: dict[int, int] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with contextlib.suppress(OSError, IndexError, ValueError):
            parents[int(stat.parent.name)] = int(stat.read_text().rsplit(")", 1)[1].split()[1])
    tree, frontier = [root], [root]
    while frontier:
        frontier = [pid for pid, parent in parents.items() if parent in frontier]
        tree += frontier
    return tree


def database_backends(server: Server) -> list[int]:
    """The PostgreSQL backends serving this run's database (persistent connections: CONN_MAX_AGE)."""
    if server.sqlite_path is not None:
        return []
    name = server.env["DATABASE_URL"].rsplit("/", 1)[1]
    rows = query(server, "SELECT pid FROM pg_stat_activity WHERE datname = ? AND pid <> pg_backend_pid()", (name,))
    return [pid for (pid,) in rows]


STORED = {
    "survey POST": "SELECT idempotency_key, COUNT(*) FROM dialogues_dialogue WHERE channel = 'web' GROUP BY 1",
    "field queue POST": "SELECT idempotency_key, COUNT(*) FROM dialogues_dialogue WHERE channel = 'field' GROUP BY 1",
    "Tyck till POST": "SELECT idempotency_key, COUNT(*) FROM cases_case WHERE kind = 'tyck_till' GROUP BY 1",
    "Felanmälan POST": "SELECT c.idempotency_key, COUNT(*) FROM cases_case c LEFT JOIN open311_submission s "
    "ON s.case_id = c.id WHERE c.kind = 'felanmalan' AND c.idempotency_key IS NOT NULL AND s.id IS NULL GROUP BY 1",
    "Open311 POST": "SELECT c.idempotency_key, COUNT(*) FROM cases_case c JOIN open311_submission s "
    "ON s.case_id = c.id GROUP BY 1",
}
NOTES = "SELECT COUNT(*) FROM cases_caseevent WHERE kind = 'note'"


def query(server: Server, sql: str, params: tuple = ()) -> list[tuple]:
    if server.sqlite_path is not None:
        import sqlite3

        with contextlib.closing(sqlite3.connect(server.sqlite_path)) as db:
            return db.execute(sql, params).fetchall()
    import psycopg

    with psycopg.connect(server.env["DATABASE_URL"]) as db:
        return db.execute(sql.replace("?", "%s"), params).fetchall()


def stored_check(server: Server, tally: Tally, seed_cases: int) -> dict[str, tuple[int, int, int, int]]:
    """Channel → (acknowledged, stored, lost, duplicated)."""
    result = {}
    for name, sql in STORED.items():
        channel = tally.channels.get(name, Channel(name))
        stored = {str(uuid.UUID(str(key))): count for key, count in query(server, sql) if key is not None}
        if name == "Felanmälan POST":
            stored = {key: count for key, count in stored.items() if key in channel.acknowledged or count > 1}
            stored_total = sum(stored.values())
        else:
            stored_total = sum(stored.values())
        lost = sum(1 for key in channel.acknowledged if key not in stored)
        duplicated = sum(1 for count in stored.values() if count > 1)
        result[name] = (len(channel.acknowledged), stored_total, lost, duplicated)
    notes = tally.channels.get("staff note POST", Channel("staff note POST"))
    stored_notes = query(server, NOTES)[0][0]
    result["staff note POST"] = (
        len(notes.acknowledged),
        stored_notes,
        max(0, len(notes.acknowledged) - stored_notes),
        0,
    )
    return result


@contextlib.contextmanager
def throwaway_postgres() -> Iterator[str]:
    """An empty database in the test PostgreSQL of scripts/postgres.sh (started if needed), dropped after."""
    started = subprocess.run(
        ["/bin/bash", "scripts/postgres.sh", "start"], cwd=ROOT, check=True, capture_output=True, text=True
    )
    base = started.stdout.strip().rsplit("=", 1)[1]
    import psycopg

    name = f"lofte_bench_{os.getpid()}"
    with psycopg.connect(base, autocommit=True) as admin:
        admin.execute(f"CREATE DATABASE {name}")
    try:
        yield base.rsplit("/", 1)[0] + "/" + name
    finally:
        with psycopg.connect(base, autocommit=True) as admin:
            admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def report(
    tally: Tally, seconds: float, minimal: tuple[list[float], int, float], stored: dict, label: str
) -> dict[str, float]:
    total = sum(sum(channel.status.values()) for channel in tally.channels.values())
    all_latencies = [value for channel in tally.channels.values() for value in channel.latencies]
    errors = sum(
        count for channel in tally.channels.values() for status, count in channel.status.items() if status >= 500
    )
    dropped = sum(channel.status.get(0, 0) for channel in tally.channels.values())
    print(label)
    print(f"  {'channel':<18} {'requests':>8} {'p50 s':>7} {'p95 s':>7} {'p99 s':>7}  statuses")
    for name in sorted(tally.channels):
        channel = tally.channels[name]
        values = channel.latencies
        print(
            f"  {name:<18} {sum(channel.status.values()):>8} {percentile(values, 0.5):>7.3f} "
            f"{percentile(values, 0.95):>7.3f} {percentile(values, 0.99):>7.3f}  {dict(sorted(channel.status.items()))}"
        )
    rate = total / seconds
    print(
        f"  all: {total} requests in {seconds:.0f} s = {rate:.1f} req/s, p50 {percentile(all_latencies, 0.5):.3f} s, "
        f"p95 {percentile(all_latencies, 0.95):.3f} s, p99 {percentile(all_latencies, 0.99):.3f} s, "
        f"5xx {errors}, dropped connections {dropped}"
    )
    lost_total = duplicated_total = 0
    for name, (acknowledged, stored_count, lost, duplicated) in stored.items():
        given_up = tally.channels.get(name, Channel(name)).given_up
        lost_total, duplicated_total = lost_total + lost, duplicated_total + duplicated
        print(
            f"  stored check {name:<18} acknowledged {acknowledged}, stored {stored_count}, lost {lost}, "
            f"duplicated {duplicated}, given up {given_up}"
        )
    latencies, failures, minimal_seconds = minimal
    minimal_rate = len(latencies) / minimal_seconds
    print(
        f"  minimal view (/health/live), same server, same number of clients: {len(latencies)} requests, "
        f"{failures} failed, {minimal_rate:.1f} req/s, p50 {percentile(latencies, 0.5):.3f} s, "
        f"p95 {percentile(latencies, 0.95):.3f} s"
    )
    ratio = rate / max(minimal_rate, 1e-9)
    print(f"  ratio: the mixed load reaches {ratio:.2f} of the minimal view's requests per second")
    return {
        "req_s": rate,
        "p50": percentile(all_latencies, 0.5),
        "p95": percentile(all_latencies, 0.95),
        "p99": percentile(all_latencies, 0.99),
        "errors": errors + dropped,
        "lost": lost_total,
        "duplicated": duplicated_total,
        "minimal_req_s": minimal_rate,
        "ratio": ratio,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--residents", type=int, default=200)
    parser.add_argument("--staff", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=120)
    parser.add_argument("--minimal-seconds", type=float, default=30)
    parser.add_argument("--workers", type=int, default=4, help="gunicorn sync workers (deploy/gunicorn.conf.py)")
    parser.add_argument("--database-url", help="an EMPTY PostgreSQL database (default: a throw-away one)")
    parser.add_argument("--sqlite", action="store_true", help="a throw-away SQLite database instead")
    args = parser.parse_args()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))
    seed = MIXED_SEED.replace("{staff}", str(args.staff))
    with contextlib.ExitStack() as stack:
        database_url = args.database_url
        if not database_url and not args.sqlite:
            database_url = stack.enter_context(throwaway_postgres())
        server = stack.enter_context(serve(workers=args.workers, database_url=database_url, seed=seed))
        web_before = cpu_seconds(process_tree(server.web.pid))
        worker_before = cpu_seconds(process_tree(server.worker.pid)) if server.worker else 0.0
        tally, seconds = run_mixed(server, residents=args.residents, staff=args.staff, seconds=args.seconds)
        cpu = {
            "web (gunicorn)": cpu_seconds(process_tree(server.web.pid)) - web_before,
            "task worker": cpu_seconds(process_tree(server.worker.pid)) - worker_before if server.worker else 0.0,
            "database (PostgreSQL backends)": cpu_seconds(database_backends(server)),
        }
        minimal = run_minimal(server, clients=args.residents + args.staff, seconds=args.minimal_seconds)
        stored = stored_check(server, tally, seed_cases=20)
    database = "PostgreSQL" if database_url else "SQLite"
    label = (
        f"{args.residents} residents (web survey, Tyck till, Felanmälan, Open311) and {args.staff} staff (inbox, "
        f"cases, notes, round, field queue) for {args.seconds:.0f} s, gunicorn {args.workers} sync workers, "
        f"{database}, "
        f"{os.cpu_count()} cores"
    )
    figures = report(tally, seconds, minimal, stored, label)
    requests = sum(sum(channel.status.values()) for channel in tally.channels.values())
    print(
        "  server CPU per request (the basis of docs/sizing.md): "
        + ", ".join(f"{name} {1000 * used / max(requests, 1):.1f} ms" for name, used in cpu.items())
    )
    web_ms, database_ms = (
        1000 * cpu[name] / max(requests, 1) for name in ("web (gunicorn)", "database (PostgreSQL backends)")
    )
    web_ms, database_ms = (
        1000 * cpu[name] / max(requests, 1) for name in ("web (gunicorn)", "database (PostgreSQL backends)")
    )
    summary.record(
        "load",
        "server CPU per request: web / database",
        f"{web_ms:.0f} / {database_ms:.0f}",
        "ms",
    )
    where = f"{args.residents}+{args.staff} clients, {database}"
    summary.record("load", f"mixed load req/s ({where})", figures["req_s"], "req/s")
    summary.record(
        "load",
        f"mixed load p50/p95/p99 ({where})",
        f"{figures['p50']:.2f}/{figures['p95']:.2f}/{figures['p99']:.2f}",
        "s",
    )
    summary.record("load", "mixed load errors (5xx + dropped)", figures["errors"], "", target="0")
    summary.record(
        "load", "mixed load lost / duplicated", f"{figures['lost']} / {figures['duplicated']}", "", target="0 / 0"
    )
    summary.record("load", "minimal view req/s (same server, same clients)", figures["minimal_req_s"], "req/s")
    summary.record("load", "ratio mixed load / minimal view", figures["ratio"], "")


if __name__ == "__main__":
    main()
