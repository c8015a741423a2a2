"""Throw-away PostgreSQL databases for the tests that start the product as its own processes."""

from __future__ import annotations

import contextlib
import os

POSTGRES = os.environ.get("DATABASE_URL", "")


@contextlib.contextmanager
def postgres_databases(*suffixes: str):
    """Fresh, empty databases beside the test run's own PostgreSQL database; dropped afterwards."""
    import psycopg

    base = POSTGRES.rsplit("/", 1)[0]
    name = POSTGRES.rsplit("/", 1)[1].split("?")[0]
    names = [f"{name}_{suffix}_{os.getpid()}" for suffix in suffixes]
    with psycopg.connect(f"{base}/postgres", autocommit=True) as admin:
        for db in names:
            admin.execute(f'DROP DATABASE IF EXISTS "{db}"')
            admin.execute(f'CREATE DATABASE "{db}"')
        try:
            yield [f"{base}/{db}" for db in names]
        finally:
            for db in names:
                admin.execute(f'DROP DATABASE IF EXISTS "{db}" WITH (FORCE)')
