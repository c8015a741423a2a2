"""A campaign's analysis page: theme counts and shares with the year before, topics, quotes and places."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lofte.analysis.access import get_campaign_for_user, get_topic_for_user
from lofte.analysis.forms import TopicPromoteForm, theme_id_from_label
from lofte.analysis.models import AnalysisRun, CandidateTopic, DialogueCoding, PlaceCandidate
from lofte.analysis.report import campaign_report, report_is_current
from lofte.analysis.selectors import latest_run, not_analysed_count, previous_year_campaign, theme_labels
from lofte.analysis.services import AnalysisError, analysis_run_report_refresh, topic_promote
from lofte.core.access import can_in_partnership
from lofte.core.roles import Action
from lofte.dialogues.models import Campaign


def _stored_report(run: AnalysisRun | None) -> AnalysisRun | None:
    """The run with its page counts; a run made before they were stored, or that lost answers, gets them now."""
    if run is None or report_is_current(run.report, DialogueCoding.objects.filter(run=run).count()):
        return run
    return analysis_run_report_refresh(run=run)


def _context(request: HttpRequest, campaign: Campaign) -> dict:
    run = _stored_report(latest_run(campaign, done=True))
    current = latest_run(campaign)
    labels = theme_labels(campaign.partnership)
    prev_campaign = previous_year_campaign(campaign)
    prev_run = _stored_report(latest_run(prev_campaign, done=True) if prev_campaign else None)
    report = (
        campaign_report(run, prev_run, labels, data=run.report, prev_data=prev_run.report if prev_run else None)
        if run and run.report
        else None
    )
    topics = list(CandidateTopic.objects.filter(run=run).select_related("promoted_to")) if run else []
    quotes = [(labels.get(theme, theme), theme, items) for theme, items in (run.quotes if run else {}).items()]
    return {
        "campaign": campaign,
        "partnership": campaign.partnership,
        "nav_section": "analysis",
        "run": run,
        "current": current,
        "report": report,
        "prev_campaign": prev_campaign,
        "labels": labels,
        "topics": [
            (t, TopicPromoteForm(initial={"label_sv": t.label.capitalize()}, prefix=f"topic{t.pk}")) for t in topics
        ],
        "quotes": quotes,
        "history": AnalysisRun.objects.filter(campaign=campaign).defer("report", "quotes", "taxonomy")[:10],
        "not_analysed": not_analysed_count(campaign, run) if run else 0,
        "can_review": can_in_partnership(request.user, campaign.partnership, Action.REVIEW_ANALYSIS),
        "new_places": PlaceCandidate.objects.filter(run=run).open().count() if run else 0,
    }


@login_required
def campaign(request: HttpRequest, slug: str) -> HttpResponse:
    campaign = get_campaign_for_user(request.user, slug)
    if request.htmx and request.GET.get("status"):
        # The running analysis's status, polled every 2 s; once it is done the page reloads with the result.
        current = latest_run(campaign)
        response = render(
            request,
            "analysis/campaign.html#run_status",
            {"campaign": campaign, "current": current, "polled": True},
        )
        if current is None or not current.is_active:
            response["HX-Refresh"] = "true"
        return response
    return render(request, "analysis/campaign.html", _context(request, campaign))


@login_required
@require_POST
def topic_to_theme(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    topic = get_topic_for_user(request.user, slug, pk, write=True)
    campaign = topic.run.campaign
    form = TopicPromoteForm(request.POST, prefix=f"topic{topic.pk}")
    error = None
    if form.is_valid():
        label = form.cleaned_data["label_sv"]
        try:
            theme = topic_promote(topic=topic, by=request.user, theme_id=theme_id_from_label(label), label_sv=label)
        except AnalysisError as exc:
            error = str(exc)
        else:
            messages.success(
                request,
                _(
                    "Temat %(t)s är skapat av ämnet. Orden nedan har låg vikt och räcker inte ensamma: "
                    "granska ordlistan och kör analysen igen för att räkna temat."
                )
                % {"t": theme.label_sv},
            )
            return redirect("analysis:theme_edit", campaign.partnership.slug, theme.theme_id)
    context = _context(request, campaign)
    context["topics"] = [(t, form if t.pk == topic.pk else f) for t, f in context["topics"]]
    context["topic_error"] = (topic.pk, error)
    return render(request, "analysis/campaign.html", context, status=400)
