"""Import dialogues from a CSV or Excel file: the same services, validation and errors as the wizard."""

from __future__ import annotations

import json
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from lofte.dialogues.import_rows import RowError, unused_columns
from lofte.dialogues.imports import (
    ImportFileGone,
    ImportRefused,
    auto_mapping,
    dialogue_import_check,
    dialogue_import_run,
    dialogue_import_set_mapping,
    dialogue_import_upload,
    dialogue_import_validate,
    earlier_import,
    missing_required_notice,
    missing_required_questions,
)
from lofte.dialogues.models import Campaign
from lofte.lib.tabular import TableError, megabytes


def _mapping_refused(error: ValidationError) -> CommandError:
    return CommandError(
        _(
            "Kolumnerna kunde inte kopplas: %(errors)s Ange kopplingen med --mapping FIL.json (samma form som "
            "guiden sparar)."
        )
        % {"errors": " ".join(error.messages)}
    )


class Command(BaseCommand):
    help = (
        "Importera medborgardialoger från en CSV- eller Excel-fil till en dialogomgång. Fel skrivs per rad och "
        "kolumn; inget sparas om filen har fel, om inte --only-valid anges. Samma rader dubbleras aldrig."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="CSV- eller .xlsx-fil")
        parser.add_argument("--campaign", required=True, help="Dialogomgångens kortnamn (slug)")
        parser.add_argument(
            "--mapping",
            default="saved",
            help="saved: kopplingen som sparats för filer med samma kolumner, annars gissning från kolumnnamnen "
            "(standard); auto: gissa alltid från kolumnnamnen; FIL.json: kopplingen i filen, i samma form som "
            'guiden sparar den: {"kolumnnamn": "q:<frågans nyckel>" eller en uppgift (conducted_date, place, '
            'area, age_band, gender, relation, home_area, target_group, interviewer) eller ""}',
        )
        parser.add_argument("--sheet", default="", help="Bladet som ska läsas (standard: arbetsbokens aktiva blad)")
        parser.add_argument(
            "--header-row", type=int, default=None, help="Raden med kolumnernas namn, numrerad som i Excel"
        )
        parser.add_argument(
            "--fill-down",
            action="append",
            default=[],
            metavar="KOLUMN",
            help="Fyll tomma celler i kolumnen med värdet ovanför (kan anges flera gånger)",
        )
        parser.add_argument("--only-valid", action="store_true", help="Importera de giltiga raderna trots fel")
        parser.add_argument(
            "--replace", action="store_true", help="Ersätt en tidigare import av samma fil (dess dialoger tas bort)"
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Kontrollera bara: ingenting skrivs, inte ens kopplingen eller loggen",
        )

    def handle(self, *args, **options) -> None:  # type: ignore[no-untyped-def]
        file: Path = options["file"]
        selected = Campaign.objects.select_related("partnership").filter(slug=options["campaign"]).first()
        if selected is None:
            raise CommandError(_("Dialogomgången ”%(slug)s” finns inte.") % {"slug": options["campaign"]})
        data = self._read(file)
        explicit = self._mapping_file(options["mapping"])
        sheet, header_row, fill_down = options["sheet"], options["header_row"], options["fill_down"]
        if options["dry_run"]:
            self._dry_run(selected, file, data, sheet, header_row, explicit, options["mapping"], fill_down)
            return
        try:
            batch = dialogue_import_upload(
                campaign=selected, by=None, filename=file.name, data=data, sheet=sheet, header_row=header_row
            )
        except TableError as error:
            raise CommandError(str(error.message)) from error
        try:
            chosen = explicit if explicit is not None else batch.mapping
            if options["mapping"] == "auto":
                chosen = auto_mapping(selected, batch.headers)
            self._check_fill_down(fill_down, batch.headers)
            dialogue_import_set_mapping(batch=batch, by=None, mapping=chosen, fill_down=fill_down)
        except ValidationError as error:
            raise _mapping_refused(error) from error
        self._describe(selected, batch.sheet, batch.header_row, batch.mapping, sheet_kind=bool(batch.sheets))
        try:
            validation = dialogue_import_validate(batch=batch)
        except ImportFileGone as error:
            raise CommandError(
                _("Den uppladdade kopian av filen finns inte längre kvar. Kör kommandot igen.")
            ) from error
        for notice in batch.notices:
            self.stderr.write(_("Obs: %(notice)s") % {"notice": notice})
        self._report(validation.errors, batch.total_rows, len(validation.rows), validation.error_rows)
        earlier = earlier_import(batch)
        if earlier is not None and not options["replace"]:
            self.stderr.write(
                _(
                    "Obs: samma fil importerades redan (import %(id)s). Rader med samma innehåll hoppas över; "
                    "ange --replace för att ersätta den importen med den här kopplingen."
                )
                % {"id": earlier.pk}
            )
        try:
            result = dialogue_import_run(
                campaign=selected,
                by=None,
                batch=batch,
                only_valid=options["only_valid"],
                replace=earlier if options["replace"] else None,
            )
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
        message = _("%(imported)s dialoger importerades, %(duplicates)s fanns redan") % {
            "imported": result.imported,
            "duplicates": result.duplicates,
        }
        if result.skipped_invalid:
            message += ngettext(
                ", %(count)s rad med fel hoppades över.",
                ", %(count)s rader med fel hoppades över.",
                result.skipped_invalid,
            ) % {"count": result.skipped_invalid}
        else:
            message += "."
        self.stdout.write(self.style.SUCCESS(message))

    def _read(self, file: Path) -> bytes:
        try:
            return file.read_bytes()
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

    def _mapping_file(self, value: str) -> dict[str, str] | None:
        """--mapping FILE.json: {header: target}, the form the wizard saves (ColumnMapping.mapping)."""
        if value in ("saved", "auto"):
            return None
        path = Path(value)
        raw = self._read(path)
        if len(raw) > 1024 * 1024:
            raise CommandError(
                _("Kopplingsfilen är för stor (%(size)s MB) för att vara en koppling.") % {"size": megabytes(len(raw))}
            )
        try:
            mapping = json.loads(raw.decode("utf-8-sig"))
        except (UnicodeDecodeError, ValueError, RecursionError) as error:
            raise CommandError(
                _("Kopplingsfilen %(path)s är inte giltig JSON: %(error)s") % {"path": path, "error": error}
            ) from error
        if not isinstance(mapping, dict) or not all(
            isinstance(k, str) and isinstance(v, str | None) for k, v in mapping.items()
        ):
            raise CommandError(
                _('Kopplingsfilen ska vara ett JSON-objekt {"kolumnnamn": "mål", …} med text som värden.')
            )
        return {k: v or "" for k, v in mapping.items()}

    def _check_fill_down(self, fill_down: list[str], headers: list[str]) -> None:
        unknown = [h for h in fill_down if h not in headers]
        if unknown:
            raise CommandError(
                _("--fill-down nämner kolumner som filen inte har: %(names)s.")
                % {"names": ", ".join(f"”{h}”" for h in unknown)}
            )

    def _describe(
        self, campaign: Campaign, sheet: str, header_row: int | None, mapping: dict[str, str], *, sheet_kind: bool
    ) -> None:
        if sheet:
            self.stdout.write(_("Blad: %(sheet)s") % {"sheet": sheet})
        where = (_("rad %(row)s i bladet") if sheet_kind else _("rad %(row)s i filen")) % {"row": header_row}
        self.stdout.write(_("Rubrikrad: %(where)s") % {"where": where})
        for header, target in mapping.items():
            self.stdout.write(f"  {header} → {target or _('(importeras inte)')}")
        unused = unused_columns(mapping)
        if unused:
            self.stdout.write(_("Importeras inte: %(names)s") % {"names": ", ".join(f"”{h}”" for h in unused)})
        missing = missing_required_questions(campaign, mapping)
        if missing:
            self.stderr.write(_("Obs: %(notice)s") % {"notice": missing_required_notice(missing)})

    def _report(self, errors: list[RowError], total: int, valid: int, error_rows: int) -> None:
        for error in errors:
            column = _(", kolumn %(column)s") % {"column": error.column} if error.column else ""
            self.stderr.write(f"{(error.where or str(error.row)).capitalize()}{column}: {error.message}")
        self.stdout.write(
            ngettext("%(count)s rad", "%(count)s rader", total) % {"count": total}
            + ", "
            + ngettext("%(count)s giltig", "%(count)s giltiga", valid) % {"count": valid}
            + ", "
            + _("%(count)s med fel.") % {"count": error_rows}
        )

    def _dry_run(  # noqa: PLR0913 - the command's options, passed on
        self,
        campaign: Campaign,
        file: Path,
        data: bytes,
        sheet: str,
        header_row: int | None,
        explicit: dict[str, str] | None,
        mode: str,
        fill_down: list[str],
    ) -> None:
        try:
            check = dialogue_import_check(
                campaign=campaign,
                data=data,
                filename=file.name,
                sheet=sheet,
                header_row=header_row,
                mapping=explicit,
                use_saved=mode != "auto",
                fill_down_columns=fill_down,
            )
        except TableError as error:
            raise CommandError(str(error.message)) from error
        except ValidationError as error:
            raise _mapping_refused(error) from error
        self._check_fill_down(fill_down, check.table.headers)
        table = check.table
        self._describe(campaign, table.sheet, table.header_row, check.mapping, sheet_kind=table.kind == "xlsx")
        for notice in [*table.notices, *check.validation.notices]:
            self.stderr.write(_("Obs: %(notice)s") % {"notice": notice})
        validation = check.validation
        self._report(validation.errors, len(table.rows), len(validation.rows), validation.error_rows)
        self.stdout.write(_("Provkörning: ingenting sparades."))
