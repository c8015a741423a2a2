from django.urls import path

from lofte.analysis.views import campaign, partnership, places, publication, review, themes

app_name = "analysis"

urlpatterns = [
    path("", partnership.index, name="index"),
    path("omgang/<slug:slug>/", campaign.campaign, name="campaign"),
    path("omgang/<slug:slug>/kor/", partnership.run_start, name="run_start"),
    path("omgang/<slug:slug>/svar/", review.answers, name="answers"),
    path("omgang/<slug:slug>/svar/massatgard/", review.bulk, name="bulk"),
    path("omgang/<slug:slug>/svar/<int:pk>/", review.review, name="review"),
    path("omgang/<slug:slug>/amnen/<int:pk>/tema/", campaign.topic_to_theme, name="topic_to_theme"),
    path("omgang/<slug:slug>/nya-platser/", places.place_candidates, name="place_candidates"),
    path("omgang/<slug:slug>/publicering/", publication.publication, name="publication"),
    path("omgang/<slug:slug>/publicering/publicera/", publication.publication_publish_view, name="publication_publish"),
    path(
        "omgang/<slug:slug>/publicering/avpublicera/",
        publication.publication_unpublish_view,
        name="publication_unpublish",
    ),
    path(
        "omgang/<slug:slug>/nya-platser/<int:pk>/lagg-till/",
        places.place_candidate_add_view,
        name="place_candidate_add",
    ),
    path(
        "omgang/<slug:slug>/nya-platser/<int:pk>/avfarda/",
        places.place_candidate_dismiss_view,
        name="place_candidate_dismiss",
    ),
    path("<slug:slug>/", partnership.partnership, name="partnership"),
    path("<slug:slug>/teman/", themes.theme_list, name="themes"),
    path("<slug:slug>/teman/<slug:theme_id>/", themes.theme_edit, name="theme_edit"),
    path("<slug:slug>/teman/<slug:theme_id>/pensionera/", themes.theme_retire_view, name="theme_retire"),
    path("<slug:slug>/modell/", partnership.model_train, name="model_train"),
]
