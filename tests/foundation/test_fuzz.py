"""Hostile input into every form of the product finds no server error (5xx), on SQLite and PostgreSQL.

The permission matrix's rows are the map: each URL with a persona allowed to use it, its realistic data and
the fields its page offers. Each row gets a bounded, seeded series of requests in which some values are
replaced by hostile ones: NUL characters, lone surrogates sent as (invalid) UTF-8 bytes, huge strings,
deeply nested JSON, dates at and beyond the ends of the calendar, negative, huge and non-finite numbers,
markup, a body declared in another charset, files that are not what they claim, and for the capture API
JSON of the wrong shape and types. Every request runs in a savepoint that is rolled back, so one row's
effects (or a failed statement on PostgreSQL) never reach the next.
"""

from __future__ import annotations

import json
import os
import random
import re
import uuid
from collections.abc import Iterator
from types import SimpleNamespace
from urllib.parse import quote_from_bytes

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client, override_settings
from django.urls import reverse

from tests.conftest import FAST_HASHERS, verify_second_factor
from tests.matrix.base import ANONYMOUS, Row
from tests.test_permission_matrix import ROWS, _build_world

# Fixed, so a failure repeats; set LOFTE_FUZZ_SEED / LOFTE_FUZZ_REQUESTS to explore further by hand.
SEED = int(os.environ.get("LOFTE_FUZZ_SEED", "20261203"))
REQUESTS_PER_ROW = int(os.environ.get("LOFTE_FUZZ_REQUESTS", "3"))

# In order of preference: the persona a row is fuzzed as (the first one the row allows).
PREFERRED = [
    "admin",
    "analyst",
    "dialogue_staff",
    "case_handler",
    "reader",
    "police_admin",
    "police_analyst",
    "platform_admin",
    "outsider",
    ANONYMOUS,
]

DEEP_JSON = "[" * 20_000 + "]" * 20_000
HOSTILE: list[str | bytes] = [
    "\x00",
    "a\x00b",
    "Mörkt\x00 vid stationen",
    b"\xed\xa0\x80",  # a lone surrogate (U+D800) encoded as if it were a character
    b"x\xed\xbf\xbfy",
    b"\xff\xfe\x00a",  # not UTF-8 at all
    "x" * 100_000,
    "å" * 5_000,
    "\U0001f600" * 2_000,
    DEEP_JSON,
    '{"type": "Polygon", "coordinates": ' + DEEP_JSON + "}",
    "0001-01-01",
    "9999-12-31",
    "0000-00-00",
    "2024-02-30",
    "0001-01-01T00:00",
    "9999-12-31T23:59:59",
    "-1",
    "0",
    "-0",
    "3,5",
    "99999999999999999999999999999999",
    str(2**63),
    str(-(2**63) - 1),
    "1e309",
    "-1e309",
    "NaN",
    "inf",
    "",
    " ",
    "<script>alert(1)</script>",
    "' OR 1=1 --",
    "../../../etc/passwd",
    "{{ 7|add:7 }}%s%n",
    "\u202egnp.exe",
    "\r\n\t",
    "place:999999999",
    "area:-1",
    "q-why_unsafe",
    "²",
    "٣",
]

# Parameters views read without a form field (request.GET.get / request.POST.get in lofte/): fuzzed on every
# row, since a POST-only URL has no page of its own to read its field names from.
LOOSE_NAMES = ["q", "next", "number", "selected", "shown", "direction", "restore", "status", "sida", "visa", "plats"]
# Every field at once gets each of these first, so no field is missed by chance.
EVERY_FIELD: list[str | bytes] = ["Mörkt\x00 vid stationen", b"x\xed\xa0\x80y", str(2**63), "9999-12-31", "²"]

FIELD_NAME = re.compile(r"<(?:input|select|textarea|button)\b[^>]*\bname=\"([^\"]+)\"", re.IGNORECASE)
FILE_FIELD = re.compile(r"<input\b[^>]*\btype=\"file\"[^>]*\bname=\"([^\"]+)\"", re.IGNORECASE)


