"""The project's 400 page.

Django's own ``bad_request`` view is wrapped in ``requires_csrf_token``, whose check reads ``request.POST``
again; when the 400 came from that very body (a form post declaring a charset other than UTF-8) the second
read raises inside the error handler and the visitor gets a 500. This view touches neither the body nor the
session: the page is rendered without the request's context.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.template.loader import render_to_string


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    return HttpResponseBadRequest(render_to_string("400.html"))
