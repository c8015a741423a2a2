from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from lofte.open311.models import DEFAULT_RATE_LIMIT

MAX_RATE_LIMIT = 10_000


class ApiKeyForm(forms.Form):
    name = forms.CharField(label=_("Namn"), max_length=120, help_text=_("Till exempel appens eller systemets namn."))
    rate_limit = forms.IntegerField(
        label=_("Högst antal anrop per minut"), min_value=1, max_value=MAX_RATE_LIMIT, initial=DEFAULT_RATE_LIMIT
    )
    may_update = forms.BooleanField(
        label=_("Får uppdatera ärenden"),
        required=False,
        help_text=_("Bara för kommunens egna system: status och svar på ärenden via servicerequestupdates."),
    )
