from __future__ import annotations

from django.core.management.base import BaseCommand

from lofte.dialogues.imports import import_files_cull
from lofte.dialogues.services import contact_requests_cull


class Command(BaseCommand):
    help = (
        "Gallring: delete contact requests past their retention date and the uploaded files of imports that "
        "were never finished. Run daily, e.g. from cron."
    )

    def handle(self, *args, **options) -> None:  # type: ignore[no-untyped-def]
        requests = contact_requests_cull()
        files = import_files_cull()
        self.stdout.write(f"{requests} kontaktönskemål och {files} importfiler gallrade.")
