"""Import captures of the police's public events list (JSON files as the list serves them)."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from lofte.situation.police import PoliceFeedError
from lofte.situation.services import police_events_import


class Command(BaseCommand):
    help = (
        "Importera polisens händelselista från en eller flera sparade JSON-filer, i den ordning de anges (en "
        "senare fils ändring av en händelse vinner). Är någon fil inte händelselistans format sparas ingenting. "
        "Sista raden: police events: N new, U updated, K unchanged, R rejected."
    )

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument("files", nargs="+", type=Path, help="JSON-filer med polisens händelselista")

    def handle(self, *args, files: list[Path], **options) -> None:  # type: ignore[no-untyped-def]
        captures = []
        for path in files:
            try:
                captures.append((path.name, path.read_bytes()))
            except FileNotFoundError as error:
                raise CommandError(_("Filen %(path)s finns inte. Kontrollera sökvägen.") % {"path": path}) from error
            except IsADirectoryError as error:
                raise CommandError(_("%(path)s är en mapp, inte en fil.") % {"path": path}) from error
            except PermissionError as error:
                raise CommandError(_("Filen %(path)s kan inte läsas (behörighet).") % {"path": path}) from error
        try:
            result = police_events_import(files=captures)
        except PoliceFeedError as error:
            raise CommandError(error.message) from error
        for rejection in result.rejections:
            self.stderr.write(
                _("%(file)s, händelse %(position)s (id %(id)s): %(reason)s")
                % {
                    "file": rejection.filename,
                    "position": rejection.position,
                    "id": rejection.police_id if rejection.police_id is not None else "–",
                    "reason": rejection.reason,
                }
            )
        self.stdout.write(result.summary_line())
