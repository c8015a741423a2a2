"""A municipality's public website: its look, the contact centre's opening hours and its news."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from lofte.core.models import ContactCentre, Organisation
from lofte.lib.colour import AA_TEXT, WHITE, contrast

DEFAULT_COLOUR = "#0b4f8a"


class PublicSite(models.Model):
    """How one municipality's public pages look. Without a row the pages use Löfte's own colour."""

    organisation = models.OneToOneField(Organisation, on_delete=models.CASCADE, related_name="public_site")
    colour = models.CharField(
        _("profilfärg"),
        max_length=7,
        default=DEFAULT_COLOUR,
        validators=[RegexValidator(r"^#[0-9a-fA-F]{6}$", _("Ange färgen som #rrggbb, till exempel #0b4f8a."))],
        help_text=_("Sidhuvudets bakgrund och länkarnas färg. Vit text på färgen måste gå att läsa (kontrast 4,5:1)."),
    )
    accessibility_contact = models.EmailField(
        _("e-post för synpunkter på tillgängligheten"),
        blank=True,
        help_text=_("Tom: kontaktcentrets e-post."),
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("webbplats")
        verbose_name_plural = _("webbplatser")

    def __str__(self) -> str:
        return str(self.organisation)

    def clean(self) -> None:
        # The colour is both the header's background under white text and the links' colour on white: one
        # contrast check covers both (WCAG 2.1 AA 1.4.3), so no colour that fails it is ever stored.
        colour = (self.colour or "").lower()
        self.colour = colour
        try:
            ratio = contrast(colour, WHITE)
        except ValueError:
            return  # the field's own validator reports the format
        if ratio < AA_TEXT:
            raise ValidationError(
                {
                    "colour": _(
                        "Färgen %(colour)s har kontrasten %(ratio).1f:1 mot vitt; minst 4,5:1 krävs. "
                        "Välj en mörkare färg."
                    )
                    % {"colour": colour, "ratio": ratio}
                }
            )


class OpeningHours(models.Model):
    """One range a weekday the contact centre is open (two rows for a day with a lunch break)."""

    contact_centre = models.ForeignKey(ContactCentre, on_delete=models.CASCADE, related_name="weekly_hours")
    weekday = models.PositiveSmallIntegerField(_("veckodag"))  # 0 = måndag, as datetime.weekday()
    opens = models.TimeField(_("öppnar"))
    closes = models.TimeField(_("stänger"))

    class Meta:
        ordering = ["weekday", "opens"]
        verbose_name = _("öppettid")
        verbose_name_plural = _("öppettider")
        constraints = [
            models.CheckConstraint(condition=Q(weekday__lte=6), name="opening_hours_weekday"),
            models.CheckConstraint(condition=Q(closes__gt=models.F("opens")), name="opening_hours_order"),
        ]

    def __str__(self) -> str:
        return f"{self.weekday} {self.opens:%H:%M}–{self.closes:%H:%M}"


class OpeningException(models.Model):
    """A date with other hours than its weekday's: closed (no ranges) or shorter, with a note."""

    contact_centre = models.ForeignKey(ContactCentre, on_delete=models.CASCADE, related_name="opening_exceptions")
    day = models.DateField(_("datum"))
    ranges = models.JSONField(_("tider"), default=list, blank=True)  # [["08:00", "12:00"], …]; [] is closed
    note = models.CharField(_("anledning"), max_length=200, blank=True)

    class Meta:
        ordering = ["day"]
        verbose_name = _("avvikande öppettid")
        verbose_name_plural = _("avvikande öppettider")
        constraints = [models.UniqueConstraint(fields=["contact_centre", "day"], name="opening_exception_one_a_day")]

    def __str__(self) -> str:
        return f"{self.day} {self.note}"


class NewsItemQuerySet(models.QuerySet["NewsItem"]):
    def published(self) -> NewsItemQuerySet:
        """What the public may see: published items. Drafts and unpublished items never."""
        return self.filter(published_at__isnull=False)


class NewsItem(models.Model):
    """A news item on a municipality's public pages, such as the announcement of a new promise."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="news_items")
    title = models.CharField(_("rubrik"), max_length=200)
    date = models.DateField(_("datum"), help_text=_("Datumet som visas vid nyheten."))
    text = models.TextField(
        _("text"),
        help_text=_(
            "Tom rad mellan stycken. Länk: [ord som syns](https://adress). "
            "En adress som börjar med https:// blir en länk."
        ),
    )
    image = models.FileField(_("bild"), upload_to="news/%Y/", blank=True)
    image_alt = models.CharField(
        _("bildens alternativtext"),
        max_length=300,
        blank=True,
        help_text=_("Beskriv vad bilden visar för den som inte ser den."),
    )
    published_at = models.DateTimeField(_("publicerad"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = NewsItemQuerySet.as_manager()

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = _("nyhet")
        verbose_name_plural = _("nyheter")
        constraints = [
            # An image is never shown without words for those who cannot see it (WCAG 1.1.1).
            models.CheckConstraint(condition=Q(image="") | ~Q(image_alt=""), name="news_image_has_alt"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("public:news_item", args=[self.organisation.slug, self.pk])

    @property
    def is_published(self) -> bool:
        return self.published_at is not None
