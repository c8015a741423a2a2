"""The partnership's theme taxonomy, analysis runs per campaign, their stored codings, analysts' reviews,
trained models and candidate topics.

Themes belong to the partnership, not to one municipality: the kommun's and the police's analysts code the
same answers together, and a year-on-year comparison needs one taxonomy across the partnership's campaigns.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from lofte.core.models import Partnership
from lofte.dialogues.models import Campaign, Dialogue


class ThemeDefinitionQuerySet(models.QuerySet["ThemeDefinition"]):
    def active(self) -> ThemeDefinitionQuerySet:
        return self.filter(retired_at__isnull=True)


class ThemeDefinition(models.Model):
    """One theme of a partnership's taxonomy. Retired, never deleted: old runs still name it."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="themes")
    theme_id = models.SlugField(_("id"), max_length=60)
    label_sv = models.CharField(_("namn (svenska)"), max_length=120)
    label_en = models.CharField(_("namn (engelska)"), max_length=120, blank=True)
    description = models.TextField(_("beskrivning"), blank=True)
    # {word or phrase: weight}; the syntax is the text engine's (ord, ord*, *ord, =ord, phrases).
    terms = models.JSONField(_("ordlista"), default=dict, blank=True)
    residual = models.BooleanField(_("restkategori"), default=False)
    position = models.PositiveSmallIntegerField(default=0)
    retired_at = models.DateTimeField(_("pensionerat"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ThemeDefinitionQuerySet.as_manager()

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("tema")
        verbose_name_plural = _("teman")
        constraints = [
            models.UniqueConstraint(fields=["partnership", "theme_id"], name="theme_unique_id_per_partnership"),
        ]

    def __str__(self) -> str:
        return self.label_sv

    @property
    def is_retired(self) -> bool:
        return self.retired_at is not None


class TrainedModel(models.Model):
    """The statistical half of the coder, trained on the partnership's reviewed answers (JSON in the DB)."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="text_models")
    version = models.PositiveIntegerField(_("version"))
    data = models.TextField(_("modell (JSON)"))
    examples = models.PositiveIntegerField(_("antal exempel"))
    corrected = models.PositiveIntegerField(_("antal rättade"), default=0)
    engine_version = models.CharField(_("motorversion"), max_length=20)
    taxonomy_hash = models.CharField(max_length=64)
    duration_ms = models.PositiveIntegerField(default=0)
    trained_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    trained_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-version"]
        verbose_name = _("tränad modell")
        verbose_name_plural = _("tränade modeller")
        constraints = [
            models.UniqueConstraint(fields=["partnership", "version"], name="trained_model_unique_version"),
        ]

    def __str__(self) -> str:
        return f"{self.partnership} v{self.version}"


class AnalysisRun(models.Model):
    """One coding of all of a campaign's answers, with everything needed to say how it was made."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("I kö")
        RUNNING = "running", _("Pågår")
        DONE = "done", _("Klar")
        FAILED = "failed", _("Misslyckades")

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="analysis_runs")
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.QUEUED)
    engine_version = models.CharField(_("motorversion"), max_length=20, blank=True)
    taxonomy = models.JSONField(_("taxonomi"), default=dict, blank=True)
    taxonomy_hash = models.CharField(max_length=64, blank=True)
    model = models.ForeignKey(
        TrainedModel, verbose_name=_("modell"), on_delete=models.SET_NULL, null=True, blank=True, related_name="runs"
    )
    model_version = models.PositiveIntegerField(_("modellversion"), null=True, blank=True)
    data_hash = models.CharField(max_length=64, blank=True)
    dialogue_count = models.PositiveIntegerField(_("antal svar"), default=0)
    coded_count = models.PositiveIntegerField(_("antal med tema"), default=0)
    uncoded_count = models.PositiveIntegerField(_("antal utan tema"), default=0)
    carried_reviews = models.PositiveIntegerField(_("överförda granskningar"), default=0)
    # {theme id: [short redacted quotes]}
    quotes = models.JSONField(_("citat"), default=dict, blank=True)
    # The analysis page's counts (report.report_data): made when the run finishes and changed by each review,
    # so the page never reads the run's answers. Null for a run made before they were stored.
    report = models.JSONField(null=True, blank=True, editable=False)
    error = models.TextField(_("fel"), blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    queued_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    duration_ms = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["-queued_at", "-pk"]
        verbose_name = _("analyskörning")
        verbose_name_plural = _("analyskörningar")
        constraints = [
            # One run at a time per campaign: a double click or a second analyst gets the same run.
            models.UniqueConstraint(
                fields=["campaign"],
                condition=Q(status__in=["queued", "running"]),
                name="analysis_run_one_active_per_campaign",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.campaign} – {self.queued_at:%Y-%m-%d %H:%M}"

    @property
    def is_active(self) -> bool:
        return self.status in (self.Status.QUEUED, self.Status.RUNNING)


class DialogueCoding(models.Model):
    """What the engine said about one answer in one run, and the analysts' final themes for it.

    Stored so a page never recomputes: `themes` is the engine's word, `final_themes` what the analysis
    counts (the engine's, or the reviewer's once the answer is reviewed).
    """

    run = models.ForeignKey(AnalysisRun, on_delete=models.CASCADE, related_name="codings")
    dialogue = models.ForeignKey(Dialogue, on_delete=models.CASCADE, related_name="codings")
    themes = models.JSONField(default=list)
    theme_scores = models.JSONField(default=dict)
    triggers = models.JSONField(default=dict)
    places = models.JSONField(default=list)
    times = models.JSONField(default=list)
    uncertainty = models.FloatField(default=0.0)
    review_rank = models.PositiveIntegerField(default=0)
    final_themes = models.JSONField(default=list)
    # The final themes, times and places as words (report.coding_tags), for the answer list's filters.
    tags = models.TextField(blank=True, default="", editable=False)
    reviewed = models.BooleanField(default=False)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["reviewed", "review_rank"]
        verbose_name = _("kodning")
        verbose_name_plural = _("kodningar")
        constraints = [models.UniqueConstraint(fields=["run", "dialogue"], name="coding_unique_per_run")]
        indexes = [models.Index(fields=["run", "review_rank"], name="coding_review_queue_idx")]

    def __str__(self) -> str:
        return f"{self.run_id}/{self.dialogue_id}"


class CodingCorrection(models.Model):
    """An analyst's verdict on one answer: accepted as coded or corrected. Every one is training data."""

    class Kind(models.TextChoices):
        ACCEPTED = "accepted", _("Godkänd")
        CORRECTED = "corrected", _("Rättad")

    dialogue = models.ForeignKey(Dialogue, on_delete=models.CASCADE, related_name="coding_corrections")
    coding = models.ForeignKey(
        DialogueCoding, on_delete=models.SET_NULL, null=True, blank=True, related_name="corrections"
    )
    kind = models.CharField(_("typ"), max_length=20, choices=Kind.choices)
    engine_themes = models.JSONField(default=list)
    themes = models.JSONField(_("teman"), default=list)
    # The text the verdict was about: training reads it, and a changed answer does not inherit the verdict.
    text = models.TextField()
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("granskning")
        verbose_name_plural = _("granskningar")
        indexes = [models.Index(fields=["dialogue", "-at"], name="correction_latest_idx")]

    def __str__(self) -> str:
        return f"{self.dialogue_id}: {', '.join(self.themes)}"


class CandidateTopic(models.Model):
    """A cluster of answers that fit no theme, found in one run; an analyst may turn it into a theme."""

    run = models.ForeignKey(AnalysisRun, on_delete=models.CASCADE, related_name="topics")
    position = models.PositiveSmallIntegerField(default=0)
    label = models.CharField(max_length=200)
    words = models.JSONField(default=list)
    examples = models.JSONField(default=list)
    size = models.PositiveIntegerField(default=0)
    dialogue_ids = models.JSONField(default=list)
    promoted_to = models.ForeignKey(ThemeDefinition, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    class Meta:
        ordering = ["position"]
        verbose_name = _("ämneskandidat")
        verbose_name_plural = _("ämneskandidater")

    def __str__(self) -> str:
        return self.label


class PlaceCandidateQuerySet(models.QuerySet["PlaceCandidate"]):
    def open(self) -> PlaceCandidateQuerySet:
        return self.filter(status=PlaceCandidate.Status.NEW)


class PlaceCandidate(models.Model):
    """A place-like name a run found in the answers that the partnership's gazetteer lacks ("Hagadungen").

    An analyst adds it to the gazetteer (the next run then knows it as a place) or dismisses it; a dismissed
    name stays dismissed in the partnership's later runs.
    """

    class Status(models.TextChoices):
        NEW = "new", _("Ny")
        ADDED = "added", _("Tillagd")
        DISMISSED = "dismissed", _("Avfärdad")

    run = models.ForeignKey(AnalysisRun, on_delete=models.CASCADE, related_name="place_candidates")
    name = models.CharField(_("namn"), max_length=200)
    # The name casefolded: one row per name and run, and what a dismissal is remembered by.
    key = models.CharField(max_length=200)
    kind = models.CharField(_("typ"), max_length=40, blank=True)  # the engine's kind of place, if its name says one
    count = models.PositiveIntegerField(_("antal svar"), default=0)
    dialogue_ids = models.JSONField(default=list)
    examples = models.JSONField(default=list)  # a few short excerpts of the (redacted) answers
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.NEW)
    place = models.ForeignKey(
        "core.Place", verbose_name=_("plats"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    objects = PlaceCandidateQuerySet.as_manager()

    class Meta:
        ordering = ["-count", "name"]
        verbose_name = _("platskandidat")
        verbose_name_plural = _("platskandidater")
        constraints = [models.UniqueConstraint(fields=["run", "key"], name="place_candidate_unique_per_run")]

    def __str__(self) -> str:
        return self.name


class PublicationQuerySet(models.QuerySet["Publication"]):
    def published(self) -> PublicationQuerySet:
        return self.filter(published_at__isnull=False)


class Publication(models.Model):
    """A campaign's analysis as residents read it ("vad ni sagt"), behind a review-then-publish gate.

    An analyst reviews a snapshot of the latest run (figures, themes by area and time, the quotes they approved)
    into ``reviewed_content``; publishing copies it to ``content``, the only thing the public page reads, and
    only while ``published_at`` is set. Unpublishing clears it at once; the audit log keeps the history.
    """

    campaign = models.OneToOneField(Campaign, on_delete=models.CASCADE, related_name="publication")
    run = models.ForeignKey(AnalysisRun, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    reviewed_content = models.JSONField(default=dict, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(_("granskad"), null=True, blank=True)
    content = models.JSONField(default=dict, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    published_at = models.DateTimeField(_("publicerad"), null=True, blank=True, db_index=True)

    objects = PublicationQuerySet.as_manager()

    class Meta:
        verbose_name = _("publicerad analys")
        verbose_name_plural = _("publicerade analyser")

    def __str__(self) -> str:
        return str(self.campaign)

    @property
    def is_published(self) -> bool:
        return self.published_at is not None
