from django.urls import path

from lofte.dialogues.views import (
    campaigns,
    capture,
    contact_requests,
    dialogues,
    exports,
    imports,
    overview,
    population,
    questionnaire,
)

app_name = "dialogues"

urlpatterns = [
    path("", campaigns.index, name="index"),
    # Campaigns, their questionnaires and field capture.
    path("omgang/<slug:slug>/", campaigns.campaign_detail, name="campaign_detail"),
    path("omgang/<slug:slug>/andra/", campaigns.campaign_edit, name="campaign_edit"),
    path("omgang/<slug:slug>/fragor/", questionnaire.questionnaire, name="questionnaire"),
    path("omgang/<slug:slug>/regler/", questionnaire.answer_rule_add_view, name="answer_rule_add"),
    path("omgang/<slug:slug>/regler/<int:pk>/ta-bort/", questionnaire.answer_rule_delete, name="answer_rule_delete"),
    path("omgang/<slug:slug>/falt/", capture.capture, name="capture"),
    path("omgang/<slug:slug>/falt/skicka/", capture.capture_api, name="capture_api"),
    path("falt-sw.js", capture.capture_service_worker, name="capture_service_worker"),
    path("fraga/<int:pk>/andra/", questionnaire.question_edit, name="question_edit"),
    path("fraga/<int:pk>/flytta/", questionnaire.question_move_view, name="question_move"),
    path("fraga/<int:pk>/ta-bort/", questionnaire.question_delete, name="question_delete"),
    # Dialogues and contact requests.
    path("dialog/<int:pk>/", dialogues.dialogue_detail, name="dialogue_detail"),
    path("dialog/<int:pk>/ratta/", dialogues.dialogue_edit, name="dialogue_edit"),
    path("kontakt/<int:pk>/hanterad/", contact_requests.contact_request_handled, name="contact_request_handled"),
    # Import, overview and population figures.
    path("omgang/<slug:slug>/import/", imports.import_upload, name="import_upload"),
    path("omgang/<slug:slug>/oversikt/", overview.campaign_overview, name="campaign_overview"),
    path("import/<int:pk>/", imports.import_status, name="import_status"),
    path("import/<int:pk>/kolumner/", imports.import_map, name="import_map"),
    path("import/<int:pk>/kontroll/", imports.import_review, name="import_review"),
    path("import/<int:pk>/angra/", imports.import_undo, name="import_undo"),
    path("befolkning/<int:pk>/ta-bort/", population.population_delete, name="population_delete"),
    path("<slug:slug>/export.<str:fmt>", exports.dialogue_export, name="dialogue_export"),
    path("<slug:slug>/befolkning/", population.population, name="population"),
    path("<slug:slug>/befolkning/import/", population.population_import_view, name="population_import"),
    # Partnership pages.
    path("<slug:slug>/", campaigns.partnership, name="partnership"),
    path("<slug:slug>/ny-omgang/", campaigns.campaign_create_view, name="campaign_create"),
    path("<slug:slug>/samtal/", dialogues.dialogue_list, name="dialogue_list"),
    path("<slug:slug>/kontakt/", contact_requests.contact_request_list, name="contact_requests"),
]
