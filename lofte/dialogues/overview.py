"""Reads for a campaign's overview: counts per day, place and interviewer, and who answered compared with
the municipality's population by age band and gender.

The representativeness rule, stated on the page too: a group is clearly under-represented when its share of
the respondents is less than half its share of the population AND the gap is at least 5 percentage points
(2 points for a group of one age band and one gender, since each such group is small). The age table counts
everyone who gave an age, the gender table everyone who said woman or man, and the age-and-gender table only
those who gave both; the rest are counted separately. Without figures for the whole municipality in a year,
the sum of its areas' figures is used.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from django.db.models import CharField, Count, Func, Max
from django.utils import timezone
from django.utils.translation import gettext as _

from lofte.dialogues.models import AgeBand, Campaign, Dialogue, PopulationFigure

BANDS = [b for b in AgeBand if b != AgeBand.UNDISCLOSED]
GENDERS = [("woman", PopulationFigure.Sex.WOMAN.label), ("man", PopulationFigure.Sex.MAN.label)]
WARN_RATIO = 0.5
WARN_GAP = 5.0
WARN_GAP_SMALL_GROUP = 2.0
MIN_RESPONDENTS = 30


@dataclass
class Count_:
    label: str
    count: int
    percent: float


@dataclass
class GroupRow:
    label: str
    respondents: int
    sample_share: float
    population_share: float
    under_represented: bool

    @property
    def gap(self) -> float:
        return round(self.population_share - self.sample_share, 1)


@dataclass
class Representation:
    year: int | None
    age: list[GroupRow]
    gender: list[GroupRow]
    combined: list[GroupRow]
    known: int
    unknown: int
    assessable: int = 0
    with_age: int = 0
    with_gender: int = 0
    from_areas: bool = False

    @property
    def too_few(self) -> bool:
        """Under MIN_RESPONDENTS no group is judged, so "no group is under-represented" would say too much."""
        return self.assessable < MIN_RESPONDENTS

    @property
    def warnings(self) -> list[GroupRow]:
        return [row for row in [*self.age, *self.gender, *self.combined] if row.under_represented]


def _with_percent(pairs: list[tuple[str, int]]) -> list[Count_]:
    total = sum(n for _label, n in pairs) or 1
    return [Count_(label, n, round(100 * n / total, 1)) for label, n in pairs]


class UTCHour(Func):
    """A stored datetime's UTC hour as text, "2020-05-01 21", computed by the database itself.

    Django's TruncDate with a time zone is a Python function called once per row on SQLite (110 ms for 20,600
    dialogues); a substring of the stored UTC text is not. Grouping by UTC hour and moving each hour to its
    local day in Python is exact for a time zone whose offsets are whole hours, as Europe/Stockholm's are."""

    output_field = CharField()
    template = "to_char(%(expressions)s AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24')"

    def as_sqlite(self, compiler, connection, **extra_context):  # type: ignore[no-untyped-def]
        # SQLite keeps a datetime as UTC text, "YYYY-MM-DD HH:MM:SS[.ffffff]".
        return self.as_sql(compiler, connection, template="substr(%(expressions)s, 1, 13)", **extra_context)


def counts_per_day(campaign: Campaign) -> list[Count_]:
    """Dialogues per day as the municipality's clock has it (Europe/Stockholm)."""
    rows = campaign.dialogues.annotate(hour=UTCHour("conducted_at")).values("hour").annotate(n=Count("pk"))
    days: Counter[dt.date] = Counter()
    for row in rows:
        utc = dt.datetime.strptime(row["hour"].replace("T", " "), "%Y-%m-%d %H").replace(tzinfo=dt.UTC)
        days[timezone.localtime(utc).date()] += row["n"]
    return _with_percent([(day.isoformat(), n) for day, n in sorted(days.items())])


def counts_per_place(campaign: Campaign) -> list[Count_]:
    rows = campaign.dialogues.values("place__name").annotate(n=Count("pk")).order_by("-n", "place__name")
    return _with_percent([(row["place__name"] or _("Ingen plats angiven"), row["n"]) for row in rows])


