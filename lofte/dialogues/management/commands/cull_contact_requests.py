from __future__ import annotations

from django.core.management.base import BaseCommand

from lofte.dialogues.services import contact_requests_cull


class Command(BaseCommand):
    help = "Delete contact requests past their retention date (gallring). Run daily, e.g. from cron."

    def handle(self, *args, **options) -> None:  # type: ignore[no-untyped-def]
        culled = contact_requests_cull()
        self.stdout.write(f"{culled} kontaktönskemål gallrade.")
