"""The import wizard: upload a file, map its columns, see every row's errors, import (inline or in the
background with the page polling)."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from lofte.dialogues.access import get_campaign_for_user, get_import_batch_for_user
from lofte.dialogues.imports import (
    BACKGROUND_THRESHOLD,
    ImportFileGone,
    ImportRefused,
    dialogue_import_mark_queued,
    dialogue_import_preview,
    dialogue_import_run,
    dialogue_import_set_mapping,
    dialogue_import_upload,
    dialogue_import_validate,
    missing_required_notice,
    missing_required_questions,
)
from lofte.dialogues.models import Campaign, ImportBatch
from lofte.dialogues.tasks import run_dialogue_import
from lofte.lib.tabular import TableError, column_letter


class UploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Fil med dialoger"),
        help_text=gettext_lazy("En CSV-fil eller en Excel-fil (.xlsx) med en rubrikrad och ett samtal per rad."),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.txt,.xlsx,text/csv"}),
    )

    def clean_file(self):  # type: ignore[no-untyped-def]
        upload = self.cleaned_data["file"]
        limit = settings.LOFTE_MAX_UPLOAD_BYTES
        if upload.size > limit:
            raise ValidationError(
                _("Filen är för stor (%(size)s MB). Största tillåtna storlek är %(max)s MB.")
                % {"size": round(upload.size / 1024 / 1024, 1), "max": limit // 1024 // 1024}
            )
        return upload


class MappingForm(forms.Form):
    """One choice per column of the file: which question or respondent attribute it holds."""

    def __init__(self, *args, preview, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        choices = [("", _("– importeras inte –")), *preview.targets]
        self.headers = preview.headers
        for index, header in enumerate(preview.headers):
            examples = [row[index] for row in preview.rows if row[index]][:3]
            self.fields[f"col_{index}"] = forms.ChoiceField(
                label=_("Kolumn %(letter)s: %(header)s") % {"letter": column_letter(index), "header": header},
                choices=choices,
                required=False,
                initial=preview.mapping.get(header, ""),
                # Django renders help text as HTML and these are the file's cells: escaped here.
                help_text=format_html(_("Exempel: {values}"), values=" · ".join(v[:40] for v in examples))
                if examples
                else _("Tom i de första raderna."),
            )

    def mapping(self) -> dict[str, str]:
        return {header: self.cleaned_data.get(f"col_{i}", "") for i, header in enumerate(self.headers)}

    def add_mapping_errors(self, error: ValidationError) -> None:
        index_of = {header: i for i, header in enumerate(self.headers)}
        for key, messages_ in error.message_dict.items():
            field = f"col_{index_of[key]}" if key in index_of else None
            for message in messages_:
                self.add_error(field, message)


def _context(campaign: Campaign, **extra) -> dict:  # type: ignore[no-untyped-def]
    return {"campaign": campaign, "partnership": campaign.partnership, "nav_section": "dialogues", **extra}


def _missing_required(campaign: Campaign, mapping: dict[str, str]) -> str:
    """The warning for required questions no column is mapped to ("" when there are none)."""
    missing = missing_required_questions(campaign, mapping)
    return missing_required_notice(missing) if missing else ""


@login_required
@require_http_methods(["GET", "POST"])
def import_upload(request: HttpRequest, slug: str) -> HttpResponse:
    campaign = get_campaign_for_user(request.user, slug, write=True)
    recent = campaign.import_batches.select_related("created_by")[:10]
    if request.method == "POST":
        form = UploadForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                batch = dialogue_import_upload(
                    campaign=campaign, by=request.user, filename=upload.name, data=upload.read()
                )
            except TableError as error:
                form.add_error("file", error.message)
            else:
                return redirect("dialogues:import_map", batch.pk)
        return render(request, "dialogues/import_upload.html", _context(campaign, form=form, recent=recent), status=400)
    return render(request, "dialogues/import_upload.html", _context(campaign, form=UploadForm(), recent=recent))


def _read_or_restart(request: HttpRequest, batch: ImportBatch):  # type: ignore[no-untyped-def]
    try:
        return dialogue_import_preview(batch=batch)
    except (TableError, ImportFileGone):
        messages.error(request, _("Filen finns inte längre kvar. Ladda upp den igen."))
        return None


def _upload_again(request: HttpRequest, batch: ImportBatch, error: ImportFileGone) -> HttpResponse:
    messages.error(request, str(error))
    return redirect("dialogues:import_upload", batch.campaign.slug)


@login_required
@require_http_methods(["GET", "POST"])
def import_map(request: HttpRequest, pk: int) -> HttpResponse:
    batch = get_import_batch_for_user(request.user, pk)
    if batch.status in (ImportBatch.Status.DONE, ImportBatch.Status.QUEUED, ImportBatch.Status.RUNNING):
        return redirect(batch)
    preview = _read_or_restart(request, batch)
    if preview is None:
        return redirect("dialogues:import_upload", batch.campaign.slug)
    if request.method == "POST":
        form = MappingForm(request.POST, preview=preview)
        if form.is_valid():
            try:
                dialogue_import_set_mapping(batch=batch, by=request.user, mapping=form.mapping())
            except ValidationError as error:
                form.add_mapping_errors(error)
            else:
                try:
                    dialogue_import_validate(batch=batch)
                except ImportFileGone as error:
                    return _upload_again(request, batch, error)
                return redirect("dialogues:import_review", batch.pk)
        posted = {h: request.POST.get(f"col_{i}", "") for i, h in enumerate(preview.headers)}
        return render(
            request,
            "dialogues/import_map.html",
            _context(
                batch.campaign,
                batch=batch,
                preview=preview,
                form=form,
                missing_required=_missing_required(batch.campaign, posted),
            ),
            status=400,
        )
    form = MappingForm(preview=preview)
    return render(
        request,
        "dialogues/import_map.html",
        _context(
            batch.campaign,
            batch=batch,
            preview=preview,
            form=form,
            missing_required=_missing_required(batch.campaign, preview.mapping),
        ),
    )


@login_required
@require_http_methods(["GET", "POST"])
def import_review(request: HttpRequest, pk: int) -> HttpResponse:
    batch = get_import_batch_for_user(request.user, pk)
    if batch.status != ImportBatch.Status.VALIDATED and batch.status != ImportBatch.Status.FAILED:
        return redirect(
            "dialogues:import_map" if batch.status == ImportBatch.Status.UPLOADED else "dialogues:import_status",
            batch.pk,
        )
    context = _context(
        batch.campaign,
        batch=batch,
        background=batch.total_rows > BACKGROUND_THRESHOLD,
        missing_required=_missing_required(batch.campaign, batch.mapping),
    )
    if request.method == "POST":
        only_valid = request.POST.get("only_valid") == "1"
        if batch.error_rows and not only_valid:
            context["refused"] = _("Filen har fel. Välj att importera bara de giltiga raderna, eller rätta filen.")
            return render(request, "dialogues/import_review.html", context, status=400)
        if not batch.file:
            # Culled while the user was away (IMPORT_FILE_RETENTION_DAYS): the rows are gone with it.
            return _upload_again(request, batch, ImportFileGone())
        if batch.total_rows > BACKGROUND_THRESHOLD:
            dialogue_import_mark_queued(batch=batch, only_valid=only_valid)
            user_id = request.user.pk
            transaction.on_commit(
                lambda: run_dialogue_import.enqueue(batch_id=batch.pk, user_id=user_id, only_valid=only_valid)
            )
            return redirect(batch)
        try:
            dialogue_import_run(campaign=batch.campaign, by=request.user, batch=batch, only_valid=only_valid)
        except ImportFileGone as error:
            return _upload_again(request, batch, error)
        except ImportRefused as error:
            context["refused"] = str(error)
            batch.refresh_from_db()
            return render(request, "dialogues/import_review.html", {**context, "batch": batch}, status=400)
        # The status page says how many were imported.
        return redirect(batch)
    return render(request, "dialogues/import_review.html", context)


@login_required
def import_status(request: HttpRequest, pk: int) -> HttpResponse:
    batch = get_import_batch_for_user(request.user, pk)
    context = _context(batch.campaign, batch=batch)
    if request.htmx:
        return render(request, "dialogues/import_status.html#status", context)
    return render(request, "dialogues/import_status.html", context)
