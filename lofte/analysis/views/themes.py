"""The partnership's taxonomy: rename, add and retire themes and edit their word lists."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lofte.analysis.access import get_theme_for_user
from lofte.analysis.forms import ThemeCreateForm, ThemeForm, terms_to_text
from lofte.analysis.models import ThemeDefinition
from lofte.analysis.selectors import partnership_taxonomy
from lofte.analysis.services import (
    AnalysisError,
    theme_create,
    theme_restore,
    theme_retire,
    theme_update,
    themes_seed,
)
from lofte.core.access import can_in_partnership, get_partnership_for_user
from lofte.core.roles import Action
from lofte.text import Theme


@login_required
def theme_list(request: HttpRequest, slug: str) -> HttpResponse:
    write = request.method == "POST"
    partnership = get_partnership_for_user(
        request.user, slug, action=Action.REVIEW_ANALYSIS if write else Action.VIEW_ANALYSIS
    )
    form = ThemeCreateForm(request.POST or None)
    status = 200
    if write:
        if form.is_valid():
            data = form.cleaned_data
            try:
                theme = theme_create(
                    partnership=partnership,
                    by=request.user,
                    theme_id=data["theme_id"],
                    label_sv=data["label_sv"],
                    label_en=data["label_en"],
                    description=data["description"],
                    terms=data["terms"],
                )
            except AnalysisError as error:
                form.add_error("theme_id", str(error))
            else:
                messages.success(request, _("Temat %(t)s är skapat.") % {"t": theme.label_sv})
                return redirect("analysis:themes", partnership.slug)
        status = 400
    stored = list(ThemeDefinition.objects.filter(partnership=partnership))
    # Until an analyst changes something, the partnership reads the shipped default taxonomy.
    themes: list[ThemeDefinition | Theme] = stored or list(partnership_taxonomy(partnership).themes)
    return render(
        request,
        "analysis/themes.html",
        {
            "partnership": partnership,
            "nav_section": "analysis",
            "themes": themes,
            "stored": bool(stored),
            "form": form,
            "can_review": can_in_partnership(request.user, partnership, Action.REVIEW_ANALYSIS),
        },
        status=status,
    )


@login_required
def theme_edit(request: HttpRequest, slug: str, theme_id: str) -> HttpResponse:
    write = request.method == "POST"
    if write:
        # The first edit gives the partnership its own copy of the default themes.
        partnership = get_partnership_for_user(request.user, slug, action=Action.REVIEW_ANALYSIS)

        themes_seed(partnership=partnership, by=request.user)
    theme = _theme_or_default(request, slug, theme_id, write=write)
    initial = {
        "label_sv": theme.label_sv,
        "label_en": theme.label_en,
        "description": theme.description,
        "terms": terms_to_text(theme.terms),
    }
    form = ThemeForm(request.POST or None, initial=initial)
    status = 200
    if write:
        if form.is_valid():
            data = form.cleaned_data
            theme_update(
                theme=theme,
                by=request.user,
                label_sv=data["label_sv"],
                label_en=data["label_en"],
                description=data["description"],
                terms=data["terms"],
            )
            messages.success(
                request, _("Temat %(t)s är sparat. Det gäller från nästa analyskörning.") % {"t": theme.label_sv}
            )
            return redirect("analysis:themes", theme.partnership.slug)
        status = 400
    return render(
        request,
        "analysis/theme_edit.html",
        {
            "partnership": theme.partnership,
            "theme": theme,
            "form": form,
            "nav_section": "analysis",
            "can_review": can_in_partnership(request.user, theme.partnership, Action.REVIEW_ANALYSIS),
        },
        status=status,
    )


def _theme_or_default(request: HttpRequest, slug: str, theme_id: str, *, write: bool) -> ThemeDefinition:
    """The stored theme; before the partnership has its own copy, an unsaved one from the default taxonomy."""
    partnership = get_partnership_for_user(
        request.user, slug, action=Action.REVIEW_ANALYSIS if write else Action.VIEW_ANALYSIS
    )
    if write or ThemeDefinition.objects.filter(partnership=partnership).exists():
        return get_theme_for_user(request.user, slug, theme_id, write=write)
    taxonomy = partnership_taxonomy(partnership)
    if theme_id not in taxonomy:
        return get_theme_for_user(request.user, slug, theme_id, write=write)  # raises 404
    t = taxonomy.get(theme_id)
    return ThemeDefinition(
        partnership=partnership,
        theme_id=t.id,
        label_sv=t.label_in("sv"),
        label_en=t.label.get("en", ""),
        description=t.description,
        terms=dict(t.terms),
        residual=t.residual,
    )


@login_required
@require_POST
def theme_retire_view(request: HttpRequest, slug: str, theme_id: str) -> HttpResponse:
    partnership = get_partnership_for_user(request.user, slug, action=Action.REVIEW_ANALYSIS)

    themes_seed(partnership=partnership, by=request.user)
    theme = get_theme_for_user(request.user, slug, theme_id, write=True)
    try:
        if request.POST.get("restore"):
            theme_restore(theme=theme, by=request.user)
            messages.success(request, _("Temat %(t)s är aktivt igen.") % {"t": theme.label_sv})
        else:
            theme_retire(theme=theme, by=request.user)
            messages.success(
                request,
                _("Temat %(t)s är pensionerat: det används inte i nya körningar men finns kvar i tidigare.")
                % {"t": theme.label_sv},
            )
    except AnalysisError as error:
        messages.error(request, str(error))
    return redirect("analysis:themes", partnership.slug)
