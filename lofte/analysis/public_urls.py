"""The published analysis of a campaign, under /p/ (no login): "Vad ni sagt"."""

from django.urls import path

from lofte.analysis.views import publication

app_name = "analysis_public"

urlpatterns = [
    path("<slug:slug>/vad-ni-sagt/", publication.findings, name="findings"),
    path("<slug:slug>/vad-ni-sagt/<str:campaign>/", publication.findings_campaign, name="findings_campaign"),
]
