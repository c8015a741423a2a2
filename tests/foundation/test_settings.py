from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _deploy_check(tmp_path, **extra: str) -> subprocess.CompletedProcess[str]:
    """`manage.py check --deploy` with the production variables a real installation sets."""
    env = {
        "PATH": os.environ["PATH"],
        "SECRET_KEY": "a-production-secret-that-is-long-and-random-enough-0123456789abcdef",
        "ALLOWED_HOSTS": "lofte.sjostad.example",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'prod.sqlite3'}",
        "LOFTE_VAR_DIR": str(tmp_path),
    }
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env | extra,
        capture_output=True,
        text=True,
        check=False,
    )


def test_production_settings_pass_the_deploy_check(tmp_path) -> None:
    result = _deploy_check(tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key(tmp_path) -> None:
    env = {"PATH": os.environ["PATH"], "LOFTE_VAR_DIR": str(tmp_path)}
    result = subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_the_embedded_sqlite_database_lives_under_var_in_wal_mode(tmp_path) -> None:
    env = {"PATH": os.environ["PATH"], "DEBUG": "1", "LOFTE_VAR_DIR": str(tmp_path)}
    code = "from django.db import connection; c = connection.cursor(); c.execute('PRAGMA journal_mode'); print(c.fetchone()[0])"
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "--no-imports", "-c", code],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.stdout.strip().splitlines()[-1] == "wal", result.stdout + result.stderr
    assert (tmp_path / "lofte.sqlite3").exists()


def test_smtp_settings_come_from_the_environment(tmp_path) -> None:
    env = {
        "PATH": os.environ["PATH"],
        "SECRET_KEY": "a-production-secret-that-is-long-and-random-enough-0123456789abcdef",
        "LOFTE_VAR_DIR": str(tmp_path),
        "EMAIL_HOST": "smtp.sjostad.example",
        "EMAIL_PORT": "465",
        "EMAIL_HOST_USER": "lofte",
        "EMAIL_USE_SSL": "1",
        "EMAIL_TIMEOUT": "10",
        "DEFAULT_FROM_EMAIL": "trygghet@sjostad.example",
    }
    script = (
        "import django; django.setup(); from django.conf import settings as s; "
        "o = s.MAILERS['default']['OPTIONS']; "
        "print(s.MAILERS['default']['BACKEND'], o['host'], o['port'], o['use_ssl'], o['use_tls'], o['timeout'], "
        "s.DEFAULT_FROM_EMAIL)"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env=env | {"DJANGO_SETTINGS_MODULE": "lofte.settings"},
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.split() == [
        "django.core.mail.backends.smtp.EmailBackend",
        "smtp.sjostad.example",
        "465",
        "True",
        "False",
        "10",
        "trygghet@sjostad.example",
    ]


def test_the_deploy_check_warns_when_two_factor_is_turned_off(tmp_path) -> None:
    result = _deploy_check(tmp_path, LOFTE_REQUIRE_2FA="0")
    assert result.returncode != 0
    assert "lofte.W001" in result.stderr + result.stdout
