from django.urls import path

from lofte.cases import views

app_name = "cases"

urlpatterns = [
    path("", views.index, name="index"),
    path("<slug:slug>/", views.organisation, name="organisation"),
]
