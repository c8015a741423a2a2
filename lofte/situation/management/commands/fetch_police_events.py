"""Fetch the police's public events list from LOFTE_POLICE_EVENTS_URL, archive the capture and import it.

Meant for cron or a systemd timer (see the README); off while the setting is empty.
"""

from __future__ import annotations

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from lofte.situation.police import PoliceFeedError
from lofte.situation.services import PoliceFetchRefused, police_events_fetch


class Command(BaseCommand):
    help = (
        "Hämta polisens händelselista en gång från LOFTE_POLICE_EVENTS_URL (av när den är tom), spara den råa "
        "filen under LOFTE_VAR_DIR/police_events/ och importera den. Följer listans regler: minst 10 sekunder "
        "mellan anrop, stopp vid 429."
    )

    def handle(self, *args, **options) -> None:  # type: ignore[no-untyped-def]
        url = settings.LOFTE_POLICE_EVENTS_URL
        if not url:
            self.stdout.write(_("LOFTE_POLICE_EVENTS_URL är inte satt: ingen hämtning."))
            return
        try:
            result = police_events_fetch(url=url)
        except (PoliceFetchRefused, PoliceFeedError) as error:
            raise CommandError(error.message) from error
        self.stdout.write(result.summary_line())
