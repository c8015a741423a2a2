"""One-file backups of an installation: the database and the uploaded files, and their restore.

The archive is an uncompressed tar (the database dump is compressed by itself; uploads are mostly images and
spreadsheets already compressed) holding:
- `manifest.json`: format, database engine, time, the latest migration per app and the list of files;
- the database: SQLite as a consistent copy taken with SQLite's online backup API (`db.sqlite3`), safe while
  the web server and worker write; PostgreSQL as `pg_dump --format=custom` (`db.pgdump`), a consistent
  snapshot too. pg_dump is preferred over Django's dumpdata: it keeps every table (sessions, task results,
  the cache, sequences) exactly and restores much faster; it must be of the server's major version or newer;
- `media/...`: every uploaded file under MEDIA_ROOT.

Restoring goes into an EMPTY installation only (no rows beyond what `migrate` itself writes, no uploaded
files), from a backup of the same database engine: it never merges and never overwrites data.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import shutil
import sqlite3
import subprocess  # nosec B404
import tarfile
import tempfile
from pathlib import Path

from django.conf import settings
from django.db import connection
from django.db.migrations.recorder import MigrationRecorder

FORMAT = 1
# Tables `migrate` fills by itself: an installation with rows only here is empty.
MIGRATE_TABLES = {"django_migrations", "django_content_type", "auth_permission", "sqlite_sequence"}


class BackupError(Exception):
    """A backup or restore that cannot be done; the message says why, for the operator."""


def _engine() -> str:
    vendor = connection.vendor
    if vendor not in {"sqlite", "postgresql"}:
        raise BackupError(f"Databasen {vendor} stöds inte; bara SQLite och PostgreSQL.")
    return vendor


def _pg_tool(name: str) -> str:
    """pg_dump/pg_restore: from PATH, else the newest Debian PostgreSQL installation."""
    found = shutil.which(name)
    if found:
        return found
    candidates = sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{name}"), key=lambda p: int(p.parts[-3]))
    if not candidates:
        raise BackupError(f"{name} finns inte (installera postgresql-client).")
    return str(candidates[-1])


def _pg_env() -> dict[str, str]:
    db = settings.DATABASES["default"]
    env = dict(os.environ)
    env.update(
        PGHOST=str(db.get("HOST") or ""),
        PGPORT=str(db.get("PORT") or ""),
        PGUSER=str(db.get("USER") or ""),
        PGPASSWORD=str(db.get("PASSWORD") or ""),
        PGDATABASE=str(db["NAME"]),
    )
    return env


def _media_root() -> Path:
    return Path(settings.MEDIA_ROOT)


def _media_files() -> list[Path]:
    root = _media_root()
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


def backup_write(*, path: Path) -> dict:
    """Write the backup archive to `path` (atomically: a half-written file never has the final name)."""
    engine = _engine()
    path = Path(path)
    recorder = MigrationRecorder(connection)
    migrations: dict[str, str] = {}
    for app, name in recorder.applied_migrations():
        migrations[app] = max(migrations.get(app, ""), name)
    files = _media_files()
    manifest = {
        "format": FORMAT,
        "engine": engine,
        "created": dt.datetime.now(tz=dt.UTC).isoformat(timespec="seconds"),
        "migrations": dict(sorted(migrations.items())),
        "files": [str(p.relative_to(_media_root())) for p in files],
    }
    with tempfile.TemporaryDirectory(prefix="lofte-backup-") as tmp:
        dump = Path(tmp) / ("db.sqlite3" if engine == "sqlite" else "db.pgdump")
        if engine == "sqlite":
            connection.ensure_connection()
            target = sqlite3.connect(dump)
            try:
                connection.connection.backup(target)  # online: pages copied consistently while others write
            finally:
                target.close()
        else:
            subprocess.run(  # noqa: S603 # nosec B603
                [_pg_tool("pg_dump"), "--format=custom", "--no-owner", "--no-privileges", "--file", str(dump)],
                env=_pg_env(),
                check=True,
                capture_output=True,
            )
        partial = path.with_name(f".{path.name}.partial")
        with tarfile.open(partial, "w") as archive:
            data = json.dumps(manifest, indent=2, ensure_ascii=False).encode()
            info = tarfile.TarInfo("manifest.json")
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
            archive.add(dump, arcname=dump.name)
            for file in files:
                archive.add(file, arcname=f"media/{file.relative_to(_media_root())}")
        os.replace(partial, path)
    return manifest


def installation_is_empty() -> tuple[bool, str]:
    """Empty: no table holds rows beyond what `migrate` writes, and no uploaded file exists."""
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            if table in MIGRATE_TABLES:
                continue
            cursor.execute(f"SELECT 1 FROM {connection.ops.quote_name(table)} LIMIT 1")  # noqa: S608 - a table name # nosec B608
            if cursor.fetchone():
                return False, f"tabellen {table} har innehåll"
    if _media_files():
        return False, f"det finns uppladdade filer i {_media_root()}"
    return True, ""


def backup_restore(*, path: Path) -> dict:
    """Restore `path` into this empty installation; BackupError (nothing changed) when that is not possible."""
    engine = _engine()
    with tarfile.open(path, "r") as archive:
        try:
            manifest = json.load(archive.extractfile("manifest.json"))  # type: ignore[arg-type]
        except KeyError:
            raise BackupError(f"{path} är ingen säkerhetskopia från Löfte (manifest.json saknas).") from None
        if manifest.get("format") != FORMAT:
            raise BackupError(f"Okänt format {manifest.get('format')!r} i {path}.")
        if manifest["engine"] != engine:
            raise BackupError(
                f"Säkerhetskopian är från {manifest['engine']}, installationen använder {engine}: "
                "återställ till samma slags databas."
            )
        empty, why = installation_is_empty()
        if not empty:
            raise BackupError(
                f"Installationen är inte tom ({why}). Återställning görs bara till en tom installation, "
                "så att inget skrivs över: peka LOFTE_VAR_DIR/DATABASE_URL på en ny, tom plats."
            )
        with tempfile.TemporaryDirectory(prefix="lofte-restore-") as tmp:
            archive.extractall(tmp, filter="data")
            dump = Path(tmp) / ("db.sqlite3" if engine == "sqlite" else "db.pgdump")
            if engine == "sqlite":
                connection.ensure_connection()
                source = sqlite3.connect(dump)
                try:
                    source.backup(connection.connection)  # replaces every page of the target database
                finally:
                    source.close()
            else:
                with connection.cursor() as cursor:
                    # The empty installation may already be migrated: its (empty) tables make way for the dump's.
                    cursor.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public")
                env = _pg_env()
                result = subprocess.run(  # noqa: S603 # nosec B603
                    [_pg_tool("pg_restore"), "--no-owner", "--no-privileges", "--exit-on-error"]
                    + ["--dbname", env["PGDATABASE"], str(dump)],
                    env=env,
                    capture_output=True,
                    text=True,
                )
                if result.returncode != 0:
                    raise BackupError(f"pg_restore misslyckades: {result.stderr.strip()[:2000]}")
            media_source = Path(tmp) / "media"
            if media_source.exists():
                shutil.copytree(media_source, _media_root(), dirs_exist_ok=True)
    connection.close()
    return manifest
