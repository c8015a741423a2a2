"""A task worker killed outright in the middle of an import leaves nothing half-written, and the import, started
again, finishes once (lofte/core/recovery.py, `manage.py resume_tasks`).

The product runs as its own processes on a throw-away installation (SQLite, or a fresh PostgreSQL database
when the tests run on PostgreSQL): a large dialogue import is queued, the worker is killed with SIGKILL while
it runs, then `resume_tasks --worker-id` (what the systemd unit runs before the worker starts) puts the task
back, and a new worker finishes it.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import tempfile
import time
from pathlib import Path

from bench.load import PYTHON, ROOT, SEED, production_env
from tests.trust.postgres import POSTGRES, postgres_databases

ROWS = 20_000
QUEUE_IMPORT = f"""
import csv, io
from lofte.dialogues.imports import dialogue_import_mark_queued, dialogue_import_set_mapping, dialogue_import_upload
from lofte.dialogues.models import Campaign
from lofte.dialogues.tasks import run_dialogue_import
campaign = Campaign.objects.get(slug="last-2026")
out = io.StringIO()
rows = csv.writer(out)
rows.writerow(["Trygghet 1-5", "Varför?"])
for number in range({ROWS}):
    rows.writerow([1 + number % 5, f"Svar {{number}}: mörkt vid busshållplatsen och gångtunneln på kvällen"])
batch = dialogue_import_upload(campaign=campaign, by=analyst, filename="stor.csv", data=out.getvalue().encode())
batch = dialogue_import_set_mapping(batch=batch, by=analyst, mapping={{"Trygghet 1-5": "q:feel_safe", "Varför?": "q:why_unsafe"}})
dialogue_import_mark_queued(batch=batch, only_valid=True)
run_dialogue_import.enqueue(batch_id=batch.pk, user_id=analyst.pk, only_valid=True)
"""
STATE = """
from lofte.dialogues.models import Dialogue, ImportBatch
batch = ImportBatch.objects.get(filename="stor.csv")
print(batch.status, Dialogue.objects.filter(import_batch=batch).count(), Dialogue.objects.count())
"""


def _django(env: dict[str, str], code: str) -> str:
    script = "import django; django.setup()\n" + code
    return subprocess.run(
        [PYTHON, "-c", script], cwd=ROOT, env=env, check=True, capture_output=True, text=True
    ).stdout.strip()


def _manage(env: dict[str, str], *args: str) -> str:
    return subprocess.run(
        [PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True, capture_output=True, text=True
    ).stdout.strip()


def test_an_import_whose_worker_is_killed_stores_nothing_then_resumes_and_finishes_once():
    with contextlib.ExitStack() as stack:
        database_url = stack.enter_context(postgres_databases("kill"))[0] if POSTGRES.startswith("postgres") else None
        var_dir = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="lofte-kill-")))
        env = production_env(var_dir, database_url)
        _manage(env, "migrate", "--noinput", "-v0")
        _django(env, SEED + QUEUE_IMPORT)

        worker = subprocess.Popen(
            [PYTHON, "manage.py", "db_worker", "--interval", "0.2", "--worker-id", "maskin-1", "--no-startup-delay"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            deadline = time.monotonic() + 120
            while not _django(env, STATE).startswith("running"):
                assert time.monotonic() < deadline, "the worker never started the import"
                time.sleep(0.2)
            time.sleep(1.0)  # well inside the run: validating and storing 20,000 rows takes seconds
            os.kill(worker.pid, signal.SIGKILL)
        finally:
            worker.kill()
            worker.wait()

        status, stored, total = _django(env, STATE).split()
        assert (status, stored, total) == ("running", "0", "0"), "a killed run must leave nothing half-written"

        resumed = _manage(env, "resume_tasks", "--worker-id", "maskin-1")
        assert resumed.splitlines()[-1] == "1 interrupted tasks resumed"
        _manage(env, "db_worker", "--batch", "--worker-id", "maskin-1", "--no-startup-delay")

        status, stored, total = _django(env, STATE).split()
        assert (status, stored, total) == ("done", str(ROWS), str(ROWS)), "finished once, every row stored once"
        assert _manage(env, "resume_tasks", "--worker-id", "maskin-1").splitlines()[-1] == "0 interrupted tasks resumed"
        audit = _django(
            env,
            "from lofte.core.models import AuditEntry; print(AuditEntry.objects.filter(action='task.resume').count())",
        )
        assert audit == "1"
