"""Organisations, partnerships, areas, places, users, memberships and the audit log."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lofte.core.roles import Role

if TYPE_CHECKING:
    from collections.abc import Iterable


class OrganisationQuerySet(models.QuerySet["Organisation"]):
    def for_user(self, user: User) -> OrganisationQuerySet:
        if not user.is_authenticated:
            return self.none()
        if user.is_superuser:
            return self.all()
        return self.filter(memberships__user=user).distinct()


class Organisation(models.Model):
    """A municipality, a police area or another partner. One installation serves many of them."""

    class Kind(models.TextChoices):
        MUNICIPALITY = "municipality", _("Kommun")
        POLICE_AREA = "police_area", _("Lokalpolisområde")
        OTHER = "other", _("Annan part")

    name = models.CharField(_("namn"), max_length=200)
    slug = models.SlugField(_("kortnamn"), max_length=60, unique=True)
    kind = models.CharField(_("typ"), max_length=20, choices=Kind.choices)
    kommunkod = models.CharField(
        _("kommunkod"),
        max_length=4,
        blank=True,
        validators=[RegexValidator(r"^\d{4}$", _("Kommunkoden består av fyra siffror, till exempel 1494."))],
    )
    website = models.URLField(_("webbplats"), blank=True)
    # Printed on the lägesbild's PDF beside the name; optional.
    logo = models.ImageField(_("logotyp"), upload_to="logos/", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisationer")
        constraints = [
            models.UniqueConstraint(
                fields=["kommunkod"], condition=~Q(kommunkod=""), name="organisation_unique_kommunkod"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("core:organisation_detail", args=[self.slug])

    @property
    def is_municipality(self) -> bool:
        return self.kind == self.Kind.MUNICIPALITY

    def clean(self) -> None:
        # Every write path (form, service, import) reaches this through full_clean().
        if self.is_municipality and not self.kommunkod:
            raise ValidationError({"kommunkod": _("Ange kommunens kommunkod, fyra siffror, till exempel 1494.")})
        if not self.is_municipality and self.kommunkod:
            raise ValidationError({"kommunkod": _("Bara kommuner har en kommunkod.")})


class PartnershipQuerySet(models.QuerySet["Partnership"]):
    def for_user(self, user: User) -> PartnershipQuerySet:
        if not user.is_authenticated:
            return self.none()
        if user.is_superuser:
            return self.all()
        organisation_ids = user.memberships.values("organisation_id")
        return self.filter(
            Q(municipality_id__in=organisation_ids)
            | Q(police_area_id__in=organisation_ids)
            | Q(other_partners__in=organisation_ids)
        ).distinct()


class Partnership(models.Model):
    """The kommun and lokalpolisområde (and optional partners) that own dialogues, lägesbilder and promises."""

    name = models.CharField(_("namn"), max_length=200)
    slug = models.SlugField(_("kortnamn"), max_length=60, unique=True)
    municipality = models.ForeignKey(
        Organisation,
        verbose_name=_("kommun"),
        on_delete=models.PROTECT,
        related_name="municipality_partnerships",
        limit_choices_to={"kind": Organisation.Kind.MUNICIPALITY},
    )
    police_area = models.ForeignKey(
        Organisation,
        verbose_name=_("lokalpolisområde"),
        on_delete=models.PROTECT,
        related_name="police_partnerships",
        limit_choices_to={"kind": Organisation.Kind.POLICE_AREA},
    )
    other_partners = models.ManyToManyField(
        Organisation, verbose_name=_("övriga parter"), blank=True, related_name="partner_partnerships"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = PartnershipQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("samverkan")
        verbose_name_plural = _("samverkan")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("core:partnership_detail", args=[self.slug])

    def organisation_ids(self) -> set[int]:
        return {self.municipality_id, self.police_area_id, *self.other_partners.values_list("pk", flat=True)}


class Area(models.Model):
    """A tätort, stadsdel or statistical area (DeSO/RegSO) with an optional WGS84 polygon."""

    class Kind(models.TextChoices):
        TATORT = "tatort", _("Tätort")
        STADSDEL = "stadsdel", _("Stadsdel")
        DESO = "deso", _("DeSO-område")
        OTHER = "other", _("Annat område")

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="areas")
    name = models.CharField(_("namn"), max_length=200)
    kind = models.CharField(_("typ"), max_length=20, choices=Kind.choices, default=Kind.TATORT)
    code = models.CharField(_("kod"), max_length=20, blank=True, help_text=_("Till exempel en DeSO-kod."))
    geometry = models.JSONField(_("gräns (GeoJSON, WGS84)"), null=True, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("område")
        verbose_name_plural = _("områden")
        constraints = [models.UniqueConstraint(fields=["organisation", "name"], name="area_unique_name")]

    def __str__(self) -> str:
        return self.name


class Place(models.Model):
    """A named place: the gazetteer the text engine and the maps use."""

    class Kind(models.TextChoices):
        CENTRE = "centre", _("Centrum")
        STATION = "station", _("Station eller hållplats")
        SQUARE = "square", _("Torg")
        PARK = "park", _("Park eller grönområde")
        SCHOOL = "school", _("Skola")
        YOUTH_CENTRE = "youth_centre", _("Fritidsgård")
        TUNNEL = "tunnel", _("Gångtunnel")
        STREET = "street", _("Gata eller väg")
        SPORTS = "sports", _("Idrottsplats eller motionsspår")
        SHOP = "shop", _("Butik eller köpcentrum")
        OTHER = "other", _("Annan plats")

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="places")
    area = models.ForeignKey(Area, on_delete=models.SET_NULL, null=True, blank=True, related_name="places")
    name = models.CharField(_("namn"), max_length=200)
    kind = models.CharField(_("typ"), max_length=20, choices=Kind.choices, default=Kind.OTHER)
    aliases = models.JSONField(_("andra namn"), default=list, blank=True)
    latitude = models.FloatField(_("latitud"), null=True, blank=True)
    longitude = models.FloatField(_("longitud"), null=True, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("plats")
        verbose_name_plural = _("platser")
        constraints = [
            models.UniqueConstraint(fields=["organisation", "name"], name="place_unique_name"),
            models.CheckConstraint(
                condition=(Q(latitude__isnull=True) & Q(longitude__isnull=True))
                | (Q(latitude__gte=-90) & Q(latitude__lte=90) & Q(longitude__gte=-180) & Q(longitude__lte=180)),
                name="place_point_in_range",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def all_names(self) -> list[str]:
        return [self.name, *self.aliases]


class ContactCentre(models.Model):
    """How residents reach a municipality; the public pages show it."""

    organisation = models.OneToOneField(Organisation, on_delete=models.CASCADE, related_name="contact_centre")
    phone = models.CharField(_("telefon"), max_length=40, blank=True)
    fax = models.CharField(_("fax"), max_length=40, blank=True)
    email = models.EmailField(_("e-post"), blank=True)
    visiting_address = models.TextField(_("besöksadress"), blank=True)
    postal_address = models.TextField(_("postadress"), blank=True)
    opening_hours = models.TextField(_("öppettider"), blank=True)

    class Meta:
        verbose_name = _("kontaktcenter")
        verbose_name_plural = _("kontaktcenter")

    def __str__(self) -> str:
        return str(self.organisation)


class OnCallNumber(models.Model):
    """A journummer: whom to call about a service when the contact centre is closed."""

    contact_centre = models.ForeignKey(ContactCentre, on_delete=models.CASCADE, related_name="on_call_numbers")
    service = models.CharField(_("verksamhet"), max_length=200)
    phone = models.CharField(_("telefon"), max_length=40)
    note = models.CharField(_("när"), max_length=200, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "service"]
        verbose_name = _("journummer")
        verbose_name_plural = _("journummer")

    def __str__(self) -> str:
        return f"{self.service}: {self.phone}"


class User(AbstractUser):
    """A staff member. Residents never have accounts."""

    email = models.EmailField(_("e-post"), unique=True)

    class Meta:
        ordering = ["first_name", "last_name", "username"]
        verbose_name = _("användare")
        verbose_name_plural = _("användare")

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    def roles_by_organisation(self) -> dict[int, Role]:
        """Cached on the instance: one query a request, however many checks a page makes."""
        cache = getattr(self, "_roles_cache", None)
        if cache is None:
            cache = {m.organisation_id: Role(m.role) for m in self.memberships.all()}
            self._roles_cache = cache
        return cache

    def role_in(self, organisation_id: int) -> Role | None:
        return self.roles_by_organisation().get(organisation_id)

    def organisation_ids(self) -> set[int]:
        return set(self.roles_by_organisation())

    def needs_two_factor(self) -> bool:
        return self.is_superuser or any(role.sees_personal_data for role in self.roles_by_organisation().values())

    def memberships_in(self, organisation_ids: Iterable[int]) -> list[Role]:
        roles = self.roles_by_organisation()
        return [roles[pk] for pk in organisation_ids if pk in roles]


class Membership(models.Model):
    """A user's one role in one organisation."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("roll"), max_length=20, choices=Role.choices)
    title = models.CharField(_("titel"), max_length=120, blank=True, help_text=_("Till exempel kommunpolis."))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["organisation__name", "user__first_name"]
        verbose_name = _("medlemskap")
        verbose_name_plural = _("medlemskap")
        constraints = [models.UniqueConstraint(fields=["user", "organisation"], name="membership_one_role")]

    def __str__(self) -> str:
        return f"{self.user} – {self.organisation} ({self.get_role_display()})"


