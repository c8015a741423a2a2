"""The lägesbild's sources and its report.

Police events are stored once per installation (the police's public list is national); every other source
belongs to a partnership. Each source row carries what the picture needs: a theme (or something that maps to
one), a time, and a place as precise as the data really is: a kommun, an area, or a point.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from lofte.core.models import Area, Organisation, Partnership


class PoliceEvent(models.Model):
    """One event of the police's public events list, as last seen. Edits in place keep the earlier version.

    The feed's point is the kommun's (or county's) midpoint, never the incident's: nothing may present an
    event as placed more precisely than its kommun.
    """

    police_id = models.BigIntegerField(_("polisens id"), unique=True)
    published_at = models.DateTimeField(_("publicerad"), db_index=True)
    occurred_at = models.DateTimeField(_("inträffade"), null=True, blank=True)
    name = models.CharField(_("rubrik"), max_length=300)
    kind = models.CharField(_("händelsetyp"), max_length=120, db_index=True)
    kommun = models.CharField(_("kommun"), max_length=80, null=True, blank=True)
    kommunkod = models.CharField(_("kommunkod"), max_length=4, null=True, blank=True, db_index=True)
    county = models.CharField(_("län"), max_length=80, blank=True)
    location_name = models.CharField(_("platsnamn i flödet"), max_length=120, blank=True)
    summary = models.TextField(_("sammanfattning"), blank=True)
    url = models.URLField(_("adress"), max_length=500, blank=True)
    lat = models.FloatField(_("latitud"), null=True, blank=True)
    lng = models.FloatField(_("longitud"), null=True, blank=True)
    # A hash of the fields above: an identical capture of the same event is recognised without comparing them.
    content_hash = models.CharField(max_length=64)
    first_seen_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-published_at", "-police_id"]
        verbose_name = _("polishändelse")
        verbose_name_plural = _("polishändelser")
        indexes = [models.Index(fields=["kommunkod", "published_at"], name="police_event_kommun_time_idx")]

    def __str__(self) -> str:
        return self.name


class PoliceEventVersion(models.Model):
    """An earlier version of an event the police edited in place."""

    event = models.ForeignKey(PoliceEvent, on_delete=models.CASCADE, related_name="versions")
    data = models.JSONField()
    replaced_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-replaced_at", "-pk"]
        verbose_name = _("tidigare version av polishändelse")
        verbose_name_plural = _("tidigare versioner av polishändelser")

    def __str__(self) -> str:
        return f"{self.event_id} ({self.replaced_at:%Y-%m-%d %H:%M})"


class PoliceEventImport(models.Model):
    """One import of captures of the events list (upload, command or scheduled fetch): what it did, and for a
    large upload the file and status while the task worker imports it."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Väntar på import")
        RUNNING = "running", _("Importeras")
        DONE = "done", _("Importerad")
        FAILED = "failed", _("Misslyckades")

    class Via(models.TextChoices):
        UPLOAD = "upload", _("Uppladdning")
        COMMAND = "command", _("Kommando")
        FETCH = "fetch", _("Schemalagd hämtning")

    filename = models.CharField(_("filnamn"), max_length=255)
    sha256 = models.CharField(max_length=64)
    via = models.CharField(_("väg in"), max_length=10, choices=Via.choices, default=Via.UPLOAD)
    # Kept only while queued: deleted once the worker has imported it.
    file = models.FileField(upload_to="police_events/uploads/", blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DONE)
    error = models.TextField(_("fel"), blank=True)
    events_new = models.PositiveIntegerField(default=0)
    events_updated = models.PositiveIntegerField(default=0)
    events_unchanged = models.PositiveIntegerField(default=0)
    events_rejected = models.PositiveIntegerField(default=0)
    # [{"position": 3, "police_id": 123, "reason": "...", "filename": "..."}]; the first MAX_STORED_REJECTIONS.
    rejections = models.JSONField(default=list, blank=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("import av polishändelser")
        verbose_name_plural = _("importer av polishändelser")

    def __str__(self) -> str:
        return self.filename


class SourceImport(models.Model):
    """One uploaded or command-line file of a partnership source: what came in and what it did, and for a large
    upload the file and status while the task worker imports it."""

    class Kind(models.TextChoices):
        INCIDENTS = "incidents", _("Geokodade händelser")
        CRIME = "crime", _("Anmälda brott")
        SURVEY = "survey", _("Trygghetsmätning")

    class Status(models.TextChoices):
        QUEUED = "queued", _("Väntar på inläsning")
        RUNNING = "running", _("Läses in")
        DONE = "done", _("Inläst")
        FAILED = "failed", _("Avvisad")

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="source_imports")
    kind = models.CharField(_("källa"), max_length=20, choices=Kind.choices)
    filename = models.CharField(_("filnamn"), max_length=255)
    sha256 = models.CharField(max_length=64)
    rows_new = models.PositiveIntegerField(default=0)
    rows_updated = models.PositiveIntegerField(default=0)
    rows_unchanged = models.PositiveIntegerField(default=0)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DONE)
    # Kept only while queued: deleted once the worker has read it.
    file = models.FileField(upload_to="sources/uploads/", blank=True)
    # Every row error of a rejected queued file (a rejected file stores no rows).
    errors = models.JSONField(default=list, blank=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    imported_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-imported_at", "-pk"]
        verbose_name = _("källimport")
        verbose_name_plural = _("källimporter")

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.filename}"


