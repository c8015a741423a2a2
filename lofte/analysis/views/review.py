"""The answers behind the numbers, and the review queue: accept or correct each coding, one or many at once."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode, urlsplit

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lofte.analysis.access import get_campaign_for_user, get_coding_for_user
from lofte.analysis.forms import AnswerFilterForm, BulkForm, ReviewForm
from lofte.analysis.highlight import mark_triggers
from lofte.analysis.models import AnalysisRun, CandidateTopic, DialogueCoding
from lofte.analysis.report import (
    TIME_LABELS,
    AnswerFilter,
    Side,
    band_of,
    dimension_values,
    filter_codings,
    report_is_current,
    run_codings,
    side_for,
    topic_members,
)
from lofte.analysis.selectors import latest_run, theme_labels
from lofte.analysis.services import (
    AnalysisError,
    analysis_run_report_refresh,
    coding_accept,
    coding_correct,
    codings_bulk,
)
from lofte.core.access import can_in_partnership
from lofte.core.roles import Action
from lofte.dialogues.models import Campaign
from lofte.lib.formfields import parse_id

PAGE_SIZE = 25
# A key for every theme in the review form: digits first, then letters the keyboard commands do not use
# (j, k: move; a: accept; x: mark).
THEME_KEYS = "1234567890bcdefghilmnopqrstuvwyz"


@dataclass
class AnswerItem:
    coding: DialogueCoding
    number: int
    text: SafeString
    final: list[tuple[str, str]]
    engine: list[tuple[str, str, int]]
    places: list[str]
    times: list[str]
    band: str
    form: ReviewForm

    @property
    def keyed_choices(self) -> list[tuple[Any, str]]:
        """The theme checkboxes with their keyboard keys (themes beyond the keys get none)."""
        return [(choice, THEME_KEYS[i] if i < len(THEME_KEYS) else "") for i, choice in enumerate(self.form["themes"])]


def theme_choices(run: AnalysisRun, labels: dict[str, str]) -> list[tuple[str, str]]:
    return [(t["id"], labels.get(t["id"], t["id"])) for t in run.taxonomy.get("themes", []) if not t.get("retired")]


def answer_item(
    coding: DialogueCoding,
    number: int,
    labels: dict[str, str],
    choices: list[tuple[str, str]],
    form: ReviewForm | None = None,
) -> AnswerItem:
    shown = {t: w for t, w in coding.triggers.items() if t in coding.final_themes or t in coding.themes}
    return AnswerItem(
        coding=coding,
        number=number,
        text=mark_triggers(coding.dialogue.free_text, shown, labels),
        final=[(t, labels.get(t, t)) for t in coding.final_themes],
        engine=[(t, labels.get(t, t), round(coding.theme_scores.get(t, 0) * 100)) for t in coding.themes],
        places=[p["name"] for p in coding.places],
        times=[str(TIME_LABELS.get(t, t)) for t in coding.times],
        band=band_of(coding.uncertainty),
        form=form
        or ReviewForm(initial={"themes": coding.final_themes}, theme_choices=choices, auto_id=f"svar{coding.pk}_%s"),
    )


def _filter_form(wanted: QueryDict, side: Side, labels: dict[str, str]) -> AnswerFilterForm:
    run = side.run
    places = {key: side.place_names.get(key, key.lstrip("~")) for key in side.present("place")}
    topics = [(str(t.pk), t.label) for t in CandidateTopic.objects.filter(run=run)]
    themes = theme_choices(run, labels)
    # Links from the year before (or after) may name a theme, place, area or group this run never saw:
    # a valid filter with no answers, not an error.
    known = {t for t, _l in themes}
    themes += [(t, label) for t, label in labels.items() if t not in known]
    place_choices = sorted(places.items(), key=lambda p: p[1])
    if (place := wanted.get("place", "")) and place not in places and len(place) <= 200:
        place_choices.append((place, place.lstrip("~")))
    areas = [v for v in dimension_values(side, None, "area") if v[0] != "none"]
    if (area := wanted.get("area", "")).isdecimal() and area not in {a for a, _l in areas}:
        areas.append((area, area))
    groups = [v for v in dimension_values(side, None, "group") if v[0] != "none"]
    if (group := wanted.get("group", "")) and group != "none" and group not in {g for g, _l in groups}:
        groups.append((group[:80], group[:80]))
    filters = wanted.copy()
    filters.pop("sida", None)
    return AnswerFilterForm(
        filters or None, themes=themes, places=place_choices, areas=areas, groups=groups, topics=topics
    )


@login_required
def answers(request: HttpRequest, slug: str) -> HttpResponse:
    campaign = get_campaign_for_user(request.user, slug)
    return _answers_page(request, campaign, request.GET, next_url=request.get_full_path())


def _answers_page(
    request: HttpRequest,
    campaign: Campaign,
    params: QueryDict,
    *,
    next_url: str,
    bulk_form: BulkForm | None = None,
    status: int = 200,
) -> HttpResponse:
    """The answer list for ``params`` (the filters and page); a bulk form with errors is shown as posted."""
    run = latest_run(campaign, done=True)
    context: dict[str, Any] = {
        "campaign": campaign,
        "partnership": campaign.partnership,
        "nav_section": "analysis",
        "run": run,
    }
    if run is None:
        return render(request, "analysis/answers.html", context, status=status)
    if not report_is_current(run.report, DialogueCoding.objects.filter(run=run).count()):
        run = analysis_run_report_refresh(run=run)
    assert run.report is not None
    labels = theme_labels(campaign.partnership)
    side = side_for(run, run.report)
    form = _filter_form(params, side, labels)
    if form.is_bound and not form.is_valid():
        status = 400
        answer_filter = AnswerFilter()
    else:
        data = form.cleaned_data if form.is_bound else {}
        answer_filter = AnswerFilter(**{k: data.get(k) or "" for k in AnswerFilter.names()})
    members = topic_members(run, answer_filter.topic)
    # The database filters and pages: a request reads one page of answers, whatever the run's size.
    matching = filter_codings(run_codings(run), answer_filter, members)
    page = Paginator(matching, PAGE_SIZE).get_page(params.get("sida"))
    choices = theme_choices(run, labels)
    items = [answer_item(c, page.start_index() + i, labels, choices) for i, c in enumerate(page.object_list)]
    query = urlencode(answer_filter.params())
    context.update(
        {
            "form": form,
            "page": page,
            "items": items,
            "total": page.paginator.count,
            "all_count": side.n,
            "unreviewed": DialogueCoding.objects.filter(run=run, reviewed=False).count(),
            "query": query,
            "next_url": next_url,
            "choices": choices,
            "keys": list(zip(THEME_KEYS, (label for _t, label in choices), strict=False)),
            "bulk_form": bulk_form
            or BulkForm(theme_choices=choices, coding_ids=[c.pk for c in page.object_list], auto_id="bulk_%s"),
            "shown_ids": ",".join(str(c.pk) for c in page.object_list),
            "can_review": can_in_partnership(request.user, campaign.partnership, Action.REVIEW_ANALYSIS),
            "filters_active": bool(answer_filter.params()),
        }
    )
    return render(request, "analysis/answers.html", context, status=status)


def _safe_next(request: HttpRequest) -> str:
    target = request.POST.get("next", "")
    # A path on this site only: redirect() would take a bare word for a view name (a 500).
    on_site = url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()})
    return target if on_site and target.startswith("/") else ""


def _back(request: HttpRequest, campaign: Campaign, anchor: str = "") -> HttpResponse:
    target = _safe_next(request)
    return redirect((target or f"/analys/omgang/{campaign.slug}/svar/") + anchor)


@login_required
@require_POST
def review(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    coding = get_coding_for_user(request.user, slug, pk, write=True)
    campaign = coding.run.campaign
    labels = theme_labels(campaign.partnership)
    choices = theme_choices(coding.run, labels)
    form = ReviewForm(request.POST, theme_choices=choices, auto_id=f"svar{coding.pk}_%s")
    number = parse_id(request.POST.get("number", "")) or coding.review_rank + 1
    if not form.is_valid():
        item = answer_item(coding, number, labels, choices, form=form)
        return render(
            request,
            "analysis/answers.html#answer",
            {
                "item": item,
                "campaign": campaign,
                "can_review": True,
                "next_url": request.POST.get("next", ""),
            },
            status=400,
        )
    try:
        if form.cleaned_data["action"] == "accept":
            correction = coding_accept(coding=coding, by=request.user)
        else:
            correction = coding_correct(coding=coding, by=request.user, themes=form.cleaned_data["themes"])
    except AnalysisError as error:
        form.add_error(None, str(error))
        item = answer_item(coding, number, labels, choices, form=form)
        return render(
            request,
            "analysis/answers.html#answer",
            {
                "item": item,
                "campaign": campaign,
                "can_review": True,
                "next_url": request.POST.get("next", ""),
            },
            status=400,
        )
    if correction.coding_id != coding.pk:
        # The page showed a run that has been replaced since: the verdict went to the latest run's coding.
        coding = DialogueCoding.objects.select_related("run", "dialogue").get(pk=correction.coding_id)
        choices = theme_choices(coding.run, labels)
        messages.info(
            request,
            _("Analysen har körts igen sedan sidan öppnades. Granskningen gäller svaret i den senaste körningen."),
        )
    if request.htmx:
        coding.refresh_from_db()
        item = answer_item(coding, number, labels, choices)
        answer = render_to_string(
            "analysis/answers.html#answer",
            {
                "item": item,
                "campaign": campaign,
                "can_review": True,
                "next_url": request.POST.get("next", ""),
                "saved": True,
            },
            request=request,
        )
        # The page's "N ogranskade" counter follows along (an out-of-band swap).
        counter = render_to_string(
            "analysis/answers.html#unreviewed",
            {"unreviewed": DialogueCoding.objects.filter(run=coding.run, reviewed=False).count(), "oob": True},
            request=request,
        )
        return HttpResponse(answer + counter)
    messages.success(request, _("Svar %(n)d är granskat.") % {"n": number})
    return _back(request, campaign, f"#svar-{coding.pk}")


@login_required
@require_POST
def bulk(request: HttpRequest, slug: str) -> HttpResponse:
    campaign = get_campaign_for_user(request.user, slug, write=True)
    run = latest_run(campaign, done=True)
    if run is None:
        messages.error(request, _("Omgången är inte analyserad än."))
        return _back(request, campaign)
    labels = theme_labels(campaign.partnership)
    choices = theme_choices(run, labels)
    ids = [pk for pk in map(parse_id, request.POST.getlist("selected")) if pk is not None]
    form = BulkForm(request.POST, theme_choices=choices, coding_ids=ids, auto_id="bulk_%s")
    if not form.is_valid():
        # Shown again with the same filters and page, the errors beside the fields, nothing stored.
        next_url = _safe_next(request) or reverse("analysis:answers", args=[campaign.slug])
        params = QueryDict(urlsplit(next_url).query)
        return _answers_page(request, campaign, params, next_url=next_url, bulk_form=form, status=400)
    data = form.cleaned_data
    wanted = data["shown_ids"] if data["action"] == "accept" else [int(s) for s in data["selected"]]
    # Codings of an earlier run (a page opened before a re-run) are reviewed in the latest run (services).
    codings = list(
        DialogueCoding.objects.filter(run__campaign=campaign, pk__in=wanted).select_related("run__campaign", "dialogue")
    )
    try:
        count = codings_bulk(codings=codings, by=request.user, action=data["action"], theme=data.get("theme", ""))
    except AnalysisError as error:
        messages.error(request, str(error))
        return _back(request, campaign)
    messages.success(request, _("%(n)d svar är granskade.") % {"n": count})
    return _back(request, campaign)
