from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from lofte.core.models import Organisation, Partnership


def navigation(request: HttpRequest) -> dict[str, Any]:
    """The partnerships and organisations a signed-in user can switch between in the header."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "nav_partnerships": Partnership.objects.for_user(user).only("name", "slug"),
        "nav_organisations": Organisation.objects.for_user(user).only("name", "slug"),
    }
