"""Background work of the dialogues app: thin, takes ids, calls a service."""

from __future__ import annotations

from django.tasks import task
from django.utils.translation import gettext as _

from lofte.core.models import User
from lofte.dialogues.imports import ImportRefused, dialogue_import_fail, dialogue_import_run
from lofte.dialogues.models import ImportBatch


@task()
def run_dialogue_import(*, batch_id: int, user_id: int | None, only_valid: bool) -> int:
    """A large import, run by the worker while the wizard's page polls the batch's status."""
    batch = ImportBatch.objects.select_related("campaign__partnership").get(pk=batch_id)
    if batch.status != ImportBatch.Status.QUEUED:
        return 0
    batch.status = ImportBatch.Status.RUNNING
    batch.save(update_fields=["status"])
    user = User.objects.filter(pk=user_id).first() if user_id else None
    try:
        result = dialogue_import_run(campaign=batch.campaign, by=user, batch=batch, only_valid=only_valid)
    except ImportRefused:
        # The service has recorded why on the batch (status and notices); the page shows it.
        return 0
    except Exception:
        dialogue_import_fail(batch=batch, message=_("Importen avbröts av ett oväntat fel. Inget sparades."))
        raise
    return result.imported
