"""Medborgarlöften: a partnership's promise for a period, its focus areas, commitments and logged activities.

A promise is versioned: a published version is never changed, a change is a new draft version (``previous``
points back) that every party approves again. Commitments keep a ``lineage`` across versions, so activities
logged against any version count toward the same commitment.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from lofte.core.models import Area, Organisation, Partnership, Place


class PromiseQuerySet(models.QuerySet["Promise"]):
    def published(self) -> PromiseQuerySet:
        """What the public may see: published versions, also once evaluated. Drafts and agreed versions never."""
        return self.filter(status__in=[Promise.Status.PUBLISHED, Promise.Status.EVALUATED], published_at__isnull=False)


class Promise(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Utkast")
        AGREED = "agreed", _("Godkänt av alla parter")
        PUBLISHED = "published", _("Publicerat")
        EVALUATED = "evaluated", _("Utvärderat")

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="promises")
    start_year = models.PositiveSmallIntegerField(_("från år"))
    end_year = models.PositiveSmallIntegerField(_("till och med år"))
    version = models.PositiveIntegerField(_("version"), default=1)
    previous = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="next_version"
    )
    title_sv = models.CharField(_("rubrik"), max_length=200)
    title_en = models.CharField(_("rubrik på engelska"), max_length=200, blank=True)
    intro_sv = models.TextField(_("inledning"), blank=True)
    intro_en = models.TextField(_("inledning på engelska"), blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    published_at = models.DateTimeField(_("publicerat"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # Owners of a commitment with no activity for this many weeks get an e-mail reminder (0: none).
    reminder_weeks = models.PositiveSmallIntegerField(
        _("påminnelse efter veckor utan aktivitet"),
        default=4,
        help_text=_("Ansvariga för ett åtagande utan loggad aktivitet så här länge får en påminnelse. 0 stänger av."),
    )

    objects = PromiseQuerySet.as_manager()

    class Meta:
        ordering = ["-start_year", "-version"]
        verbose_name = _("medborgarlöfte")
        verbose_name_plural = _("medborgarlöften")
        constraints = [
            models.UniqueConstraint(fields=["partnership", "start_year", "version"], name="promise_unique_version"),
            models.CheckConstraint(condition=Q(end_year__gte=models.F("start_year")), name="promise_period_order"),
        ]

    def __str__(self) -> str:
        return f"{self.partnership} {self.period} v{self.version}"

    def get_absolute_url(self) -> str:
        return reverse("promises:promise", args=[self.partnership.slug, self.pk])

    @property
    def period(self) -> str:
        return str(self.start_year) if self.end_year == self.start_year else f"{self.start_year}–{self.end_year}"

    @property
    def is_editable(self) -> bool:
        return self.status in (self.Status.DRAFT, self.Status.AGREED)

    @property
    def is_public(self) -> bool:
        return self.status in (self.Status.PUBLISHED, self.Status.EVALUATED) and self.published_at is not None

    def public_url(self) -> str:
        return reverse("promises_public:promise", args=[self.partnership.slug, self.start_year])


class PromiseApproval(models.Model):
    """A party's approval of one version, signed by a member of that party. A new version needs all again."""

    promise = models.ForeignKey(Promise, on_delete=models.CASCADE, related_name="approvals")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    # The signatory as the public page names them, kept as they were when signing (titles change, people leave).
    signatory_name = models.CharField(_("namn"), max_length=200)
    signatory_title = models.CharField(_("titel"), max_length=120, blank=True)
    approved_at = models.DateTimeField(_("godkänt"), auto_now_add=True)

    class Meta:
        ordering = ["approved_at"]
        verbose_name = _("godkännande")
        verbose_name_plural = _("godkännanden")
        constraints = [
            models.UniqueConstraint(fields=["promise", "organisation"], name="promise_approval_once_per_party"),
        ]

    def __str__(self) -> str:
        return f"{self.promise} – {self.organisation}"