class CategoryTheme(models.Model):
    """A partnership's own theme for a source category the shipped mapping lacks or maps differently."""

    class Source(models.TextChoices):
        INCIDENTS = "incidents", _("Geokodade händelser")
        CRIME = "crime", _("Anmälda brott")
        CASES = "cases", _("Felanmälningar och synpunkter")

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="category_themes")
    source = models.CharField(_("källa"), max_length=20, choices=Source.choices)
    # The category as lofte.situation.themes.category_key() normalises it (trimmed, single spaces, casefolded).
    category = models.CharField(_("kategori"), max_length=200)
    theme = models.CharField(_("tema"), max_length=60, blank=True)

    class Meta:
        ordering = ["source", "category"]
        verbose_name = _("tema för kategori")
        verbose_name_plural = _("teman för kategorier")
        constraints = [
            models.UniqueConstraint(fields=["partnership", "source", "category"], name="category_theme_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.category} → {self.theme or '–'}"


class Incident(models.Model):
    """Incidents from the police's own systems, geocoded to a point or an area, counted per row."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="incidents")
    source_import = models.ForeignKey(SourceImport, on_delete=models.SET_NULL, null=True, related_name="incidents")
    occurred_at = models.DateTimeField(_("tidpunkt"), db_index=True)
    category = models.CharField(_("kategori"), max_length=120)
    theme = models.CharField(_("tema"), max_length=60, blank=True, db_index=True)
    area = models.ForeignKey(Area, on_delete=models.SET_NULL, null=True, blank=True, related_name="incidents")
    lat = models.FloatField(_("latitud"), null=True, blank=True)
    lng = models.FloatField(_("longitud"), null=True, blank=True)
    count = models.PositiveIntegerField(_("antal"), default=1)
    # Identifies the row across re-imports of the same or an overlapping file.
    row_key = models.CharField(max_length=64)

    class Meta:
        ordering = ["-occurred_at", "-pk"]
        verbose_name = _("geokodad händelse")
        verbose_name_plural = _("geokodade händelser")
        constraints = [
            models.UniqueConstraint(fields=["partnership", "row_key"], name="incident_unique_row"),
        ]
        indexes = [models.Index(fields=["partnership", "occurred_at"], name="incident_partnership_time_idx")]

    def __str__(self) -> str:
        return f"{self.category} {self.occurred_at:%Y-%m-%d %H:%M}"


class CrimeStatistic(models.Model):
    """Reported crime per kommun, year and category, as Brå publishes it."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="crime_statistics")
    source_import = models.ForeignKey(SourceImport, on_delete=models.SET_NULL, null=True, related_name="+")
    kommunkod = models.CharField(_("kommunkod"), max_length=4)
    year = models.PositiveSmallIntegerField(_("år"))
    category = models.CharField(_("brottskategori"), max_length=200)
    theme = models.CharField(_("tema"), max_length=60, blank=True)
    count = models.PositiveIntegerField(_("antal"))
    per_100k = models.FloatField(_("per 100 000 invånare"), null=True, blank=True)

    class Meta:
        ordering = ["year", "category"]
        verbose_name = _("anmäld brottslighet")
        verbose_name_plural = _("anmäld brottslighet")
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "kommunkod", "year", "category"], name="crime_statistic_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kommunkod} {self.year} {self.category}"


class SurveyItem(models.Model):
    """One problem item of the partnership's trygghetsmätning, with its scale and weights (configurable)."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="survey_items")
    code = models.SlugField(_("kod"), max_length=60)
    label = models.CharField(_("påstående"), max_length=300)
    theme = models.CharField(_("tema"), max_length=60, blank=True)
    # [{"code": "mycket_stort", "label": "Mycket stort problem", "weight": 6}, ...]; weight null = not counted.
    scale = models.JSONField(_("svarsskala"), default=list)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("enkätpåstående")
        verbose_name_plural = _("enkätpåståenden")
        constraints = [models.UniqueConstraint(fields=["partnership", "code"], name="survey_item_unique_code")]

    def __str__(self) -> str:
        return self.label


class SurveyResult(models.Model):
    """Raw answer counts for one item, year and area (area null: the whole kommun)."""

    item = models.ForeignKey(SurveyItem, on_delete=models.CASCADE, related_name="results")
    source_import = models.ForeignKey(SourceImport, on_delete=models.SET_NULL, null=True, related_name="+")
    year = models.PositiveSmallIntegerField(_("år"))
    area = models.ForeignKey(Area, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    counts = models.JSONField(_("antal svar per svarsalternativ"), default=dict)

    class Meta:
        ordering = ["year", "item"]
        verbose_name = _("enkätresultat")
        verbose_name_plural = _("enkätresultat")
        constraints = [
            models.UniqueConstraint(fields=["item", "year", "area"], name="survey_result_unique"),
            models.UniqueConstraint(
                fields=["item", "year"], condition=Q(area__isnull=True), name="survey_result_unique_kommun"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.item} {self.year}"


class SafetyWalk(models.Model):
    """A trygghetsvandring: residents, staff and police walk an area and note what makes it feel unsafe."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="safety_walks")
    walked_on = models.DateField(_("datum"))
    area = models.ForeignKey(Area, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    title = models.CharField(_("rubrik"), max_length=200)
    participants = models.TextField(_("deltagare"), blank=True, help_text=_("Organisationer och antal, inga namn."))
    participant_count = models.PositiveSmallIntegerField(_("antal deltagare"), default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-walked_on", "-pk"]
        verbose_name = _("trygghetsvandring")
        verbose_name_plural = _("trygghetsvandringar")

    def __str__(self) -> str:
        return self.title


class WalkObservation(models.Model):
    """One thing noted on a walk, placed on the map."""

    walk = models.ForeignKey(SafetyWalk, on_delete=models.CASCADE, related_name="observations")
    theme = models.CharField(_("tema"), max_length=60)
    note = models.TextField(_("anteckning"))
    lat = models.FloatField(_("latitud"), null=True, blank=True)
    lng = models.FloatField(_("longitud"), null=True, blank=True)
    photo = models.ImageField(_("foto"), upload_to="walks/%Y/", blank=True)
    # The phone's key: a retried send stores the observation once.
    idempotency_key = models.UUIDField(null=True, blank=True, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("iakttagelse")
        verbose_name_plural = _("iakttagelser")

    def __str__(self) -> str:
        return self.note[:60]


class Report(models.Model):
    """The lägesbild of one partnership and year: internal until every party has agreed, then publishable."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="situation_reports")
    year = models.PositiveSmallIntegerField(_("år"))
    # The computed dataset (see docs/lagesbild.md): the page, the PDF and the JSON all read this one copy.
    dataset = models.JSONField(_("dataunderlag"), default=dict)
    dataset_computed_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(_("publicerad"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-year"]
        verbose_name = _("lägesbild")
        verbose_name_plural = _("lägesbilder")
        constraints = [models.UniqueConstraint(fields=["partnership", "year"], name="report_unique_year")]

    def __str__(self) -> str:
        return f"{self.partnership} {self.year}"


class ReportVersion(models.Model):
    """One saved version of the report's text. The newest is the current one; none is ever changed."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    # [{"key": "dialogues", "heading": "...", "text": "...", "refs": ["theme:belysning", ...]}, ...]
    sections = models.JSONField(_("avsnitt"), default=list)
    drafted = models.BooleanField(_("utkast från Löfte"), default=False)
    # The `computed_at` of the dataset the version was saved against: an agreement covers the text and these
    # numbers, so a recomputed dataset is not public until a version saved against it is agreed.
    dataset_computed_at = models.CharField(max_length=40, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-number"]
        verbose_name = _("version av lägesbild")
        verbose_name_plural = _("versioner av lägesbild")
        constraints = [models.UniqueConstraint(fields=["report", "number"], name="report_version_unique_number")]

    def __str__(self) -> str:
        return f"{self.report} v{self.number}"


class ReportAgreement(models.Model):
    """A party's agreement to one version. A new version needs every party's agreement again."""

    version = models.ForeignKey(ReportVersion, on_delete=models.CASCADE, related_name="agreements")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    agreed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    agreed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["agreed_at"]
        verbose_name = _("överenskommelse")
        verbose_name_plural = _("överenskommelser")
        constraints = [
            models.UniqueConstraint(fields=["version", "organisation"], name="report_agreement_once_per_party"),
        ]

    def __str__(self) -> str:
        return f"{self.version} – {self.organisation}"
