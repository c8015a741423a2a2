"""Publishing a campaign's analysis for residents: the analyst's review page, publish and unpublish (staff),
and the public page "Vad ni sagt" under /p/<organisation>/vad-ni-sagt/ (no login, no cookie, no script)."""

from __future__ import annotations

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_POST

from lofte.analysis.access import get_campaign_for_user
from lofte.analysis.models import Publication
from lofte.analysis.publication import (
    findings_content,
    findings_url,
    localised,
    publication_publish,
    publication_review,
    publication_unpublish,
    published_publication,
    quote_choices,
)
from lofte.analysis.selectors import latest_run, theme_labels
from lofte.core.models import Organisation
from lofte.dialogues.models import Campaign


class ReviewForm(forms.Form):
    quotes = forms.MultipleChoiceField(
        label=_("Citat som får visas"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Bara citat du har läst och som inte kan peka ut någon. De är redan avidentifierade."),
    )
    confirm = forms.BooleanField(
        label=_("Jag har granskat siffrorna och citaten och de får visas för invånarna"),
        error_messages={"required": _("Bekräfta att du har granskat analysen.")},
    )

    def __init__(self, *args: object, choices: list[tuple[str, str]], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["quotes"].choices = choices


def _page(
    request: HttpRequest, campaign: Campaign, form: ReviewForm | None = None, status: int = 200, error: str = ""
) -> HttpResponse:
    run = latest_run(campaign, done=True)
    labels = theme_labels(campaign.partnership)
    choices = [(c.key, f"{labels.get(c.theme, c.theme)}: ”{c.text}”") for c in quote_choices(run)] if run else []
    publication = Publication.objects.filter(campaign=campaign).select_related("reviewed_by", "published_by").first()
    preview = None
    if run is not None and run.report:
        try:
            preview = localised(findings_content(run, quote_keys=[]))
        except ValidationError:
            preview = None
    if form is None:
        initial = (
            [
                c.key
                for c in quote_choices(run)
                if publication and {"theme": c.theme, "text": c.text} in publication.reviewed_content.get("quotes", [])
            ]
            if run
            else []
        )
        form = ReviewForm(choices=choices, initial={"quotes": initial})
    municipality = campaign.partnership.municipality
    return render(
        request,
        "analysis/publication.html",
        {
            "campaign": campaign,
            "run": run,
            "publication": publication,
            "preview": preview,
            "form": form,
            "public_url": findings_url(organisation=municipality, publication=publication)
            if publication and publication.is_published
            else "",
            "error": error,
            "nav_section": "analysis",
        },
        status=status,
    )


@login_required
def publication(request: HttpRequest, slug: str) -> HttpResponse:
    """GET: what would be published and who reviewed and published it; POST: the analyst's review."""
    campaign = get_campaign_for_user(request.user, slug, write=True)
    if request.method != "POST":
        return _page(request, campaign)
    run = latest_run(campaign, done=True)
    choices = [(c.key, c.text) for c in quote_choices(run)] if run else []
    form = ReviewForm(request.POST, choices=choices)
    if form.is_valid():
        try:
            publication_review(campaign=campaign, by=request.user, quote_keys=form.cleaned_data["quotes"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return redirect("analysis:publication", slug)
    return _page(request, campaign, form, status=400)


def _act(request: HttpRequest, slug: str, act) -> HttpResponse:  # noqa: ANN001
    campaign = get_campaign_for_user(request.user, slug, write=True)
    publication = Publication.objects.filter(campaign=campaign).first()
    if publication is None:
        return _page(request, campaign, status=400, error=str(_("Granska analysen innan den publiceras.")))
    try:
        act(publication=publication, by=request.user)
    except ValidationError as error:
        return _page(request, campaign, status=400, error=" ".join(error.messages))
    return redirect("analysis:publication", slug)


@login_required
@require_POST
def publication_publish_view(request: HttpRequest, slug: str) -> HttpResponse:
    return _act(request, slug, publication_publish)


@login_required
@require_POST
def publication_unpublish_view(request: HttpRequest, slug: str) -> HttpResponse:
    return _act(request, slug, publication_unpublish)


def _public(request: HttpRequest, slug: str, campaign: str | None) -> HttpResponse:
    organisation = get_object_or_404(Organisation, slug=slug)
    if campaign is not None and len(campaign) > 80:
        raise Http404
    found = published_publication(organisation=organisation, campaign=campaign)
    if found is None:
        raise Http404
    others = (
        Publication.objects.published()
        .filter(campaign__partnership__in=organisation.municipality_partnerships.all())
        .exclude(pk=found.pk)
        .select_related("campaign")
        .order_by("-campaign__ends_on")
    )
    return render(
        request,
        "analysis/public_findings.html",
        {
            "organisation": organisation,
            "publication": found,
            "content": localised(found.content),
            "others": [(p, findings_url(organisation=organisation, publication=p)) for p in others],
        },
    )


@require_GET
def findings(request: HttpRequest, slug: str) -> HttpResponse:
    return _public(request, slug, None)


@require_GET
def findings_campaign(request: HttpRequest, slug: str, campaign: str) -> HttpResponse:
    return _public(request, slug, campaign)
