from django.urls import path

from lofte.analysis import views

app_name = "analysis"

urlpatterns = [
    path("", views.index, name="index"),
    path("<slug:slug>/", views.partnership, name="partnership"),
]
