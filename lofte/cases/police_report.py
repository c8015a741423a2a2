"""A pre-filled police report (anmälan) of graffiti or vandalism, for the case handler to send on to the police.

The page and the PDF are built from one context here, so they never differ. The reporting organisation is the
municipality (its contact centre is the police's way back); the resident who told the municipality is named
only to roles that see personal data. WeasyPrint is imported where a PDF is made, as in lofte.situation.
"""

from __future__ import annotations

import base64
from typing import Any

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from lofte.cases.models import Case, CaseEvent, CaseKind
from lofte.core.models import ContactCentre, User

# The themes a police report is offered for: vandalism and graffiti (klotter is skadegörelse in the taxonomy,
# "klotter" is kept for partnerships whose own taxonomy names it apart).
REPORTABLE_THEMES = frozenset({"skadegorelse", "klotter"})


def is_reportable(case: Case) -> bool:
    return case.kind == CaseKind.FAULT and case.category is not None and case.category.theme in REPORTABLE_THEMES


def sent_events(case: Case) -> list[CaseEvent]:
    """When the handler marked the report as sent, newest first (a report may be sent again, with more)."""
    return list(case.events.filter(kind=CaseEvent.Kind.POLICE_REPORT).select_related("actor").order_by("-at", "-pk"))


def _photo_data_uri(case: Case) -> str:
    """The photo inline, so the PDF needs no request back to the server nor a local file path (any storage)."""
    if not case.photo:
        return ""
    try:
        with case.photo.open("rb") as handle:
            data = handle.read()
    except OSError:
        return ""
    return "data:image/jpeg;base64," + base64.b64encode(data).decode("ascii")


def police_report_context(case: Case, *, by: User, personal: bool) -> dict[str, Any]:
    """Everything the report shows. ``personal`` is whether the user's role sees personal data: without it the
    resident's name, e-mail and phone are left out (the report says so)."""
    organisation = case.organisation
    contact = ContactCentre.objects.filter(organisation=organisation).first()
    reporter = None
    if personal and (case.reporter_name or case.reporter_email or case.reporter_phone):
        reporter = {"name": case.reporter_name, "email": case.reporter_email, "phone": case.reporter_phone}
    return {
        "case": case,
        "organisation": organisation,
        "contact": contact,
        "handler_name": by.get_full_name() or by.get_username(),
        "handler_email": by.email,
        "personal": personal,
        "reporter": reporter,
        "place_name": case.place.name if case.place is not None else "",
        "sent": sent_events(case),
    }


def render_police_report_pdf(case: Case, *, by: User, personal: bool) -> bytes:
    """A4, tagged, with the photo. Made on request and never stored: it may hold the resident's details."""
    from weasyprint import CSS, HTML  # heavy import, only where a PDF is made

    context = police_report_context(case, by=by, personal=personal)
    context["photo_src"] = _photo_data_uri(case)
    html = render_to_string("cases/police_report_pdf.html", context)
    stylesheet = finders.find("lofte/police-report-print.css")
    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf(
        stylesheets=[CSS(filename=stylesheet)] if stylesheet else None, pdf_tags=True, custom_metadata=True
    )


def pdf_filename(case: Case) -> str:
    return _("polisanmalan-%(reference)s.pdf") % {"reference": case.reference}
