"""Campaigns, their questionnaires, the conversations (dialogues) and the restricted contact requests."""

from __future__ import annotations

import datetime as dt
import uuid

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from lofte.core.models import Area, Partnership, Place, User
from lofte.dialogues.template import target_group_label


class CampaignQuerySet(models.QuerySet["Campaign"]):
    def for_user(self, user: User) -> CampaignQuerySet:
        return self.filter(partnership__in=Partnership.objects.for_user(user))

    def named(self, name: str) -> CampaignQuerySet:
        """Rounds with this name, in any case and spacing (the forms store names with single spaces)."""
        return self.filter(name__iexact=" ".join(name.split()))


class Campaign(models.Model):
    """One round of medborgardialoger for a partnership and a year."""

    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="campaigns")
    year = models.PositiveSmallIntegerField(_("år"))
    name = models.CharField(_("namn"), max_length=200)
    slug = models.SlugField(_("kortnamn"), max_length=80, unique=True)
    starts_on = models.DateField(_("startdatum"))
    ends_on = models.DateField(_("slutdatum"))
    target_places = models.ManyToManyField(Place, verbose_name=_("platser"), blank=True, related_name="campaigns")
    target_groups = models.JSONField(_("målgrupper"), default=list, blank=True)
    public_form_open = models.BooleanField(_("webbenkäten är öppen"), default=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = CampaignQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "name"]
        verbose_name = _("dialogomgång")
        verbose_name_plural = _("dialogomgångar")
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__gte=models.F("starts_on")), name="campaign_period_order"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("dialogues:campaign_detail", args=[self.slug])

    def period_state(self, today: dt.date | None = None) -> str:
        """Where today (Europe/Stockholm) is relative to the campaign period: "before", "during" or "after"."""
        today = today or timezone.localdate()
        if today < self.starts_on:
            return "before"
        if today > self.ends_on:
            return "after"
        return "during"


# An answer option's code is stored in answers, exports and imports and shown on staff pages: letters, digits,
# hyphen and underscore only, so it never carries markup or spaces that imports cannot match.
validate_choice_code = RegexValidator(
    r"\A[A-Za-z0-9_-]{1,40}\Z",
    _(
        "Koden får bara innehålla bokstäverna a–z utan å, ä och ö, siffror, bindestreck och understreck, "
        "högst 40 tecken."
    ),
)


def validate_choice_codes(choices: object) -> None:
    """Every option of a question has a code ``validate_choice_code`` accepts."""
    for choice in choices if isinstance(choices, list) else []:
        validate_choice_code(choice.get("value", "") if isinstance(choice, dict) else "")


class Question(models.Model):
    """One question of a campaign's questionnaire, worded in Swedish and English."""

    class Kind(models.TextChoices):
        TEXT = "text", _("Fritext")
        SINGLE = "single", _("Ett val")
        MULTIPLE = "multiple", _("Flera val")
        SCALE = "scale", _("Skala 1–5")
        PLACE = "place", _("Plats")
        TIME = "time", _("Tid på dygnet")

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="questions")
    position = models.PositiveSmallIntegerField(default=0)
    key = models.SlugField(_("nyckel"), max_length=60)
    kind = models.CharField(_("frågetyp"), max_length=20, choices=Kind.choices)
    text_sv = models.CharField(_("fråga (svenska)"), max_length=300)
    text_en = models.CharField(_("fråga (engelska)"), max_length=300, blank=True)
    help_sv = models.CharField(_("hjälptext (svenska)"), max_length=300, blank=True)
    help_en = models.CharField(_("hjälptext (engelska)"), max_length=300, blank=True)
    # [{"value": "evening", "sv": "Kväll", "en": "Evening"}, ...] for single, multiple and time questions.
    choices = models.JSONField(_("svarsalternativ"), default=list, blank=True, validators=[validate_choice_codes])
    required = models.BooleanField(_("obligatorisk"), default=False)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("fråga")
        verbose_name_plural = _("frågor")
        constraints = [models.UniqueConstraint(fields=["campaign", "key"], name="question_unique_key")]

    def __str__(self) -> str:
        return self.text_sv


