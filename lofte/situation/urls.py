from django.urls import path

from lofte.situation import views
from lofte.situation.views import picture, police, report, sources, walks

app_name = "situation"

urlpatterns = [
    path("", views.index, name="index"),
    path("<slug:slug>/", views.partnership, name="partnership"),
    path("<slug:slug>/<int:year>/", picture.picture, name="picture"),
    path("<slug:slug>/<int:year>/berakna/", picture.picture_compute, name="picture_compute"),
    path("<slug:slug>/<int:year>/rader/", picture.rows, name="rows"),
    path("<slug:slug>/polishandelser/", police.police_events, name="police_events"),
    path("<slug:slug>/polishandelser/importera/", police.police_events_upload, name="police_events_upload"),
    path("<slug:slug>/polishandelser/importer/<int:pk>/", police.police_import, name="police_import"),
    path("<slug:slug>/kallor/", sources.sources, name="sources"),
    path("<slug:slug>/kallor/las-in/<str:kind>/", sources.source_upload, name="source_upload"),
    path("<slug:slug>/kallor/importer/<int:pk>/", sources.source_import, name="source_import"),
    path("<slug:slug>/kallor/kategorier/", sources.category_map, name="category_map"),
    path("<slug:slug>/kallor/trygghetsmatning/", sources.survey_items, name="survey_items"),
    path("<slug:slug>/kallor/trygghetsmatning/standard/", sources.survey_items_seed, name="survey_items_seed"),
    path("<slug:slug>/kallor/trygghetsmatning/<int:pk>/", sources.survey_item_edit, name="survey_item_edit"),
    path("<slug:slug>/vandringar/", walks.walks, name="walks"),
    path("<slug:slug>/vandringar/<int:pk>/", walks.walk_detail, name="walk_detail"),
    path("<slug:slug>/vandringar/<int:pk>/registrera/", walks.walk_record, name="walk_record"),
    path("<slug:slug>/vandringar/<int:pk>/foto/<int:observation>/", walks.walk_photo, name="walk_photo"),
    path("<slug:slug>/<int:year>/rapport/", report.report, name="report"),
    path("<slug:slug>/<int:year>/rapport/utkast/", report.report_draft, name="report_draft"),
    path("<slug:slug>/<int:year>/rapport/avsnitt/<slug:key>/", report.report_section_edit, name="report_section"),
    path("<slug:slug>/<int:year>/rapport/versioner/", report.report_versions, name="report_versions"),
    path("<slug:slug>/<int:year>/rapport/jamfor/", report.report_diff, name="report_diff"),
    path("<slug:slug>/<int:year>/rapport/godkann/", report.report_agree_view, name="report_agree"),
    path("<slug:slug>/<int:year>/rapport/publicera/", report.report_publish_view, name="report_publish"),
    path("<slug:slug>/<int:year>/rapport/avpublicera/", report.report_unpublish_view, name="report_unpublish"),
    path("<slug:slug>/<int:year>/rapport/lagesbild.pdf", report.report_pdf_view, name="report_pdf"),
    path("<slug:slug>/<int:year>/rapport/lagesbild.json", report.report_json_view, name="report_json"),
]
