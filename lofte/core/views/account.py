"""The signed-in user's own account: changing the password.

It lives under /profil/, not /konto/: /konto/ is open before the second factor, and changing a password
must need the second factor too for the roles that have one.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import PasswordChangeForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from lofte.core.services import user_change_password


@login_required
def password_change(request: HttpRequest) -> HttpResponse:
    form = PasswordChangeForm(request.user, request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            user_change_password(user=request.user, password=form.cleaned_data["new_password1"])
            update_session_auth_hash(request, request.user)
            messages.success(request, _("Ditt lösenord är bytt."))
            return redirect("core:home")
        return render(request, "core/password_change.html", {"form": form}, status=400)
    return render(request, "core/password_change.html", {"form": form})
