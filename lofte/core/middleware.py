"""Users whose role sees personal data must pass a second factor before anything else."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

# Paths a signed-in user may reach before the second factor: the 2FA pages themselves, sign-out,
# the language switch, static files and the public pages.
_OPEN_PREFIXES = ("/static/", "/i18n/", "/konto/")


class TwoFactorRequiredMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if (
            settings.LOFTE_REQUIRE_2FA
            and user.is_authenticated
            and not user.is_verified()
            and user.needs_two_factor()
            and not request.path.startswith(_OPEN_PREFIXES)
            and not _is_public(request.path)
        ):
            return redirect(f"{reverse('core:two_factor')}?next={request.get_full_path()}")
        return self.get_response(request)


def _is_public(path: str) -> bool:
    return path.startswith("/p/")
