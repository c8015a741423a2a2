"""Deployment checks of Löfte's own settings, run by `manage.py check --deploy` beside Django's."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Tags, Warning, register


@register(Tags.security, deploy=True)
def check_two_factor_required(app_configs: Any, **kwargs: Any) -> list[CheckMessage]:
    """Roles that see personal data must sign in with a second factor in production (GDPR: dialogue answers
    and contact requests can touch crimes, health and named people)."""
    if settings.LOFTE_REQUIRE_2FA and settings.AXES_ENABLED:
        return []
    return [
        Warning(
            "LOFTE_REQUIRE_2FA or AXES_ENABLED is off: staff who see personal data can sign in with a password "
            "alone, or passwords can be guessed without limit.",
            hint="Turn both on in production (they are on unless the environment turns them off).",
            id="lofte.W001",
        )
    ]
