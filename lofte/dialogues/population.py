"""Writes of population figures: entered one by one in a small form, or imported from a CSV/Excel file
(år; område; ålder; kön; antal), as SCB's tables give them."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from lofte.core.audit import audit_log
from lofte.core.models import Area, Organisation, User
from lofte.dialogues.import_rows import RowError, normalise_header, unknown_name_message
from lofte.dialogues.models import AgeBand, PopulationFigure
from lofte.lib.tabular import read_table

COLUMNS = {
    "year": {"år", "year", "ar"},
    "area": {"område", "area", "omrade", "region", "deso"},
    "age_band": {"ålder", "åldersgrupp", "age", "alder"},
    "gender": {"kön", "gender", "kon", "sex"},
    "count": {"antal", "count", "folkmängd", "befolkning", "invånare"},
}
GENDERS = {
    "kvinnor": "woman",
    "kvinna": "woman",
    "k": "woman",
    "woman": "woman",
    "women": "woman",
    "män": "man",
    "man": "man",
    "m": "man",
    "men": "man",
}


@transaction.atomic
def population_figure_set(
    *, organisation: Organisation, by: User, year: int, age_band: str, gender: str, count: int, area: Area | None = None
) -> PopulationFigure:
    """Enter or correct how many people of one age band and gender live in the municipality or an area."""
    figure, created = PopulationFigure.objects.update_or_create(
        organisation=organisation,
        area=area,
        year=year,
        age_band=age_band,
        gender=gender,
        defaults={"count": count},
    )
    audit_log(
        actor=by,
        action="population.create" if created else "population.update",
        target=figure,
        organisation=organisation,
        changes={"count": count},
    )
    return figure


@transaction.atomic
def population_figure_delete(*, figure: PopulationFigure, by: User) -> None:
    audit_log(
        actor=by,
        action="population.delete",
        target=figure,
        organisation=figure.organisation,
        changes={"count": figure.count},
    )
    figure.delete()


def population_import(*, organisation: Organisation, by: User, filename: str, data: bytes) -> int:
    """All rows or none: ValidationError listing errors by row and column when any row is wrong.
    TableError (lofte.lib.tabular) when the file is not a readable table."""
    table = read_table(data, filename)
    index: dict[str, int] = {}
    for position, header in enumerate(table.headers):
        for target, words in COLUMNS.items():
            if normalise_header(header) in {normalise_header(w) for w in words}:
                index.setdefault(target, position)
    missing = [name for name in ("year", "age_band", "gender", "count") if name not in index]
    if missing:
        raise ValidationError(
            _("Filen saknar kolumnerna %(names)s. Kolumnerna ska heta år, område (frivillig), ålder, kön och antal.")
            % {"names": ", ".join(missing)}
        )
    areas = {a.name.casefold(): a for a in Area.objects.filter(organisation=organisation)}
    bands = {b.value: b.value for b in AgeBand if b != AgeBand.UNDISCLOSED}
    bands.update({str(b.label).casefold().replace("–", "-"): b.value for b in AgeBand if b != AgeBand.UNDISCLOSED})
    errors: list[RowError] = []
    figures: list[tuple[int, Area | None, str, str, int]] = []
    for row in table.rows:

        def value(name: str, values: list[str] = row.values) -> str:
            return values[index[name]].strip() if name in index else ""

        row_errors = []
        year_text, count_text = value("year"), re.sub(r"[\s\u00a0]", "", value("count"))
        if not (year_text.isdecimal() and 1900 <= int(year_text) <= 2100):
            row_errors.append(RowError(row.number, table.headers[index["year"]], _("Året ska vara fyra siffror.")))
        if not count_text.isdecimal():
            row_errors.append(RowError(row.number, table.headers[index["count"]], _("Antalet ska vara ett heltal.")))
        band_text = value("age_band").casefold().replace("–", "-").replace(" ", " ")
        band = bands.get(band_text) or bands.get(band_text.replace(" år", "").replace(" ", ""))
        if band is None:
            row_errors.append(
                RowError(
                    row.number,
                    table.headers[index["age_band"]],
                    _("Åldersgruppen ”%(value)s” finns inte. Använd till exempel 16-19 eller 80-.")
                    % {"value": value("age_band")},
                )
            )
        gender = GENDERS.get(value("gender").casefold())
        if gender is None:
            row_errors.append(
                RowError(row.number, table.headers[index["gender"]], _("Kön ska vara kvinnor eller män."))
            )
        area = None
        if value("area") and value("area").casefold() not in ("hela kommunen", "kommunen", "totalt"):
            area = areas.get(value("area").casefold())
            if area is None:
                row_errors.append(
                    RowError(
                        row.number,
                        table.headers[index["area"]],
                        unknown_name_message("area", value("area"), [a.name for a in areas.values()]),
                    )
                )
        if row_errors:
            errors += row_errors
            continue
        figures.append((int(year_text), area, band, gender, int(count_text)))  # type: ignore[arg-type]
    if errors:
        raise ValidationError(
            [
                _("%(where)s, kolumn %(column)s: %(message)s")
                % {"where": table.where(e.row).capitalize(), "column": e.column, "message": e.message}
                for e in errors[:100]
            ]
        )
    with transaction.atomic():
        for year, area, band, gender, count in figures:
            PopulationFigure.objects.update_or_create(
                organisation=organisation,
                area=area,
                year=year,
                age_band=band,
                gender=gender,
                defaults={"count": count},
            )
        audit_log(
            actor=by,
            action="population.import",
            target=organisation,
            organisation=organisation,
            changes={"rows": len(figures), "filename": filename},
        )
    return len(figures)