class FocusArea(models.Model):
    promise = models.ForeignKey(Promise, on_delete=models.CASCADE, related_name="focus_areas")
    theme = models.CharField(_("tema"), max_length=40)
    areas = models.ManyToManyField(Area, verbose_name=_("områden"), blank=True, related_name="+")
    times = models.JSONField(_("tider"), default=list, blank=True)  # ["kväll", "natt"], the lägesbild's periods
    title_sv = models.CharField(_("rubrik"), max_length=200)
    title_en = models.CharField(_("rubrik på engelska"), max_length=200, blank=True)
    why_sv = models.TextField(_("varför"), blank=True)
    why_en = models.TextField(_("varför på engelska"), blank=True)
    # The lägesbild candidate it was chosen from, as it was then: {"report_year", "rank", "score", "numbers",
    # "quotes": [{"text", "ref"}]}. Kept as a copy: a recomputed lägesbild must not change a signed promise.
    evidence = models.JSONField(_("underlag"), default=dict, blank=True)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("fokusområde")
        verbose_name_plural = _("fokusområden")

    def __str__(self) -> str:
        return self.title_sv


class Commitment(models.Model):
    class Owner(models.TextChoices):
        POLICE = "police", _("Polisen")
        MUNICIPALITY = "municipality", _("Kommunen")
        BOTH = "both", _("Polisen och kommunen")
        PARTNER = "partner", _("Annan part")

    class TargetKind(models.TextChoices):
        COUNT = "count", _("Antal")
        YES_NO = "yes_no", _("Genomfört senast ett datum")
        SURVEY = "survey", _("Mått i trygghetsmätningen")

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planerat")
        ONGOING = "ongoing", _("Pågår")
        DONE = "done", _("Genomfört")
        CANCELLED = "cancelled", _("Avbrutet")

    focus_area = models.ForeignKey(FocusArea, on_delete=models.CASCADE, related_name="commitments")
    parent = models.ForeignKey("self", on_delete=models.CASCADE, null=True, blank=True, related_name="children")
    # The same commitment in every version of the promise: activities are counted by lineage.
    lineage = models.UUIDField(default=uuid.uuid4, editable=False)
    what_sv = models.TextField(_("vad görs"))
    what_en = models.TextField(_("vad görs, på engelska"), blank=True)
    owner = models.CharField(_("ansvarig"), max_length=20, choices=Owner.choices)
    partner_name = models.CharField(
        _("annan part"), max_length=200, blank=True, help_text=_("Till exempel fältsekreterarna eller skolorna.")
    )
    areas = models.ManyToManyField(Area, verbose_name=_("områden"), blank=True, related_name="+")
    places = models.ManyToManyField(Place, verbose_name=_("platser"), blank=True, related_name="+")
    starts_on = models.DateField(_("start"))
    ends_on = models.DateField(_("slut"))
    target_kind = models.CharField(_("typ av mål"), max_length=20, choices=TargetKind.choices)
    # count: how many; survey: the index to reach (0–6, lower is better). Unused for yes/no.
    target_value = models.FloatField(_("målvärde"), null=True, blank=True)
    survey_item = models.CharField(_("mått"), max_length=60, blank=True)
    baseline_value = models.FloatField(_("utgångsvärde"), null=True, blank=True)
    measured_value = models.FloatField(_("senast uppmätt"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PLANNED)
    # The person who answers for the commitment day to day (gets the reminders); without one, the editors of
    # the owning party do.
    contact = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("kontaktperson"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    position = models.PositiveIntegerField(default=0)
    # Counts the saved edits: an edit form carries the number it was opened at, so a save from a page opened
    # before someone else's save is refused instead of silently undoing theirs (services.commitment_update).
    revision = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("åtagande")
        verbose_name_plural = _("åtaganden")
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__gte=models.F("starts_on")), name="commitment_dates_order"),
            models.UniqueConstraint(fields=["focus_area", "lineage"], name="commitment_lineage_once_per_focus_area"),
        ]

    def __str__(self) -> str:
        return self.what_sv[:80]

    @property
    def owner_label(self) -> str:
        if self.owner == self.Owner.PARTNER and self.partner_name:
            return self.partner_name
        return str(self.get_owner_display())


class ActivityQuerySet(models.QuerySet["Activity"]):
    def done(self) -> ActivityQuerySet:
        return self.filter(planned=False)

    def planned(self) -> ActivityQuerySet:
        return self.filter(planned=True)


