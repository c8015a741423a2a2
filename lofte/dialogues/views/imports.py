"""The import wizard: upload a file, choose its sheet and header row, map its columns (and which to fill
down), see every row's errors, confirm the columns left out, import, and undo. A large file is read,
checked and imported by the task worker while the status page polls: never parsed in a request."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_http_methods, require_POST

from lofte.dialogues.access import get_campaign_for_user, get_import_batch_for_user
from lofte.dialogues.import_rows import unused_columns
from lofte.dialogues.imports import (
    BACKGROUND_BYTES,
    BACKGROUND_THRESHOLD,
    ImportFileGone,
    ImportRefused,
    Preview,
    dialogue_import_mark_checking,
    dialogue_import_mark_queued,
    dialogue_import_preview,
    dialogue_import_queue_layout,
    dialogue_import_receive,
    dialogue_import_run,
    dialogue_import_set_layout,
    dialogue_import_set_mapping,
    dialogue_import_undo,
    dialogue_import_upload,
    dialogue_import_validate,
    earlier_import,
    in_background,
    missing_required_notice,
    missing_required_questions,
)
from lofte.dialogues.models import Campaign, ImportBatch
from lofte.dialogues.selectors import corrected_import_count
from lofte.dialogues.tasks import check_dialogue_import, read_dialogue_import, run_dialogue_import
from lofte.lib.tabular import TableError, column_letter, megabytes, where


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
                % {"size": megabytes(upload.size), "max": limit // 1024 // 1024}
            )
        return upload


class LayoutForm(forms.Form):
    """Which sheet of a workbook and which row holds the column names."""

    sheet = forms.ChoiceField(label=gettext_lazy("Blad"), required=False)
    header_row = forms.IntegerField(
        label=gettext_lazy("Rubrikrad"),
        min_value=1,
        max_value=1_000_000,
        required=False,
        help_text=gettext_lazy("Radnumret som ditt kalkylprogram visar. Lämna tomt för att hitta raden själv."),
    )

    def __init__(self, *args, batch: ImportBatch, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, initial={"sheet": batch.sheet, "header_row": batch.header_row}, **kwargs)
        self.fields["sheet"].choices = [(name, name) for name in batch.sheets]
        if len(batch.sheets) < 2:
            self.fields["sheet"].widget = forms.HiddenInput()


class MappingForm(forms.Form):
    """One choice per column of the file: which question or respondent attribute it holds, and whether its
    blank cells take the value above (a name written once per block)."""

    def __init__(self, *args, preview: Preview, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        choices = [("", _("– importeras inte –")), *preview.targets]
        self.headers = preview.headers
        for index, header in enumerate(preview.headers):
            examples = [row[index] for row in preview.rows if index < len(row) and row[index]][:3]
            # The examples are cell values: the template shows them escaped, never through help_text (HTML).
            self.fields[f"col_{index}"] = forms.ChoiceField(
                label=_("Kolumn %(letter)s: %(header)s") % {"letter": column_letter(index), "header": header},
                choices=choices,
                required=False,
                initial=preview.mapping.get(header, ""),
            )
            self.fields[f"fill_{index}"] = forms.BooleanField(
                label=_("Fyll tomma celler i kolumn %(letter)s med värdet ovanför") % {"letter": column_letter(index)},
                required=False,
                initial=header in preview.fill_down,
            )
            self.fields[f"col_{index}"].examples = examples  # type: ignore[attr-defined]

    def columns(self) -> list[dict[str, object]]:
        return [
            {"choice": self[f"col_{i}"], "fill": self[f"fill_{i}"], "examples": self.fields[f"col_{i}"].examples}  # type: ignore[attr-defined]
            for i in range(len(self.headers))
        ]

    def mapping(self) -> dict[str, str]:
        return {header: self.cleaned_data.get(f"col_{i}", "") for i, header in enumerate(self.headers)}

    def fill_down(self) -> list[str]:
        return [header for i, header in enumerate(self.headers) if self.cleaned_data.get(f"fill_{i}")]

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


def _background(batch: ImportBatch) -> bool:
    return in_background(batch, rows=BACKGROUND_THRESHOLD, size=BACKGROUND_BYTES)


@login_required
@require_http_methods(["GET", "POST"])
def import_upload(request: HttpRequest, slug: str) -> HttpResponse:
    campaign = get_campaign_for_user(request.user, slug, write=True)
    recent = campaign.import_batches.select_related("created_by")[:10]
    if request.method == "POST":
        form = UploadForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            data = upload.read()
            try:
                if len(data) > BACKGROUND_BYTES:
                    batch = dialogue_import_receive(campaign=campaign, by=request.user, filename=upload.name, data=data)
                    batch_id = batch.pk
                    transaction.on_commit(lambda: read_dialogue_import.enqueue(batch_id=batch_id))
                    return redirect(batch)
                batch = dialogue_import_upload(campaign=campaign, by=request.user, filename=upload.name, data=data)
            except TableError as error:
                form.add_error("file", error.message)
            else:
                return redirect("dialogues:import_map", batch.pk)
        return render(request, "dialogues/import_upload.html", _context(campaign, form=form, recent=recent), status=400)
    return render(request, "dialogues/import_upload.html", _context(campaign, form=UploadForm(), recent=recent))


def _upload_again(request: HttpRequest, batch: ImportBatch, error: ImportFileGone) -> HttpResponse:
    messages.error(request, str(error))
    return redirect("dialogues:import_upload", batch.campaign.slug)


def _render_map(
    request: HttpRequest,
    batch: ImportBatch,
    preview: Preview,
    *,
    form: MappingForm,
    layout: LayoutForm,
    status: int = 200,
) -> HttpResponse:
    mapping = form.mapping() if form.is_bound and hasattr(form, "cleaned_data") else preview.mapping
    context = _context(
        batch.campaign,
        batch=batch,
        preview=preview,
        form=form,
        layout=layout,
        header_where=where("xlsx" if batch.sheets else "csv", batch.header_row or 1),
        preview_rows=list(zip(preview.row_numbers, preview.rows, strict=True)),
        missing_required=_missing_required(batch.campaign, mapping),
    )
    return render(request, "dialogues/import_map.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def import_map(request: HttpRequest, pk: int) -> HttpResponse:
    batch = get_import_batch_for_user(request.user, pk)
    if batch.status not in (ImportBatch.Status.UPLOADED, ImportBatch.Status.VALIDATED):
        return redirect(batch)
    try:
        preview = dialogue_import_preview(batch=batch)
    except ImportFileGone as error:
        return _upload_again(request, batch, error)
    if request.method == "POST" and "layout" in request.POST:
        layout = LayoutForm(request.POST, batch=batch)
        if layout.is_valid():
            sheet = layout.cleaned_data["sheet"] or batch.sheet
            # Another sheet has its own header row: find it unless one is given.
            header_row = layout.cleaned_data["header_row"] if sheet == batch.sheet else None
            if _background(batch):
                dialogue_import_queue_layout(batch=batch, sheet=sheet, header_row=header_row)
                transaction.on_commit(lambda: read_dialogue_import.enqueue(batch_id=batch.pk))
                return redirect(batch)
            try:
                dialogue_import_set_layout(batch=batch, sheet=sheet, header_row=header_row)
            except ImportFileGone as error:
                return _upload_again(request, batch, error)
            except TableError as error:
                layout.add_error("header_row", error.message)
            else:
                return redirect("dialogues:import_map", batch.pk)
        return _render_map(request, batch, preview, form=MappingForm(preview=preview), layout=layout, status=400)
    layout = LayoutForm(batch=batch)
    if request.method == "POST":
        form = MappingForm(request.POST, preview=preview)
        if form.is_valid():
            try:
                dialogue_import_set_mapping(
                    batch=batch, by=request.user, mapping=form.mapping(), fill_down=form.fill_down()
                )
            except ValidationError as error:
                form.add_mapping_errors(error)
            else:
                if _background(batch):
                    dialogue_import_mark_checking(batch=batch)
                    transaction.on_commit(lambda: check_dialogue_import.enqueue(batch_id=batch.pk))
                    return redirect(batch)
                try:
                    dialogue_import_validate(batch=batch)
                except ImportFileGone as error:
                    return _upload_again(request, batch, error)
                return redirect("dialogues:import_review", batch.pk)
        return _render_map(request, batch, preview, form=form, layout=layout, status=400)
    return _render_map(request, batch, preview, form=MappingForm(preview=preview), layout=layout)


@login_required
@require_http_methods(["GET", "POST"])
def import_review(request: HttpRequest, pk: int) -> HttpResponse:
    batch = get_import_batch_for_user(request.user, pk)
    if batch.status != ImportBatch.Status.VALIDATED and batch.status != ImportBatch.Status.FAILED:
        return redirect(
            "dialogues:import_map" if batch.status == ImportBatch.Status.UPLOADED else "dialogues:import_status",
            batch.pk,
        )
    unused = unused_columns(batch.mapping)
    earlier = earlier_import(batch)
    context = _context(
        batch.campaign,
        batch=batch,
        background=_background(batch),
        missing_required=_missing_required(batch.campaign, batch.mapping),
        unused=unused,
        earlier=earlier,
    )
    if request.method == "POST":
        only_valid = request.POST.get("only_valid") == "1"
        replace = earlier if earlier is not None and request.POST.get("replace") == "1" else None
        # A refused post shows the form again with the user's choices, not blank boxes they would miss.
        context["replace_checked"] = replace is not None
        context["unused_confirmed"] = request.POST.get("confirm_unused") == "1"
        if batch.error_rows and not only_valid:
            context["refused"] = _("Filen har fel. Välj att importera bara de giltiga raderna, eller rätta filen.")
            return render(request, "dialogues/import_review.html", context, status=400)
        if unused and request.POST.get("confirm_unused") != "1":
            context["refused"] = ngettext(
                "Bekräfta att kolumnen som inte importeras ska lämnas utanför.",
                "Bekräfta att de %(count)s kolumnerna som inte importeras ska lämnas utanför.",
                len(unused),
            ) % {"count": len(unused)}
            context["confirm_error"] = True
            return render(request, "dialogues/import_review.html", context, status=400)
        if not batch.file:
            # Culled while the user was away (the retention schedule's import_file_days): the rows are gone with it.
            return _upload_again(request, batch, ImportFileGone())
        if _background(batch):
            dialogue_import_mark_queued(batch=batch, only_valid=only_valid)
            user_id, replace_id = request.user.pk, replace.pk if replace is not None else None
            transaction.on_commit(
                lambda: run_dialogue_import.enqueue(
                    batch_id=batch.pk, user_id=user_id, only_valid=only_valid, replace_id=replace_id
                )
            )
            return redirect(batch)
        try:
            dialogue_import_run(
                campaign=batch.campaign, by=request.user, batch=batch, only_valid=only_valid, replace=replace
            )
        except ImportFileGone as error:
            return _upload_again(request, batch, error)
        except ImportRefused as error:
            context["refused"] = str(error)
            batch.refresh_from_db()
            return render(request, "dialogues/import_review.html", {**context, "batch": batch}, status=400)
        # The status page says how many were imported.
        return redirect(batch)
    return render(request, "dialogues/import_review.html", context)


# Where the status page sends the user once the worker has read or checked the file.
_NEXT_STEP = {
    ImportBatch.Status.UPLOADED: "dialogues:import_map",
    ImportBatch.Status.VALIDATED: "dialogues:import_review",
}


_UNDOABLE_OR_UNDONE = (ImportBatch.Status.DONE, ImportBatch.Status.UNDONE)


@login_required
def import_status(request: HttpRequest, pk: int) -> HttpResponse:
    batch = get_import_batch_for_user(request.user, pk)
    next_step = reverse(_NEXT_STEP[batch.status], args=[batch.pk]) if batch.status in _NEXT_STEP else ""
    corrected = corrected_import_count(batch) if batch.status in _UNDOABLE_OR_UNDONE else 0
    context = _context(batch.campaign, batch=batch, next_step=next_step, corrected=corrected)
    if request.htmx:
        response = render(request, "dialogues/import_status.html#status", context)
        if next_step:
            response["HX-Redirect"] = next_step
        return response
    return render(request, "dialogues/import_status.html", context)


@login_required
@require_POST
def import_undo(request: HttpRequest, pk: int) -> HttpResponse:
    batch = get_import_batch_for_user(request.user, pk)
    try:
        removed = dialogue_import_undo(batch=batch, by=request.user)
    except ImportRefused as error:
        messages.error(request, str(error))
    else:
        message = ngettext(
            "Importen ångrades: %(count)s dialog togs bort.",
            "Importen ångrades: %(count)s dialoger togs bort.",
            removed,
        ) % {"count": removed}
        kept = corrected_import_count(batch)
        if kept:
            message += " " + ngettext(
                "%(count)s dialog som rättats efter importen behölls, så att rättelsen inte går förlorad.",
                "%(count)s dialoger som rättats efter importen behölls, så att rättelserna inte går förlorade.",
                kept,
            ) % {"count": kept}
        messages.success(request, message)
    return redirect(batch)
