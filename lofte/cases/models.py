"""Residents' feedback (Tyck till) and fault reports (Felanmälan), and their handling.

Cases belong to one organisation and are never shared through a partnership. Every change to a case is a
CaseEvent (what the handler and the resident see) and an audit entry (who changed what, before and after).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from lofte.core.models import Area, Organisation, Place, User


class CaseKind(models.TextChoices):
    FEEDBACK = "tyck_till", _("Tyck till")
    FAULT = "felanmalan", _("Felanmälan")


class HandlerGroup(models.Model):
    """A team cases are routed to (gatuenheten, parkenheten, kontaktcenter)."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="case_groups")
    name = models.CharField(_("namn"), max_length=120)
    members = models.ManyToManyField(User, blank=True, related_name="case_groups")

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["organisation", "name"], name="cases_group_unique_name")]

    def __str__(self) -> str:
        return self.name


class CategoryQuerySet(models.QuerySet["Category"]):
    def active(self) -> CategoryQuerySet:
        return self.filter(active=True)

    def choosable(self) -> CategoryQuerySet:
        """What a fault is reported under: active fault categories with no active subcategories."""
        return self.active().filter(kind=CaseKind.FAULT).exclude(children__active=True)


class Category(models.Model):
    """A node of the organisation's category tree; residents choose a leaf or a node with no children."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="case_categories")
    parent = models.ForeignKey("self", on_delete=models.PROTECT, null=True, blank=True, related_name="children")
    slug = models.SlugField(_("kod"), max_length=60)
    name_sv = models.CharField(_("namn"), max_length=120)
    name_en = models.CharField(_("namn på engelska"), max_length=120, blank=True)
    kind = models.CharField(_("typ"), max_length=20, choices=CaseKind.choices, default=CaseKind.FAULT)
    # The theme id of the lägesbild's taxonomy (gatubelysning → belysning), blank for none.
    theme = models.CharField(_("tema"), max_length=40, blank=True)
    duplicate_distance_m = models.PositiveIntegerField(
        _("avstånd för dubbletter (meter)"),
        default=50,
        help_text=_("Öppna ärenden i samma kategori inom avståndet visas för invånaren innan den skickar."),
    )
    # Two reports of one fault come within days of each other; an old open case nearby is a different fault
    # more often than not (a street light that went out again), so only this window is offered as a duplicate.
    duplicate_days = models.PositiveSmallIntegerField(
        _("tidsfönster för dubbletter (dagar)"),
        default=30,
        help_text=_("Bara ärenden som kommit in så här många dagar före eller efter räknas som möjliga dubbletter."),
    )
    target_days = models.PositiveSmallIntegerField(_("mål för åtgärd (dagar)"), default=10)
    group = models.ForeignKey(
        HandlerGroup, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("grupp")
    )
    position = models.PositiveSmallIntegerField(default=0)
    active = models.BooleanField(_("aktiv"), default=True)

    objects = CategoryQuerySet.as_manager()

    class Meta:
        ordering = ["position", "name_sv"]
        constraints = [models.UniqueConstraint(fields=["organisation", "slug"], name="cases_category_unique_slug")]

    def __str__(self) -> str:
        return self.name(get_language())

    def name(self, language: str | None = None) -> str:
        """In the reader's language where the category has an English name; Swedish is what it is stored as."""
        return self.name_en if (language or "").startswith("en") and self.name_en else self.name_sv


class RoutingRule(models.Model):
    """Category and/or area → group, applied when a case arrives; the most specific rule wins."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="case_routing_rules")
    category = models.ForeignKey(Category, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    area = models.ForeignKey(Area, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    group = models.ForeignKey(HandlerGroup, on_delete=models.CASCADE, related_name="+")

    def __str__(self) -> str:
        return f"{self.category or '*'} / {self.area or '*'} → {self.group}"


class CaseQuerySet(models.QuerySet["Case"]):
    def for_user(self, user: User) -> CaseQuerySet:
        """Cases of the organisations where the user's role may view cases (never through a partnership)."""
        if not user.is_authenticated:
            return self.none()
        if user.is_superuser:
            return self
        from lofte.core.roles import Action

        ids = [org_id for org_id, role in user.roles_by_organisation().items() if role.may(Action.VIEW_CASES)]
        return self.filter(organisation_id__in=ids)

    def open(self) -> CaseQuerySet:
        return self.filter(closed_at__isnull=True, merged_into__isnull=True)

    def overdue(self, now: datetime | None = None) -> CaseQuerySet:
        return self.open().filter(due_at__lt=now or timezone.now())


