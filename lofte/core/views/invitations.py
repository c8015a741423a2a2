"""The invited person's side of an invitation: the e-mailed link, and the list of open invitations after sign-in."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from lofte.core.access import get_invitation_for_invitee, get_invitation_for_token
from lofte.core.forms import InvitationAccountForm
from lofte.core.models import Invitation, User
from lofte.core.services import (
    invitation_accept,
    invitation_accept_new_account,
    invitation_decline,
)


@login_required
def invitation_list(request: HttpRequest) -> HttpResponse:
    invitations = Invitation.objects.pending().for_email(request.user.email).select_related("organisation")
    shared = request.user.memberships.exists()
    return render(request, "core/invitation_list.html", {"invitations": invitations, "shared": shared})


@require_POST
@login_required
def invitation_answer(request: HttpRequest, pk: int) -> HttpResponse:
    invitation = get_invitation_for_invitee(request.user, pk)
    try:
        if request.POST.get("answer") == "accept":
            invitation_accept(invitation=invitation, user=request.user)
            messages.success(request, _("Du är nu med i %(organisation)s.") % {"organisation": invitation.organisation})
            return redirect("core:home")
        invitation_decline(invitation=invitation, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("core:invitation_list")
    messages.success(request, _("Du har tackat nej till %(organisation)s.") % {"organisation": invitation.organisation})
    return redirect("core:invitation_list")


@never_cache
def invitation_open(request: HttpRequest, token: str) -> HttpResponse:
    """The e-mailed link. An address that has an account answers signed in as that account (the list above);
    an address without one makes its account here, which proves it reads the address's mail."""
    try:
        invitation = get_invitation_for_token(token)
    except Http404:
        return render(request, "core/invitation_open.html", {"gone": True}, status=404)
    context: dict[str, object] = {"invitation": invitation}
    if request.user.is_authenticated:
        if request.user.email.lower() == invitation.email.lower():
            return redirect("core:invitation_list")
        return render(request, "core/invitation_open.html", context | {"other_account": True}, status=403)
    if User.objects.filter(email__iexact=invitation.email).exists():
        return redirect(f"{reverse('core:login')}?next={reverse('core:invitation_list')}")
    form = InvitationAccountForm(
        request.POST if request.POST.get("answer") == "accept" else None, email=invitation.email
    )
    context["form"] = form
    if request.method == "POST":
        try:
            if request.POST.get("answer") == "decline":
                invitation_decline(invitation=invitation, user=None)
                return render(request, "core/invitation_open.html", {"declined": True})
            if form.is_valid():
                invitation_accept_new_account(
                    invitation=invitation,
                    first_name=form.cleaned_data["first_name"],
                    last_name=form.cleaned_data["last_name"],
                    password=form.cleaned_data["password1"],
                )
                messages.success(
                    request,
                    _("Kontot är skapat och du är med i %(organisation)s. Logga in med %(email)s och ditt lösenord.")
                    % {"organisation": invitation.organisation, "email": invitation.email},
                )
                return redirect("core:login")
        except ValidationError as error:
            form.add_error(None, error)
        return render(request, "core/invitation_open.html", context, status=400)
    return render(request, "core/invitation_open.html", context)
