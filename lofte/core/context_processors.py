from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from lofte.core.language import language_query
from lofte.core.roles import Action


def navigation(request: HttpRequest) -> dict[str, Any]:
    """What the header's menu offers: a section is shown only to those whose role may open it."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "nav_can_cases": user.is_superuser
        or any(role.may(Action.VIEW_CASES) for role in user.roles_by_organisation().values()),
    }


def language_link(request: HttpRequest) -> dict[str, Any]:
    """``lang_q``: what a public page's internal links end with, so that English chosen in the address stays
    English on the next page (the public pages set no cookie, lofte.core.language)."""
    return {"lang_q": language_query()}