class InvitationQuerySet(models.QuerySet["Invitation"]):
    def open(self) -> InvitationQuerySet:
        """Not yet answered or revoked: at most one per organisation and address (expired ones included)."""
        return self.filter(accepted_at__isnull=True, declined_at__isnull=True, revoked_at__isnull=True)

    def pending(self) -> InvitationQuerySet:
        """Open and not expired: what the invited account may still accept."""
        return self.open().filter(expires_at__gt=timezone.now())

    def for_email(self, email: str) -> InvitationQuerySet:
        return self.filter(email__iexact=email.strip())


class Invitation(models.Model):
    """An organisation's offer of a role to an e-mail address. Only the owner of the address turns it into a
    membership, so an account that belongs to another organisation is never attached without its consent.

    The link's token is mailed and never stored: only its SHA-256 is, so a copy of the database opens nothing."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField(_("e-post"))
    role = models.CharField(_("roll"), max_length=20, choices=Role.choices)
    title = models.CharField(_("titel"), max_length=120, blank=True)
    invited_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(_("gäller till"))
    token_hash = models.CharField(max_length=64, blank=True, db_index=True)
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    declined_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("inbjudan")
        verbose_name_plural = _("inbjudningar")
        constraints = [
            # Inviting an address again renews its open invitation; the database decides between two at once.
            models.UniqueConstraint(
                fields=["organisation", "email"],
                condition=Q(accepted_at__isnull=True, declined_at__isnull=True, revoked_at__isnull=True),
                name="invitation_one_open",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.email} – {self.organisation}"

    @property
    def is_open(self) -> bool:
        return self.accepted_at is None and self.declined_at is None and self.revoked_at is None

    @property
    def is_pending(self) -> bool:
        return self.is_open and self.expires_at > timezone.now()

    @property
    def is_expired(self) -> bool:
        return self.is_open and self.expires_at <= timezone.now()


class EmailChange(models.Model):
    """A new e-mail address for an account, waiting for the address's owner to confirm it by the mailed link.

    An administrator's form answers the same whether or not another account has the address (see
    email_change_request); only the token's SHA-256 is stored."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="email_changes")
    email = models.EmailField(_("ny e-post"))
    requested_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    token_hash = models.CharField(max_length=64, blank=True, db_index=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("byte av e-post")
        verbose_name_plural = _("byten av e-post")
        constraints = [
            models.UniqueConstraint(
                fields=["user"], condition=Q(confirmed_at__isnull=True), name="email_change_one_open"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} → {self.email}"

    @property
    def is_pending(self) -> bool:
        return self.confirmed_at is None and self.expires_at > timezone.now()


class AuditEntry(models.Model):
    """Who created, changed or deleted what, when. Written only by lofte.core.audit.audit_log."""

    at = models.DateTimeField(auto_now_add=True, db_index=True)
    actor = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="audit_entries")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.SET_NULL, null=True, blank=True, related_name="audit_entries"
    )
    action = models.CharField(max_length=80)
    target_type = models.CharField(max_length=80)
    target_id = models.CharField(max_length=64)
    target_repr = models.CharField(max_length=200)
    changes = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("loggpost")
        verbose_name_plural = _("granskningslogg")
        indexes = [models.Index(fields=["target_type", "target_id"], name="audit_target_idx")]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor} {self.action} {self.target_repr}"