class AnswerRule(models.Model):
    """A rule across a questionnaire's questions: at least one of them must be answered (for example "where"
    as a known place or in words). Checked wherever answers are validated; the message is shown at the
    rule's first question."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="answer_rules")
    questions = models.ManyToManyField(Question, verbose_name=_("frågor"), related_name="answer_rules")
    message_sv = models.CharField(_("felmeddelande (svenska)"), max_length=300, blank=True)
    message_en = models.CharField(_("felmeddelande (engelska)"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("regel för svar")
        verbose_name_plural = _("regler för svar")

    def __str__(self) -> str:
        return f"{self.campaign}: {_('minst en av frågorna besvaras')} #{self.pk}"


class AgeBand(models.TextChoices):
    UNDER_16 = "0-15", _("under 16 år")
    AGE_16_19 = "16-19", _("16–19 år")
    AGE_20_29 = "20-29", _("20–29 år")
    AGE_30_44 = "30-44", _("30–44 år")
    AGE_45_64 = "45-64", _("45–64 år")
    AGE_65_79 = "65-79", _("65–79 år")
    AGE_80 = "80-", _("80 år eller äldre")
    UNDISCLOSED = "undisclosed", _("Vill ej uppge")


class Gender(models.TextChoices):
    WOMAN = "woman", _("Kvinna")
    MAN = "man", _("Man")
    OTHER = "other", _("Annat")
    UNDISCLOSED = "undisclosed", _("Vill ej uppge")


class Relation(models.TextChoices):
    LIVES = "lives", _("Bor här")
    WORKS = "works", _("Arbetar här")
    STUDIES = "studies", _("Studerar här")
    VISITS = "visits", _("Besöker platsen")
    UNDISCLOSED = "undisclosed", _("Vill ej uppge")


class DialogueQuerySet(models.QuerySet["Dialogue"]):
    def for_user(self, user: User) -> DialogueQuerySet:
        return self.filter(campaign__partnership__in=Partnership.objects.for_user(user))


class Dialogue(models.Model):
    """One conversation or web survey answer. Anonymous: no name, phone or e-mail is ever stored here."""

    class Channel(models.TextChoices):
        FIELD = "field", _("Samtal på plats")
        WEB = "web", _("Webbenkät")
        IMPORT = "import", _("Import")

    campaign = models.ForeignKey(Campaign, on_delete=models.PROTECT, related_name="dialogues")
    idempotency_key = models.UUIDField(default=uuid.uuid4, editable=False)
    channel = models.CharField(_("kanal"), max_length=20, choices=Channel.choices)
    conducted_at = models.DateTimeField(_("tidpunkt"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("intervjuare"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="recorded_dialogues",
    )
    place = models.ForeignKey(
        Place, verbose_name=_("plats"), on_delete=models.SET_NULL, null=True, blank=True, related_name="dialogues"
    )
    area = models.ForeignKey(
        Area, verbose_name=_("område"), on_delete=models.SET_NULL, null=True, blank=True, related_name="dialogues"
    )
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    age_band = models.CharField(_("ålder"), max_length=20, choices=AgeBand.choices, blank=True)
    gender = models.CharField(_("kön"), max_length=20, choices=Gender.choices, blank=True)
    relation = models.CharField(_("relation till platsen"), max_length=20, choices=Relation.choices, blank=True)
    home_area = models.ForeignKey(
        Area,
        verbose_name=_("bostadsområde"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="resident_dialogues",
    )
    target_group = models.CharField(_("målgrupp"), max_length=80, blank=True)
    # {question key: value}; free-text values are stored redacted.
    answers = models.JSONField(_("svar"), default=dict)
    # The redacted free text of all text answers, in questionnaire order: what the text engine reads.
    free_text = models.TextField(_("fritext"), blank=True)
    # The import that stored it, so that an import can be undone; none for other channels.
    import_batch = models.ForeignKey(
        "ImportBatch", on_delete=models.SET_NULL, null=True, blank=True, related_name="dialogues"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = DialogueQuerySet.as_manager()

    class Meta:
        ordering = ["-conducted_at", "-pk"]
        verbose_name = _("medborgardialog")
        verbose_name_plural = _("medborgardialoger")
        constraints = [
            models.UniqueConstraint(fields=["campaign", "idempotency_key"], name="dialogue_unique_idempotency_key"),
        ]
        indexes = [models.Index(fields=["campaign", "conducted_at"], name="dialogue_campaign_time_idx")]

    def __str__(self) -> str:
        return f"{self.campaign} #{self.pk}"

    def get_absolute_url(self) -> str:
        return reverse("dialogues:dialogue_detail", args=[self.pk])

    def get_target_group_display(self) -> str:
        return target_group_label(self.target_group, get_language() or "sv")


class ContactRequest(models.Model):
    """A resident who asked to be contacted: personal data, kept apart from the anonymous answers."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="contact_requests")
    dialogue = models.OneToOneField(
        Dialogue, on_delete=models.SET_NULL, null=True, blank=True, related_name="contact_request"
    )
    name = models.CharField(_("namn"), max_length=200)
    phone = models.CharField(_("telefon"), max_length=40, blank=True)
    email = models.EmailField(_("e-post"), blank=True)
    message = models.TextField(_("ärende"), blank=True)
    retain_until = models.DateField(_("gallras"))
    handled_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("kontaktönskemål")
        verbose_name_plural = _("kontaktönskemål")
        constraints = [
            models.CheckConstraint(condition=~Q(phone="") | ~Q(email=""), name="contact_request_has_channel"),
        ]

    def __str__(self) -> str:
        # No name here: the string lands in the audit log, which outlives the request's retention date.
        return f"{self.campaign}: kontaktönskemål #{self.pk}"


