from django.urls import path

from lofte.situation import views
from lofte.situation.views import picture

app_name = "situation"

urlpatterns = [
    path("", views.index, name="index"),
    path("<slug:slug>/", views.partnership, name="partnership"),
    # The computed picture (h/picture)
    path("<slug:slug>/<int:year>/", picture.picture, name="picture"),
    path("<slug:slug>/<int:year>/berakna/", picture.picture_compute, name="picture_compute"),
    path("<slug:slug>/<int:year>/rader/", picture.rows, name="rows"),
]
