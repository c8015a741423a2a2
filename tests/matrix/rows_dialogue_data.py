"""Import wizard, exports, campaign overview and population figures."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

from lofte.dialogues.models import Campaign, ImportBatch, PopulationFigure
from tests.matrix.base import OUTSIDER, PARTNERSHIP_ANALYSTS, PARTNERSHIP_MEMBERS, Row

HIDDEN = frozenset({OUTSIDER})


def build(world: SimpleNamespace) -> None:
    """The batch has no stored file (the matrix must not write to MEDIA_ROOT): its column step sends the user
    back to the upload step, which is a redirect for those allowed."""
    w = world
    w.data_campaign = Campaign.objects.create(
        partnership=w.partnership,
        year=2020,
        name="Matrisomgång",
        slug="matris-data",
        starts_on=dt.date(2020, 9, 1),
        ends_on=dt.date(2020, 10, 31),
    )
    w.data_campaign.questions.create(key="why_unsafe", kind="text", text_sv="Varför känner du dig otrygg där?")
    w.import_batch = ImportBatch.objects.create(
        campaign=w.data_campaign,
        filename="matris.csv",
        sha256="0" * 64,
        headers=["Ålder", "Varför känner du dig otrygg där?"],
        mapping={"Ålder": "age_band", "Varför känner du dig otrygg där?": "q:why_unsafe"},
        status=ImportBatch.Status.VALIDATED,
        total_rows=1,
        valid_rows=1,
    )
    w.population_figure = PopulationFigure.objects.create(
        organisation=w.sjostad, year=2020, age_band="16-19", gender="woman", count=850
    )


ROWS = [
    Row(
        "dialogues:import_upload", lambda w: {"slug": w.data_campaign.slug}, allowed=PARTNERSHIP_ANALYSTS, hidden=HIDDEN
    ),
    Row(
        "dialogues:import_upload",
        lambda w: {"slug": w.data_campaign.slug},
        method="post",
        allowed=PARTNERSHIP_ANALYSTS,
        hidden=HIDDEN,
        ok=(302, 400),
    ),
    Row(
        "dialogues:import_map",
        lambda w: {"pk": w.import_batch.pk},
        allowed=PARTNERSHIP_ANALYSTS,
        hidden=HIDDEN,
        ok=302,  # the batch in the world is past mapping: on to its review
    ),
    Row("dialogues:import_review", lambda w: {"pk": w.import_batch.pk}, allowed=PARTNERSHIP_ANALYSTS, hidden=HIDDEN),
    Row("dialogues:import_status", lambda w: {"pk": w.import_batch.pk}, allowed=PARTNERSHIP_ANALYSTS, hidden=HIDDEN),
    Row(
        "dialogues:import_undo",
        lambda w: {"pk": w.import_batch.pk},
        method="post",
        allowed=PARTNERSHIP_ANALYSTS,
        hidden=HIDDEN,
        ok=302,  # the batch in the world was never imported: refused with a message, back to its status
    ),
    Row(
        "dialogues:campaign_overview",
        lambda w: {"slug": w.data_campaign.slug},
        allowed=PARTNERSHIP_MEMBERS,
        hidden=HIDDEN,
    ),
    Row(
        "dialogues:dialogue_export",
        lambda w: {"slug": w.partnership.slug, "fmt": "csv"},
        allowed=PARTNERSHIP_MEMBERS,
        hidden=HIDDEN,
        ok=200,
    ),
    Row(
        "dialogues:dialogue_export",
        lambda w: {"slug": w.partnership.slug, "fmt": "xlsx"},
        allowed=PARTNERSHIP_MEMBERS,
        hidden=HIDDEN,
        ok=200,
        query="campaign=matris-data",
    ),
    Row("dialogues:population", lambda w: {"slug": w.partnership.slug}, allowed=PARTNERSHIP_MEMBERS, hidden=HIDDEN),
    Row(
        "dialogues:population",
        lambda w: {"slug": w.partnership.slug},
        method="post",
        data=lambda w: {"year": 2021, "age_band": "20-29", "gender": "man", "count": 2300},
        allowed=PARTNERSHIP_ANALYSTS,
        hidden=HIDDEN,
        ok=302,
    ),
    Row(
        "dialogues:population_import",
        lambda w: {"slug": w.partnership.slug},
        method="post",
        allowed=PARTNERSHIP_ANALYSTS,
        hidden=HIDDEN,
        ok=400,
    ),
    Row(
        "dialogues:population_delete",
        lambda w: {"pk": w.population_figure.pk},
        method="post",
        allowed=PARTNERSHIP_ANALYSTS,
        hidden=HIDDEN,
        ok=302,
    ),
]