def _bytes(value: str | bytes | int) -> bytes:
    if isinstance(value, bytes):
        return value
    return str(value).encode("utf-8", "surrogatepass")


def urlencode(pairs: list[tuple[str, str | bytes]]) -> bytes:
    """A form body built byte by byte, so invalid UTF-8 reaches the server as a browser could send it."""
    return b"&".join(
        quote_from_bytes(_bytes(name)).encode() + b"=" + quote_from_bytes(_bytes(value)).encode()
        for name, value in pairs
    )


def as_pairs(data: dict) -> list[tuple[str, str | bytes]]:
    pairs: list[tuple[str, str | bytes]] = []
    for name, value in data.items():
        for item in value if isinstance(value, list) else [value]:
            pairs.append((name, item if isinstance(item, bytes) else str(item)))
    return pairs


def hostile_files(rng: random.Random) -> SimpleUploadedFile:
    content = rng.choice(
        [
            b"\x00" * 1000,
            DEEP_JSON.encode(),
            bytes(rng.randrange(256) for _ in range(2000)),
            b"PK\x03\x04" + bytes(200),
            b"Datum;Plats\n0001-01-01;\x00\n9999-12-31;x\n",
            "name;lat;lon\nTorget;1e309;NaN\n".encode("utf-16"),
            b'{"type": "FeatureCollection", "features": [{"properties": {"name": "\\ud800"}}]}',
        ]
    )
    name = rng.choice(["fil.csv", "fil.xlsx", "fil.geojson", "fil.json", "fil", "../../fil.csv"])
    return SimpleUploadedFile(name, content)


def capture_json_bodies(rng: random.Random, base: dict) -> list[str | bytes]:
    """JSON of the wrong shape and types for capture.js's endpoint, and some with hostile strings."""
    key = str(uuid.uuid4())
    fields = [[name, value] for name, value in as_pairs(base) if isinstance(value, str)]
    bodies: list[str | bytes] = [
        json.dumps({"idempotency_key": key, "fields": {"q-feel_safe": "3"}}),
        json.dumps({"idempotency_key": [key], "fields": fields}),
        json.dumps({"idempotency_key": key, "fields": [["q-feel_safe", {"a": [1, 2]}], [1, 2, 3]]}),
        json.dumps({"idempotency_key": key, "fields": [[None, None], ["q-when_unsafe", [["evening"]]]]}),
        json.dumps({"idempotency_key": key, "fields": 17}),
        json.dumps([1, 2, 3]),
        "null",
        '{"fields": ' + DEEP_JSON + "}",
        json.dumps({"idempotency_key": key, "fields": [["q-why_unsafe", "\x00"], ["q-feel_safe", "1e400"]]}),
        json.dumps({"idempotency_key": key, "fields": [["q-why_unsafe", "\ud800"], ["name\udfff", "x"]]}),
        '{"idempotency_key": "%s", "fields": [["q-feel_safe", 1e400]]}'.replace("%s", key),
        b'{"idempotency_key": "\xff\xfe", "fields": []}',
        json.dumps({"idempotency_key": key, "fields": [*fields, ["conducted_at", "0001-01-01T00:00:00Z"]]}),
        json.dumps({"idempotency_key": key, "fields": [*fields, ["latitude", "1e309"], ["longitude", "-inf"]]}),
    ]
    return rng.sample(bodies, k=len(bodies))


def persona_for(row: Row) -> str:
    if row.public:
        return ANONYMOUS
    return next(p for p in PREFERRED if p in row.allowed)