class Activity(models.Model):
    """One thing done (or planned) toward a commitment: a visit, a traffic check, a lamp fixed."""

    commitment = models.ForeignKey(Commitment, on_delete=models.PROTECT, related_name="activities")
    occurred_on = models.DateField(_("datum"))
    what = models.CharField(_("vad"), max_length=300)
    where = models.CharField(_("var"), max_length=200, blank=True)
    count = models.PositiveIntegerField(_("antal"), default=1)
    note = models.TextField(_("anteckning"), blank=True)
    planned = models.BooleanField(_("planerad"), default=False)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    # Phones retry a send whose answer was lost: the same key stores once (a constraint decides, not Python).
    idempotency_key = models.UUIDField()
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ActivityQuerySet.as_manager()

    class Meta:
        ordering = ["-occurred_on", "-pk"]
        verbose_name = _("aktivitet")
        verbose_name_plural = _("aktiviteter")
        constraints = [
            models.UniqueConstraint(fields=["commitment", "idempotency_key"], name="activity_unique_key"),
        ]

    def __str__(self) -> str:
        return f"{self.occurred_on} {self.what}"


class CommitmentReminder(models.Model):
    """One e-mail reminder about a quiet commitment. The unique period makes a second run send nothing."""

    lineage = models.UUIDField()
    # The first day of the reminder period (a block of the promise's reminder weeks from the commitment's start).
    period_start = models.DateField()
    commitment = models.ForeignKey(Commitment, on_delete=models.CASCADE, related_name="reminders")
    recipients = models.JSONField(default=list)
    sent_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-period_start"]
        verbose_name = _("påminnelse")
        verbose_name_plural = _("påminnelser")
        constraints = [
            models.UniqueConstraint(fields=["lineage", "period_start"], name="commitment_reminder_once_per_period"),
        ]

    def __str__(self) -> str:
        return f"{self.commitment} {self.period_start}"


class Evaluation(models.Model):
    """The yearly evaluation of a published promise ("utlovat – utfall"): its text and figures in versions that
    every party agrees to, like the lägesbild's report; published, it makes the promise evaluated."""

    promise = models.OneToOneField(Promise, on_delete=models.CASCADE, related_name="evaluation")
    published_at = models.DateTimeField(_("publicerad"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("utvärdering")
        verbose_name_plural = _("utvärderingar")

    def __str__(self) -> str:
        return f"{self.promise}"


class EvaluationVersion(models.Model):
    """One saved version of the evaluation: the figures it was drafted from and its text. Never changed."""

    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    # promises.evaluation.compute's result as it was when this version was drafted: an agreement covers the text
    # and these very figures, so activities logged afterwards never change what the parties agreed to.
    figures = models.JSONField(_("siffror"), default=dict)
    # [{"key": "sammanfattning", "heading": "...", "text": "..."}, ...]
    sections = models.JSONField(_("avsnitt"), default=list)
    drafted = models.BooleanField(_("utkast från Löfte"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-number"]
        verbose_name = _("version av utvärdering")
        verbose_name_plural = _("versioner av utvärdering")
        constraints = [
            models.UniqueConstraint(fields=["evaluation", "number"], name="evaluation_version_unique_number"),
        ]

    def __str__(self) -> str:
        return f"{self.evaluation} v{self.number}"


class EvaluationAgreement(models.Model):
    """A party's agreement to one version of the evaluation, signed by one of its members."""

    version = models.ForeignKey(EvaluationVersion, on_delete=models.CASCADE, related_name="agreements")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    agreed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    signatory_name = models.CharField(_("namn"), max_length=200)
    signatory_title = models.CharField(_("titel"), max_length=120, blank=True)
    agreed_at = models.DateTimeField(_("godkänt"), auto_now_add=True)

    class Meta:
        ordering = ["agreed_at"]
        verbose_name = _("godkännande av utvärdering")
        verbose_name_plural = _("godkännanden av utvärdering")
        constraints = [
            models.UniqueConstraint(fields=["version", "organisation"], name="evaluation_agreement_once_per_party"),
        ]

    def __str__(self) -> str:
        return f"{self.version} – {self.organisation}"
