"""Import dialogues from a CSV or Excel file: the same services, validation and errors as the wizard."""

from __future__ import annotations

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from lofte.dialogues.imports import (
    ImportFileGone,
    ImportRefused,
    auto_mapping,
    dialogue_import_run,
    dialogue_import_set_mapping,
    dialogue_import_upload,
    dialogue_import_validate,
    missing_required_notice,
    missing_required_questions,
    saved_mapping,
)
from lofte.dialogues.models import Campaign, ImportBatch
from lofte.lib.tabular import TableError


class Command(BaseCommand):
    help = (
        "Importera medborgardialoger från en CSV- eller Excel-fil till en dialogomgång. Fel skrivs per rad och "
        "kolumn; inget sparas om filen har fel, om inte --only-valid anges. Samma rader dubbleras aldrig."
    )

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument("file", type=Path, help="CSV- eller .xlsx-fil")
        parser.add_argument("--campaign", required=True, help="Dialogomgångens kortnamn (slug)")
        parser.add_argument(
            "--mapping",
            choices=["auto", "saved"],
            default="saved",
            help="saved: kopplingen som sparats för filer med samma kolumner, annars gissning "
            "från kolumnnamnen (standard); auto: gissa alltid från kolumnnamnen",
        )
        parser.add_argument("--only-valid", action="store_true", help="Importera de giltiga raderna trots fel")
        parser.add_argument("--dry-run", action="store_true", help="Kontrollera bara, spara inga dialoger")

    def handle(
        self, *args, file: Path, campaign: str, mapping: str, only_valid: bool, dry_run: bool, **options
    ) -> None:  # type: ignore[no-untyped-def]
        selected = Campaign.objects.select_related("partnership").filter(slug=campaign).first()
        if selected is None:
            raise CommandError(f"Dialogomgången ”{campaign}” finns inte.")
        try:
            data = file.read_bytes()
        except FileNotFoundError as error:
            raise CommandError(_("Filen %(path)s finns inte. Kontrollera sökvägen.") % {"path": file}) from error
        except IsADirectoryError as error:
            raise CommandError(_("%(path)s är en mapp, inte en fil.") % {"path": file}) from error
        except PermissionError as error:
            raise CommandError(
                _("Filen %(path)s går inte att läsa: du saknar behörighet till den.") % {"path": file}
            ) from error
        except OSError as error:
            raise CommandError(_("Filen %(path)s går inte att läsa.") % {"path": file}) from error
        try:
            batch = dialogue_import_upload(campaign=selected, by=None, filename=file.name, data=data)
        except TableError as error:
            raise CommandError(str(error.message)) from error
        try:
            chosen = batch.mapping
            if mapping == "auto" or saved_mapping(selected, batch.headers) is None:
                chosen = auto_mapping(selected, batch.headers)
            dialogue_import_set_mapping(batch=batch, by=None, mapping=chosen)
        except ValidationError as error:
            raise CommandError("Kolumnerna kunde inte kopplas: " + " ".join(error.messages)) from error
        for header, target in batch.mapping.items():
            self.stdout.write(f"  {header} → {target or '(importeras inte)'}")
        missing = missing_required_questions(selected, batch.mapping)
        if missing:
            self.stderr.write(_("Obs: %(notice)s") % {"notice": missing_required_notice(missing)})
        try:
            validation = dialogue_import_validate(batch=batch)
        except ImportFileGone as error:
            raise CommandError(
                _("Den uppladdade kopian av filen finns inte längre kvar. Kör kommandot igen.")
            ) from error
        for notice in batch.notices:
            self.stderr.write(f"Obs: {notice}")
        for error in validation.errors:
            column = f", kolumn {error.column}" if error.column else ""
            self.stderr.write(f"Rad {error.row}{column}: {error.message}")
        self.stdout.write(
            ngettext("%(count)s rad", "%(count)s rader", batch.total_rows) % {"count": batch.total_rows}
            + ", "
            + ngettext("%(count)s giltig", "%(count)s giltiga", len(validation.rows)) % {"count": len(validation.rows)}
            + ", "
            + _("%(count)s med fel.") % {"count": validation.error_rows}
        )
        if dry_run:
            self.stdout.write("Provkörning: inget sparades.")
            ImportBatch.objects.filter(pk=batch.pk).delete()
            if batch.file:
                batch.file.delete(save=False)
            return
        try:
            result = dialogue_import_run(campaign=selected, by=None, batch=batch, only_valid=only_valid)
        except ImportFileGone as error:
            raise CommandError(
                _("Den uppladdade kopian av filen finns inte längre kvar. Kör kommandot igen.")
            ) from error
        except ImportRefused as error:
            hint = (
                _(" Kör kommandot igen med --only-valid för att importera bara de giltiga raderna.")
                if validation.error_rows and validation.rows
                else ""
            )
            raise CommandError(str(error) + hint) from error
        self.stdout.write(
            self.style.SUCCESS(
                f"{result.imported} dialoger importerades, {result.duplicates} fanns redan"
                + (f", {result.skipped_invalid} rader med fel hoppades över." if result.skipped_invalid else ".")
            )
        )
