"""Open311 GeoReport v2: the client applications' API keys and what the API adds to a case.

A case that arrives through the API is an ordinary case (lofte.cases); the API only remembers which key
sent it, the media link the client gave and the attribute answers, and the ids of status updates a
municipality's own system posted, so a retried update is applied once.
"""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lofte.cases.models import Case, CaseEvent
from lofte.core.models import Organisation, User

DEFAULT_RATE_LIMIT = 120  # requests a minute: a busy app's residents, far below what hurts the server


class ApiKeyQuerySet(models.QuerySet["ApiKey"]):
    def active(self) -> ApiKeyQuerySet:
        return self.filter(revoked_at__isnull=True)


class ApiKey(models.Model):
    """One client application of one organisation. Only the key's hash is stored: the key is shown once."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="open311_keys")
    name = models.CharField(_("namn"), max_length=120, help_text=_("Till exempel appens eller systemets namn."))
    key_hash = models.CharField(max_length=64, unique=True)
    # The first characters, so staff can tell keys apart in the list; useless for guessing the rest.
    prefix = models.CharField(max_length=12)
    rate_limit = models.PositiveIntegerField(
        _("högst antal anrop per minut"), default=DEFAULT_RATE_LIMIT, help_text=_("Fler anrop får svaret 429.")
    )
    # The municipality's own systems may post status updates (servicerequestupdates); a residents' app may not.
    may_update = models.BooleanField(
        _("får uppdatera ärenden"),
        default=False,
        help_text=_("Bara för kommunens egna system: status och svar på ärenden via servicerequestupdates."),
    )
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    revoked_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    objects = ApiKeyQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None


class Submission(models.Model):
    """What the API received besides the case itself."""

    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="open311")
    api_key = models.ForeignKey(ApiKey, on_delete=models.SET_NULL, null=True, related_name="submissions")
    # Opaque and public like the request id (not the resident's tracking token): tokens/<token> resolves it.
    token = models.CharField(max_length=40, unique=True)
    media_urls = models.JSONField(default=list, blank=True)
    attributes = models.JSONField(default=dict, blank=True)
    device_id = models.CharField(max_length=100, blank=True)
    account_id = models.CharField(max_length=100, blank=True)

    def __str__(self) -> str:
        return self.token

    def attribute_rows(self) -> list[tuple[str, str]]:
        """The client's answers to the service's questions, a list answer joined, for the handler to read."""
        return [
            (code, ", ".join(value) if isinstance(value, list) else str(value))
            for code, value in sorted(self.attributes.items())
        ]


class Update(models.Model):
    """A status update a municipality's system posted (servicerequestupdates); its update_id is unique per key."""

    api_key = models.ForeignKey(ApiKey, on_delete=models.CASCADE, related_name="updates")
    update_id = models.CharField(max_length=100)
    event = models.ForeignKey(CaseEvent, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["api_key", "update_id"], name="open311_update_unique_id")]

    def __str__(self) -> str:
        return self.update_id
