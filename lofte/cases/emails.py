"""E-mail to residents about their case. The tracking link is not in it: only its hash is stored."""

from __future__ import annotations

from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from lofte.cases.models import Case, CaseEvent


def case_email_send(*, case: Case, reason: str, event: CaseEvent | None = None) -> bool:
    if not case.reporter_email:
        return False
    with translation.override(case.language or "sv"):
        subject = _("Ditt ärende %(reference)s hos %(organisation)s") % {
            "reference": case.reference,
            "organisation": case.organisation.name,
        }
        body = render_to_string("cases/case_email.txt", {"case": case, "reason": reason, "event": event})
    send_mail(subject, body, None, [case.reporter_email])
    return True