class Case(models.Model):
    class FeedbackType(models.TextChoices):
        PRAISE = "berom", _("Beröm")
        QUESTION = "fraga", _("Fråga")
        SUGGESTION = "forslag", _("Förslag")
        COMPLAINT = "klagomal", _("Klagomål")

    class Status(models.TextChoices):
        RECEIVED = "mottagen", _("Mottagen")
        IN_PROGRESS = "under_behandling", _("Under behandling")
        FIXED = "atgardad", _("Åtgärdad")
        ANSWERED = "besvarad", _("Besvarad")
        CLOSED = "avslutad", _("Avslutad")

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="cases")
    kind = models.CharField(_("typ"), max_length=20, choices=CaseKind.choices)
    feedback_type = models.CharField(_("slag"), max_length=20, choices=FeedbackType.choices, blank=True)
    service = models.CharField(_("verksamhet det gäller"), max_length=200, blank=True)
    category = models.ForeignKey(
        Category, on_delete=models.PROTECT, null=True, blank=True, related_name="cases", verbose_name=_("kategori")
    )
    year = models.PositiveSmallIntegerField()
    number = models.PositiveIntegerField()
    reference = models.CharField(_("referensnummer"), max_length=20)
    token_hash = models.CharField(max_length=64, unique=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.RECEIVED)
    diarienummer = models.CharField(_("diarienummer"), max_length=60, blank=True)
    message = models.TextField(_("meddelande"))
    public_text = models.TextField(_("text för publicering"), blank=True)
    latitude = models.FloatField(_("latitud"), null=True, blank=True)
    longitude = models.FloatField(_("longitud"), null=True, blank=True)
    place = models.ForeignKey(Place, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    address = models.CharField(_("adress eller plats"), max_length=300, blank=True)
    area = models.ForeignKey(Area, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    photo = models.FileField(_("foto"), upload_to="cases/%Y/", blank=True)
    # Personal data: shown only to roles that see personal data (roles.PERSONAL_DATA_ROLES).
    reporter_name = models.CharField(_("namn"), max_length=200, blank=True)
    reporter_email = models.EmailField(_("e-post"), blank=True)
    reporter_phone = models.CharField(_("telefon"), max_length=40, blank=True)
    consent_at = models.DateTimeField(null=True, blank=True)
    language = models.CharField(max_length=8, default="sv")
    idempotency_key = models.UUIDField(null=True, blank=True)
    group = models.ForeignKey(HandlerGroup, on_delete=models.SET_NULL, null=True, blank=True, related_name="cases")
    assigned_to = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="cases")
    merged_into = models.ForeignKey("self", on_delete=models.SET_NULL, null=True, blank=True, related_name="merged")
    due_at = models.DateTimeField(null=True, blank=True, db_index=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)
    first_reply_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    # Inside a current promise's focus area (lofte.cases.priority): decided on arrival and again when the
    # category or place changes. The reason is kept as it was decided; a later promise does not rewrite it.
    priority = models.BooleanField(_("prioriterat enligt medborgarlöftet"), default=False)
    priority_reason = models.CharField(_("skäl till prioritering"), max_length=300, blank=True)
    priority_focus_area = models.ForeignKey(
        "promises.FocusArea", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = CaseQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            # Decides races: two submissions never get the same number, a retried send never two cases.
            models.UniqueConstraint(fields=["organisation", "year", "number"], name="cases_case_unique_number"),
            models.UniqueConstraint(fields=["organisation", "reference"], name="cases_case_unique_reference"),
            models.UniqueConstraint(
                fields=["organisation", "idempotency_key"], name="cases_case_unique_idempotency_key"
            ),
        ]
        indexes = [
            models.Index(fields=["organisation", "status", "created_at"], name="cases_inbox_idx"),
            # The inbox's default: an organisation's open cases, soonest due first.
            models.Index(
                fields=["organisation", "due_at", "-created_at"],
                condition=models.Q(closed_at__isnull=True, merged_into__isnull=True),
                name="cases_open_due_idx",
            ),
            # Open311 lists: newest first within a date window (then filtered by status), and change feeds.
            models.Index(fields=["organisation", "-created_at", "-id"], name="cases_newest_idx"),
            models.Index(fields=["organisation", "updated_at"], name="cases_updated_idx"),
        ]

    def __str__(self) -> str:
        return self.reference

    def get_absolute_url(self) -> str:
        return reverse("cases:case_detail", args=[self.organisation.slug, self.reference])

    @property
    def is_open(self) -> bool:
        return self.closed_at is None and self.merged_into_id is None

    @property
    def is_overdue(self) -> bool:
        return self.is_open and self.due_at is not None and self.due_at < timezone.now()

    @property
    def has_point(self) -> bool:
        return self.latitude is not None and self.longitude is not None

    @staticmethod
    def due_from(created: datetime, category: Category | None) -> datetime | None:
        return created + timedelta(days=category.target_days) if category and category.target_days else None


class CaseEvent(models.Model):
    class Kind(models.TextChoices):
        SUBMITTED = "submitted", _("Inkom")
        ROUTED = "routed", _("Fördelat")
        ASSIGNED = "assigned", _("Tilldelat")
        STATUS = "status", _("Status ändrad")
        NOTE = "note", _("Intern anteckning")
        REPLY = "reply", _("Svar till invånaren")
        MERGED = "merged", _("Sammanslaget")
        CONVERTED = "converted", _("Typ ändrad")
        PUBLIC_TEXT = "public_text", _("Publicerbar text ändrad")
        EDITED = "edited", _("Uppgifter ändrade")
        PRIORITY = "priority", _("Prioritering enligt medborgarlöftet")
        POLICE_REPORT = "police_report", _("Polisanmälan skickad")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(default=timezone.now)
    actor = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    before = models.JSONField(default=dict, blank=True)
    after = models.JSONField(default=dict, blank=True)
    text = models.TextField(blank=True)
    # Replies (and the receipt) are shown to the resident on the tracking page; notes never are.
    public = models.BooleanField(default=False)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.case} {self.kind}"

    @property
    def status_label(self) -> str:
        status = self.after.get("status")
        return str(Case.Status(status).label) if status in Case.Status.values else ""


class ReplyTemplate(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="case_reply_templates")
    name = models.CharField(_("namn"), max_length=120)
    text = models.TextField(_("text"))

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class SavedView(models.Model):
    """A handler's named set of inbox filters (the inbox's GET parameters); shared views every handler of the
    organisation sees."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="case_saved_views")
    owner = models.ForeignKey(User, on_delete=models.CASCADE, related_name="case_saved_views")
    name = models.CharField(_("namn"), max_length=80)
    query = models.CharField(max_length=500, blank=True)
    shared = models.BooleanField(_("dela med organisationen"), default=False)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "owner", "name"], name="cases_savedview_unique_name")
        ]

    def __str__(self) -> str:
        return self.name
