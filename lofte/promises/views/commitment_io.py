"""A promise's commitments exported as CSV or .xlsx, and imported from either into a draft (see
promises/commitment_io.py)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_GET, require_http_methods

from lofte.core.roles import Action
from lofte.lib.tabular import MAX_FILE_BYTES, megabytes
from lofte.promises.access import get_promise_for_user
from lofte.promises.commitment_io import export_csv, export_xlsx, import_commitments

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


class CommitmentFileForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Fil med åtaganden (CSV eller Excel)"),
        help_text=gettext_lazy("Samma kolumner som exporten. Börja gärna från en exporterad fil."),
    )

    def clean_file(self) -> object:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_FILE_BYTES:
            raise forms.ValidationError(
                _("Filen är för stor (%(size)s MB). Största tillåtna storlek är %(max)s MB.")
                % {"size": megabytes(upload.size), "max": MAX_FILE_BYTES // 1024 // 1024}
            )
        return upload


@login_required
@require_GET
def commitments_export(request: HttpRequest, slug: str, pk: int, kind: str) -> HttpResponse:
    if kind not in CONTENT_TYPES:
        raise Http404
    promise = get_promise_for_user(request.user, slug, pk)
    data = export_csv(promise) if kind == "csv" else export_xlsx(promise)
    response = HttpResponse(data, content_type=CONTENT_TYPES[kind])
    name = f"ataganden-{promise.partnership.slug}-{promise.period}-v{promise.version}.{kind}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def commitments_import(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Upload a file; every row is checked, and either all are stored or none (with the errors per row)."""
    promise = get_promise_for_user(request.user, slug, pk, action=Action.EDIT_PROMISES)
    form = CommitmentFileForm(request.POST or None, request.FILES or None)
    result = None
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            upload = form.cleaned_data["file"]
            result = import_commitments(promise=promise, by=request.user, data=upload.read(), filename=upload.name)
            if not result.errors:
                messages.success(
                    request,
                    ngettext(
                        "%(count)s åtagande importerades (%(new)s nya, %(updated)s ändrade).",
                        "%(count)s åtaganden importerades (%(new)s nya, %(updated)s ändrade).",
                        result.created + result.updated,
                    )
                    % {"count": result.created + result.updated, "new": result.created, "updated": result.updated},
                )
                return redirect(promise)
    return render(
        request,
        "promises/commitment_import.html",
        {
            "partnership": promise.partnership,
            "promise": promise,
            "form": form,
            "result": result,
            "nav_section": "promises",
        },
        status=status,
    )