# Fifty years: long enough for any schedule, short enough that a date computed from it never overflows.
MAX_RETENTION_DAYS = 50 * 366


class RetentionSchedule(models.Model):
    """An organisation's gallring: how long each kind of personal data is kept, in days (empty: not culled).

    One row per organisation, created when its administrator first saves the schedule; until then the
    defaults below apply (lofte.core.retention.schedule_for). The daily `cull_personal_data` reads it."""

    organisation = models.OneToOneField(Organisation, on_delete=models.CASCADE, related_name="retention_schedule")
    # Contact requests and import files always go: the resident asked for one call, the file was one import.
    contact_request_days = models.PositiveIntegerField(
        _("kontaktönskemål från dialoger"),
        default=90,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_RETENTION_DAYS)],
        help_text=_("Dagar efter att invånaren lämnade uppgifterna. Raderas helt."),
    )
    import_file_days = models.PositiveIntegerField(
        _("uppladdade importfiler"),
        default=7,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_RETENTION_DAYS)],
        help_text=_("Dagar efter uppladdningen. Filen är oredigerad och kan innehålla namn."),
    )
    # Dialogue answers are anonymous and redacted before they are stored; what is left is the lägesbild's
    # material, kept unless the municipality decides otherwise. Their themes and counts stay either way.
    dialogue_free_text_days = models.PositiveIntegerField(
        _("fritextsvar i dialoger"),
        null=True,
        blank=True,
        default=None,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_RETENTION_DAYS)],
        help_text=_("Dagar efter samtalet. Fritexten tas bort, svarsalternativen och teman finns kvar."),
    )
    case_close_days = models.PositiveIntegerField(
        _("avsluta åtgärdade och besvarade ärenden"),
        null=True,
        blank=True,
        default=None,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_RETENTION_DAYS)],
        help_text=_("Dagar utan aktivitet. Invånaren får ett meddelande om att ärendet avslutas."),
    )
    case_photo_days = models.PositiveIntegerField(
        _("foton i ärenden"),
        null=True,
        blank=True,
        default=365,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_RETENTION_DAYS)],
        help_text=_("Dagar efter att ärendet avslutades. Fotot raderas, ärendet finns kvar."),
    )
    case_anonymise_days = models.PositiveIntegerField(
        _("invånarens kontaktuppgifter i ärenden"),
        null=True,
        blank=True,
        default=730,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_RETENTION_DAYS)],
        help_text=_("Dagar efter att ärendet avslutades. Namn, e-post och telefon tas bort, ärendet finns kvar."),
    )
    case_delete_days = models.PositiveIntegerField(
        _("hela ärenden"),
        null=True,
        blank=True,
        default=None,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_RETENTION_DAYS)],
        help_text=_("Dagar efter att ärendet avslutades, enligt kommunens dokumenthanteringsplan."),
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("gallringsplan")
        verbose_name_plural = _("gallringsplaner")

    def __str__(self) -> str:
        return f"{self.organisation}: gallringsplan"

    def clean(self) -> None:
        # A case deleted before its photo or contact details would make the shorter period meaningless.
        errors = {}
        delete = self.case_delete_days
        if delete is not None:
            if self.case_anonymise_days is not None and delete < self.case_anonymise_days:
                errors["case_delete_days"] = _("Hela ärenden kan inte gallras före kontaktuppgifterna.")
            elif self.case_photo_days is not None and delete < self.case_photo_days:
                errors["case_delete_days"] = _("Hela ärenden kan inte gallras före fotona.")
        if errors:
            raise ValidationError(errors)