# Import, column mappings and population figures (import/export/overview) --------------------------------


class ImportBatch(models.Model):
    """One uploaded file on its way through the import wizard: the file, its mapping and what validation found.

    The uploaded file holds residents' unredacted words, so it is deleted once the import is done; the sha256
    stays to recognise the same file again.
    """

    class Status(models.TextChoices):
        READING = "reading", _("Läses in")
        UPLOADED = "uploaded", _("Uppladdad")
        CHECKING = "checking", _("Kontrolleras")
        VALIDATED = "validated", _("Kontrollerad")
        QUEUED = "queued", _("Väntar på import")
        RUNNING = "running", _("Importeras")
        DONE = "done", _("Importerad")
        FAILED = "failed", _("Misslyckades")
        UNDONE = "undone", _("Ångrad")

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="import_batches")
    file = models.FileField(_("fil"), upload_to="imports/%Y/%m/", blank=True)
    filename = models.CharField(_("filnamn"), max_length=255)
    sha256 = models.CharField(max_length=64, db_index=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.UPLOADED)
    # Which sheet of a workbook ("" for CSV: the active one) and which row holds the column names, numbered
    # as the user sees it; null until read (then the row it was found on, or the one the user chose).
    sheet = models.CharField(_("blad"), max_length=100, blank=True)
    sheets = models.JSONField(default=list, blank=True)  # the workbook's visible sheets
    header_row = models.PositiveIntegerField(_("rubrikrad"), null=True, blank=True)
    size = models.PositiveIntegerField(default=0)  # bytes: a large file is read by the task worker
    headers = models.JSONField(default=list, blank=True)
    preview = models.JSONField(default=list, blank=True)  # the first rows, so the mapping page reads no file
    # Headers of the columns where a blank cell takes the value above it.
    fill_down = models.JSONField(default=list, blank=True)
    # {column header: target}; targets are "q:<question key>", an attribute name, or "" (not imported).
    mapping = models.JSONField(default=dict, blank=True)
    notices = models.JSONField(default=list, blank=True)
    # [{"row": 3, "column": "Ålder", "message": "..."}]; the first MAX_STORED_ERRORS only.
    errors = models.JSONField(default=list, blank=True)
    total_rows = models.PositiveIntegerField(default=0)
    valid_rows = models.PositiveIntegerField(default=0)
    error_rows = models.PositiveIntegerField(default=0)
    imported_rows = models.PositiveIntegerField(default=0)
    duplicate_rows = models.PositiveIntegerField(default=0)
    only_valid = models.BooleanField(default=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    undone_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("import")
        verbose_name_plural = _("importer")

    def __str__(self) -> str:
        return f"{self.campaign}: {self.filename}"

    def get_absolute_url(self) -> str:
        return reverse("dialogues:import_status", args=[self.pk])

    @property
    def is_finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED, self.Status.UNDONE)


class ColumnMapping(models.Model):
    """The last mapping used for files with the same headers, so next year's file maps itself."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="column_mappings")
    campaign = models.ForeignKey(Campaign, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    signature = models.CharField(max_length=64)
    headers = models.JSONField(default=list)
    mapping = models.JSONField(default=dict)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("kolumnmappning")
        verbose_name_plural = _("kolumnmappningar")
        constraints = [
            models.UniqueConstraint(fields=["partnership", "signature"], name="column_mapping_unique_signature"),
        ]

    def __str__(self) -> str:
        return f"{self.partnership}: {', '.join(self.headers)[:80]}"


class PopulationFigure(models.Model):
    """How many people of an age band and gender live in the municipality (or one of its areas) in a year."""

    class Sex(models.TextChoices):
        WOMAN = "woman", _("Kvinnor")
        MAN = "man", _("Män")

    organisation = models.ForeignKey("core.Organisation", on_delete=models.CASCADE, related_name="population_figures")
    area = models.ForeignKey(
        Area,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="population_figures",
        verbose_name=_("område"),
    )
    year = models.PositiveSmallIntegerField(_("år"))
    age_band = models.CharField(
        _("ålder"), max_length=20, choices=[c for c in AgeBand.choices if c[0] != AgeBand.UNDISCLOSED]
    )
    gender = models.CharField(_("kön"), max_length=20, choices=Sex.choices)
    count = models.PositiveIntegerField(_("antal"))

    class Meta:
        ordering = ["-year", "area__name", "age_band", "gender"]
        verbose_name = _("befolkningssiffra")
        verbose_name_plural = _("befolkningssiffror")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "area", "year", "age_band", "gender"],
                condition=Q(area__isnull=False),
                name="population_unique_in_area",
            ),
            models.UniqueConstraint(
                fields=["organisation", "year", "age_band", "gender"],
                condition=Q(area__isnull=True),
                name="population_unique_whole",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.area or self.organisation} {self.age_band} {self.gender}: {self.count}"
