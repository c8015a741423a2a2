"""Members of an organisation: invite (or, for the platform's administrators, add directly), revoke an invitation,
change role, title, name and e-mail, remove, reset 2FA, give a new password, close or reopen the account, unlock
after too many wrong passwords."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_otp.plugins.otp_totp.models import TOTPDevice

from lofte.core.access import (
    get_invitation_for_user,
    get_membership_for_user,
    get_organisation_for_user,
    may_manage_account,
)
from lofte.core.forms import MemberAddForm, MemberInviteForm, MembershipForm
from lofte.core.models import EmailChange, Invitation, Membership, Organisation
from lofte.core.roles import Action
from lofte.core.selectors import locked_out_usernames
from lofte.core.services import (
    EMAIL_CHANGE_VALID_DAYS,
    INVITATION_VALID_DAYS,
    email_change_request,
    invitation_create,
    invitation_revoke,
    membership_add,
    membership_change,
    membership_remove,
    user_reset_password,
    user_reset_two_factor,
    user_set_active,
    user_unlock,
    user_update,
)


@login_required
def member_list(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = get_organisation_for_user(request.user, slug, action=Action.MANAGE_ORGANISATION)
    memberships = list(Membership.objects.filter(organisation=organisation).select_related("user"))
    enrolled = set(
        TOTPDevice.objects.filter(user__memberships__organisation=organisation, confirmed=True).values_list(
            "user_id", flat=True
        )
    )
    locked = locked_out_usernames(usernames=[m.user.username for m in memberships])
    return render(
        request,
        "core/member_list.html",
        {
            "organisation": organisation,
            "memberships": memberships,
            "enrolled": enrolled,
            "locked": {m.user_id for m in memberships if m.user.username in locked},
            "manageable": {m.user_id for m in memberships if may_manage_account(user=m.user, by=request.user)},
            "invitations": Invitation.objects.open().filter(organisation=organisation).order_by("email"),
            "nav_section": "admin",
        },
    )


@login_required
def member_add(request: HttpRequest, slug: str) -> HttpResponse:
    """The platform's administrators add directly; an organisation's administrator invites, and the answer is the
    same for every address, whether it has an account here, elsewhere or none."""
    organisation = get_organisation_for_user(request.user, slug, action=Action.MANAGE_ORGANISATION)
    if request.user.is_superuser:
        return _member_add_directly(request, organisation)
    form = MemberInviteForm(request.POST or None, organisation=organisation)
    context = {"organisation": organisation, "form": form, "nav_section": "admin", "invite": True}
    if request.method == "POST":
        if form.is_valid():
            try:
                invitation_create(organisation=organisation, by=request.user, **form.cleaned_data)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(
                    request,
                    _(
                        "En inbjudan är skickad till %(email)s. Personen blir medlem när hen tackar ja; "
                        "inbjudan gäller i %(days)s dagar."
                    )
                    % {"email": form.cleaned_data["email"], "days": INVITATION_VALID_DAYS},
                )
                return redirect("core:member_list", organisation.slug)
        return render(request, "core/member_form.html", context, status=400)
    return render(request, "core/member_form.html", context)


def _member_add_directly(request: HttpRequest, organisation: Organisation) -> HttpResponse:
    form = MemberAddForm(request.POST or None, organisation=organisation)
    context = {"organisation": organisation, "form": form, "nav_section": "admin"}
    if request.method == "POST":
        if form.is_valid():
            try:
                added = membership_add(organisation=organisation, by=request.user, **form.cleaned_data)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                if added.password:
                    # Shown once, on this response only: it is not stored anywhere in clear text.
                    response = render(request, "core/member_added.html", context | {"added": added})
                    response["Cache-Control"] = "no-store"
                    return response
                messages.success(request, _("%(user)s är tillagd.") % {"user": added.membership.user})
                return redirect("core:member_list", organisation.slug)
        return render(request, "core/member_form.html", context, status=400)
    return render(request, "core/member_form.html", context)


@require_POST
@login_required
def member_invitation_revoke(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    invitation = get_invitation_for_user(request.user, pk, organisation_slug=slug)
    try:
        invitation_revoke(invitation=invitation, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Inbjudan till %(email)s är återkallad.") % {"email": invitation.email})
    return redirect("core:member_list", slug)


@login_required
def member_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    membership = get_membership_for_user(request.user, pk, organisation_slug=slug)
    manage_account = may_manage_account(user=membership.user, by=request.user)
    form = MembershipForm(
        request.POST or None, instance=Membership.objects.get(pk=membership.pk), manage_account=manage_account
    )
    user = membership.user
    context = {
        "organisation": membership.organisation,
        "membership": membership,
        "form": form,
        "manage_account": manage_account,
        "email_change": manage_account
        and EmailChange.objects.filter(user=user, confirmed_at__isnull=True, expires_at__gt=timezone.now()).first(),
        "nav_section": "admin",
    }
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            # Another address is set directly only by the platform's administrators; anyone else's change waits
            # for the new address to confirm it, and gets the same answer whether or not an account has it.
            email = data["email"].strip().lower() if manage_account else ""
            new_email = manage_account and email != user.email.lower() and not request.user.is_superuser
            try:
                with transaction.atomic():
                    membership_change(membership=membership, by=request.user, role=data["role"], title=data["title"])
                    if manage_account:
                        user_update(
                            user=user,
                            by=request.user,
                            first_name=data["first_name"],
                            last_name=data["last_name"],
                            email=user.email if new_email else data["email"],
                        )
                    if new_email:
                        email_change_request(user=user, email=email, by=request.user)
            except ValidationError as error:
                if hasattr(error, "error_dict"):
                    for field, errors in error.error_dict.items():
                        form.add_error(field if field in form.fields else None, errors)
                else:
                    form.add_error("role", error)
            else:
                messages.success(request, _("Ändringarna är sparade."))
                if new_email:
                    messages.info(
                        request,
                        _(
                            "Ett mejl med en länk är skickat till %(email)s. Kontot byter till den adressen när "
                            "länken har öppnats, inom %(days)s dagar."
                        )
                        % {"email": email, "days": EMAIL_CHANGE_VALID_DAYS},
                    )
                return redirect("core:member_list", slug)
        return render(request, "core/member_form.html", context, status=400)
    return render(request, "core/member_form.html", context)


@login_required
def member_password(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """A new generated password for a member who forgot theirs, shown once."""
    membership = get_membership_for_user(request.user, pk, organisation_slug=slug, manage_account=True)
    context = {"organisation": membership.organisation, "membership": membership, "nav_section": "admin"}
    if request.method == "POST":
        password = user_reset_password(user=membership.user, by=request.user)
        response = render(request, "core/member_password.html", context | {"password": password})
        response["Cache-Control"] = "no-store"  # shown on this response only, stored nowhere in clear text
        return response
    return render(
        request,
        "core/confirm_delete.html",
        context
        | {
            "object": membership,
            "title": _("Nytt lösenord för %(user)s?") % {"user": membership.user},
            "text": _("Ett nytt lösenord skapas och visas en gång. Det gamla slutar gälla och hen loggas ut överallt."),
            "confirm_label": _("Skapa nytt lösenord"),
            "parent_url": "core:member_list",
            "parent_label": _("Medlemmar"),
        },
    )


@require_POST
@login_required
def member_active(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Close the member's account (no sign-in anywhere, open sessions end) or open it again."""
    membership = get_membership_for_user(request.user, pk, organisation_slug=slug, manage_account=True)
    active = request.POST.get("active") == "1"
    try:
        user_set_active(user=membership.user, active=active, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("core:member_edit", slug, pk)
    if active:
        messages.success(request, _("Kontot för %(user)s är öppet igen.") % {"user": membership.user})
    else:
        messages.success(request, _("Kontot för %(user)s är avstängt.") % {"user": membership.user})
    return redirect("core:member_edit", slug, pk)


@login_required
def member_remove(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    membership = get_membership_for_user(request.user, pk, organisation_slug=slug)
    context = {
        "organisation": membership.organisation,
        "object": membership,
        "title": _("Ta bort %(user)s från %(organisation)s?")
        % {"user": membership.user, "organisation": membership.organisation},
        "text": _("Kontot finns kvar men får ingen åtkomst till organisationens uppgifter."),
        "parent_url": "core:member_list",
        "parent_label": _("Medlemmar"),
        "nav_section": "admin",
    }
    if request.method == "POST":
        try:
            membership_remove(membership=membership, by=request.user)
        except ValidationError as error:
            context["error"] = " ".join(error.messages)
            return render(request, "core/confirm_delete.html", context, status=400)
        messages.success(request, _("%(user)s är borttagen.") % {"user": membership.user})
        return redirect("core:member_list", slug)
    return render(request, "core/confirm_delete.html", context)


@login_required
def member_reset_two_factor(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    membership = get_membership_for_user(request.user, pk, organisation_slug=slug, manage_account=True)
    if request.method == "POST":
        user_reset_two_factor(user=membership.user, organisation=membership.organisation, by=request.user)
        messages.success(
            request,
            _("Tvåfaktorsinloggningen för %(user)s är återställd. Hen registrerar en ny app vid nästa inloggning.")
            % {"user": membership.user},
        )
        return redirect("core:member_list", slug)
    return render(
        request,
        "core/confirm_delete.html",
        {
            "organisation": membership.organisation,
            "object": membership,
            "title": _("Återställ tvåfaktorsinloggningen för %(user)s?") % {"user": membership.user},
            "text": _("Användarens autentiseringsappar tas bort. Vid nästa inloggning skannar hen en ny QR-kod."),
            "confirm_label": _("Återställ"),
            "parent_url": "core:member_list",
            "parent_label": _("Medlemmar"),
            "nav_section": "admin",
        },
    )


@require_POST
@login_required
def member_unlock(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Let a member locked out after too many wrong passwords try again now, not after the cool-off. That lets
    someone guess passwords again, so it needs the same right as giving a new password."""
    membership = get_membership_for_user(request.user, pk, organisation_slug=slug, manage_account=True)
    user_unlock(user=membership.user, organisation=membership.organisation, by=request.user)
    messages.success(request, _("%(user)s kan logga in igen.") % {"user": membership.user})
    return redirect("core:member_list", slug)