@pytest.fixture(scope="module")
def _fuzz_world(django_db_setup, django_db_blocker) -> Iterator[SimpleNamespace]:
    with django_db_blocker.unblock(), override_settings(PASSWORD_HASHERS=FAST_HASHERS):
        outer = transaction.atomic()
        outer.__enter__()
        try:
            yield _build_world()
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.fixture
def world(db, _fuzz_world) -> SimpleNamespace:
    for user in _fuzz_world.users.values():
        user.__dict__.pop("_roles_cache", None)
    return _fuzz_world


def send(
    client: Client, method: str, url: str, body: bytes | str = b"", content_type: str = "", form: dict | None = None
) -> int:
    """One request in a savepoint that is always rolled back; the status code."""
    with transaction.atomic():
        if form is not None:
            response = client.post(url, form)
        else:
            response = client.generic(method.upper(), url, body, content_type=content_type or "text/plain")
        transaction.set_rollback(True)
    return response.status_code


@pytest.mark.parametrize("row", ROWS, ids=lambda r: r.id)
def test_hostile_input_into_every_form_is_never_a_server_error(world, row: Row) -> None:
    rng = random.Random(f"{SEED}:{row.id}")
    client = Client(raise_request_exception=False)
    persona = persona_for(row)
    if persona != ANONYMOUS:
        user = world.users[persona]
        client.force_login(user)
        if user.needs_two_factor():
            verify_second_factor(client, user)
    url = reverse(row.url_name, kwargs=row.kwargs(world))
    base = dict(row.data(world)) if row.data else {}
    for name, _sep, value in (item.partition("=") for item in row.query.split("&") if item):
        base.setdefault(name, value)
    with transaction.atomic():
        page = client.get(url)
        transaction.set_rollback(True)
    html = page.content.decode("utf-8", "replace") if page.status_code == 200 and not page.streaming else ""
    names = sorted({*FIELD_NAME.findall(html), *base, *LOOSE_NAMES} - {"csrfmiddlewaretoken"})
    files = sorted(set(FILE_FIELD.findall(html)))
    failures: list[str] = []

    def check(status: int, what: str) -> None:
        # /health/ready answers 503 by design while no task worker runs (as in the tests).
        if status >= 500 and not (status == 503 and row.url_name == "health_ready"):
            failures.append(f"{status} for {what}")

    for round_ in range(len(EVERY_FIELD) + REQUESTS_PER_ROW):
        data: dict = dict(base)
        if round_ < len(EVERY_FIELD):
            data.update(dict.fromkeys(names, EVERY_FIELD[round_]))
        else:
            for name in rng.sample(names, k=min(len(names), rng.randint(1, 4))):
                data[name] = rng.choice(HOSTILE)
        body = urlencode(as_pairs(data))
        what = f"{ {k: (v[:40] if isinstance(v, str | bytes) else v) for k, v in data.items()} }"
        if row.method == "post":
            check(send(client, "post", url, body, "application/x-www-form-urlencoded"), what)
        else:
            check(send(client, "get", f"{url}?{body.decode()}"), f"?{what}")
    if row.method == "post":
        # The same data declared in another charset, and as multipart with files that are not what they say.
        body = "&".join(f"{k}={v}" for k, v in as_pairs(base) if isinstance(v, str)).encode("utf-16")
        check(
            send(client, "post", url, body, "application/x-www-form-urlencoded; charset=utf-16"),
            "a UTF-16 body",
        )
        form = {k: v for k, v in base.items() if not isinstance(v, bytes)}
        for name in files or ["file"]:
            form[name] = hostile_files(rng)
        for name in rng.sample(names, k=min(len(names), 2)):
            if name not in files:
                form[name] = rng.choice([v for v in HOSTILE if isinstance(v, str)])
        check(send(client, "post", url, form=form), f"multipart {sorted(form)}")
    if row.url_name == "dialogues:capture_api":
        for body in capture_json_bodies(rng, base):
            check(send(client, "post", url, body, "application/json"), f"JSON {body[:80]!r}")
    assert not failures, f"{row.id} as {persona}:\n" + "\n".join(failures)
