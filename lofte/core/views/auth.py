"""Sign-in, the second factor (TOTP) and sign-out."""

from __future__ import annotations

import base64
from typing import Any

import segno
from django import forms
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from lofte.core import kept
from lofte.core.services import totp_confirm, totp_device_for_enrolment


class LoginView(auth_views.LoginView):
    template_name = "core/login.html"
    redirect_authenticated_user = True

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        """The empty sign-in form is the same for every visitor without a session: kept (lofte.core.kept)."""
        if not kept.shared_page(request):
            return super().get(request, *args, **kwargs)
        key = kept.page_key(request, "core:login")
        html = kept.kept_page(key)
        if html is None:
            context = {**self.get_context_data(), "csrf_token": kept.CSRF_SLOT}
            html = render_to_string(self.template_name, context, request=request)
            kept.keep_page(key, html)
        return kept.served(request, html)


class TokenForm(forms.Form):
    token = forms.CharField(
        label=_("Engångskod"),
        max_length=8,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}),
    )


@login_required
def two_factor(request: HttpRequest) -> HttpResponse:
    """Verify a TOTP code; enrol a new authenticator first if the user has none."""
    next_url = request.POST.get("next") or request.GET.get("next") or ""
    # Only a path on this site: redirect() would take a bare word such as "start" for a view name (a 500).
    on_site = url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()})
    if not on_site or not next_url.startswith("/"):
        next_url = ""
    if request.user.is_verified():
        return redirect(next_url or "core:home")
    device = TOTPDevice.objects.devices_for_user(request.user, confirmed=True).first()
    enrolling = device is None
    if enrolling:
        device = totp_device_for_enrolment(user=request.user)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        allowed, _details = device.verify_is_allowed()
        if not allowed:
            form.add_error("token", _("För många felaktiga koder i rad. Vänta en stund och försök igen."))
        elif device.verify_token(form.cleaned_data["token"].strip()):
            if enrolling:
                totp_confirm(device=device, by=request.user)
            otp_login(request, device)
            return redirect(next_url or "core:home")
        else:
            form.add_error("token", _("Koden stämmer inte. Kontrollera klockan i telefonen och försök igen."))
    context = {"form": form, "enrolling": enrolling, "next": next_url}
    if enrolling:
        context["qr_svg"] = segno.make(device.config_url, error="m").svg_inline(scale=5, title="QR")
        context["secret"] = base64.b32encode(device.bin_key).decode()
    return render(request, "core/two_factor.html", context, status=400 if form.errors else 200)


class LogoutView(auth_views.LogoutView):
    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = super().post(request, *args, **kwargs)
        # Pages kept for offline use (the field form) must not outlive the session on a shared phone.
        # Only "cache": conversations still queued in local storage must survive a sign-out.
        response["Clear-Site-Data"] = '"cache"'
        return response
