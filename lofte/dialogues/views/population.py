"""Population figures of the partnership's municipality: the base the campaign overview compares with."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from lofte.core.access import can_in_partnership, get_partnership_for_user
from lofte.core.models import Area, Partnership
from lofte.core.roles import Action
from lofte.dialogues.access import get_population_figure_for_user
from lofte.dialogues.models import AgeBand, PopulationFigure
from lofte.dialogues.population import population_figure_delete, population_figure_set, population_import
from lofte.lib.tabular import TableError


class PopulationForm(forms.Form):
    year = forms.IntegerField(label=gettext_lazy("År"), min_value=1900, max_value=2100)
    area = forms.ModelChoiceField(
        label=gettext_lazy("Område"),
        queryset=Area.objects.none(),
        required=False,
        empty_label=gettext_lazy("Hela kommunen"),
    )
    age_band = forms.ChoiceField(
        label=gettext_lazy("Ålder"), choices=[c for c in AgeBand.choices if c[0] != AgeBand.UNDISCLOSED]
    )
    gender = forms.ChoiceField(label=gettext_lazy("Kön"), choices=PopulationFigure.Sex.choices)
    count = forms.IntegerField(label=gettext_lazy("Antal invånare"), min_value=0)

    def __init__(self, *args, partnership: Partnership, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = Area.objects.filter(organisation_id=partnership.municipality_id)


class PopulationImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Fil med befolkningssiffror"),
        help_text=gettext_lazy("CSV eller Excel med kolumnerna år, område (frivillig), ålder, kön och antal."),
    )


def _page(
    request: HttpRequest,
    partnership: Partnership,
    *,
    form=None,
    import_form=None,  # type: ignore[no-untyped-def]
    status: int = 200,
) -> HttpResponse:
    figures = PopulationFigure.objects.filter(organisation_id=partnership.municipality_id).select_related("area")
    can_manage = can_in_partnership(request.user, partnership, Action.MANAGE_DIALOGUES)
    return render(
        request,
        "dialogues/population.html",
        {
            "partnership": partnership,
            "figures": figures,
            "can_manage": can_manage,
            "form": form or PopulationForm(partnership=partnership),
            "import_form": import_form or PopulationImportForm(),
            "nav_section": "dialogues",
        },
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def population(request: HttpRequest, slug: str) -> HttpResponse:
    partnership = get_partnership_for_user(request.user, slug, action=Action.VIEW_DIALOGUES)
    if request.method == "GET":
        return _page(request, partnership)
    if not can_in_partnership(request.user, partnership, Action.MANAGE_DIALOGUES):
        raise PermissionDenied
    form = PopulationForm(request.POST, partnership=partnership)
    if not form.is_valid():
        return _page(request, partnership, form=form, status=400)
    population_figure_set(organisation=partnership.municipality, by=request.user, **form.cleaned_data)
    messages.success(request, _("Befolkningssiffran sparades."))
    return redirect("dialogues:population", partnership.slug)


@login_required
@require_POST
def population_import_view(request: HttpRequest, slug: str) -> HttpResponse:
    partnership = get_partnership_for_user(request.user, slug, action=Action.VIEW_DIALOGUES)
    if not can_in_partnership(request.user, partnership, Action.MANAGE_DIALOGUES):
        raise PermissionDenied
    form = PopulationImportForm(request.POST, request.FILES)
    if form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            count = population_import(
                organisation=partnership.municipality, by=request.user, filename=upload.name, data=upload.read()
            )
        except TableError as error:
            form.add_error("file", error.message)
        except ValidationError as error:
            for message in error.messages:
                form.add_error("file", message)
        else:
            messages.success(request, _("%(count)s befolkningssiffror importerades.") % {"count": count})
            return redirect("dialogues:population", partnership.slug)
    return _page(request, partnership, import_form=form, status=400)


@login_required
@require_POST
def population_delete(request: HttpRequest, pk: int) -> HttpResponse:
    figure = get_population_figure_for_user(request.user, pk)
    partnership = Partnership.objects.for_user(request.user).filter(municipality_id=figure.organisation_id).first()
    population_figure_delete(figure=figure, by=request.user)
    messages.success(request, _("Befolkningssiffran togs bort."))
    return redirect("dialogues:population", partnership.slug)  # type: ignore[union-attr]
