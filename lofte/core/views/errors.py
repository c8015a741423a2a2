"""The project's 400 page.

Django's own ``bad_request`` view is wrapped in ``requires_csrf_token``, whose check reads ``request.POST``
again; when the 400 came from that very body (a form post declaring a charset other than UTF-8) the second
read raises inside the error handler and the visitor gets a 500. This view touches neither the body nor the
session: the page is rendered without the request's context.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import BadRequest
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, QueryDict
from django.template.loader import render_to_string
from django.utils.datastructures import MultiValueDict
from django.views import debug


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    return HttpResponseBadRequest(render_to_string("400.html"))


class ExceptionReporter(debug.ExceptionReporter):
    """Django's error report (the DEBUG page, error e-mails) lists the request's POST and FILES: for a form body
    in a charset Django cannot decode, each read raises again, inside the error page, and a 400 became a 500.
    Such a body is reported as empty."""

    def get_traceback_data(self) -> dict[str, Any]:
        if self.request is not None:
            try:
                self.request.POST  # noqa: B018 - read once to learn whether it can be read
            except (BadRequest, UnicodeDecodeError, LookupError):
                self.request._post, self.request._files = QueryDict(), MultiValueDict()  # type: ignore[attr-defined]
        return super().get_traceback_data()
