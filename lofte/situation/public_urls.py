"""The published lägesbild, under /p/lagesbild/ (no login). A report shows only once every party agreed and it
was published."""

from django.urls import path

from lofte.situation.views import report

app_name = "situation_public"

urlpatterns = [
    path("<slug:slug>/<int:year>/", report.public_report, name="report"),
    path("<slug:slug>/<int:year>/lagesbild.pdf", report.public_report_pdf, name="report_pdf"),
    path("<slug:slug>/<int:year>/lagesbild.json", report.public_report_json, name="report_json"),
    path("<slug:slug>/<int:year>/rader/", report.public_rows, name="rows"),
]
