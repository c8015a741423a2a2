"""Background work of the dialogues app: thin, takes ids, calls a service."""

from __future__ import annotations

from django.tasks import task
from django.utils.translation import gettext as _

from lofte.core.models import User
from lofte.dialogues.imports import (
    ImportFileGone,
    ImportRefused,
    dialogue_import_fail,
    dialogue_import_read,
    dialogue_import_run,
    dialogue_import_validate,
)
from lofte.dialogues.models import ImportBatch
from lofte.lib.tabular import TableError


def _batch(batch_id: int, *statuses: ImportBatch.Status) -> ImportBatch | None:
    batch = ImportBatch.objects.select_related("campaign__partnership").get(pk=batch_id)
    return batch if batch.status in statuses else None


@task()
def read_dialogue_import(*, batch_id: int) -> int:
    """Read a large uploaded file (or another sheet or header row of it) while the wizard's page polls."""
    batch = _batch(batch_id, ImportBatch.Status.READING)
    if batch is None:
        return 0
    try:
        dialogue_import_read(batch=batch)
    except ImportFileGone as error:
        dialogue_import_fail(batch=batch, message=str(error))
    except Exception:
        dialogue_import_fail(batch=batch, message=_("Filen kunde inte läsas på grund av ett oväntat fel."))
        raise
    return batch.total_rows


@task()
def check_dialogue_import(*, batch_id: int) -> int:
    """Validate every row of a large file with its mapping while the wizard's page polls."""
    batch = _batch(batch_id, ImportBatch.Status.CHECKING)
    if batch is None:
        return 0
    try:
        validation = dialogue_import_validate(batch=batch)
    except ImportFileGone as error:
        dialogue_import_fail(batch=batch, message=str(error))
        return 0
    except TableError as error:
        dialogue_import_fail(batch=batch, message=str(error.message))
        return 0
    except Exception:
        dialogue_import_fail(batch=batch, message=_("Kontrollen avbröts av ett oväntat fel. Inget sparades."))
        raise
    return len(validation.rows)


@task()
def run_dialogue_import(*, batch_id: int, user_id: int | None, only_valid: bool, replace_id: int | None = None) -> int:
    """A large import, run by the worker while the wizard's page polls the batch's status."""
    # RUNNING too: a run a killed worker left (lofte/core/recovery.py); its transaction stored nothing.
    batch = _batch(batch_id, ImportBatch.Status.QUEUED, ImportBatch.Status.RUNNING)
    if batch is None:
        return 0
    batch.status = ImportBatch.Status.RUNNING
    batch.save(update_fields=["status"])
    user = User.objects.filter(pk=user_id).first() if user_id else None
    replace = ImportBatch.objects.filter(pk=replace_id, campaign_id=batch.campaign_id).first() if replace_id else None
    try:
        result = dialogue_import_run(
            campaign=batch.campaign, by=user, batch=batch, only_valid=only_valid, replace=replace
        )
    except ImportRefused:
        # The service has recorded why on the batch (status and notices); the page shows it.
        return 0
    except Exception:
        dialogue_import_fail(batch=batch, message=_("Importen avbröts av ett oväntat fel. Inget sparades."))
        raise
    return result.imported
