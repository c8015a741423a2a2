from django.urls import path

from lofte.situation import views
from lofte.situation.views import police

app_name = "situation"

urlpatterns = [
    path("", views.index, name="index"),
    path("<slug:slug>/", views.partnership, name="partnership"),
    path("<slug:slug>/polishandelser/", police.police_events, name="police_events"),
    path("<slug:slug>/polishandelser/importera/", police.police_events_upload, name="police_events_upload"),
    path("<slug:slug>/polishandelser/importer/<int:pk>/", police.police_import, name="police_import"),
]
