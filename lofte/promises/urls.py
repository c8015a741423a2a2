from django.urls import path

from lofte.promises import views
from lofte.promises.views import calendar, commitment_io, drafting, evaluation, followup, offline, steering

app_name = "promises"

urlpatterns = [
    path("", views.index, name="index"),
    path("aktivitet-sw.js", offline.activity_service_worker, name="activity_service_worker"),
    path("<slug:slug>/", views.partnership, name="partnership"),
    path("<slug:slug>/<int:pk>/", drafting.promise_detail, name="promise"),
    path("<slug:slug>/<int:pk>/fokusomraden/", drafting.focus_area_create, name="focus_area_create"),
    path("<slug:slug>/<int:pk>/fokusomraden/<int:focus>/andra/", drafting.focus_area_edit, name="focus_area_edit"),
    path(
        "<slug:slug>/<int:pk>/fokusomraden/<int:focus>/ta-bort/", drafting.focus_area_delete, name="focus_area_remove"
    ),
    path(
        "<slug:slug>/<int:pk>/fokusomraden/<int:focus>/nytt-atagande/", drafting.commitment_new, name="commitment_new"
    ),
    path("<slug:slug>/<int:pk>/ataganden/<int:commitment>/", followup.commitment_detail, name="commitment"),
    path("<slug:slug>/<int:pk>/ataganden/<int:commitment>/andra/", drafting.commitment_edit, name="commitment_edit"),
    path(
        "<slug:slug>/<int:pk>/ataganden/<int:commitment>/flytta/", drafting.commitment_reorder, name="commitment_move"
    ),
    path(
        "<slug:slug>/<int:pk>/ataganden/<int:commitment>/ta-bort/",
        drafting.commitment_delete,
        name="commitment_remove",
    ),
    path("<slug:slug>/<int:pk>/ataganden/<int:commitment>/logga/", followup.activity_new, name="activity_new"),
    path("<slug:slug>/<int:pk>/ataganden.<str:kind>", commitment_io.commitments_export, name="commitments_export"),
    path("<slug:slug>/<int:pk>/importera-ataganden/", commitment_io.commitments_import, name="commitments_import"),
    path("<slug:slug>/<int:pk>/kalender/", calendar.promise_calendar, name="calendar"),
    path("<slug:slug>/<int:pk>/styrgrupp/", steering.quarter_report, name="quarter"),
    path("<slug:slug>/<int:pk>/godkann/", drafting.approve, name="approve"),
    path("<slug:slug>/<int:pk>/publicera/", drafting.publish, name="publish"),
    path("<slug:slug>/<int:pk>/ny-version/", drafting.new_version, name="new_version"),
    path("<slug:slug>/<int:pk>/utvardering/", evaluation.evaluation, name="evaluation"),
    path("<slug:slug>/<int:pk>/utvardering/utkast/", evaluation.evaluation_draft, name="evaluation_draft"),
    path(
        "<slug:slug>/<int:pk>/utvardering/avsnitt/<slug:key>/", evaluation.evaluation_section, name="evaluation_section"
    ),
    path("<slug:slug>/<int:pk>/utvardering/godkann/", evaluation.evaluation_agree, name="evaluation_agree"),
    path("<slug:slug>/<int:pk>/utvardering/publicera/", evaluation.evaluation_publish, name="evaluation_publish"),
    path("<slug:slug>/<int:pk>/utvardering.pdf", evaluation.evaluation_pdf, name="evaluation_pdf"),
]
