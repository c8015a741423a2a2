"""The interface language: Swedish unless the visitor has chosen English with the language switch.

Django's LocaleMiddleware negotiates from the browser's Accept-Language header, so a visitor whose browser
happens to prefer English got an English interface on a Swedish municipality's site. Here only the cookie
the switch (Django's set_language view) sets counts: it is set when the visitor actively chooses a language
and never otherwise, so readers who do not choose get no cookie.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.cache import patch_vary_headers

LANGUAGE_PARAMETER = "lang"


class LanguageMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        language = chosen_language(request)
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
        response = self.get_response(request)
        if language != settings.LANGUAGE_CODE and request.GET.get(LANGUAGE_PARAMETER) == language:
            _keep_language_in_redirect(response, language)
        # The view may have switched (set_language activates the new one for its redirect).
        patch_vary_headers(response, ("Cookie",))
        response.headers.setdefault("Content-Language", translation.get_language())
        return response


def _keep_language_in_redirect(response: HttpResponse, language: str) -> None:
    """A form sent from a page in the address's language (a web survey in English) redirects on in it."""
    location = response.get("Location", "") if 300 <= response.status_code < 400 else ""
    if location.startswith("/") and not location.startswith("//") and f"{LANGUAGE_PARAMETER}=" not in location:
        response["Location"] = f"{location}{'&' if '?' in location else '?'}{LANGUAGE_PARAMETER}={language}"


def chosen_language(request: HttpRequest) -> str:
    """The language the public pages' switch put in the address (``?lang=en``), else the visitor's language
    cookie, if it is one Löfte has, else LANGUAGE_CODE. The address form lets readers of the public pages
    switch language without a cookie (lofte/public/), and a shared cache keys on it."""
    for chosen in (request.GET.get(LANGUAGE_PARAMETER), request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)):
        if chosen and chosen in dict(settings.LANGUAGES):
            return chosen
        if chosen:
            try:
                return translation.get_supported_language_variant(chosen)
            except LookupError:
                pass
    return settings.LANGUAGE_CODE


def language_query() -> str:
    """What internal links of the public pages carry so that a language chosen in the address stays: "?lang=en",
    or nothing for Swedish, the default. Templates have it as ``lang_q`` (lofte.core.context_processors)."""
    language = translation.get_language() or settings.LANGUAGE_CODE
    return "" if language == settings.LANGUAGE_CODE else f"?{LANGUAGE_PARAMETER}={language}"
