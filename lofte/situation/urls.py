from django.urls import path

from lofte.situation import views
from lofte.situation.views import report

app_name = "situation"

urlpatterns = [
    path("", views.index, name="index"),
    path("<slug:slug>/", views.partnership, name="partnership"),
    # The report (h/report)
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
    # The rows behind a figure (?ref=…), read from the stored dataset.
    path("<slug:slug>/<int:year>/rader/", report.rows, name="rows"),
]
