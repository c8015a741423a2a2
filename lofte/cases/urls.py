from django.urls import path

from lofte.cases.views import handling, police, saved_views, settings, stats

app_name = "cases"

urlpatterns = [
    path("", handling.index, name="index"),
    path("<slug:slug>/", handling.organisation, name="organisation"),
    path("<slug:slug>/mallar/", handling.reply_templates, name="reply_templates"),
    path("<slug:slug>/mallar/<int:pk>/", handling.reply_template_edit, name="reply_template_edit"),
    path("<slug:slug>/mallar/<int:pk>/ta-bort/", handling.reply_template_delete, name="reply_template_delete"),
    path("<slug:slug>/installningar/kategorier/", settings.categories, name="categories"),
    path("<slug:slug>/installningar/kategorier/<int:pk>/", settings.category_edit, name="category_edit"),
    path("<slug:slug>/installningar/kategorier/<int:pk>/flytta/", settings.category_move, name="category_move"),
    path("<slug:slug>/installningar/kategorier/<int:pk>/aktiv/", settings.category_active, name="category_active"),
    path("<slug:slug>/installningar/kategorier/<int:pk>/ta-bort/", settings.category_delete, name="category_delete"),
    path("<slug:slug>/installningar/grupper/", settings.groups, name="groups"),
    path("<slug:slug>/installningar/grupper/<int:pk>/", settings.group_edit, name="group_edit"),
    path("<slug:slug>/installningar/grupper/<int:pk>/ta-bort/", settings.group_delete, name="group_delete"),
    path("<slug:slug>/installningar/fordelning/", settings.rules, name="rules"),
    path("<slug:slug>/installningar/fordelning/<int:pk>/ta-bort/", settings.rule_delete, name="rule_delete"),
    path("<slug:slug>/vyer/", saved_views.view_save, name="view_save"),
    path("<slug:slug>/vyer/<int:pk>/ta-bort/", saved_views.view_delete, name="view_delete"),
    path("<slug:slug>/statistik/", stats.statistics, name="statistics"),
    path("<slug:slug>/statistik/csv/", stats.statistics_csv, name="statistics_csv"),
    path("<slug:slug>/<str:reference>/", handling.case_detail, name="case_detail"),
    path("<slug:slug>/<str:reference>/foto/", handling.case_photo, name="case_photo"),
    path("<slug:slug>/<str:reference>/tilldela/", handling.case_assign, name="case_assign"),
    path("<slug:slug>/<str:reference>/status/", handling.case_status, name="case_status"),
    path("<slug:slug>/<str:reference>/svar/", handling.case_reply, name="case_reply"),
    path("<slug:slug>/<str:reference>/anteckning/", handling.case_note, name="case_note"),
    path("<slug:slug>/<str:reference>/publicering/", handling.case_public_text, name="case_public_text"),
    path("<slug:slug>/<str:reference>/diarienummer/", handling.case_diarienummer, name="case_diarienummer"),
    path("<slug:slug>/<str:reference>/sla-ihop/", handling.case_merge, name="case_merge"),
    path("<slug:slug>/<str:reference>/typ/", handling.case_convert, name="case_convert"),
    path("<slug:slug>/<str:reference>/polisanmalan/", police.police_report, name="police_report"),
    path("<slug:slug>/<str:reference>/polisanmalan/pdf/", police.police_report_pdf, name="police_report_pdf"),
    path("<slug:slug>/<str:reference>/polisanmalan/skickad/", police.police_report_sent, name="police_report_sent"),
]
