from django.urls import path

from lofte.situation import views

app_name = "situation"

urlpatterns = [
    path("", views.index, name="index"),
    path("<slug:slug>/", views.partnership, name="partnership"),
]
