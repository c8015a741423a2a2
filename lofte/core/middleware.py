"""Users whose role sees personal data must pass a second factor before anything else; staff sessions end when
idle and at an absolute limit; the security headers Django does not set itself."""

from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib.auth import logout
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


class StaffSessionExpiryMiddleware:
    """A staff session ends after LOFTE_SESSION_IDLE_SECONDS without a request, and LOFTE_SESSION_MAX_SECONDS
    after sign-in however busy it is: a computer left signed in at a desk or in a meeting room stops showing
    personal data. The next request is then anonymous, and the page asks to sign in again (queued field
    conversations stay in the browser until then).

    The last-seen time is written at most once a minute, so a busy session is not saved on every request.
    Only signed-in users have these keys: readers of the public pages get no session and no cookie."""

    STARTED = "_lofte_started"
    SEEN = "_lofte_seen"
    WRITE_EVERY = 60  # seconds

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            session = request.session
            now = time.time()
            started = session.get(self.STARTED)
            seen = session.get(self.SEEN)
            if started is None or seen is None:
                session[self.STARTED] = session[self.SEEN] = now
            elif now - seen > settings.LOFTE_SESSION_IDLE_SECONDS or now - started > settings.LOFTE_SESSION_MAX_SECONDS:
                logout(request)
            elif now - seen > self.WRITE_EVERY:
                session[self.SEEN] = now
        return self.get_response(request)


class SecurityHeadersMiddleware:
    """The headers Django's SecurityMiddleware does not set: Permissions-Policy (browser features the product
    does not use are off; the position only for our own pages, for the field form and the map pickers) and
    Cross-Origin-Resource-Policy (our responses are not loaded by other sites' pages, except the open data a
    view marks for every origin with Access-Control-Allow-Origin: *)."""

    PERMISSIONS_POLICY = ", ".join(
        [
            "geolocation=(self)",
            "camera=()",
            "microphone=()",
            "payment=()",
            "usb=()",
            "serial=()",
            "bluetooth=()",
            "midi=()",
            "magnetometer=()",
            "gyroscope=()",
            "accelerometer=()",
            "display-capture=()",
            "browsing-topics=()",
        ]
    )

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", self.PERMISSIONS_POLICY)
        open_data = response.headers.get("Access-Control-Allow-Origin") == "*"
        response.headers.setdefault("Cross-Origin-Resource-Policy", "cross-origin" if open_data else "same-origin")
        return response
