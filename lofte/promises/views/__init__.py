"""Staff pages of the promises app: the section start and a partnership's promises."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from lofte.core.access import can_in_partnership, get_partnership_for_user
from lofte.core.roles import Action
from lofte.core.views.pickers import pick_partnership
from lofte.promises.forms import PromiseForm
from lofte.promises.models import Promise
from lofte.promises.services import promise_create


@login_required
def index(request: HttpRequest) -> HttpResponse:
    return pick_partnership(request, section="promises", title=_("Medborgarlöfte"), url_name="promises:partnership")


@login_required
@require_http_methods(["GET", "POST"])
def partnership(request: HttpRequest, slug: str) -> HttpResponse:
    """Every year's promise of the partnership, newest first, and a form to start the next."""
    write = request.method == "POST"
    partnership = get_partnership_for_user(
        request.user, slug, action=Action.EDIT_PROMISES if write else Action.VIEW_ANALYSIS
    )
    next_year = timezone.localdate().year + 1
    form = PromiseForm(
        request.POST or None,
        initial={"start_year": next_year, "title_sv": _("Medborgarlöfte %(year)s") % {"year": next_year}},
    )
    if write and form.is_valid():
        try:
            promise = promise_create(partnership=partnership, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return redirect(promise)
    promises = Promise.objects.filter(partnership=partnership).order_by("-start_year", "-version")
    return render(
        request,
        "promises/partnership.html",
        {
            "partnership": partnership,
            "promises": promises,
            "form": form,
            "can_edit": can_in_partnership(request.user, partnership, Action.EDIT_PROMISES),
            "nav_section": "promises",
        },
        status=400 if write else 200,
    )
