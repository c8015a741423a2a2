"""Production answers carry every security header and secure cookies; staff sessions end when idle and at
their absolute limit."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.urls import reverse

from lofte.core.middleware import StaffSessionExpiryMiddleware

ROOT = Path(__file__).resolve().parents[2]

# Run with the production settings (DEBUG off) a real installation has: settings are read at start-up, so in a
# process of their own. Prints the headers of a public JSON answer, a page and the sign-in page's cookies.
PROBE = """
import json, django
django.setup()
from django.core.management import call_command
call_command("migrate", verbosity=0)
call_command("createcachetable", verbosity=0)
from django.conf import settings
from django.test import Client, override_settings
# Pages name their static files; a real installation has run collectstatic for the manifest, this probe has not.
override_settings(
    STORAGES={**settings.STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
).enable()
client = Client(HTTP_HOST="lofte.sjostad.example")
out = {}
for path in ("/konto/logga-in/", "/p/medborgarloften.json", "/health/live"):
    response = client.get(path, secure=True)
    out[path] = {"status": response.status_code, "headers": dict(response.headers)}
    out[path]["cookies"] = {
        name: {k: str(morsel[k]) for k in ("secure", "httponly", "samesite")} for name, morsel in response.cookies.items()
    }
out["http"] = {"status": client.get("/konto/logga-in/").status_code}
print(json.dumps(out))
"""


@pytest.fixture(scope="module")
def production(tmp_path_factory) -> dict:
    tmp = tmp_path_factory.mktemp("prod")
    env = {
        "PATH": os.environ["PATH"],
        "SECRET_KEY": "a-production-secret-that-is-long-and-random-enough-0123456789abcdef",
        "ALLOWED_HOSTS": "lofte.sjostad.example",
        "DATABASE_URL": f"sqlite:///{tmp / 'prod.sqlite3'}",
        "LOFTE_VAR_DIR": str(tmp),
        "DJANGO_SETTINGS_MODULE": "lofte.settings",
        "LOG_LEVEL": "ERROR",
    }
    result = subprocess.run(
        [sys.executable, "-c", PROBE], cwd=ROOT, env=env, capture_output=True, text=True, check=False, timeout=300
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize("path", ["/konto/logga-in/", "/p/medborgarloften.json", "/health/live"])
def test_production_answers_carry_every_security_header(production, path) -> None:
    answer = production[path]
    assert answer["status"] == 200
    headers = answer["headers"]
    assert headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "same-origin"
    assert headers["Cross-Origin-Opener-Policy"] == "same-origin"
    assert headers["X-Frame-Options"] == "DENY"
    policy = headers["Content-Security-Policy"]
    assert "unsafe-inline" not in policy and "script-src 'self'" in policy and "frame-ancestors 'none'" in policy
    assert "camera=()" in headers["Permissions-Policy"] and "geolocation=(self)" in headers["Permissions-Policy"]
    # Open data is for every origin (CORS *); everything else is for our own pages only.
    expected = "cross-origin" if path.endswith(".json") else "same-origin"
    assert headers["Cross-Origin-Resource-Policy"] == expected


def test_production_sends_plain_http_to_https(production) -> None:
    assert production["http"]["status"] == 301


def test_production_cookies_are_secure_and_httponly(production) -> None:
    cookies = production["/konto/logga-in/"]["cookies"]
    assert cookies["csrftoken"] == {"secure": "True", "httponly": "True", "samesite": "Lax"}
    # Public reads set no cookie at all.
    assert production["/p/medborgarloften.json"]["cookies"] == {}
    assert production["/health/live"]["cookies"] == {}


def test_production_session_cookie_settings_are_secure(settings) -> None:
    probe = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.SESSION_COOKIE_SECURE, s.SESSION_COOKIE_HTTPONLY, s.SESSION_COOKIE_SAMESITE, s.CSRF_COOKIE_SECURE, "
        "s.LANGUAGE_COOKIE_SECURE, s.SESSION_COOKIE_AGE, s.LOFTE_SESSION_IDLE_SECONDS, s.LOFTE_SESSION_MAX_SECONDS)"
    )
    env = {
        "PATH": os.environ["PATH"],
        "SECRET_KEY": "a-production-secret-that-is-long-and-random-enough-0123456789abcdef",
        "LOFTE_VAR_DIR": str(ROOT / "var"),
        "DJANGO_SETTINGS_MODULE": "lofte.settings",
    }
    result = subprocess.run(
        [sys.executable, "-c", probe], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    )
    assert result.stdout.split() == ["True", "True", "Lax", "True", "True", "36000", "3600", "36000"]


def _age_session(client, *, started_ago: float, seen_ago: float) -> None:
    session = client.session
    now = time.time()
    session[StaffSessionExpiryMiddleware.STARTED] = now - started_ago
    session[StaffSessionExpiryMiddleware.SEEN] = now - seen_ago
    session.save()


def test_a_staff_session_ends_after_it_has_been_idle(login, dialogue_staff, settings) -> None:
    client = login(dialogue_staff)
    home = reverse("core:home")
    assert client.get(home).status_code == 200
    _age_session(client, started_ago=2000, seen_ago=settings.LOFTE_SESSION_IDLE_SECONDS - 30)
    assert client.get(home).status_code == 200  # used within the idle time: still signed in
    _age_session(client, started_ago=5000, seen_ago=settings.LOFTE_SESSION_IDLE_SECONDS + 1)
    response = client.get(home)
    assert response.status_code == 302 and "/konto/logga-in/" in response["Location"]
    assert "_auth_user_id" not in client.session


def test_a_staff_session_ends_at_its_absolute_limit_even_when_used(login, sjostad_analyst, settings) -> None:
    client = login(sjostad_analyst)
    home = reverse("core:home")
    _age_session(client, started_ago=settings.LOFTE_SESSION_MAX_SECONDS + 1, seen_ago=5)
    response = client.get(home)
    assert response.status_code == 302 and "/konto/logga-in/" in response["Location"]
    assert "_auth_user_id" not in client.session


def test_a_busy_session_is_saved_at_most_once_a_minute(login, dialogue_staff) -> None:
    client = login(dialogue_staff)
    client.get(reverse("core:home"))
    seen = client.session[StaffSessionExpiryMiddleware.SEEN]
    client.get(reverse("core:home"))
    assert client.session[StaffSessionExpiryMiddleware.SEEN] == seen
    _age_session(client, started_ago=600, seen_ago=120)
    client.get(reverse("core:home"))
    assert time.time() - client.session[StaffSessionExpiryMiddleware.SEEN] < 10
