"""Partnerships: the kommun and lokalpolisområde (and other partners) that share dialogues and promises."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from lofte.core.access import can_edit_partnership, get_partnership_for_user, require_platform_admin
from lofte.core.forms import PartnershipCreateForm, PartnershipUpdateForm
from lofte.core.models import Partnership
from lofte.core.roles import Action
from lofte.core.services import partnership_create as create_partnership
from lofte.core.services import partnership_update


@login_required
def partnership_list(request: HttpRequest) -> HttpResponse:
    partnerships = (
        Partnership.objects.for_user(request.user)
        .select_related("municipality", "police_area")
        .prefetch_related("other_partners")
    )
    return render(request, "core/partnership_list.html", {"partnerships": partnerships, "nav_section": "admin"})


@login_required
def partnership_create(request: HttpRequest) -> HttpResponse:
    require_platform_admin(request.user)
    form = PartnershipCreateForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            try:
                partnership = create_partnership(by=request.user, **form.cleaned_data)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("%(name)s är skapad.") % {"name": partnership.name})
                return redirect(partnership)
        return render(request, "core/partnership_form.html", {"form": form, "nav_section": "admin"}, status=400)
    return render(request, "core/partnership_form.html", {"form": form, "nav_section": "admin"})


@login_required
def partnership_detail(request: HttpRequest, slug: str) -> HttpResponse:
    partnership = get_partnership_for_user(request.user, slug, action=Action.VIEW_DIALOGUES)
    return render(
        request,
        "core/partnership_detail.html",
        {
            "partnership": partnership,
            "can_edit": can_edit_partnership(request.user, partnership),
            "nav_section": "admin",
        },
    )


@login_required
def partnership_edit(request: HttpRequest, slug: str) -> HttpResponse:
    partnership = get_partnership_for_user(request.user, slug, action=Action.VIEW_DIALOGUES)
    if not can_edit_partnership(request.user, partnership):
        raise PermissionDenied
    form = PartnershipUpdateForm(
        request.POST or None, instance=Partnership.objects.get(pk=partnership.pk), by=request.user
    )
    context = {"form": form, "partnership": partnership, "nav_section": "admin"}
    if request.method == "POST":
        if form.is_valid():
            partnership_update(
                partnership=partnership,
                by=request.user,
                name=form.cleaned_data["name"],
                other_partners=list(form.cleaned_data["other_partners"]),
            )
            messages.success(request, _("Ändringarna är sparade."))
            return redirect(partnership)
        return render(request, "core/partnership_form.html", context, status=400)
    return render(request, "core/partnership_form.html", context)