def counts_per_interviewer(campaign: Campaign) -> list[Count_]:
    rows = campaign.dialogues.values(
        "recorded_by__first_name", "recorded_by__last_name", "recorded_by__username", "recorded_by_id", "channel"
    ).annotate(n=Count("pk"))
    totals: Counter[str] = Counter()
    for row in rows:
        if row["recorded_by_id"]:
            name = f"{row['recorded_by__first_name']} {row['recorded_by__last_name']}".strip()
            label = name or row["recorded_by__username"]
        elif row["channel"] == Dialogue.Channel.WEB:
            label = _("Webbenkät (ingen intervjuare)")
        elif row["channel"] == Dialogue.Channel.IMPORT:
            label = _("Importerad utan känd intervjuare")
        else:
            label = _("Okänd intervjuare")
        totals[label] += row["n"]
    return _with_percent(sorted(totals.items(), key=lambda item: (-item[1], item[0])))


def population_year(campaign: Campaign) -> int | None:
    """The latest year up to the campaign's with population figures (whole municipality or areas), else the
    earliest later one."""
    figures = PopulationFigure.objects.filter(organisation_id=campaign.partnership.municipality_id)
    year = figures.filter(year__lte=campaign.year).aggregate(y=Max("year"))["y"]
    if year is None:
        year = figures.aggregate(y=Max("year"))["y"]
    return year


def population_figures(campaign: Campaign, year: int) -> tuple[Counter[tuple[str, str]], bool]:
    """The municipality's population by (age band, gender) in ``year``, and whether it is the sum of the
    areas' figures: those are used when no figures for the whole municipality were entered that year."""
    figures = PopulationFigure.objects.filter(organisation_id=campaign.partnership.municipality_id, year=year)
    whole = figures.filter(area=None)
    from_areas = not whole.exists()
    population: Counter[tuple[str, str]] = Counter()
    for figure in figures.exclude(area=None) if from_areas else whole:
        population[(figure.age_band, figure.gender)] += figure.count
    return population, from_areas


def representation(campaign: Campaign) -> Representation:
    """Respondents by age band and gender against the municipality's population in the nearest earlier year."""
    year = population_year(campaign)
    population: Counter[tuple[str, str]] = Counter()
    from_areas = False
    if year is not None:
        population, from_areas = population_figures(campaign, year)
    sample: Counter[tuple[str, str]] = Counter()
    for counted in campaign.dialogues.values("age_band", "gender").annotate(n=Count("pk")):
        sample[(counted["age_band"], counted["gender"])] += counted["n"]
    band_codes = [b.value for b in BANDS]
    gender_codes = [g for g, _label in GENDERS]

    def total(counter: Counter[tuple[str, str]], *, bands=band_codes, genders=gender_codes) -> int:  # type: ignore[no-untyped-def]
        return sum(n for (b, g), n in counter.items() if b in bands and g in genders)

    def row(
        label: str, bands: list[str], genders: list[str], base_bands: list[str], base_genders: list[str], gap: float
    ) -> GroupRow:
        s_all = total(sample, bands=base_bands, genders=base_genders)
        p_all = total(population, bands=base_bands, genders=base_genders)
        s = total(sample, bands=bands, genders=genders)
        p = total(population, bands=bands, genders=genders)
        s_share = round(100 * s / s_all, 1) if s_all else 0.0
        p_share = round(100 * p / p_all, 1) if p_all else 0.0
        under = bool(p_all and s_all >= MIN_RESPONDENTS and s_share < WARN_RATIO * p_share and p_share - s_share >= gap)
        return GroupRow(label, s, s_share, p_share, under)

    any_gender = [*gender_codes, "other", "undisclosed", ""]
    any_band = [*band_codes, "undisclosed", ""]
    age = [row(str(band.label), [band.value], any_gender, band_codes, any_gender, WARN_GAP) for band in BANDS]
    gender = [row(str(label), any_band, [code], any_band, gender_codes, WARN_GAP) for code, label in GENDERS]
    combined = [
        row(f"{label} {band.label}", [band.value], [code], band_codes, gender_codes, WARN_GAP_SMALL_GROUP)
        for band in BANDS
        for code, label in GENDERS
    ]
    known = total(sample)
    everyone = sum(sample.values())
    # The rule needs MIN_RESPONDENTS who gave their age (or their gender) before any group is judged.
    assessable = max(total(sample, genders=any_gender), total(sample, bands=any_band))
    return Representation(
        year=year,
        age=age,
        gender=gender,
        combined=combined,
        known=known,
        unknown=everyone - known,
        assessable=assessable,
        with_age=total(sample, genders=any_gender),
        with_gender=total(sample, bands=any_band),
        from_areas=from_areas,
    )
