"""Import dialogues from a CSV or Excel file: the same services, validation and errors as the wizard."""

from __future__ import annotations

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from lofte.dialogues.imports import (
    ImportRefused,
    auto_mapping,
    dialogue_import_run,
    dialogue_import_set_mapping,
    dialogue_import_upload,
    dialogue_import_validate,
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
        except OSError as error:
            raise CommandError(f"Filen går inte att läsa: {error.strerror}") from error
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
        validation = dialogue_import_validate(batch=batch)
        for notice in batch.notices:
            self.stderr.write(f"Obs: {notice}")
        for error in validation.errors:
            column = f", kolumn {error.column}" if error.column else ""
            self.stderr.write(f"Rad {error.row}{column}: {error.message}")
        self.stdout.write(f"{batch.total_rows} rader, {len(validation.rows)} giltiga, {validation.error_rows} med fel.")
        if dry_run:
            self.stdout.write("Provkörning: inget sparades.")
            ImportBatch.objects.filter(pk=batch.pk).delete()
            if batch.file:
                batch.file.delete(save=False)
            return
        try:
            result = dialogue_import_run(campaign=selected, by=None, batch=batch, only_valid=only_valid)
        except ImportRefused as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            self.style.SUCCESS(
                f"{result.imported} dialoger importerades, {result.duplicates} fanns redan"
                + (f", {result.skipped_invalid} rader med fel hoppades över." if result.skipped_invalid else ".")
            )
        )
