"""Residents who asked to be contacted: personal data, visible only with VIEW_CONTACT_REQUESTS."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lofte.core.access import can_in_partnership, get_partnership_for_user
from lofte.core.audit import audit_log
from lofte.core.roles import Action
from lofte.dialogues.access import get_contact_request_for_user
from lofte.dialogues.models import ContactRequest
from lofte.dialogues.services import contact_request_mark_handled


@login_required
def contact_request_list(request: HttpRequest, slug: str) -> HttpResponse:
    partnership = get_partnership_for_user(request.user, slug, action=Action.VIEW_DIALOGUES)
    if not can_in_partnership(request.user, partnership, Action.VIEW_CONTACT_REQUESTS):
        raise PermissionDenied
    requests = ContactRequest.objects.filter(campaign__partnership=partnership).select_related("campaign")
    show_handled = request.GET.get("visa") == "alla"
    if not show_handled:
        requests = requests.filter(handled_at__isnull=True)
    # Reading personal data is logged, like changing it.
    audit_log(
        actor=request.user,
        action="contact_request.view_list",
        target=partnership,
        organisation=partnership.municipality,
    )
    return render(
        request,
        "dialogues/contact_requests.html",
        {"partnership": partnership, "requests": requests, "show_handled": show_handled, "nav_section": "dialogues"},
    )


@login_required
@require_POST
def contact_request_handled(request: HttpRequest, pk: int) -> HttpResponse:
    contact_request = get_contact_request_for_user(request.user, pk)
    contact_request_mark_handled(contact_request=contact_request, by=request.user)
    messages.success(request, _("Kontaktönskemålet är markerat som hanterat."))
    return redirect(reverse("dialogues:contact_requests", args=[contact_request.campaign.partnership.slug]))
