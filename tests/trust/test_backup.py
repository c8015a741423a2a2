"""`manage.py backup` and `manage.py restore`: one file with the database and the uploads, restored into an
empty installation identical table by table and file by file; never into one that holds data."""

# ruff: noqa: S603, S608 - runs manage.py; reads every table of a test database by name
from __future__ import annotations

import hashlib
import sqlite3
import subprocess
import tarfile
from pathlib import Path

import pytest

from bench.load import PYTHON, ROOT, SEED
from tests.trust.postgres import POSTGRES, postgres_databases

SETUP = (
    "import django; django.setup()\n"
    "from django.core.management import call_command\n"
    "call_command('migrate', '--noinput', '-v0'); call_command('createcachetable')\n"
    + SEED
    + """
import uuid
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from lofte.dialogues.models import Campaign
from lofte.dialogues.services import dialogue_record
campaign = Campaign.objects.get()
for number in range(25):
    dialogue_record(campaign=campaign, by=None, channel="web", idempotency_key=uuid.uuid4(),
        answers={"feel_safe": 1 + number % 5, "why_unsafe": f"Mörkt vid stationen, svar {number} – ÅÄÖ ✓"})
default_storage.save("walks/2026/foto.jpg", ContentFile(bytes(range(256)) * 40))
default_storage.save("imports/svar ö.xlsx", ContentFile(b"PK\\x03\\x04 not really a spreadsheet"))
"""
)


def run(
    var_dir: Path, *args: str, code: str | None = None, database_url: str | None = None
) -> subprocess.CompletedProcess:
    """A command on the installation in `var_dir` (its own SQLite database unless `database_url`)."""
    env = {
        "PATH": "/usr/bin:/bin",
        "DEBUG": "1",
        "LOFTE_VAR_DIR": str(var_dir),
        "DJANGO_SETTINGS_MODULE": "lofte.settings",
    }
    if database_url:
        env["DATABASE_URL"] = database_url
    command = [PYTHON, "-c", code] if code else [PYTHON, "manage.py", *args]
    return subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)


def tables(path: Path) -> dict[str, tuple[int, str]]:
    """Every table → (row count, a hash of all its rows in a stable order)."""
    with sqlite3.connect(path) as db:
        names = [row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
        result = {}
        for name in names:
            rows = sorted(repr(row) for row in db.execute(f'SELECT * FROM "{name}"'))
            result[name] = (len(rows), hashlib.sha256("\n".join(rows).encode()).hexdigest())
    return result


def files(root: Path) -> dict[str, str]:
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest() for p in root.rglob("*") if p.is_file()
    }


@pytest.fixture(scope="module")
def backed_up(tmp_path_factory) -> tuple[Path, Path]:
    """An installation with data and uploads (`source`), and its backup."""
    tmp = tmp_path_factory.mktemp("backup")
    source, archive = tmp / "source", tmp / "lofte.tar"
    made = run(source, code=SETUP)
    assert made.returncode == 0, made.stderr
    result = run(source, "backup", str(archive))
    assert result.returncode == 0, result.stderr
    assert "2 filer" in result.stdout
    return source, archive


def test_a_backup_restored_into_an_empty_installation_has_every_table_and_file(backed_up, tmp_path):
    (source, archive), target = backed_up, tmp_path / "target"
    restored = run(target, "restore", str(archive))
    assert restored.returncode == 0, restored.stderr

    before, after = tables(source / "lofte.sqlite3"), tables(target / "lofte.sqlite3")
    assert before["dialogues_dialogue"][0] == 25 and before["core_organisation"][0] == 2
    assert after == before
    assert files(target / "media") == files(source / "media") and len(files(source / "media")) == 2


def test_restore_refuses_an_installation_that_holds_data_and_changes_nothing(backed_up):
    source, archive = backed_up
    before = tables(source / "lofte.sqlite3")
    refused = run(source, "restore", str(archive))
    assert refused.returncode != 0
    assert "Installationen är inte tom" in refused.stderr
    assert tables(source / "lofte.sqlite3") == before


def test_restore_refuses_a_file_that_is_not_a_backup(tmp_path):
    bogus = tmp_path / "bogus.tar"
    with tarfile.open(bogus, "w"):
        pass
    refused = run(tmp_path / "empty", "restore", str(bogus))
    assert refused.returncode != 0 and "manifest.json saknas" in refused.stderr


def postgres_tables(url: str) -> dict[str, tuple[int, str]]:
    import psycopg

    with psycopg.connect(url) as db:
        names = [
            row[0]
            for row in db.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename")
        ]
        result = {}
        for name in names:
            rows = sorted(repr(row) for row in db.execute(f'SELECT * FROM "{name}"'))
            result[name] = (len(rows), hashlib.sha256("\n".join(rows).encode()).hexdigest())
    return result


@pytest.mark.skipif(not POSTGRES.startswith("postgres"), reason="runs when the tests run on PostgreSQL")
def test_on_postgresql_a_backup_restored_into_an_empty_database_has_every_table_and_file(tmp_path):
    with postgres_databases("backup_src", "backup_dst") as (source_url, target_url):
        source, target, archive = tmp_path / "source", tmp_path / "target", tmp_path / "lofte.tar"
        made = run(source, code=SETUP, database_url=source_url)
        assert made.returncode == 0, made.stderr
        result = run(source, "backup", str(archive), database_url=source_url)
        assert result.returncode == 0, result.stderr
        with tarfile.open(archive) as backup:
            assert "db.pgdump" in backup.getnames()
        # The target is migrated but holds no data: still empty, so the restore goes ahead.
        assert run(target, "migrate", "--noinput", "-v0", database_url=target_url).returncode == 0
        restored = run(target, "restore", str(archive), database_url=target_url)
        assert restored.returncode == 0, restored.stderr
        before, after = postgres_tables(source_url), postgres_tables(target_url)
        assert before["dialogues_dialogue"][0] == 25
        assert after == before
        assert files(target / "media") == files(source / "media")
        refused = run(target, "restore", str(archive), database_url=target_url)
        assert refused.returncode != 0 and "Installationen är inte tom" in refused.stderr
