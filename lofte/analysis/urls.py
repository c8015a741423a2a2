from django.urls import path

from lofte.analysis.views import campaign, partnership, review, themes

app_name = "analysis"

urlpatterns = [
    path("", partnership.index, name="index"),
    path("omgang/<slug:slug>/", campaign.campaign, name="campaign"),
    path("omgang/<slug:slug>/kor/", partnership.run_start, name="run_start"),
    path("omgang/<slug:slug>/svar/", review.answers, name="answers"),
    path("omgang/<slug:slug>/svar/massatgard/", review.bulk, name="bulk"),
    path("omgang/<slug:slug>/svar/<int:pk>/", review.review, name="review"),
    path("omgang/<slug:slug>/amnen/<int:pk>/tema/", campaign.topic_to_theme, name="topic_to_theme"),
    path("<slug:slug>/", partnership.partnership, name="partnership"),
    path("<slug:slug>/teman/", themes.theme_list, name="themes"),
    path("<slug:slug>/teman/<slug:theme_id>/", themes.theme_edit, name="theme_edit"),
    path("<slug:slug>/teman/<slug:theme_id>/pensionera/", themes.theme_retire_view, name="theme_retire"),
    path("<slug:slug>/modell/", partnership.model_train, name="model_train"),
]
